"""Screening the registry: a run stores each person's results; a later run stores only what changed."""

from __future__ import annotations

import pytest

from linghuo.audit.models import AuditEntry
from linghuo.insights import selectors
from linghuo.insights.models import RunStatus, ScreeningResult, ScreeningRun
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.registry.models import Person
from tests.insights.conftest import ON, make_hard_to_employ

SUBSIDY = "social_insurance_subsidy"


def screen() -> ScreeningRun:
    return screening_run_execute(screening_run_create(on=ON, actor=None), chunk_size=2)


@pytest.mark.django_db
def test_it_stores_every_persons_result_on_a_first_run(people: dict[str, Person]) -> None:
    run = screen()
    assert run.status == RunStatus.DONE
    assert run.rows_done == run.rows_total == 4
    assert run.changed == 4
    assert ScreeningResult.objects.filter(run=run).count() == 4
    current = selectors.current_result(people["subsidised"])
    assert current is not None
    decision = current[1][SUBSIDY]
    # 十二: the subsidy is 2/3 of the premiums paid on the minimum base: 6 months × 990.40 yuan × 2/3
    assert decision.eligible
    assert decision.amount_fen == 6 * 99_040 * 2 // 3
    candidate = selectors.current_result(people["candidate"])
    assert candidate is not None
    assert not candidate[1][SUBSIDY].eligible
    assert candidate[1][SUBSIDY].failed  # the failed condition codes are kept


@pytest.mark.django_db
def test_it_counts_eligible_people_and_amounts_by_measure_and_district(people: dict[str, Person]) -> None:
    run = screen()
    assert run.counts[SUBSIDY]["eligible"] == 2
    assert run.counts[SUBSIDY]["amount_fen"] == 2 * (6 * 99_040 * 2 // 3)
    assert run.by_district["320706"][SUBSIDY][0] == 1
    assert run.by_district["320722"][SUBSIDY][0] == 1


@pytest.mark.django_db
def test_a_second_run_with_no_change_stores_nothing_new(people: dict[str, Person]) -> None:
    screen()
    second = screen()
    assert second.status == RunStatus.DONE
    assert second.rows_done == 4
    assert second.changed == 0
    assert ScreeningResult.objects.filter(run=second).count() == 0
    assert second.counts[SUBSIDY]["eligible"] == 2  # the figures still cover everyone
    assert second.counts[SUBSIDY]["newly_eligible"] == 0


@pytest.mark.django_db
def test_a_changed_membership_changes_exactly_that_persons_result(people: dict[str, Person]) -> None:
    screen()
    make_hard_to_employ(people["candidate"])
    second = screen()
    assert second.changed == 1
    stored = ScreeningResult.objects.get(run=second)
    assert stored.person_id == people["candidate"].pk
    assert SUBSIDY in selectors.result_measures(second, stored.newly_eligible)
    current = selectors.current_result(people["candidate"])
    assert current is not None
    assert current[0] == second
    assert current[1][SUBSIDY].eligible
    assert second.counts[SUBSIDY]["newly_eligible"] == 1


@pytest.mark.django_db
def test_it_audits_the_start_and_the_finish(people: dict[str, Person]) -> None:
    run = screen()
    actions = list(
        AuditEntry.objects.filter(object_type="insights.screeningrun", object_id=str(run.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["screening_run_started", "screening_run_finished"]


@pytest.mark.django_db
def test_it_refuses_a_second_run_while_one_is_under_way(people: dict[str, Person]) -> None:
    from linghuo.insights.services import ScreeningBusyError

    screening_run_create(on=ON, actor=None)
    with pytest.raises(ScreeningBusyError):
        screening_run_create(on=ON, actor=None)


@pytest.mark.django_db
def test_a_person_newly_eligible_only_for_a_platform_rule_is_not_listed(people: dict[str, Person]) -> None:
    from linghuo.accounts.models import User
    from tests.accounts.personas import personas_create

    caseworker: User = personas_create()["caseworker_320706"]
    run = screen()
    # 十五: the minimum wage is a rule the platform keeps, not a benefit anybody becomes eligible for
    only_the_wage = 1 << run.measures.index("minimum_wage")
    ScreeningResult.objects.filter(run=run, person=people["candidate"]).update(newly_eligible=only_the_wage)
    listed = {r.person_id for r in selectors.newly_eligible_for(run, caseworker)}
    assert people["candidate"].pk not in listed
    assert people["subsidised"].pk in listed
    stored = ScreeningResult.objects.get(run=run, person=people["subsidised"])
    assert "minimum_wage" not in selectors.result_measures(run, stored.newly_eligible)
    assert SUBSIDY in selectors.result_measures(run, stored.newly_eligible)
