"""Payments: one per entitlement and period, the months they pay, reversals and overpayments recovered.

**Posting a payment** (``payment_accrue``), in one transaction: the ``Payment`` row (its idempotency key
``ent:<id>:<period>`` is unique), its ``PaidMonth`` rows (the database refuses a month twice, a month past
the cap across claims, a month of unemployment benefit) and the accrual posting: the budget of the
measure and district is debited, the person's payable credited — less what the person owes from an
overpayment (their receivable), which is netted here. Asked again for the same key, it returns the
payment already made; a refused limit leaves nothing behind and is reported (``Refused``).

**The payee** is the person, or the organisation when the entitlement is an organisation's
(``Entitlement.organisation``, 五: the incubator construction subsidy): then ``Payment.organisation`` is
set, the organisation's payable is credited, the organisation's own bank account is paid
(``OrganisationBankAccount``) and never the member's who accepted the offer. Receivables are netted per
person only: an organisation's payment is never netted (the database checks it too), and an overpayment it
received is owed back by the organisation (``receivable:org:<id>``).

**The bank** (``linghuo.payments.bankfiles``) moves the payable to the clearing account when a file is
made, and the clearing account to the fund's bank account when the bank reports a line paid (back to the
payable when failed: the payment waits for a corrected account, then goes in the next file).

**Revocation** (``entitlement_overpaid``): the months paid after the revocation date become the person's
receivable (debit receivable, credit the budget); payments not yet sent are reversed instead. A receivable
is netted against the person's later payments or repaid (``receivable_repay``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import DatabaseError, IntegrityError, transaction

from linghuo import personal_data
from linghuo.benefits.models import Entitlement
from linghuo.payments import ledger
from linghuo.payments.models import (
    Account,
    BankAccount,
    OrganisationBankAccount,
    PaidMonth,
    Payment,
    PaymentBatch,
    PaymentStatus,
    Posting,
)
from linghuo.registry.models import Organisation, Person


class PaymentError(ValueError):
    """A payment service refused a request; ``str`` is Chinese / English."""


@dataclass(frozen=True)
class Accrued:
    payment: Payment
    created: bool  # false: the key had been paid already


@dataclass(frozen=True)
class Refused:
    key: str
    reason: str  # the database's refusal (a limit), Chinese / English


def payment_key(entitlement_id: int, period: str) -> str:
    """``ent:<id>:<period>``: the period is ``YYYY-MM``, ``YYYYQn`` or ``once``."""
    return f"ent:{entitlement_id}:{period}"


def _net_against_receivable(person_id: int, amount: int) -> tuple[Account | None, int]:
    """The person's receivable (locked for this transaction) and how much of ``amount`` it takes."""
    code = ledger.receivable_code(person_id)
    account = Account.objects.select_for_update().filter(code=code).first()
    if account is None:
        return None, 0
    owed = ledger.account_balance(account)
    return account, max(0, min(owed, amount))


def payment_accrue(
    entitlement: Entitlement,
    period: str,
    months: Sequence[tuple[datetime.date, int]] = (),
    *,
    amount_fen: int | None = None,
    batch: PaymentBatch | None = None,
) -> Accrued | Refused:
    """Post the payment of ``entitlement`` for ``period`` once: the ``months`` (first day, fen) of a
    monthly subsidy, or ``amount_fen`` of a one-off entitlement."""
    key = payment_key(entitlement.pk, period)
    existing = Payment.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return Accrued(existing, created=False)
    amount = sum(fen for _, fen in months) if months else int(amount_fen or 0)
    if amount <= 0:
        raise PaymentError(f"无应发金额 / nothing to pay for {key}")
    cap = entitlement.months_cap or 0
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                idempotency_key=key,
                entitlement=entitlement,
                person_id=entitlement.person_id,
                organisation_id=entitlement.organisation_id,
                measure=entitlement.measure,
                district=entitlement.district,
                period=period,
                amount_fen=amount,
                batch=batch,
            )
            PaidMonth.objects.bulk_create(
                PaidMonth(
                    person_id=entitlement.person_id,
                    measure=entitlement.measure,
                    month=month,
                    amount_fen=fen,
                    months_cap=cap,
                    payment=payment,
                )
                for month, fen in months
            )
            # netting is per person: an organisation's payment is left out of it
            receivable, netted = (
                (None, 0)
                if entitlement.organisation_id is not None
                else _net_against_receivable(entitlement.person_id, amount)
            )
            lines: list[tuple[Account, int]] = [
                (ledger.budget_account(entitlement.measure, entitlement.district), amount),
                (
                    ledger.payee_payable_account(entitlement.person_id, entitlement.organisation_id),
                    -(amount - netted),
                ),
            ]
            if receivable is not None and netted:
                lines.append((receivable, -netted))
                # wholly netted: nothing goes to the bank, the payment is settled
                status = PaymentStatus.PAID if netted == amount else PaymentStatus.READY
                Payment.objects.filter(pk=payment.pk).update(netted_fen=netted, status=status)
                payment.netted_fen, payment.status = netted, status
            ledger.posting_post(f"accrue:{key}", f"{entitlement.measure} {period}", lines)
    except IntegrityError as error:
        existing = Payment.objects.filter(idempotency_key=key).first()
        if existing is not None:  # another caller paid the same key first
            return Accrued(existing, created=False)
        return Refused(key, _limit_message(error))
    return Accrued(payment, created=True)


