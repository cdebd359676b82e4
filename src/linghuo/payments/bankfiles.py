"""The bank payment file and the bank's return file (format: docs/bank-files.md).

``file_export`` puts every payment of a batch that is ready (new, or failed and since given a corrected
account) and whose payee has a bank account (an organisation's own for an organisation's payment, 五)
into a new ``BankFile``: one line each, the account as it is now (encrypted on the line, masked in lists),
and posts each line once (``send:<reference>``: debit the payee's payable, credit bank clearing).
``file_csv`` writes the file: a header, the lines, and a control line with the count and the total.
``return_reconcile`` reads the bank's return file line by line: a line paid posts ``paid:<reference>``
(debit clearing, credit the fund's bank account) and the payment is paid; a line failed posts
``failed:<reference>`` (debit clearing, credit the payable back) and the payment waits, with the bank's
reason, for a corrected account (``services.bank_account_set``, ``organisation_bank_account_set``), after
which the next export sends it again. A return line given twice is answered once; a line that contradicts
an earlier answer, names no line of ours or gives another amount is reported and changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from linghuo import personal_data
from linghuo.payments import ledger
from linghuo.payments.models import (
    Account,
    BankAccount,
    BankFile,
    BankFileLine,
    LineStatus,
    OrganisationBankAccount,
    Payment,
    PaymentBatch,
    PaymentStatus,
)
from linghuo.payments.services import PaymentError

HEADER = ["reference", "account_number", "account_name", "bank_name", "amount", "memo"]
CONTROL = "TOTAL"
RETURN_HEADER = ["reference", "amount", "status", "reason"]
PAID, FAILED = "PAID", "FAILED"
CHUNK = 2000


def yuan(fen: int) -> str:
    """``123456`` fen as ``1234.56``.

    >>> yuan(100001), yuan(5), yuan(0)
    ('1000.01', '0.05', '0.00')
    """
    return f"{fen // 100}.{fen % 100:02d}"


def fen_of(text: str) -> int:
    """``1234.56`` (yuan, two decimals at most) as fen; refuses anything else.

    >>> fen_of("1000.01"), fen_of("12"), fen_of("0.5")
    (100001, 1200, 50)
    """
    whole, _, part = text.strip().partition(".")
    if not whole.isdigit() or (part and (not part.isdigit() or len(part) > 2)):
        raise PaymentError(f"金额格式不对 / not an amount in yuan: {text!r}")
    return int(whole) * 100 + int((part or "0").ljust(2, "0"))


def _file_name(batch: PaymentBatch) -> str:
    sequence = BankFile.objects.filter(batch=batch).count() + 1
    return f"LH{batch.pk:06d}{sequence:03d}"


def _payee(payment: Payment) -> ledger.Payee:
    """Whom ``payment`` pays: its organisation when it has one (五), else its person."""
    return (payment.person_id, payment.organisation_id)


def _payee_accounts(payments: list[Payment]) -> dict[ledger.Payee, BankAccount | OrganisationBankAccount]:
    """The bank account of each payee of ``payments`` that has one: an organisation's own account for an
    organisation's payment (never its member's), the person's for the rest."""
    persons = {p.person_id for p in payments if p.organisation_id is None}
    organisations = {p.organisation_id for p in payments if p.organisation_id is not None}
    found: dict[ledger.Payee, BankAccount | OrganisationBankAccount] = {}
    for start in range(0, len(persons), CHUNK * 2):
        part = sorted(persons)[start : start + CHUNK * 2]
        found.update(((a.person_id, None), a) for a in BankAccount.objects.filter(person_id__in=part))
    by_organisation = {
        a.organisation_id: a
        for a in OrganisationBankAccount.objects.filter(organisation_id__in=organisations)
    }
    for p in payments:
        if p.organisation_id is not None and p.organisation_id in by_organisation:
            found[_payee(p)] = by_organisation[p.organisation_id]
    return found


