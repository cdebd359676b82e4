"""New urban employment (十五) counts a person whose only work is a completed gig: in the month the gig
is first observed, in the district where it was done, once in a spell (the statistic's definition)."""

from __future__ import annotations

import datetime

import pytest

from linghuo.insights.facts import person_facts_on
from linghuo.insights.statistics import month_end, months_between, new_urban_employment_counts
from linghuo.policy import engine
from linghuo.policy.facts import FLEXIBLE_FORMS
from linghuo.registry.models import Person
from tests.registry.facts_helpers import contribution, work_evidence
from tests.registry.helpers import person_in

pytestmark = pytest.mark.django_db

D = datetime.date
FEB, MAR, APR, MAY, JUN = (D(2024, m, 1) for m in (2, 3, 4, 5, 6))
TODAY = D(2024, 7, 10)
HAIZHOU, DONGHAI = "320706", "320722"
# The monthly minimum wage from 2024-01-01 (minimum_wage.yaml, 江苏省人社厅2023年12月29日通知): tier 2
# (海州区) 2,260 元, tier 3 (东海县) 2,010 元. 3,000 元 meets both; 2,100 元 only Donghai's.
ABOVE, DONGHAI_ONLY = 300_000, 210_000
PENSION = "enterprise_pension"


def _gig_worker() -> Person:
    """Registered in Haizhou, no employment registration, no roster: a gig done in Donghai from 4 to
    20 March paying 3,000 元, with March's pension premium paid; later a gig in Haizhou in June."""
    person = person_in(HAIZHOU, sequence=1)
    work_evidence(person, started=D(2024, 3, 4), ended=D(2024, 3, 20), income_fen=ABOVE, division=DONGHAI)
    contribution(person, month=MAR, kind=PENSION, paid_fen=64_000)
    work_evidence(person, started=D(2024, 6, 3), ended=D(2024, 6, 5), income_fen=ABOVE, division=HAIZHOU)
    contribution(person, month=JUN, kind=PENSION, paid_fen=64_000)
    return person


def test_a_person_whose_only_work_is_a_gig_is_an_entry_in_the_month_it_is_first_observed() -> None:
    _gig_worker()
    table = new_urban_employment_counts(months=[FEB, MAR, APR, MAY], today=TODAY)
    assert table.count(DONGHAI, MAR) == 1  # the gig's district, not the person's
    assert table.count(HAIZHOU, MAR) == 0
    assert table.totals == {FEB: 0, MAR: 1, APR: 0, MAY: 0}  # still in work on 30 April: the same spell


def test_a_gig_after_a_month_without_work_begins_a_new_spell_counted_again() -> None:
    _gig_worker()
    table = new_urban_employment_counts(months=[MAR, APR, MAY, JUN], today=TODAY)
    assert table.count(DONGHAI, MAR) == 1
    assert table.count(HAIZHOU, JUN) == 1  # out of work on 31 May: June's gig is a new spell
    assert table.totals == {MAR: 1, APR: 0, MAY: 0, JUN: 1}
    # looked at from April on, March lies before the range: April is no entry, June is
    later = new_urban_employment_counts(months=[APR, MAY, JUN], today=TODAY)
    assert later.totals == {APR: 0, MAY: 0, JUN: 1}


def test_a_gig_below_the_minimum_wage_or_without_insurance_is_not_counted() -> None:
    below = person_in(HAIZHOU, sequence=2)
    work_evidence(
        below, started=D(2024, 3, 4), ended=D(2024, 3, 5), income_fen=DONGHAI_ONLY, division=HAIZHOU
    )
    contribution(below, month=MAR, kind=PENSION, paid_fen=64_000)
    uninsured = person_in(HAIZHOU, sequence=3)
    work_evidence(uninsured, started=D(2024, 3, 4), ended=D(2024, 3, 5), income_fen=ABOVE, division=HAIZHOU)
    table = new_urban_employment_counts(months=[MAR, APR], today=TODAY)
    assert table.totals == {MAR: 0, APR: 0}
    in_donghai = person_in(HAIZHOU, sequence=4)
    work_evidence(
        in_donghai, started=D(2024, 3, 4), ended=D(2024, 3, 5), income_fen=DONGHAI_ONLY, division=DONGHAI
    )
    contribution(in_donghai, month=MAR, kind=PENSION, paid_fen=64_000)
    assert new_urban_employment_counts(months=[MAR], today=TODAY).count(DONGHAI, MAR) == 1


def _entries_by_definition(people: list[Person], months: list[D]) -> dict[tuple[str, D], int]:
    """The statistic's definition month by month, one person at a time: at each month-end, in flexible
    work (a flexible form, at work) and meeting the rule; an entry in the first month meeting it in a
    spell (from ``flexible_employment_since``, in flexible work at every month-end since)."""
    counted: dict[tuple[str, D], int] = {}
    for person in people:
        history: list[tuple[D, bool, bool, D | None]] = []  # (month-end, in flexible work, met, since)
        for month in months:
            on = month_end(month, today=TODAY)
            facts = person_facts_on(person, on=on)
            flexible = facts["employment_form"] in FLEXIBLE_FORMS
            decision = engine.evaluate_one(facts, on=on, measures=["new_urban_employment"]).decisions[0]
            since = facts["flexible_employment_since"] or on
            history.append((on, flexible, flexible and decision.eligible, since))
            if not (flexible and decision.eligible):
                continue
            earlier = False
            for past_on, past_flexible, past_met, _ in reversed(history[:-1]):
                if past_on < since or not past_flexible:
                    break
                if past_met:
                    earlier = True
                    break
            if not earlier:
                key = (facts["work_division"], month)
                counted[key] = counted.get(key, 0) + 1
    return counted


def test_the_counts_equal_the_definition_month_by_month() -> None:
    people = [_gig_worker()]
    for n, (start, income, division, insured) in enumerate(
        [
            (D(2024, 2, 26), ABOVE, HAIZHOU, True),
            (D(2024, 4, 1), DONGHAI_ONLY, DONGHAI, True),
            (D(2024, 4, 1), DONGHAI_ONLY, HAIZHOU, True),
            (D(2024, 5, 30), ABOVE, DONGHAI, False),
        ],
        start=10,
    ):
        person = person_in(HAIZHOU, sequence=n)
        end = start + datetime.timedelta(days=3)
        work_evidence(person, started=start, ended=end, income_fen=income, division=division)
        if insured:
            contribution(person, month=D(end.year, end.month, 1), kind=PENSION, paid_fen=64_000)
        people.append(person)
    months = months_between(FEB, JUN)
    table = new_urban_employment_counts(months=months, today=TODAY)
    assert table.counts == _entries_by_definition(people, months)
    assert table.total == 4  # the gig worker twice, the next in February, the one in Donghai in April