def _limit_message(error: DatabaseError) -> str:
    from linghuo.payments import limits

    text = str(error)
    for message in (limits.CAP, limits.UNEMPLOYED):
        if message in text:
            return message
    if "payments_month_paid_once" in text or "UNIQUE" in text.upper():
        return "该月份已发放 / the month was paid already"
    return f"支付被数据库拒绝 / the database refused the payment: {text}"


def payment_reverse(payment: Payment, *, reason: str) -> Payment:
    """Reverse a payment the bank has not paid (ready, or failed and waiting): the accrual posting is
    mirrored (the budget and any netted receivable restored) and its months freed."""
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status == PaymentStatus.REVERSED:
            return locked
        if locked.status not in (PaymentStatus.READY, PaymentStatus.FAILED):
            raise PaymentError(
                "已发送或已到账的支付不能冲销，请走追回 / "
                "a payment sent or paid cannot be reversed; recover it"
            )
        accrual = Posting.objects.get(idempotency_key=f"accrue:{locked.idempotency_key}")
        ledger.posting_reverse(accrual, f"冲销 {locked.idempotency_key}: {reason}"[:200])
        PaidMonth.objects.filter(payment=locked).delete()
        Payment.objects.filter(pk=locked.pk).update(status=PaymentStatus.REVERSED, bank_reason=reason[:200])
        locked.status = PaymentStatus.REVERSED
    return locked


def payment_recover(payment: Payment, *, reason: str) -> Payment:
    """Reverse a payment the bank has paid (finance found it wrong): the person owes it back — a
    receivable for what the bank paid (debit receivable, credit the budget; netted against their later
    payments or repaid), the payment is reversed and its months freed. Asked twice, it recovers once."""
    if not reason.strip():
        raise PaymentError("请填写冲销理由 / give the reason for the reversal")
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.status == PaymentStatus.REVERSED:
            return locked
        if locked.status != PaymentStatus.PAID:
            raise PaymentError("只有已到账的支付可追回 / only a payment the bank paid is recovered")
        ledger.posting_post(
            f"recover:{locked.idempotency_key}",
            f"冲销追回 {locked.idempotency_key}: {reason}"[:200],
            [
                (
                    ledger.payee_receivable_account(locked.person_id, locked.organisation_id),
                    locked.amount_fen,
                ),
                (ledger.budget_account(locked.measure, locked.district), -locked.amount_fen),
            ],
        )
        PaidMonth.objects.filter(payment=locked).delete()
        Payment.objects.filter(pk=locked.pk).update(status=PaymentStatus.REVERSED, bank_reason=reason[:200])
        locked.status = PaymentStatus.REVERSED
    return locked


def payment_cancel(payment: Payment, *, reason: str) -> Payment:
    """Finance's reversal of one payment, with its reason: not yet at the bank (ready, or failed and
    waiting) it is reversed (``payment_reverse``); paid, it is recovered (``payment_recover``); in a file
    awaiting the bank's answer it waits for that answer."""
    if not reason.strip():
        raise PaymentError("请填写冲销理由 / give the reason for the reversal")
    if payment.status == PaymentStatus.SENT:
        raise PaymentError(
            "该笔支付已发送银行、尚未回盘，请待回盘后再冲销 / "
            "the payment is at the bank: reverse it once the bank has answered"
        )
    if payment.status == PaymentStatus.PAID:
        return payment_recover(payment, reason=reason.strip())
    return payment_reverse(payment, reason=reason.strip())


