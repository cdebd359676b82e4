"""Payment batches: what is due in a period, paid once however often the batch runs."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from linghuo.benefits import services as benefits_services
from linghuo.benefits.models import EntitlementKind, EntitlementStatus
from linghuo.payments.batches import batch_create, batch_execute, periods_in
from linghuo.payments.jobs import batch_start
from linghuo.payments.ledger import account_balance, budget_code, ledger_verify, payable_code
from linghuo.payments.models import BatchStatus, PaidMonth, Payment
from tests.payments.helpers import STARTUP, TRAINING_ALLOWANCE, entitlement, month, person

pytestmark = pytest.mark.django_db

START_UP_SUBSIDY = 500000  # 一：一次性创业补贴 5000 元


def test_it_lists_the_months_and_quarters_that_begin_in_a_period() -> None:
    labels = [p.label for p in periods_in("monthly", datetime.date(2026, 1, 15), datetime.date(2026, 4, 1))]
    assert labels == ["2026-02", "2026-03", "2026-04"]
    quarter = periods_in("quarterly", datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert [(p.label, p.start, p.end) for p in quarter] == [
        ("2026Q1", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        ("2026Q2", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
    ]


def test_it_pays_one_off_entitlements_once_however_often_the_batch_runs() -> None:
    first, second = person(1), person(2)
    entitlement(first, STARTUP, kind=EntitlementKind.ONE_OFF, amount_fen=START_UP_SUBSIDY, business_key="B1")
    entitlement(second, TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=120000)
    revoked = entitlement(person(3), TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=120000)
    revoked.status = EntitlementStatus.REVOKED
    revoked.save()
    batch = batch_create(period_start=month(2026, 1), period_end=datetime.date(2026, 1, 31))
    done = batch_execute(batch)
    assert (done.status, done.payments_made) == (BatchStatus.DONE, 2)
    again = batch_create(period_start=month(2026, 1), period_end=datetime.date(2026, 3, 31))
    assert batch_execute(again).payments_made == 0
    assert batch_execute(batch).payments_made == 2  # the same batch run again: its own two, no more
    assert Payment.objects.count() == 2
    assert account_balance(payable_code(first.pk)) == -START_UP_SUBSIDY
    assert account_balance(budget_code(STARTUP, first.district_code)) == START_UP_SUBSIDY
    assert ledger_verify().ok


def test_it_pays_the_months_benefits_finds_due_period_by_period(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[datetime.date, datetime.date, int]] = []

    def due(ent: Any, start: datetime.date, end: datetime.date, months_paid: Any = 0) -> list[Any]:
        asked.append((start, end, months_paid))
        return [benefits_services.DueMonth(month=start, amount_fen=80000, reason="十二")]

    monkeypatch.setattr(benefits_services, "months_due", due)
    ent = entitlement(person(), months_cap=36)
    batch = batch_create(period_start=month(2026, 2), period_end=datetime.date(2026, 4, 30))
    assert batch_execute(batch).payments_made == 3
    assert asked == [
        (month(2026, 2), datetime.date(2026, 2, 28), 0),
        (month(2026, 3), datetime.date(2026, 3, 31), 1),
        (month(2026, 4), datetime.date(2026, 4, 30), 2),
    ]
    assert sorted(Payment.objects.filter(entitlement=ent).values_list("period", flat=True)) == [
        "2026-02",
        "2026-03",
        "2026-04",
    ]
    assert PaidMonth.objects.filter(person=ent.person).count() == 3


def test_it_builds_a_batch_as_a_job(settings: Any) -> None:
    settings.LINGHUO_PAYMENTS_IN_BACKGROUND = False
    entitlement(
        person(), STARTUP, kind=EntitlementKind.ONE_OFF, amount_fen=START_UP_SUBSIDY, business_key="B9"
    )
    batch = batch_create(period_start=month(2026, 1), period_end=datetime.date(2026, 1, 31))
    batch_start(batch)
    batch.refresh_from_db()
    assert (batch.status, batch.payments_made) == (BatchStatus.DONE, 1)
