"""The bank payment file and the bank's return file (format: docs/bank-files.md).

``file_export`` puts every payment of a batch that is ready (new, or failed and since given a corrected
account) and has a bank account into a new ``BankFile``: one line each, the account as it is now
(encrypted on the line, masked in lists), and posts each line once (``send:<reference>``: debit the
person's payable, credit bank clearing). ``file_csv`` writes the file: a header, the lines, and a control
line with the count and the total. ``return_reconcile`` reads the bank's return file line by line: a line
paid posts ``paid:<reference>`` (debit clearing, credit the fund's bank account) and the payment is paid; a
line failed posts ``failed:<reference>`` (debit clearing, credit the payable back) and the payment waits,
with the bank's reason, for a corrected account (``services.bank_account_set``), after which the next
export sends it again. A return line given twice is answered once; a line that contradicts an earlier
answer, names no line of ours or gives another amount is reported and changes nothing.
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


def file_export(batch: PaymentBatch, *, by: Any = None) -> BankFile | None:
    """A new payment file of the batch's payments ready to send (None when there are none)."""
    with transaction.atomic():
        PaymentBatch.objects.select_for_update().filter(pk=batch.pk).first()  # one export at a time
        ready = Payment.objects.filter(batch=batch, status=PaymentStatus.READY).order_by("pk")
        accounts = {
            account.person_id: account
            for account in BankAccount.objects.filter(person_id__in=ready.values("person_id"))
        }
        payments = [p for p in ready if p.person_id in accounts and p.net_fen > 0]
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
                holder_name=accounts[p.person_id].holder_name,
                bank_name=accounts[p.person_id].bank_name,
                number_encrypted=accounts[p.person_id].number_encrypted,
                number_masked=accounts[p.person_id].number_masked,
            )
            for n, p in enumerate(payments, start=1)
        ]
        BankFileLine.objects.bulk_create(lines, batch_size=CHUNK)
        clearing = ledger.clearing_account()
        payables = _payables({p.person_id for p in payments})
        for line, payment in zip(lines, payments, strict=True):
            reference = f"{bank_file.name}-{line.line_no:06d}"
            ledger.posting_post(
                f"send:{reference}",
                f"发送银行 {payment.idempotency_key}",
                [(payables[payment.person_id], line.amount_fen), (clearing, -line.amount_fen)],
            )
        Payment.objects.filter(pk__in=[p.pk for p in payments]).update(
            status=PaymentStatus.SENT, bank_reason="", updated_at=timezone.now()
        )
    return bank_file


def _payables(person_ids: set[int]) -> dict[int, Account]:
    found = {
        a.person_id: a for a in Account.objects.filter(code__in=[ledger.payable_code(i) for i in person_ids])
    }
    for person_id in person_ids - set(found):
        found[person_id] = ledger.payable_account(person_id)
    return {k: v for k, v in found.items() if k is not None}


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
    """Reconcile the bank's return file (see the module): each line in its own transaction."""
    details, _ = _return_rows(text)
    result = Reconciliation()
    by_reference: dict[str, BankFileLine] = {}
    names = {row[0].strip().rpartition("-")[0] for row in details}
    for line in BankFileLine.objects.filter(file__name__in=names).select_related("file", "payment"):
        by_reference[f"{line.file.name}-{line.line_no:06d}"] = line
    clearing, bank = ledger.clearing_account(), ledger.bank_account()
    for number, row in enumerate(details, start=2):
        if len(row) < 3:
            result.problems.append(f"第{number}行列数不足 / line {number}: too few columns")
            continue
        reference, status = row[0].strip(), row[2].strip().upper()
        reason = row[3].strip() if len(row) > 3 else ""
        found = by_reference.get(reference)
        if found is None:
            result.problems.append(f"第{number}行：未知编号 {reference} / line {number}: unknown reference")
            continue
        line = found
        if fen_of(row[1]) != line.amount_fen:
            result.problems.append(f"第{number}行：金额不符 / line {number}: the amount differs")
            continue
        if status not in (PAID, FAILED):
            result.problems.append(
                f"第{number}行：状态应为 PAID 或 FAILED / line {number}: status {status!r}"
            )
            continue
        _reconcile_line(line, status, reason, result, number, clearing, bank)
    return result


def _reconcile_line(  # noqa: PLR0917 (one caller)
    line: BankFileLine,
    status: str,
    reason: str,
    result: Reconciliation,
    number: int,
    clearing: Account,
    bank: Account,
) -> None:
    reference = f"{line.file.name}-{line.line_no:06d}"
    with transaction.atomic():
        locked = BankFileLine.objects.select_for_update().get(pk=line.pk)
        wanted = LineStatus.PAID if status == PAID else LineStatus.FAILED
        if locked.status != LineStatus.SENT:
            if locked.status == wanted:
                result.already += 1
            else:
                result.problems.append(
                    f"第{number}行与此前回盘矛盾 / "
                    f"line {number} contradicts the earlier answer for {reference}"
                )
            return
        now = timezone.now()
        if wanted == LineStatus.PAID:
            ledger.posting_post(
                f"paid:{reference}",
                f"银行已付 {reference}",
                [(clearing, locked.amount_fen), (bank, -locked.amount_fen)],
            )
            BankFileLine.objects.filter(pk=locked.pk).update(status=LineStatus.PAID, returned_at=now)
            Payment.objects.filter(pk=locked.payment_id).update(
                status=PaymentStatus.PAID, bank_reason="", updated_at=now
            )
            result.paid += 1
        else:
            payable = ledger.payable_account(line.payment.person_id)
            ledger.posting_post(
                f"failed:{reference}",
                f"银行退回 {reference}",
                [(clearing, locked.amount_fen), (payable, -locked.amount_fen)],
            )
            text = (reason or "银行未说明原因 / no reason given")[:200]
            BankFileLine.objects.filter(pk=locked.pk).update(
                status=LineStatus.FAILED, reason=text, returned_at=now
            )
            Payment.objects.filter(pk=locked.payment_id).update(
                status=PaymentStatus.FAILED, bank_reason=text, updated_at=now
            )
            result.failed += 1


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