def entitlement_overpaid(entitlement: Entitlement) -> int:
    """After ``entitlement`` was revoked: reverse its payments not yet sent, and raise a receivable for
    each month sent or paid that falls after the revocation date (a one-off payment made after it too).
    Returns the fen now owed; run again, it adds nothing."""
    if entitlement.revoked_at is None:
        raise PaymentError("资格未撤销 / the entitlement is not revoked")
    revoked_on = entitlement.revoked_at.date()
    owed = 0
    for payment in Payment.objects.filter(entitlement=entitlement).exclude(status=PaymentStatus.REVERSED):
        if payment.status in (PaymentStatus.READY, PaymentStatus.FAILED):
            if _after_revocation(payment, revoked_on):
                payment_reverse(payment, reason="资格撤销 / entitlement revoked")
            continue
        for part, fen in _overpaid_parts(payment, revoked_on):
            posted = ledger.posting_post(
                f"overpaid:{payment.idempotency_key}:{part}",
                f"多发追回 {payment.idempotency_key} {part}",
                [
                    (ledger.payee_receivable_account(payment.person_id, payment.organisation_id), fen),
                    (ledger.budget_account(payment.measure, payment.district), -fen),
                ],
            )
            owed += fen if posted.created else 0
    return owed


def _after_revocation(payment: Payment, revoked_on: datetime.date) -> bool:
    months = list(payment.months.values_list("month", flat=True))
    return any(month > revoked_on for month in months) if months else payment.created_at.date() > revoked_on


def _overpaid_parts(payment: Payment, revoked_on: datetime.date) -> list[tuple[str, int]]:
    months = list(payment.months.order_by("month").values_list("month", "amount_fen"))
    if months:
        return [(f"{month:%Y-%m}", fen) for month, fen in months if month > revoked_on]
    return [("once", payment.amount_fen)] if payment.created_at.date() > revoked_on else []


def receivable_owed(person: Person | int) -> int:
    """What the person owes from overpayments, in fen."""
    person_id = person if isinstance(person, int) else person.pk
    return max(0, ledger.account_balance(ledger.receivable_code(person_id)))


def receivable_repay(person: Person, amount_fen: int, *, reference: str) -> ledger.Posted:
    """The person repaid ``amount_fen`` of what they owe (``reference``: the bank's, posted once)."""
    with transaction.atomic():
        receivable, _ = _net_against_receivable(person.pk, 0)
        owed = ledger.account_balance(receivable) if receivable is not None else 0
        if receivable is None or not 0 < amount_fen <= owed:
            raise PaymentError(
                f"还款金额须大于0且不超过欠款 {owed} 分 / "
                f"the repayment must be positive and at most {owed} fen"
            )
        return ledger.posting_post(
            f"repaid:{reference}",
            f"退回多发 {reference}",
            [(ledger.bank_account(), amount_fen), (receivable, -amount_fen)],
        )


def bank_account_set(person: Person, *, number: str, holder_name: str, bank_name: str) -> BankAccount:
    """Record (or correct) where the person is paid; payments the bank returned as failed go in the next
    file."""
    digits = "".join(number.split())
    if not digits.isdigit() or not 8 <= len(digits) <= 30:
        raise PaymentError("银行账号应为8至30位数字 / a bank account number is 8 to 30 digits")
    values = {
        "holder_name": holder_name.strip()[:64],
        "bank_name": bank_name.strip()[:64],
        "number_hash": personal_data.lookup_hash(digits),
        "number_encrypted": personal_data.encrypt(digits),
        "number_masked": mask_account_number(digits),
    }
    with transaction.atomic():
        account, _ = BankAccount.objects.update_or_create(person=person, defaults=values)
        Payment.objects.filter(person=person, organisation__isnull=True, status=PaymentStatus.FAILED).update(
            status=PaymentStatus.READY
        )
    return account


def organisation_bank_account_set(
    organisation: Organisation, *, number: str, bank_name: str
) -> OrganisationBankAccount:
    """Record (or correct) where the organisation is paid, held in its registered name; its payments the
    bank returned as failed go in the next file."""
    digits = "".join(number.split())
    if not digits.isdigit() or not 8 <= len(digits) <= 30:
        raise PaymentError("银行账号应为8至30位数字 / a bank account number is 8 to 30 digits")
    if not bank_name.strip():
        raise PaymentError("请填写开户行 / give the bank")
    values = {
        "holder_name": organisation.name[:128],
        "bank_name": bank_name.strip()[:64],
        "number_hash": personal_data.lookup_hash(digits),
        "number_encrypted": personal_data.encrypt(digits),
        "number_masked": mask_account_number(digits),
    }
    with transaction.atomic():
        account, _ = OrganisationBankAccount.objects.update_or_create(
            organisation=organisation, defaults=values
        )
        Payment.objects.filter(organisation=organisation, status=PaymentStatus.FAILED).update(
            status=PaymentStatus.READY
        )
    return account


