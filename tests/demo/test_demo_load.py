"""`linghuo demo` loads accounts of every role, organisations and people, and a second run changes nothing."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from click.testing import CliRunner
from django.utils import timezone
from stdnum.cn import uscc

from linghuo.accounts.models import Role, User
from linghuo.audit.models import AuditEntry
from linghuo.cli import cli
from linghuo.demo import ACCOUNTS, ORGANISATIONS, demo_load
from linghuo.personal_data import lookup_hash
from linghuo.registry.models import Organisation, Person

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_it_loads_every_role_and_changes_nothing_the_second_time() -> None:
    first = demo_load(persons=40, seed=7)
    counts = (User.objects.count(), Organisation.objects.count(), Person.objects.count())
    audit_entries = AuditEntry.objects.count()
    second = demo_load(persons=40, seed=7)

    assert first.accounts_created == len(ACCOUNTS)
    assert first.persons_created == 40
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert (second.accounts_created, second.organisations_created, second.persons_created) == (0, 0, 0)
    assert (User.objects.count(), Organisation.objects.count(), Person.objects.count()) == counts
    assert AuditEntry.objects.count() == audit_entries


def test_its_organisations_have_valid_credit_codes() -> None:
    for org in ORGANISATIONS:
        assert uscc.is_valid(org.uscc), org.uscc


@pytest.mark.django_db
def test_it_prints_the_demo_accounts_from_the_command_line() -> None:
    result = CliRunner().invoke(cli, ["demo", "--persons", "5"])
    assert result.exit_code == 0, result.output
    for account in ACCOUNTS:
        assert account.mobile in result.output
    assert "linghuo-demo-2021" in result.output


def test_it_refuses_a_negative_population() -> None:
    result = CliRunner().invoke(cli, ["demo", "--persons", "-1"])
    assert result.exit_code != 0
    assert "负数" in result.output


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2026, 11, 26),
        datetime.date(2027, 1, 1),  # the claim period is the calendar year: January alone
        datetime.date(2028, 2, 29),
        datetime.date(2031, 6, 30),
    ],
    ids=str,
)
def test_the_demo_worker_is_told_of_her_social_insurance_subsidy(today: datetime.date) -> None:
    from linghuo.insights.facts import person_facts_on
    from linghuo.policy.engine import evaluate_one

    # the demo is loaded "today" (its roster is this month's, its premiums this year's): the test sets the day
    with time_machine.travel(
        datetime.datetime.combine(today, datetime.time(9, 30), tzinfo=SHANGHAI), tick=False
    ):
        demo_load(persons=0, seed=1)
        assert timezone.localdate() == today
    worker = User.objects.get(mobile_hash=lookup_hash(ACCOUNTS[0].mobile))  # 王小梅
    person = Person.objects.get(account=worker)
    decision = evaluate_one(person_facts_on(person, on=today), on=today).decision("social_insurance_subsidy")
    assert decision.eligible, decision.explanation_zh
    # premiums actually paid this year (the catalogue's claim period), on the minimum base: ⅔ (十二)
    paid = person_facts_on(person, on=today)["si_paid_fen"]
    assert paid > 0
    assert decision.amount_fen == paid * 2 // 3
