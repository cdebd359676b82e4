"""What the social-insurance subsidy (十二) pays each month: 2/3 of the premiums paid on the minimum base
(floored to the fen), from the month the person qualifies, up to the month cap (36 for the hard to employ)."""

from __future__ import annotations

import datetime

from linghuo.accounts.models import User
from linghuo.benefits import services
from linghuo.benefits.models import Entitlement, Offer
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.registry import services as registry_services
from linghuo.registry.models import MembershipKind, MembershipSource, Person
from tests.benefits.conftest import own_account
from tests.benefits.test_services import NOW
from tests.insights.conftest import ON, PENSION_FEN
from tests.registry.facts_helpers import roster

MONTH_FEN = PENSION_FEN * 2 // 3  # 十二: 2/3 of the premium paid on the minimum base, floored to the fen


def _entitlement(people: dict[str, Person], personas: dict[str, User]) -> Entitlement:
    person = people["subsidised"]
    for month in range(1, 6):  # on the platform's roster every month of 2024 (the fixture has June)
        roster(
            person, period=datetime.date(2024, month, 1), income_fen=320_000, start=datetime.date(2024, 1, 2)
        )
    screening_run_execute(screening_run_create(on=ON, actor=None))
    offer = Offer.objects.get(person=person, measure="social_insurance_subsidy")
    case = services.offer_accept(offer, by=own_account(person), now=NOW)
    case = services.case_prepare(case, by=personas["caseworker_320706"], now=NOW)
    services.case_approve(case, by=personas["reviewer"], now=NOW)
    return Entitlement.objects.get(case=case)


def test_it_pays_each_month_with_premiums_from_the_month_she_qualifies(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    entitlement = _entitlement(people, personas)
    due = services.months_due(entitlement, datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    # hard to employ from 1 March 2024: January and February are not hers; March to June are
    assert [(d.month, d.amount_fen) for d in due] == [
        (datetime.date(2024, month, 1), MONTH_FEN) for month in (3, 4, 5, 6)
    ]


def test_it_stops_at_the_month_cap_counting_the_months_already_paid(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    entitlement = _entitlement(people, personas)
    assert entitlement.months_cap == 36
    due = services.months_due(
        entitlement, datetime.date(2024, 1, 1), datetime.date(2024, 6, 30), months_paid=lambda _: 34
    )
    assert [d.month for d in due] == [datetime.date(2024, 3, 1), datetime.date(2024, 4, 1)]


def test_a_revoked_entitlement_is_due_nothing(people: dict[str, Person], personas: dict[str, User]) -> None:
    entitlement = _entitlement(people, personas)
    services.revoke_entitlement(entitlement, by=personas["reviewer"], reason="材料不实", now=NOW)
    entitlement.refresh_from_db()
    assert services.months_due(entitlement, datetime.date(2024, 1, 1), datetime.date(2024, 6, 30)) == []


def test_no_month_is_due_while_she_draws_unemployment_benefit(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    entitlement = _entitlement(people, personas)
    registry_services.membership_record(
        actor=None,
        person=people["subsidised"],
        kind=MembershipKind.RECEIVING_UNEMPLOYMENT_BENEFIT,
        valid_from=datetime.date(2024, 5, 1),
        valid_until=datetime.date(2024, 5, 31),
        source=MembershipSource.HRSS_RECORDS,
        evidence_reference="测试",
    )
    due = services.months_due(entitlement, datetime.date(2024, 3, 1), datetime.date(2024, 6, 30))
    assert [d.month.month for d in due] == [3, 4, 6]
