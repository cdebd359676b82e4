from __future__ import annotations

import datetime

import pytest

from linghuo.population import FACT_COLUMNS
from linghuo.registry import services
from linghuo.registry.models import MembershipKind, Person
from linghuo.registry.selectors import (
    active_registration,
    memberships_by_person_on,
    person_employment_form_on,
    person_memberships_on,
)
from tests.registry.helpers import person_in, register

pytestmark = pytest.mark.django_db

D = datetime.date

# Facts read from Person fields, from the registration, or from rosters and contributions.
PERSON_FIELDS = {
    "person_id",
    "id_number",
    "birth_date",
    "sex",
    "hukou_division",
    "hukou_rural",
    "work_division",
}
FROM_ROSTERS = {"monthly_income_fen", "social_insurance_enrolled"}
FROM_CONTRIBUTIONS = {"si_paid_fen", "si_claim_months", "si_base_is_minimum"}


def test_every_other_catalogue_fact_is_a_membership_kind() -> None:
    registry_facts = set(FACT_COLUMNS) - PERSON_FIELDS - FROM_ROSTERS - FROM_CONTRIBUTIONS
    assert registry_facts - set(MembershipKind.values) == set()
    assert set(MembershipKind.values) - set(FACT_COLUMNS) == set()


def _record(
    person: Person, kind: str, start: datetime.date, end: datetime.date | None = None, **values: object
) -> None:
    services.membership_record(
        actor=None,
        person=person,
        kind=kind,
        valid_from=start,
        valid_until=end,
        source="civil_affairs_exchange",
        **values,  # type: ignore[arg-type]
    )


def test_it_returns_what_holds_on_the_date_with_both_ends_included() -> None:
    person = person_in("320706")
    _record(person, "dibao", D(2022, 1, 1), D(2022, 12, 31))
    _record(person, "veteran", D(2023, 5, 1))
    _record(person, "hard_to_employ_since", D(2022, 6, 15))
    _record(person, "business_employees", D(2022, 1, 1), value_number=3)
    _record(person, "business_kind", D(2022, 1, 1), value_text="small_enterprise")

    on_first_day = person_memberships_on(person, on=D(2022, 1, 1))
    assert on_first_day.values == {
        "dibao": True,
        "business_employees": 3,
        "business_kind": "small_enterprise",
    }

    on_last_day = person_memberships_on(person, on=D(2022, 12, 31))
    assert on_last_day.holds("dibao")
    assert on_last_day.value("hard_to_employ_since") == D(2022, 6, 15)

    later = person_memberships_on(person, on=D(2024, 1, 1))
    assert not later.holds("dibao")
    assert later.holds("veteran")
    assert later.value("hard_to_employ_since") == D(2022, 6, 15)


def test_a_later_record_of_the_same_kind_wins() -> None:
    person = person_in("320706")
    _record(person, "si_subsidy_months_used", D(2022, 1, 1), value_number=6)
    _record(person, "si_subsidy_months_used", D(2023, 1, 1), value_number=18)
    assert person_memberships_on(person, on=D(2022, 7, 1)).value("si_subsidy_months_used") == 6
    assert person_memberships_on(person, on=D(2023, 7, 1)).value("si_subsidy_months_used") == 18


def test_it_knows_nothing_of_another_persons_memberships() -> None:
    person, other = person_in("320706", sequence=1), person_in("320706", sequence=2)
    _record(other, "disabled", D(2020, 1, 1))
    assert person_memberships_on(person, on=D(2024, 1, 1)).values == {}


def test_the_employment_form_comes_from_the_registration_in_force(no_spot_checks: None) -> None:
    person = person_in("320706")
    _record(person, "employment_form", D(2021, 1, 1), value_text="unemployed")
    registration = register(person)
    registration.registered_on = D(2024, 1, 10)
    registration.save()
    services.registration_end(actor=None, registration=registration, ended_on=D(2024, 6, 30))
    assert active_registration(person, on=D(2024, 1, 9)) is None
    assert person_employment_form_on(person, on=D(2024, 1, 9)) == "unemployed"
    assert person_employment_form_on(person, on=D(2024, 6, 29)) == "platform"
    assert person_employment_form_on(person, on=D(2024, 6, 30)) == "unemployed"  # ended that day


def test_the_batch_selector_agrees_with_the_one_person_selector() -> None:
    first, second, third = (person_in("320706", sequence=n) for n in (1, 2, 3))
    _record(first, "dibao", D(2022, 1, 1), D(2022, 12, 31))
    _record(second, "veteran", D(2021, 1, 1))
    _record(second, "jiangsu_pension_years", D(2021, 1, 1), value_number=12)
    batch = memberships_by_person_on([first.pk, second.pk, third.pk], on=D(2023, 1, 1))
    for person in (first, second, third):
        assert batch[person.pk].values == person_memberships_on(person, on=D(2023, 1, 1)).values
    assert batch[second.pk].values == {"veteran": True, "jiangsu_pension_years": 12}
    assert batch[third.pk].values == {}
