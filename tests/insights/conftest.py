"""Registry people for the screening tests: a hard-to-employ platform worker paying her premiums (the
social-insurance subsidy, 十二), a platform worker just under the minimum wage, and others."""

from __future__ import annotations

import datetime

import pytest
from django.conf import LazySettings

from linghuo.registry import services
from linghuo.registry.models import MembershipKind, MembershipSource, Person
from tests.registry.facts_helpers import contribution, roster
from tests.registry.helpers import person_in

ON = datetime.date(2024, 6, 15)
MONTH = datetime.date(2024, 6, 1)
PENSION_FEN = 99_040  # a month's pension premium on the minimum base


@pytest.fixture(autouse=True)
def _screen_in_the_request(settings: LazySettings) -> None:
    settings.LINGHUO_SCREENING_IN_BACKGROUND = False


def make_hard_to_employ(person: Person) -> None:
    """Certified hard to employ (and registered unemployed) since 2024-03-01: the subsidy's target group."""
    for kind, since in (
        (MembershipKind.UNEMPLOYED_SINCE, datetime.date(2023, 10, 1)),
        (MembershipKind.REGISTERED_UNEMPLOYED, datetime.date(2023, 10, 8)),
        (MembershipKind.HARD_TO_EMPLOY_SINCE, datetime.date(2024, 3, 1)),
    ):
        services.membership_record(
            actor=None,
            person=person,
            kind=kind,
            valid_from=since,
            source=MembershipSource.HRSS_RECORDS,
            evidence_reference="测试",
        )


def platform_worker(
    district: str, sequence: int, *, income_fen: int = 320_000, premiums: bool = True
) -> Person:
    """A platform worker of ``district`` with a June 2024 roster entry and, when ``premiums``, pension
    premiums on the minimum base for January to June."""
    person = person_in(district, sequence=sequence, name="测试" + "甲乙丙丁戊己庚辛壬癸"[sequence])
    roster(person, period=MONTH, income_fen=income_fen, division=district, start=datetime.date(2024, 1, 2))
    if premiums:
        for month in range(1, 7):
            contribution(
                person,
                month=datetime.date(2024, month, 1),
                kind="enterprise_pension",
                paid_fen=PENSION_FEN,
            )
    return person


@pytest.fixture
def people(db: None) -> dict[str, Person]:
    """``subsidised`` (海州区, eligible for the subsidy), ``candidate`` (海州区, the same but not yet
    certified), ``low_income`` (海州区, 2,200 yuan a month, under the 2024 minimum wage of 2,260),
    ``donghai`` (东海县, eligible like the first)."""
    subsidised = platform_worker("320706", 1)
    make_hard_to_employ(subsidised)
    donghai = platform_worker("320722", 2)
    make_hard_to_employ(donghai)
    return {
        "subsidised": subsidised,
        "candidate": platform_worker("320706", 3),
        "low_income": platform_worker("320706", 4, income_fen=220_000, premiums=False),
        "donghai": donghai,
    }


def found_business(person: Person, since: datetime.date = datetime.date(2024, 1, 10)) -> None:
    """The person's business was founded on ``since`` (（一）: a registered unemployed founder qualifies for
    the one-time start-up subsidy, whose amount for that group was not found and is unset)."""
    services.membership_record(
        actor=None,
        person=person,
        kind=MembershipKind.BUSINESS_FOUNDED_ON,
        valid_from=since,
        source=MembershipSource.HRSS_RECORDS,
        evidence_reference="测试",
    )