def file_export(batch: PaymentBatch, *, by: Any = None) -> BankFile | None:
    """A new payment file of the batch's payments ready to send (None when there are none)."""
    with transaction.atomic():
        PaymentBatch.objects.select_for_update().filter(pk=batch.pk).first()  # one export at a time
        ready = Payment.objects.filter(batch=batch, status=PaymentStatus.READY).order_by("pk")
        candidates = list(ready)
        accounts = _payee_accounts(candidates)
        payments = [p for p in candidates if _payee(p) in accounts and p.net_fen > 0]
        if not payments:
            return None
        bank_file = BankFile.objects.create(
            batch=batch,
            name=_file_name(batch),
            line_count=len(payments),
            total_fen=sum(p.net_fen for p in payments),
            created_by=by,
        )
        lines = [
            BankFileLine(
                file=bank_file,
                line_no=n,
                payment=p,
                amount_fen=p.net_fen,
                holder_name=accounts[_payee(p)].holder_name,
                bank_name=accounts[_payee(p)].bank_name,
                number_encrypted=accounts[_payee(p)].number_encrypted,
                number_masked=accounts[_payee(p)].number_masked,
            )
            for n, p in enumerate(payments, start=1)
        ]
        BankFileLine.objects.bulk_create(lines, batch_size=CHUNK)
        clearing = ledger.clearing_account()
        payables = ledger.payee_payables(_payee(p) for p in payments)
        ledger.postings_post_bulk(
            [
                (
                    f"send:{bank_file.name}-{line.line_no:06d}",
                    f"发送银行 {payment.idempotency_key}",
                    [(payables[_payee(payment)], line.amount_fen), (clearing, -line.amount_fen)],
                )
                for line, payment in zip(lines, payments, strict=True)
            ]
        )
        ids = [p.pk for p in payments]
        for start in range(0, len(ids), CHUNK):
            Payment.objects.filter(pk__in=ids[start : start + CHUNK]).update(
                status=PaymentStatus.SENT, bank_reason="", updated_at=timezone.now()
            )
    return bank_file


def file_rows(bank_file: BankFile) -> Iterator[list[str]]:
    """The rows of the payment file: header, one per line (account in clear), control line."""
    yield HEADER
    count = total = 0
    lines = bank_file.lines.select_related("payment").order_by("line_no")
    for line in lines.iterator(chunk_size=CHUNK):
        count, total = count + 1, total + line.amount_fen
        yield [
            f"{bank_file.name}-{line.line_no:06d}",
            personal_data.decrypt(line.number_encrypted),
            line.holder_name,
            line.bank_name,
            yuan(line.amount_fen),
            f"{line.payment.measure} {line.payment.period}",
        ]
    yield [CONTROL, str(count), yuan(total), "", "", ""]


def file_csv(bank_file: BankFile) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(file_rows(bank_file))
    return out.getvalue()


@dataclass
class Reconciliation:
    paid: int = 0
    failed: int = 0
    already: int = 0  # lines answered before, the same way
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _return_rows(text: str) -> tuple[list[list[str]], list[str]]:
    rows = [
        row for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if any(cell.strip() for cell in row)
    ]
    if not rows or [cell.strip().lower() for cell in rows[0][:4]] != RETURN_HEADER:
        raise PaymentError(
            f"回盘文件首行应为 {','.join(RETURN_HEADER)} / "
            f"the return file starts with {','.join(RETURN_HEADER)}"
        )
    body = rows[1:]
    if not body or body[-1][0].strip() != CONTROL:
        raise PaymentError("回盘文件缺少合计行 / the return file has no control line (TOTAL,count,amount)")
    control, details = body[-1], body[:-1]
    if (
        len(control) < 3
        or control[1].strip() != str(len(details))
        or fen_of(control[2]) != sum(fen_of(row[1]) for row in details if len(row) > 1)
    ):
        raise PaymentError("回盘文件合计行与明细不符 / the control line does not match the lines")
    return details, control


def return_reconcile(text: str) -> Reconciliation:
    """Reconcile the bank's return file (see the module): every line decided on its own, a chunk of lines
    per transaction."""
    details, _ = _return_rows(text)
    result = Reconciliation()
    checked: list[tuple[int, str, str, str, str]] = []
    for number, row in enumerate(details, start=2):
        if len(row) < 3:
            result.problems.append(f"第{number}行列数不足 / line {number}: too few columns")
            continue
        status = row[2].strip().upper()
        if status not in (PAID, FAILED):
            result.problems.append(
                f"第{number}行：状态应为 PAID 或 FAILED / line {number}: status {status!r}"
            )
            continue
        reason = row[3].strip() if len(row) > 3 else ""
        checked.append((number, row[0].strip(), row[1], status, reason))
    clearing, bank = ledger.clearing_account(), ledger.bank_account()
    for start in range(0, len(checked), CHUNK):
        _reconcile_chunk(checked[start : start + CHUNK], result, clearing, bank)
    return result


