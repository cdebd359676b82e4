"""Payment batches: finance asks for every payment due in a period; a background job builds them.

The job walks the active entitlements (of one measure, or all) in primary-key order and posts each one's
payments for the batch's period through ``services.payment_accrue``, one transaction each. Killed half-way
(SIGKILL, a lost machine) it leaves whole payments only; run again (``batch_execute`` on the same batch,
``linghuo payments batch run``) it skips the keys already paid and pays the rest: every payee exactly once.

What is due: a one-off entitlement (一, 五, 九) its ``amount_fen`` once (period ``once``), when approved by
the period's end; a periodic one (十二) each of its periods (monthly ``YYYY-MM`` or quarterly ``YYYYQn``)
within the batch, the months and amounts ``benefits.services.months_due`` computes from the contribution
records (it stops at the months cap, given the months already paid across claims). A referral (the loan
of 一) is no payment: it goes to the partner bank's referral file.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from linghuo.benefits.models import Entitlement, EntitlementKind, EntitlementPeriod, EntitlementStatus
from linghuo.benefits.selectors import entitlements_payable
from linghuo.payments.models import BatchStatus, PaidMonth, PaymentBatch
from linghuo.payments.services import Due, PaymentError, Refused, payments_accrue_bulk

logger = logging.getLogger(__name__)

CHUNK = 1000  # payments per transaction: a kill loses at most one chunk, which the rerun pays


@dataclass(frozen=True)
class Period:
    label: str  # YYYY-MM, YYYYQn
    start: datetime.date
    end: datetime.date


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def periods_in(kind: str, start: datetime.date, end: datetime.date) -> list[Period]:
    """The whole months (``monthly``) or quarters (``quarterly``) that begin within ``start``…``end``.

    >>> [p.label for p in periods_in("quarterly", datetime.date(2026, 2, 1), datetime.date(2026, 12, 31))]
    ['2026Q2', '2026Q3', '2026Q4']
    """
    found: list[Period] = []
    month = _month_start(start)
    if month < start:
        month = _next_month(month)
    while month <= end:
        if kind == EntitlementPeriod.QUARTERLY:
            if month.month % 3 == 1:
                last = _next_month(_next_month(_next_month(month))) - datetime.timedelta(days=1)
                found.append(Period(f"{month.year}Q{(month.month - 1) // 3 + 1}", month, last))
        else:
            found.append(Period(f"{month:%Y-%m}", month, _next_month(month) - datetime.timedelta(days=1)))
        month = _next_month(month)
    return found


def months_paid(entitlement: Entitlement) -> int:
    """Months of the entitlement's measure already paid to its person, across all claims."""
    return PaidMonth.objects.filter(person_id=entitlement.person_id, measure=entitlement.measure).count()


def months_due(entitlement: Entitlement, period: Period, paid: int) -> list[tuple[datetime.date, int]]:
    """The months (first day) and amounts ``benefits.services.months_due`` finds due in ``period``, with
    ``paid`` months of the measure paid (or about to be) across the person's claims."""
    from linghuo.benefits import services

    due: list[Any] = services.months_due(entitlement, period.start, period.end, months_paid=paid)
    return [(_month_start(item.month), int(item.amount_fen)) for item in due if item.amount_fen > 0]


def entitlements_of(batch: PaymentBatch) -> Iterator[Entitlement]:
    rows = Entitlement.objects.filter(
        status=EntitlementStatus.ACTIVE, kind__in=[EntitlementKind.PERIODIC, EntitlementKind.ONE_OFF]
    )
    if batch.measure:
        rows = rows.filter(measure=batch.measure)
    # held: in public disclosure (公示) on the day the batch runs, or an objection to it open
    rows = entitlements_payable(rows, on=timezone.localdate())
    return rows.order_by("pk").iterator(chunk_size=2000)


def entitlement_due(entitlement: Entitlement, batch: PaymentBatch) -> list[Due]:
    """What ``entitlement`` is due in ``batch`` (see the module)."""
    if entitlement.kind == EntitlementKind.ONE_OFF:
        if entitlement.amount_fen and timezone.localdate(entitlement.approved_at) <= batch.period_end:
            return [Due(entitlement, "once", amount_fen=entitlement.amount_fen)]
        return []
    due: list[Due] = []
    paid = months_paid(entitlement)
    for period in periods_in(entitlement.period, batch.period_start, batch.period_end):
        months = months_due(entitlement, period, paid + sum(len(d.months) for d in due))
        if months:
            due.append(Due(entitlement, period.label, months))
    return due


def _pay(chunk: list[Due], batch: PaymentBatch) -> int:
    """Pay a chunk in one transaction (``payments_accrue_bulk``); returns how many a limit refused."""
    outcomes = payments_accrue_bulk(chunk, batch=batch)
    PaymentBatch.objects.filter(pk=batch.pk).update(progress_at=timezone.now())
    return sum(1 for outcome in outcomes if isinstance(outcome, Refused))


def batch_create(
    *, period_start: datetime.date, period_end: datetime.date, measure: str = "", by: Any = None
) -> PaymentBatch:
    if period_end < period_start:
        raise PaymentError("截止日期不能早于起始日期 / the period ends before it starts")
    return PaymentBatch.objects.create(
        period_start=period_start, period_end=period_end, measure=measure, created_by=by
    )


def batch_execute(batch: PaymentBatch) -> PaymentBatch:
    """Build (or finish building) ``batch``: pays what is due and not paid yet; safe to run again."""
    now = timezone.now()
    PaymentBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, started_at=batch.started_at or now, progress_at=now, error=""
    )
    refused = 0
    try:
        chunk: list[Due] = []
        for entitlement in entitlements_of(batch):
            chunk.extend(entitlement_due(entitlement, batch))
            if len(chunk) >= CHUNK:
                refused += _pay(chunk, batch)
                chunk = []
        refused += _pay(chunk, batch)
    except Exception as error:
        logger.exception("payment batch %s failed", batch.pk)
        PaymentBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.FAILED, error=str(error)[:2000])
        raise
    with transaction.atomic():
        total_made = batch.payments.count()
        PaymentBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.DONE, finished_at=timezone.now(), payments_made=total_made, refused=refused
        )
    batch.refresh_from_db()
    return batch


def batch_interrupt(batch: PaymentBatch) -> None:
    """The batch's worker stopped: mark it failed; running it again finishes it (it is resumable)."""
    PaymentBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.FAILED,
        error="中断，可重新运行续完 / interrupted: run it again to finish it",
        finished_at=timezone.now(),
    )
