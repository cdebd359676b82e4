"""The registry's facts for the rules engine, as of a date: ``person_facts_on`` and ``facts_frame_on``."""

from __future__ import annotations

import datetime

import polars as pl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from linghuo.insights.facts import facts_frame_on, person_facts_on
from linghuo.policy.facts import FACT_NAMES, FACTS_BY_NAME, SCHEMA, validate_facts
from linghuo.registry import services
from linghuo.registry.models import FactValue, MembershipKind, MembershipSource, Person, fact_value_of
from tests.registry.facts_helpers import contribution, end_on, platform, register_on, roster, work_evidence
from tests.registry.helpers import person_in

pytestmark = pytest.mark.django_db

D = datetime.date
PENSION, MEDICAL = "enterprise_pension", "employee_medical"


def member(person: Person, kind: str, start: D, until: D | None = None, **value: object) -> None:
    services.membership_record(
        actor=None,
        person=person,
        kind=kind,
        valid_from=start,
        valid_until=until,
        source=MembershipSource.CASEWORKER_ENTRY,
        **value,  # type: ignore[arg-type]
    )


def test_it_gives_exactly_the_engines_facts_and_they_validate() -> None:
    person = person_in("320706")
    register_on(person, D(2024, 2, 1))
    member(person, MembershipKind.HARD_TO_EMPLOY_SINCE, D(2023, 5, 4))
    member(person, MembershipKind.VETERAN, D(2020, 1, 1))
    member(person, MembershipKind.JIANGSU_PENSION_YEARS, D(2020, 1, 1), value_number=12)
    member(person, MembershipKind.BUSINESS_KIND, D(2023, 1, 1), value_text="small_enterprise")
    roster(person, period=D(2024, 6, 1), income_fen=300_000)
    contribution(person, month=D(2024, 6, 1), kind=PENSION, paid_fen=60_000)
    facts = person_facts_on(person, on=D(2024, 6, 20))
    assert tuple(facts) == FACT_NAMES
    assert validate_facts(facts) == facts
    assert facts["person_id"] == str(person.pk)
    assert facts["birth_date"] == person.birth_date
    assert facts["hard_to_employ_since"] == D(2023, 5, 4)
    assert facts["veteran"] is True
    assert facts["jiangsu_pension_years"] == 12
    assert facts["business_kind"] == "small_enterprise"
    assert facts["dibao"] is False


def test_every_membership_kind_is_read_with_its_facts_type() -> None:
    readings = {"bool": FactValue.FLAG, "date": FactValue.DATE, "count": FactValue.NUMBER}
    readings |= {"money": FactValue.NUMBER, "enum": FactValue.TEXT}
    for kind in MembershipKind.values:
        assert readings[FACTS_BY_NAME[kind].kind] == fact_value_of(kind), kind


def test_a_membership_that_ended_yesterday_no_longer_counts() -> None:
    person = person_in("320706")
    today = D(2024, 6, 15)
    member(person, MembershipKind.DIBAO, D(2022, 1, 1), until=today - datetime.timedelta(days=1))
    member(person, MembershipKind.VETERAN, D(2022, 1, 1), until=today)
    assert person_facts_on(person, on=today - datetime.timedelta(days=1))["dibao"] is True
    facts = person_facts_on(person, on=today)
    assert facts["dibao"] is False
    assert facts["veteran"] is True  # valid_until is the last day it holds


def test_a_membership_starting_tomorrow_does_not_count_yet() -> None:
    person = person_in("320706")
    member(person, MembershipKind.HARD_TO_EMPLOY_SINCE, D(2024, 6, 16))
    assert person_facts_on(person, on=D(2024, 6, 15))["hard_to_employ_since"] is None
    assert person_facts_on(person, on=D(2024, 6, 16))["hard_to_employ_since"] == D(2024, 6, 16)


def test_of_two_memberships_of_one_kind_the_later_start_counts() -> None:
    person = person_in("320706")
    member(person, MembershipKind.SI_SUBSIDY_MONTHS_USED, D(2023, 1, 1), value_number=6)
    member(person, MembershipKind.SI_SUBSIDY_MONTHS_USED, D(2024, 1, 1), value_number=18)
    assert person_facts_on(person, on=D(2023, 12, 31))["si_subsidy_months_used"] == 6
    assert person_facts_on(person, on=D(2024, 1, 1))["si_subsidy_months_used"] == 18


def test_it_reads_this_months_roster_and_falls_back_to_last_months() -> None:
    person = person_in("320706")
    roster(person, period=D(2024, 5, 1), income_fen=200_000, insured=False)
    roster(person, period=D(2024, 6, 1), income_fen=150_000, organisation=platform(1))
    roster(person, period=D(2024, 6, 1), income_fen=250_000, organisation=platform(2), division="320722")
    june = person_facts_on(person, on=D(2024, 6, 10))
    assert june["monthly_income_fen"] == 400_000  # one labour income: the month's platforms summed
    assert june["social_insurance_enrolled"] is True
    assert june["work_division"] == "320722"  # the platform paying most
    may = person_facts_on(person, on=D(2024, 5, 31))
    assert may["monthly_income_fen"] == 200_000
    assert may["social_insurance_enrolled"] is False
    # early July, June's roster is the latest; by August, June's no longer covers the date
    assert person_facts_on(person, on=D(2024, 7, 3))["monthly_income_fen"] == 400_000
    assert person_facts_on(person, on=D(2024, 8, 1))["monthly_income_fen"] == 0


