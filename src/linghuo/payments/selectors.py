"""Reads for the finance and manager pages: batches and their payments, the lines the bank answered, the
loan referrals, and spending by measure and district from the ledger."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum

from linghuo.benefits.models import Entitlement, EntitlementKind, EntitlementStatus
from linghuo.payments.models import (
    Account,
    AccountKind,
    BankFileLine,
    BatchStatus,
    Line,
    LineStatus,
    LoanReferral,
    LoanReferralFile,
    Payment,
    PaymentBatch,
    PaymentStatus,
    PostingState,
)
from linghuo.registry.models import Person


def batches_recent(limit: int = 50) -> QuerySet[PaymentBatch]:
    return PaymentBatch.objects.order_by("-pk")[:limit]


def batch_payments(batch: PaymentBatch) -> QuerySet[Payment]:
    return batch.payments.select_related("person").order_by("pk")


@dataclass(frozen=True)
class StatusTotal:
    status: str
    count: int
    amount_fen: int


def batch_totals(batch: PaymentBatch) -> list[StatusTotal]:
    rows = (
        batch.payments.values("status")
        .annotate(count=Count("pk"), amount=Sum("amount_fen"))
        .order_by("status")
    )
    return [StatusTotal(r["status"], int(r["count"]), int(r["amount"] or 0)) for r in rows]


def batch_answered_lines(batch: PaymentBatch) -> QuerySet[BankFileLine]:
    """The lines of the batch's files, newest file first: each with the bank's answer (or none yet)."""
    return (
        BankFileLine.objects.filter(file__batch=batch)
        .select_related("file", "payment")
        .order_by("-file_id", "line_no")
    )


def referrals_recent(limit: int = 100) -> QuerySet[LoanReferral]:
    return LoanReferral.objects.select_related("file", "person").order_by("-pk")[:limit]


def referral_files_recent(limit: int = 20) -> QuerySet[LoanReferralFile]:
    return LoanReferralFile.objects.order_by("-pk")[:limit]


@dataclass(frozen=True)
class Spending:
    measure: str
    district: str
    spent_fen: int  # debits of the budget account: accrued payments
    returned_fen: int  # credits: payments reversed, overpayments raised as receivables
    balance_fen: int  # the budget account's balance: what the measure spent there, net

    @property
    def code(self) -> str:
        return f"budget:{self.measure}:{self.district}"


@dataclass(frozen=True)
class SpendingReport:
    rows: list[Spending]
    by_measure: dict[str, int]
    total_fen: int  # the budget accounts' balances together
    others_fen: int  # every other account's balance together: -total_fen when the ledger balances

    @property
    def ties(self) -> bool:
        return self.total_fen + self.others_fen == 0


def spending() -> SpendingReport:
    """Spending by measure and district: the postings to the budget accounts (posted only)."""
    posted = Line.objects.filter(posting__state=PostingState.POSTED)
    rows = (
        posted.filter(account__kind=AccountKind.BUDGET)
        .values("account__measure", "account__district")
        .annotate(
            spent=Sum("amount_fen", filter=Q(amount_fen__gt=0)),
            returned=Sum("amount_fen", filter=Q(amount_fen__lt=0)),
            balance=Sum("amount_fen"),
        )
        .order_by("account__measure", "account__district")
    )
    found = [
        Spending(
            measure=r["account__measure"],
            district=r["account__district"],
            spent_fen=int(r["spent"] or 0),
            returned_fen=-int(r["returned"] or 0),
            balance_fen=int(r["balance"] or 0),
        )
        for r in rows
    ]
    by_measure: dict[str, int] = {}
    for row in found:
        by_measure[row.measure] = by_measure.get(row.measure, 0) + row.balance_fen
    others = posted.exclude(account__kind=AccountKind.BUDGET).aggregate(total=Sum("amount_fen"))["total"]
    return SpendingReport(
        rows=found,
        by_measure=by_measure,
        total_fen=sum(row.balance_fen for row in found),
        others_fen=int(others or 0),
    )


def budget_accounts() -> QuerySet[Account]:
    return Account.objects.filter(kind=AccountKind.BUDGET).order_by("measure", "district")


# --- the home pages' counts ---------------------------------------------------------------------------


def payments_received(person: Person) -> tuple[int, int]:
    """How many payments reached ``person`` (paid, their own, not an organisation's) and the fen they
    received (after any overpayment netted)."""
    paid = Payment.objects.filter(person=person, organisation__isnull=True, status=PaymentStatus.PAID)
    total = paid.aggregate(count=Count("pk"), fen=Sum(F("amount_fen") - F("netted_fen")))
    return int(total["count"] or 0), int(total["fen"] or 0)


def entitlements_never_paid() -> QuerySet[Entitlement]:
    """Approved entitlements in force that no batch has paid anything on yet (a bank referral is not
    paid by a batch)."""
    return (
        Entitlement.objects.filter(status=EntitlementStatus.ACTIVE)
        .exclude(kind=EntitlementKind.REFERRAL)
        .exclude(payments__isnull=False)
    )


def batches_unfinished() -> QuerySet[PaymentBatch]:
    """Batches waiting to run or running."""
    return PaymentBatch.objects.filter(status__in=(BatchStatus.PENDING, BatchStatus.RUNNING))


def payments_ready() -> QuerySet[Payment]:
    """Payments made by a batch and not yet in a bank file (or returned, waiting to be sent again)."""
    return Payment.objects.filter(status=PaymentStatus.READY)


def bank_lines_awaiting_answer() -> QuerySet[BankFileLine]:
    """Lines sent to the bank whose answer (the return file) has not come back yet."""
    return BankFileLine.objects.filter(status=LineStatus.SENT)
