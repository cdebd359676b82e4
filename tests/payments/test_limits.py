"""The limits on months paid hold in the database: a month once across claims, the months cap across all
claims of a person, no month while drawing unemployment benefit (十二：灵活就业社保补贴)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from linghuo.payments import limits
from linghuo.payments.ledger import ledger_verify
from linghuo.payments.models import PaidMonth, Payment
from linghuo.payments.services import Accrued, Refused, payment_accrue
from linghuo.registry.models import GroupMembership, MembershipKind, MembershipSource
from tests.payments.helpers import entitlement, month, person

pytestmark = pytest.mark.django_db

SUBSIDY = 80000  # 2/3 of 1200.00 yuan paid on the minimum base (parameters.md §4)


def _raw_month(payment: Payment, on: datetime.date, cap: int) -> bool:
    """Insert a paid month in SQL; whether the database refused it."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO payments_paidmonth"
                " (person_id, measure, month, amount_fen, months_cap, payment_id)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                [payment.person_id, payment.measure, on, SUBSIDY, cap, payment.pk],
            )
    except DatabaseError:
        return True
    return False


def _months(*numbers: int) -> list[tuple[datetime.date, int]]:
    return [(month(2026, n), SUBSIDY) for n in numbers]


def test_it_pays_an_entitlement_period_once() -> None:
    ent = entitlement(person())
    first = payment_accrue(ent, "2026-02", _months(2))
    again = payment_accrue(ent, "2026-02", _months(2))
    assert isinstance(first, Accrued)
    assert isinstance(again, Accrued)
    assert first.created
    assert not again.created
    assert Payment.objects.count() == 1
    assert PaidMonth.objects.count() == 1
    assert ledger_verify().ok


def test_it_refuses_a_month_paid_under_another_claim() -> None:
    who = person()
    first, second = entitlement(who), entitlement(who)
    assert isinstance(payment_accrue(first, "2026-03", _months(3)), Accrued)
    refused = payment_accrue(second, "2026-03", _months(3))
    assert isinstance(refused, Refused)
    assert Payment.objects.filter(entitlement=second).count() == 0  # nothing left behind
    assert ledger_verify().ok


def test_it_caps_the_months_across_all_claims_of_a_person() -> None:
    who = person()
    first, second = entitlement(who, months_cap=3), entitlement(who, months_cap=3)
    assert isinstance(payment_accrue(first, "2026-01", _months(1)), Accrued)
    assert isinstance(payment_accrue(first, "2026-02", _months(2)), Accrued)
    assert isinstance(payment_accrue(second, "2026-03", _months(3)), Accrued)
    refused = payment_accrue(second, "2026-04", _months(4))
    assert isinstance(refused, Refused)
    assert refused.reason == limits.CAP
    assert PaidMonth.objects.filter(person=who).count() == 3
    other = entitlement(person(2), months_cap=3)  # another person's months are theirs
    assert isinstance(payment_accrue(other, "2026-04", _months(4)), Accrued)


def test_it_has_the_database_refuse_a_month_past_the_cap_written_in_sql() -> None:
    ent = entitlement(person(), months_cap=2)
    outcome = payment_accrue(ent, "2026-01", _months(1, 2))  # a quarter's worth within one period
    assert isinstance(outcome, Accrued)
    assert _raw_month(outcome.payment, month(2026, 3), cap=2)
    assert not _raw_month(outcome.payment, month(2026, 3), cap=3)


def _unemployment_benefit(who: Any, start: datetime.date, end: datetime.date | None) -> None:
    GroupMembership.objects.create(
        person=who,
        kind=MembershipKind.RECEIVING_UNEMPLOYMENT_BENEFIT,
        valid_from=start,
        valid_until=end,
        source=MembershipSource.HRSS_RECORDS,
    )


def test_it_pays_no_month_while_the_person_draws_unemployment_benefit() -> None:
    who = person()
    ent = entitlement(who)
    _unemployment_benefit(who, datetime.date(2026, 3, 20), datetime.date(2026, 4, 10))
    assert isinstance(payment_accrue(ent, "2026-02", _months(2)), Accrued)
    march, april = payment_accrue(ent, "2026-03", _months(3)), payment_accrue(ent, "2026-04", _months(4))
    assert isinstance(march, Refused)
    assert march.reason == limits.UNEMPLOYED
    assert isinstance(april, Refused)
    assert isinstance(payment_accrue(ent, "2026-05", _months(5)), Accrued)
    assert sorted(PaidMonth.objects.values_list("month", flat=True)) == [month(2026, 2), month(2026, 5)]


def test_it_has_the_database_refuse_a_month_of_unemployment_benefit_written_in_sql() -> None:
    who = person()
    paid = payment_accrue(entitlement(who), "2026-01", _months(1))
    assert isinstance(paid, Accrued)
    _unemployment_benefit(who, datetime.date(2026, 6, 30), None)  # still drawing it
    assert not _raw_month(paid.payment, month(2026, 5), cap=36)
    assert _raw_month(paid.payment, month(2026, 6), cap=36)
    assert _raw_month(paid.payment, month(2027, 1), cap=36)


def test_it_has_the_database_refuse_changing_a_paid_month() -> None:
    paid = payment_accrue(entitlement(person()), "2026-01", _months(1))
    assert isinstance(paid, Accrued)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE payments_paidmonth SET month = %s", [month(2025, 12)])