def test_a_roster_entry_ended_before_the_date_does_not_count() -> None:
    person = person_in("320706")
    roster(person, period=D(2024, 6, 1), income_fen=300_000, end=D(2024, 6, 9))
    assert person_facts_on(person, on=D(2024, 6, 9))["monthly_income_fen"] == 300_000
    assert person_facts_on(person, on=D(2024, 6, 10))["monthly_income_fen"] == 0


def test_without_a_roster_the_registrations_declared_income_counts() -> None:
    person = person_in("320706")
    register_on(person, D(2024, 2, 1), income_fen=280_000, form="part_time")
    facts = person_facts_on(person, on=D(2024, 6, 1))
    assert facts["monthly_income_fen"] == 280_000
    assert facts["employment_form"] == "part_time"
    assert facts["flexible_employment_since"] == D(2024, 2, 1)
    roster(person, period=D(2024, 6, 1), income_fen=310_000, form="platform")
    facts = person_facts_on(person, on=D(2024, 6, 1))
    assert facts["monthly_income_fen"] == 310_000
    assert facts["employment_form"] == "part_time"  # the registration's form comes first


def test_an_ended_registration_leaves_the_recorded_status() -> None:
    person = person_in("320706")
    member(person, MembershipKind.EMPLOYMENT_FORM, D(2020, 1, 1), value_text="unemployed")
    registration = register_on(person, D(2024, 2, 1))
    end_on(registration, D(2024, 4, 30))
    assert person_facts_on(person, on=D(2024, 4, 29))["employment_form"] == "platform"
    assert person_facts_on(person, on=D(2024, 4, 30))["employment_form"] == "unemployed"  # ended that day
    assert person_facts_on(person, on=D(2024, 1, 31))["employment_form"] == "unemployed"


def test_a_registration_ended_on_the_day_it_was_made_never_counts() -> None:
    person = person_in("320706")
    registration = register_on(person, D(2024, 2, 1))
    assert person_facts_on(person, on=D(2024, 2, 1))["employment_form"] == "platform"
    end_on(registration, D(2024, 2, 1))
    assert person_facts_on(person, on=D(2024, 2, 1))["employment_form"] is None
    assert person_facts_on(person, on=D(2024, 2, 1))["flexible_employment_since"] is None


def test_a_new_registration_the_day_the_last_one_ended_takes_over() -> None:
    person = person_in("320706")
    end_on(register_on(person, D(2024, 2, 1), form="part_time"), D(2024, 5, 10))
    register_on(person, D(2024, 5, 10), form="individual_business")
    assert person_facts_on(person, on=D(2024, 5, 9))["employment_form"] == "part_time"
    assert person_facts_on(person, on=D(2024, 5, 10))["employment_form"] == "individual_business"


def test_contributions_of_the_claim_period_give_the_premiums_paid() -> None:
    person = person_in("320706")
    contribution(person, month=D(2023, 12, 1), kind=PENSION, paid_fen=99_999)  # last year: not claimed
    for month in (1, 2, 3):
        contribution(person, month=D(2024, month, 1), kind=PENSION, paid_fen=64_000)
        contribution(person, month=D(2024, month, 1), kind=MEDICAL, paid_fen=24_000)
    contribution(person, month=D(2024, 7, 1), kind=PENSION, paid_fen=64_000)  # after the date
    facts = person_facts_on(person, on=D(2024, 3, 31))
    assert facts["si_paid_fen"] == 3 * (64_000 + 24_000)
    assert facts["si_claim_months"] == 3
    assert facts["si_base_is_minimum"] is True
    assert facts["social_insurance_enrolled"] is True  # premiums paid this month
    contribution(person, month=D(2024, 2, 1), kind="unknown_type", paid_fen=1)
    contribution(person, month=D(2024, 4, 1), kind=MEDICAL, paid_fen=30_000, minimum=False)
    april = person_facts_on(person, on=D(2024, 4, 1))
    assert april["si_paid_fen"] == 3 * (64_000 + 24_000) + 30_000
    assert april["si_claim_months"] == 4
    assert april["si_base_is_minimum"] is False


def test_without_premiums_nothing_is_on_the_minimum_base() -> None:
    person = person_in("320706")
    facts = person_facts_on(person, on=D(2024, 4, 1))
    assert (facts["si_paid_fen"], facts["si_claim_months"], facts["si_base_is_minimum"]) == (0, 0, False)
    assert facts["social_insurance_enrolled"] is False