def _lines_locked(references: list[str]) -> dict[str, BankFileLine]:
    """The payment-file lines of ``references``, locked for this transaction, by reference."""
    wanted: dict[str, list[int]] = {}
    for reference in references:
        name, _, line_no = reference.rpartition("-")
        if line_no.isdigit():
            wanted.setdefault(name, []).append(int(line_no))
    found: dict[str, BankFileLine] = {}
    for name, numbers in wanted.items():
        lines = (
            BankFileLine.objects.select_for_update(of=("self",))
            .filter(file__name=name, line_no__in=numbers)
            .select_related("file", "payment")
        )
        found.update((f"{line.file.name}-{line.line_no:06d}", line) for line in lines)
    return found


def _reconcile_chunk(
    rows: list[tuple[int, str, str, str, str]], result: Reconciliation, clearing: Account, bank: Account
) -> None:
    with transaction.atomic():
        by_reference = _lines_locked([reference for _, reference, _, _, _ in rows])
        postings: list[tuple[str, str, list[tuple[Account, int]]]] = []
        paid_lines: list[int] = []
        paid_payments: list[int] = []
        failed: list[tuple[BankFileLine, str]] = []
        for number, reference, amount, status, reason in rows:
            line = by_reference.get(reference)
            if line is None:
                result.problems.append(
                    f"第{number}行：未知编号 {reference} / line {number}: unknown reference"
                )
                continue
            if fen_of(amount) != line.amount_fen:
                result.problems.append(f"第{number}行：金额不符 / line {number}: the amount differs")
                continue
            wanted = LineStatus.PAID if status == PAID else LineStatus.FAILED
            if line.status != LineStatus.SENT:
                if line.status == wanted:
                    result.already += 1
                else:
                    result.problems.append(
                        f"第{number}行与此前回盘矛盾 / "
                        f"line {number} contradicts the earlier answer for {reference}"
                    )
                continue
            line.status = wanted  # a line given twice in one file counts once
            if wanted == LineStatus.PAID:
                postings.append(
                    (
                        f"paid:{reference}",
                        f"银行已付 {reference}",
                        [(clearing, line.amount_fen), (bank, -line.amount_fen)],
                    )
                )
                paid_lines.append(line.pk)
                paid_payments.append(line.payment_id)
                result.paid += 1
            else:
                failed.append((line, (reason or "银行未说明原因 / no reason given")[:200]))
                result.failed += 1
        payables = ledger.payee_payables(_payee(line.payment) for line, _ in failed)
        for line, _ in failed:
            reference = f"{line.file.name}-{line.line_no:06d}"
            postings.append(
                (
                    f"failed:{reference}",
                    f"银行退回 {reference}",
                    [(clearing, line.amount_fen), (payables[_payee(line.payment)], -line.amount_fen)],
                )
            )
        ledger.postings_post_bulk(postings)
        now = timezone.now()
        BankFileLine.objects.filter(pk__in=paid_lines).update(status=LineStatus.PAID, returned_at=now)
        Payment.objects.filter(pk__in=paid_payments).update(
            status=PaymentStatus.PAID, bank_reason="", updated_at=now
        )
        for line, text in failed:
            BankFileLine.objects.filter(pk=line.pk).update(
                status=LineStatus.FAILED, reason=text, returned_at=now
            )
            Payment.objects.filter(pk=line.payment_id).update(
                status=PaymentStatus.FAILED, bank_reason=text, updated_at=now
            )


def return_csv(answers: Iterable[tuple[str, int, str, str]]) -> str:
    """A return file as the bank writes it: (reference, fen, PAID/FAILED, reason) rows, control line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(RETURN_HEADER)
    count = total = 0
    for reference, fen, status, reason in answers:
        writer.writerow([reference, yuan(fen), status, reason])
        count, total = count + 1, total + fen
    writer.writerow([CONTROL, str(count), yuan(total), ""])
    return out.getvalue()
