"""Stored decisions replay: the same rules give no difference; a changed snapshot is found, with the
condition that changed (``linghuo decisions replay``)."""

from __future__ import annotations

import datetime
import json

from click.testing import CliRunner

from linghuo.benefits.decisions import replay
from linghuo.benefits.models import Decision, Offer
from linghuo.cli.decisions import decisions
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.registry.models import Person
from tests.insights.conftest import ON


def _stored(people: dict[str, Person]) -> list[Decision]:
    screening_run_execute(screening_run_create(on=ON, actor=None))
    stored = list(Decision.objects.order_by("pk"))
    assert len(stored) == 2  # the two hard-to-employ workers' social-insurance subsidy
    return stored


def test_it_replays_every_stored_decision_with_no_difference_under_the_same_rules(
    people: dict[str, Person],
) -> None:
    _stored(people)
    report = replay()
    assert (report.checked, report.differ) == (2, 0)


def test_it_finds_a_changed_snapshot_and_names_the_condition_that_changed(people: dict[str, Person]) -> None:
    first, _ = _stored(people)
    facts = dict(first.facts, si_paid_fen=0, si_claim_months=0)  # as if no premium had been paid
    Decision.objects.filter(pk=first.pk).update(facts=facts)
    report = replay()
    assert (report.checked, report.differ) == (2, 1)
    difference = report.differences[0]
    assert difference.decision_id == first.pk
    assert {"code": "premiums_paid", "stored": True, "now": False} in difference.conditions
    assert difference.fields["eligible"] == {"stored": True, "now": False}


def test_the_command_prints_the_counts_as_json_and_exits_1_when_one_differs(
    people: dict[str, Person],
) -> None:
    first, _ = _stored(people)
    same = CliRunner().invoke(decisions, ["replay", "--format", "json"])
    assert same.exit_code == 0, same.output
    assert json.loads(same.output)["differ"] == 0
    Decision.objects.filter(pk=first.pk).update(facts=dict(first.facts, si_paid_fen=0))
    changed = CliRunner().invoke(decisions, ["replay", "--format", "json", "--since", ON.isoformat()])
    assert changed.exit_code == 1
    out = json.loads(changed.output)
    assert (out["checked"], out["differ"]) == (2, 1)
    assert out["differences"][0]["conditions"][0]["code"] == "premiums_paid"


def test_the_daily_command_expires_offers_past_their_date(people: dict[str, Person]) -> None:
    _stored(people)
    offers = Offer.objects.filter(status="open")
    assert offers.count() == 2
    last = max(o.expires_on for o in offers)
    on_time = CliRunner().invoke(decisions, ["daily", "--today", last.isoformat()])
    assert json.loads(on_time.output)["offers_expired"] == 0
    late = CliRunner().invoke(
        decisions, ["daily", "--today", (last + datetime.timedelta(days=1)).isoformat()]
    )
    assert late.exit_code == 0, late.output
    assert json.loads(late.output) == {
        "today": (last + datetime.timedelta(days=1)).isoformat(),
        "offers_expired": 2,
        "cases_escalated": 0,
    }