def test_premiums_two_months_old_are_not_evidence_of_enrolment() -> None:
    person = person_in("320706")
    contribution(person, month=D(2024, 1, 1), kind=PENSION, paid_fen=64_000)
    assert person_facts_on(person, on=D(2024, 2, 29))["social_insurance_enrolled"] is True
    assert person_facts_on(person, on=D(2024, 3, 1))["social_insurance_enrolled"] is False


def test_the_work_division_comes_from_a_registration_at_the_place_of_work() -> None:
    person = person_in("320706")
    register_on(person, D(2024, 2, 1), place_kind="work", division="320722")
    assert person_facts_on(person, on=D(2024, 3, 1))["work_division"] == "320722"


def _populate(count: int, first: int = 0) -> list[Person]:
    people = []
    for n in range(first, first + count):
        person = person_in("320706" if n % 2 else "320722", sequence=n + 1)
        if n % 3 == 0:
            register_on(person, D(2024, 1, 10 + n % 10), income_fen=200_000 + n)
        if n % 4 == 0:
            member(person, MembershipKind.VETERAN, D(2020, 1, 1))
            member(person, MembershipKind.JIANGSU_PENSION_YEARS, D(2020, 1, 1), value_number=n)
        if n % 5 == 0:
            roster(person, period=D(2024, 3, 1), income_fen=100_000 * n, insured=n % 2 == 0)
            contribution(person, month=D(2024, 2, 1), kind=PENSION, paid_fen=1_000 * n)
        if n % 4 == 1:  # a completed gig (some alongside a registration or a roster)
            work_evidence(
                person, started=D(2024, 2, 20 + n % 7), ended=D(2024, 3, 1 + n), income_fen=9_000 * n
            )
        people.append(person)
    return people


def test_the_frame_agrees_with_one_person_at_a_time() -> None:
    people = _populate(12)
    on = D(2024, 3, 15)
    frames = list(facts_frame_on(Person.objects.all(), on=on, chunk_size=5))
    assert [f.height for f in frames] == [5, 5, 2]
    assert all(f.schema == pl.Schema(SCHEMA) for f in frames)
    rows = pl.concat(frames).to_dicts()
    assert [r["person_id"] for r in rows] == [str(p.pk) for p in people]
    assert rows == [person_facts_on(p, on=on) for p in people]


def test_the_frame_reads_a_filtered_queryset_or_a_list_of_ids() -> None:
    people = _populate(9)
    on = D(2024, 3, 15)
    haizhou = Person.objects.filter(district_code="320706")
    by_queryset = pl.concat(facts_frame_on(haizhou, on=on, chunk_size=2))
    assert sorted(by_queryset["person_id"]) == sorted(str(p.pk) for p in haizhou)
    ids = [people[0].pk, people[4].pk, 10**9]
    by_ids = pl.concat(facts_frame_on(ids, on=on))
    assert by_ids["person_id"].to_list() == [str(people[0].pk), str(people[4].pk)]
    assert by_ids.row(1, named=True) == person_facts_on(people[4], on=on)


def test_the_frame_costs_the_same_queries_for_more_people() -> None:
    _populate(4)
    with CaptureQueriesContext(connection) as few:
        list(facts_frame_on(Person.objects.all(), on=D(2024, 3, 15)))
    _populate(20, first=4)
    with CaptureQueriesContext(connection) as many:
        list(facts_frame_on(Person.objects.all(), on=D(2024, 3, 15)))
    assert len(many.captured_queries) == len(few.captured_queries) <= 6


def test_a_recorded_start_of_flexible_work_wins_over_the_registration_date() -> None:
    person = person_in("320706")
    register_on(person, D(2024, 2, 1))
    assert person_facts_on(person, on=D(2024, 6, 1))["flexible_employment_since"] == D(2024, 2, 1)
    member(person, MembershipKind.FLEXIBLE_EMPLOYMENT_SINCE, D(2023, 9, 1))
    assert person_facts_on(person, on=D(2024, 6, 1))["flexible_employment_since"] == D(2023, 9, 1)


def test_the_facts_of_training_arrears_assistance_and_titles_come_from_memberships() -> None:
    person = person_in("320706")
    register_on(person, D(2021, 3, 1))
    member(person, MembershipKind.PENSION_MONTHS_UNPAID_2020, D(2021, 1, 1), value_number=4)
    member(person, MembershipKind.IN_SUBSIDISED_TRAINING, D(2021, 11, 1), D(2021, 11, 30))
    member(person, MembershipKind.FREELANCE_PROFESSIONAL, D(2021, 1, 1))
    during, after = person_facts_on(person, on=D(2021, 11, 15)), person_facts_on(person, on=D(2021, 12, 15))
    assert during["pension_months_unpaid_2020"] == 4
    assert during["in_subsidised_training"] is True
    assert after["in_subsidised_training"] is False
    assert during["freelance_professional"] is True
    assert during["meets_title_conditions"] is False
