"""The bank payment file, the return file reconciled line by line, re-issue, reversals and overpayments."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import timezone

from linghuo import personal_data
from linghuo.benefits.models import EntitlementKind, EntitlementStatus
from linghuo.payments import ledger
from linghuo.payments.bankfiles import FAILED, PAID, file_csv, file_export, return_csv, return_reconcile
from linghuo.payments.batches import batch_create, batch_execute
from linghuo.payments.models import BankAccount, BankFileLine, PaidMonth, Payment, PaymentStatus
from linghuo.payments.services import (
    Accrued,
    PaymentError,
    bank_account_set,
    entitlement_overpaid,
    payment_accrue,
    payment_reverse,
    receivable_owed,
    receivable_repay,
)
from linghuo.registry.models import Person
from tests.payments.helpers import SHANGHAI, TRAINING_ALLOWANCE, entitlement, month, person

pytestmark = pytest.mark.django_db

ALLOWANCE = 120000
ACCOUNT = "6222021234567890123"


def _one_offs(count: int) -> tuple[list[Person], int]:
    persons = [person(n) for n in range(1, count + 1)]
    for who in persons:
        entitlement(who, TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=ALLOWANCE)
        bank_account_set(
            who, number=f"62220212345678{who.pk:05d}", holder_name=who.name, bank_name="工商银行"
        )
    batch = batch_create(period_start=month(2026, 1), period_end=datetime.date(2026, 1, 31))
    batch_execute(batch)
    return persons, batch.pk


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_it_keeps_the_account_number_encrypted_and_masked() -> None:
    who = person()
    account = bank_account_set(
        who, number="6222 0212 3456 7890 123", holder_name="王小梅", bank_name="工商银行"
    )
    stored = BankAccount.objects.filter(pk=account.pk).values_list("number_encrypted", "number_masked").get()
    assert ACCOUNT not in stored[0]
    assert personal_data.decrypt(stored[0]) == ACCOUNT
    assert stored[1] == "6222***********0123"
    with pytest.raises(PaymentError):
        bank_account_set(who, number="12ab", holder_name="王小梅", bank_name="工商银行")


def test_it_writes_a_payment_file_with_a_control_line_of_count_and_total() -> None:
    persons, batch_id = _one_offs(3)
    from linghuo.payments.models import PaymentBatch

    bank_file = file_export(PaymentBatch.objects.get(pk=batch_id))
    assert bank_file is not None
    rows = _rows(file_csv(bank_file))
    assert rows[0] == ["reference", "account_number", "account_name", "bank_name", "amount", "memo"]
    assert rows[-1][:3] == ["TOTAL", "3", "3600.00"]
    assert [row[4] for row in rows[1:-1]] == ["1200.00"] * 3
    assert rows[1][1] == f"62220212345678{persons[0].pk:05d}"  # in clear in the file only
    assert file_export(PaymentBatch.objects.get(pk=batch_id)) is None  # nothing left to send
    assert ledger.account_balance(ledger.CLEARING) == -3 * ALLOWANCE
    assert ledger.ledger_verify().ok


def test_it_reconciles_the_return_file_line_by_line_and_reissues_after_the_account_is_corrected() -> None:
    from linghuo.payments.models import PaymentBatch

    persons, batch_id = _one_offs(3)
    batch = PaymentBatch.objects.get(pk=batch_id)
    bank_file = file_export(batch)
    assert bank_file is not None
    refs = [row[0] for row in _rows(file_csv(bank_file))[1:-1]]
    answer = return_csv(
        [
            (refs[0], ALLOWANCE, PAID, ""),
            (refs[1], ALLOWANCE, FAILED, "账户已销户"),
            (refs[2], ALLOWANCE, PAID, ""),
        ]
    )
    result = return_reconcile(answer)
    assert (result.paid, result.failed, result.problems) == (2, 1, [])
    failed = Payment.objects.get(person=persons[1])
    assert (failed.status, failed.bank_reason) == (PaymentStatus.FAILED, "账户已销户")
    assert return_reconcile(answer).already == 3  # the same file again changes nothing
    assert ledger.account_balance(ledger.BANK) == -2 * ALLOWANCE
    assert ledger.account_balance(ledger.payable_code(persons[1].pk)) == -ALLOWANCE  # still owed to her

    assert file_export(batch) is None  # not re-sent to the same closed account
    bank_account_set(persons[1], number="6217001234567890", holder_name=persons[1].name, bank_name="建设银行")
    second = file_export(batch)
    assert second is not None
    rows = _rows(file_csv(second))
    assert rows[-1][:3] == ["TOTAL", "1", "1200.00"]
    assert rows[1][1] == "6217001234567890"
    assert return_reconcile(return_csv([(rows[1][0], ALLOWANCE, PAID, "")])).paid == 1
    assert set(Payment.objects.values_list("status", flat=True)) == {PaymentStatus.PAID}
    assert ledger.account_balance(ledger.CLEARING) == 0
    assert ledger.account_balance(ledger.BANK) == -3 * ALLOWANCE
    assert ledger.ledger_verify().ok


def test_it_reports_return_lines_that_match_nothing_or_contradict_and_refuses_a_wrong_control_line() -> None:
    from linghuo.payments.models import PaymentBatch

    _, batch_id = _one_offs(1)
    bank_file = file_export(PaymentBatch.objects.get(pk=batch_id))
    assert bank_file is not None
    ref = _rows(file_csv(bank_file))[1][0]
    assert return_reconcile(return_csv([(ref, ALLOWANCE, PAID, "")])).paid == 1
    result = return_reconcile(
        return_csv([(ref, ALLOWANCE, FAILED, "x"), ("LH999999001-000001", 5, PAID, "")])
    )
    assert len(result.problems) == 2
    assert BankFileLine.objects.get().status == "paid"
    wrong = return_csv([(ref, ALLOWANCE, PAID, "")]).replace("TOTAL,1,1200.00", "TOTAL,2,1200.00")
    with pytest.raises(PaymentError):
        return_reconcile(wrong)


def test_it_reverses_a_payment_not_yet_sent_and_frees_its_months() -> None:
    ent = entitlement(person())
    paid = payment_accrue(ent, "2026-02", [(month(2026, 2), 80000)])
    assert isinstance(paid, Accrued)
    payment_reverse(paid.payment, reason="录入错误")
    assert Payment.objects.get().status == PaymentStatus.REVERSED
    assert not PaidMonth.objects.exists()
    assert ledger.account_balance(ledger.budget_code(ent.measure, ent.district)) == 0
    assert ledger.ledger_verify().ok


def test_it_raises_a_receivable_for_months_paid_after_revocation_and_nets_it_against_later_payments() -> None:
    who = person()
    ent = entitlement(who)
    for n in (1, 2, 3):
        paid = payment_accrue(ent, f"2026-0{n}", [(month(2026, n), 80000)])
        assert isinstance(paid, Accrued)
    bank_account_set(who, number=ACCOUNT, holder_name=who.name, bank_name="工商银行")
    Payment.objects.filter(period="2026-03").update(status=PaymentStatus.PAID)  # as if the bank paid it
    ent.status, ent.revoked_at = EntitlementStatus.REVOKED, datetime.datetime(2026, 1, 20, 9, tzinfo=SHANGHAI)
    ent.save()
    # months beginning after the revocation: 2026-03 was paid, owed back; 2026-02 (not yet sent) reversed;
    # 2026-01 began before it and stays paid
    assert entitlement_overpaid(ent) == 80000
    assert entitlement_overpaid(ent) == 0  # run again, nothing more
    assert Payment.objects.get(period="2026-02").status == PaymentStatus.REVERSED
    assert Payment.objects.get(period="2026-01").status == PaymentStatus.READY
    assert receivable_owed(who) == 80000

    later = entitlement(who, TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=ALLOWANCE)
    netted = payment_accrue(later, "once", amount_fen=ALLOWANCE)
    assert isinstance(netted, Accrued)
    assert (netted.payment.netted_fen, netted.payment.net_fen) == (80000, 40000)
    assert receivable_owed(who) == 0
    assert ledger.ledger_verify().ok


def test_it_records_a_repaid_overpayment_up_to_what_is_owed() -> None:
    who = person()
    ent = entitlement(who, TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=ALLOWANCE)
    paid = payment_accrue(ent, "once", amount_fen=ALLOWANCE)
    assert isinstance(paid, Accrued)
    Payment.objects.update(status=PaymentStatus.PAID, created_at=timezone.now())
    ent.status, ent.revoked_at = EntitlementStatus.REVOKED, timezone.now() - datetime.timedelta(days=2)
    ent.save()
    assert entitlement_overpaid(ent) == ALLOWANCE
    with pytest.raises(PaymentError):
        receivable_repay(who, ALLOWANCE + 1, reference="BANK-1")
    receivable_repay(who, ALLOWANCE, reference="BANK-1")
    assert receivable_owed(who) == 0
    assert ledger.ledger_verify().ok