def mask_account_number(value: str) -> str:
    """Keep the first 4 and the last 4 digits of a bank account number.

    >>> mask_account_number("6222021234567890123")
    '6222***********0123'
    """
    return personal_data.mask_id_number(value)


@dataclass(frozen=True)
class Due:
    """One payment asked for: ``months`` (first day, fen) of a monthly subsidy, else ``amount_fen``."""

    entitlement: Entitlement
    period: str
    months: Sequence[tuple[datetime.date, int]] = ()
    amount_fen: int = 0

    @property
    def amount(self) -> int:
        return sum(fen for _, fen in self.months) if self.months else self.amount_fen


def payments_accrue_bulk(
    items: Sequence[Due], *, batch: PaymentBatch | None = None
) -> list[Accrued | Refused]:
    """``payment_accrue`` for many at once, in one transaction and a few statements, with the same rows,
    postings and database checks. Keys paid already are answered as such; a person who owes a receivable,
    or any refusal by the database (a limit, a concurrent run), sends the chunk one by one."""
    if not items:
        return []
    keys = [payment_key(item.entitlement.pk, item.period) for item in items]
    paid = {p.idempotency_key: p for p in Payment.objects.filter(idempotency_key__in=keys)}
    owing = set(
        Account.objects.filter(
            code__in=[ledger.receivable_code(item.entitlement.person_id) for item in items]
        ).values_list("person_id", flat=True)
    )
    fresh = [
        (key, item)
        for key, item in zip(keys, items, strict=True)
        if key not in paid
        and (item.entitlement.organisation_id is not None or item.entitlement.person_id not in owing)
        and item.amount > 0
    ]
    try:
        with transaction.atomic():
            made = _accrue_fresh(fresh, batch)
    except IntegrityError:
        made = {}
    outcomes: list[Accrued | Refused] = []
    for key, item in zip(keys, items, strict=True):
        if key in paid:
            outcomes.append(Accrued(paid[key], created=False))
        elif key in made:
            outcomes.append(Accrued(made[key], created=True))
        elif item.amount > 0:
            outcomes.append(
                payment_accrue(
                    item.entitlement, item.period, item.months, amount_fen=item.amount_fen, batch=batch
                )
            )
    return outcomes


def _accrue_fresh(fresh: Sequence[tuple[str, Due]], batch: PaymentBatch | None) -> dict[str, Payment]:
    if not fresh:
        return {}
    payments = Payment.objects.bulk_create(
        [
            Payment(
                idempotency_key=key,
                entitlement=item.entitlement,
                person_id=item.entitlement.person_id,
                organisation_id=item.entitlement.organisation_id,
                measure=item.entitlement.measure,
                district=item.entitlement.district,
                period=item.period,
                amount_fen=item.amount,
                batch=batch,
            )
            for key, item in fresh
        ],
        batch_size=2000,
    )
    PaidMonth.objects.bulk_create(
        [
            PaidMonth(
                person_id=item.entitlement.person_id,
                measure=item.entitlement.measure,
                month=month,
                amount_fen=fen,
                months_cap=item.entitlement.months_cap or 0,
                payment=payment,
            )
            for payment, (_, item) in zip(payments, fresh, strict=True)
            for month, fen in item.months
        ],
        batch_size=5000,
    )
    budgets = {
        (m, d): ledger.budget_account(m, d)
        for m, d in {(item.entitlement.measure, item.entitlement.district) for _, item in fresh}
    }
    payables = ledger.payee_payables(
        (item.entitlement.person_id, item.entitlement.organisation_id) for _, item in fresh
    )
    ledger.postings_post_bulk(
        [
            (
                f"accrue:{key}",
                f"{item.entitlement.measure} {item.period}",
                [
                    (budgets[item.entitlement.measure, item.entitlement.district], item.amount),
                    (payables[item.entitlement.person_id, item.entitlement.organisation_id], -item.amount),
                ],
            )
            for key, item in fresh
        ]
    )
    return {payment.idempotency_key: payment for payment in payments}
