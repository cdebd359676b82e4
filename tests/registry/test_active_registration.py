"""``selectors.active_registration``: the one selector for the registration in force, and the facts
frame agreeing with it (clause 十五: a registration counts from its day up to the day it is ended)."""

from __future__ import annotations

import datetime
import random
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from linghuo.insights.facts import facts_frame_on, persons_at_work_on
from linghuo.registry import commitment, services
from linghuo.registry.models import EmploymentRegistration, Person
from linghuo.registry.selectors import active_registration
from tests.registry.helpers import person_in

pytestmark = pytest.mark.django_db

D = datetime.date
CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _no_spot_checks(no_spot_checks: None) -> None:
    """No spot check is drawn."""


def _register(
    person: Person, on: datetime.date, *, form: str = "platform", income: int = 350_000
) -> EmploymentRegistration:
    return services.registration_create(
        actor=None,
        person=person,
        place_kind="work",
        place_division=person.work_division,
        employment_form=form,
        commitment_version=commitment.COMMITMENT_VERSION,
        monthly_income_fen=income,
        signed_at=datetime.datetime.combine(on, datetime.time(9, 30), tzinfo=CHINA),
        rng=random.Random(0),
    )


def _end(registration: EmploymentRegistration, on: datetime.date) -> None:
    services.registration_end(actor=None, registration=registration, ended_on=on)


def test_it_counts_a_registration_from_its_day_up_to_the_day_it_is_ended() -> None:
    person = person_in("320706")
    registration = _register(person, D(2024, 1, 10))
    assert active_registration(person) == registration
    _end(registration, D(2024, 6, 30))
    assert active_registration(person, on=D(2024, 1, 9)) is None
    assert active_registration(person, on=D(2024, 1, 10)) == registration
    assert active_registration(person, on=D(2024, 6, 29)) == registration
    assert active_registration(person, on=D(2024, 6, 30)) is None  # no longer counts from the day it ends
    assert active_registration(person) is None  # ended: none open


def test_without_a_date_it_gives_the_one_not_ended_which_a_new_one_must_wait_for() -> None:
    person = person_in("320706")
    first = _register(person, D(2023, 3, 1))
    with pytest.raises(ValidationError, match="已有有效的就业登记"):
        _register(person, D(2023, 4, 1))
    _end(first, D(2023, 5, 1))
    second = _register(person, D(2023, 9, 1))
    assert active_registration(person) == second
    assert active_registration(person, on=D(2023, 4, 30)) == first
    assert active_registration(person, on=D(2023, 6, 1)) is None


def test_the_latest_counts_when_two_are_in_force_on_a_day() -> None:
    person = person_in("320706")
    earlier = _register(person, D(2024, 1, 1), form="part_time")
    _end(earlier, D(2024, 12, 31))  # ended ahead of time: still in force until then
    later = _register(person, D(2024, 3, 1))
    assert active_registration(person, on=D(2024, 2, 1)) == earlier
    assert active_registration(person, on=D(2024, 4, 1)) == later
    assert active_registration(person) == later


def test_the_facts_frame_takes_the_registration_the_selector_gives() -> None:
    never = person_in("320706", sequence=1)
    ended = person_in("320706", sequence=2)
    _end(_register(ended, D(2024, 1, 10), form="part_time", income=200_000), D(2024, 6, 30))
    overlapping = person_in("320722", sequence=3)
    _end(_register(overlapping, D(2024, 1, 1), form="individual_business", income=500_000), D(2024, 12, 31))
    _register(overlapping, D(2024, 3, 1), form="other_flexible", income=410_000)
    again = person_in("320707", sequence=4)
    _end(_register(again, D(2023, 5, 1)), D(2023, 5, 1))  # withdrawn on the day it was made
    _register(again, D(2024, 6, 30), income=300_000)
    people = [never, ended, overlapping, again]
    days = [D(2023, 5, 1), D(2024, 1, 9), D(2024, 1, 10), D(2024, 2, 1), D(2024, 3, 1), D(2024, 6, 29)]
    days += [D(2024, 6, 30), D(2024, 12, 30), D(2024, 12, 31)]
    for on in days:
        [frame] = facts_frame_on([p.pk for p in people], on=on)
        facts = {row["person_id"]: row for row in frame.iter_rows(named=True)}
        at_work = set(persons_at_work_on(on).values_list("pk", flat=True))
        for person in people:
            registration = active_registration(person, on=on)
            got = facts[str(person.pk)]
            expected = (
                (registration.employment_form, registration.monthly_income_fen, registration.registered_on)
                if registration is not None
                else (None, 0, None)
            )
            assert (got["employment_form"], got["monthly_income_fen"], got["flexible_employment_since"]) == (
                expected
            ), (person.pk, on)
            assert (person.pk in at_work) == (registration is not None), (person.pk, on)
