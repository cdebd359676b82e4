"""Finance's pages: a batch built from the form, its payments with masked accounts and totals in yuan, the
bank payment file downloaded, the bank's return uploaded and reconciled (paid, failed with the bank's
reason), a failed line re-issued once the account is corrected, reversals with a reason; the manager's
spending by measure and district that ties to the ledger; the loan referral section."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
import time_machine
from django.conf import LazySettings, settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from linghuo.accounts.models import User
from linghuo.benefits.models import EntitlementKind
from linghuo.payments import ledger, services
from linghuo.payments.bankfiles import FAILED, PAID, return_csv
from linghuo.payments.models import BankFile, BankFileLine, Payment, PaymentBatch, PaymentStatus
from tests.accounts.personas import personas_create
from tests.payments.helpers import SHANGHAI, STARTUP, TRAINING_ALLOWANCE, entitlement, person
from tests.payments.test_referrals import loan

pytestmark = pytest.mark.django_db

# 一次性创业补贴 5,000 yuan (parameters.md §4: 5,000 CNY once for graduates, C)
STARTUP_FEN = 5_000 * 100
ALLOWANCE_FEN = 1_200 * 100
ACCOUNT = "6222021234567890123"
WRONG_ACCOUNT = "6222020000000000001"


@pytest.fixture
def finance(settings: LazySettings) -> Client:
    settings.LINGHUO_PAYMENTS_IN_BACKGROUND = False  # the batch is built in the request
    client = Client()
    client.force_login(personas_create()["finance"])
    return client


def _people() -> None:
    first, second = person(1), person(2, district="320722")
    entitlement(first, STARTUP, kind=EntitlementKind.ONE_OFF, amount_fen=STARTUP_FEN, business_key="B1")
    entitlement(second, TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=ALLOWANCE_FEN)
    services.bank_account_set(first, number=ACCOUNT, holder_name=first.name, bank_name="工商银行")
    services.bank_account_set(second, number=WRONG_ACCOUNT, holder_name=second.name, bank_name="农业银行")


def _build(client: Client) -> PaymentBatch:
    response = client.post(
        "/payments/batches/", {"period_start": "2026-01-01", "period_end": "2026-01-31", "measure": ""}
    )
    batch = PaymentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/payments/batches/{batch.pk}/"
    return batch


def test_it_builds_a_batch_from_the_form_and_shows_its_payments_masked_in_yuan(finance: Client) -> None:
    _people()
    batch = _build(finance)
    page = finance.get(f"/payments/batches/{batch.pk}/").content.decode()
    assert Payment.objects.filter(batch=batch).count() == 2
    assert "5000.00" in page
    assert "6200.00" in page  # the batch's total: 5,000 + 1,200 yuan
    assert services.mask_account_number(ACCOUNT) in page
    assert ACCOUNT not in page


def test_it_refuses_a_batch_whose_period_ends_before_it_starts(finance: Client) -> None:
    response = finance.post("/payments/batches/", {"period_start": "2026-02-01", "period_end": "2026-01-31"})
    assert response.status_code == 200
    assert "截止日期不能早于起始日期" in response.content.decode()
    assert not PaymentBatch.objects.exists()


def _file(client: Client, batch: PaymentBatch) -> BankFile:
    assert client.post(f"/payments/batches/{batch.pk}/files/").status_code == 302
    return BankFile.objects.filter(batch=batch).order_by("-pk").first() or pytest.fail("no file")


def _upload(client: Client, batch: PaymentBatch, text: str, name: str = "return.csv") -> str:
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    response = client.post(f"/payments/batches/{batch.pk}/return/", {"return_file": upload}, follow=True)
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_downloads_the_payment_file_and_reconciles_the_return_with_the_banks_reason(
    finance: Client,
) -> None:
    _people()
    batch = _build(finance)
    bank_file = _file(finance, batch)
    download = finance.get(f"/payments/files/{bank_file.pk}/download/")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert download["Content-Type"].startswith("text/csv")
    assert rows[1][1] == ACCOUNT
    assert rows[-1][:3] == ["TOTAL", "2", "6200.00"]
    first, second = (f"{bank_file.name}-{n:06d}" for n in (1, 2))
    page = _upload(
        finance,
        batch,
        return_csv([(first, STARTUP_FEN, PAID, ""), (second, ALLOWANCE_FEN, FAILED, "账户已销户")]),
    )
    assert "到账 1 笔，失败 1 笔" in page
    assert "账户已销户" in page
    statuses = dict(Payment.objects.values_list("amount_fen", "status"))
    assert statuses == {STARTUP_FEN: PaymentStatus.PAID, ALLOWANCE_FEN: PaymentStatus.FAILED}


def test_it_reissues_a_failed_line_once_the_account_is_corrected(finance: Client) -> None:
    _people()
    batch = _build(finance)
    bank_file = _file(finance, batch)
    failed = BankFileLine.objects.get(file=bank_file, amount_fen=ALLOWANCE_FEN)
    _upload(finance, batch, return_csv([(failed.reference, ALLOWANCE_FEN, FAILED, "户名与账号不符")]))
    payment = Payment.objects.get(amount_fen=ALLOWANCE_FEN)
    corrected = "6228480000000000017"
    response = finance.post(
        f"/payments/payments/{payment.pk}/account/", {"number": corrected, "bank_name": "农业银行"}
    )
    assert response.status_code == 302
    again = _file(finance, batch)
    assert again.pk != bank_file.pk
    line = again.lines.get()
    assert (line.payment_id, line.number_masked) == (payment.pk, services.mask_account_number(corrected))


def test_it_refuses_a_return_file_above_the_upload_limit(finance: Client, settings: LazySettings) -> None:
    _people()
    batch = _build(finance)
    bank_file = _file(finance, batch)
    text = return_csv([(f"{bank_file.name}-000001", STARTUP_FEN, PAID, "")])
    settings.LINGHUO_MAX_UPLOAD_BYTES = len(text.encode()) - 1
    page = _upload(finance, batch, text)
    assert "文件过大" in page
    assert not Payment.objects.filter(status=PaymentStatus.PAID).exists()


def test_it_reverses_a_paid_payment_only_with_a_reason_and_the_person_owes_it(finance: Client) -> None:
    _people()
    batch = _build(finance)
    bank_file = _file(finance, batch)
    _upload(finance, batch, return_csv([(f"{bank_file.name}-000001", STARTUP_FEN, PAID, "")]))
    paid = Payment.objects.get(status=PaymentStatus.PAID)
    page = finance.post(f"/payments/payments/{paid.pk}/reverse/", {"reason": " "}, follow=True)
    assert "请填写冲销理由" in page.content.decode()
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.PAID
    finance.post(f"/payments/payments/{paid.pk}/reverse/", {"reason": "重复申领"})
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REVERSED
    assert services.receivable_owed(paid.person_id) == STARTUP_FEN
    assert ledger.ledger_verify().ok


def test_it_shows_spending_by_measure_and_district_that_ties_to_the_ledger(settings: LazySettings) -> None:
    settings.LINGHUO_PAYMENTS_IN_BACKGROUND = False
    users: dict[str, User] = personas_create()
    _people()
    finance = Client()
    finance.force_login(users["finance"])
    _build(finance)
    payment = Payment.objects.get(amount_fen=ALLOWANCE_FEN)
    finance.post(f"/payments/payments/{payment.pk}/reverse/", {"reason": "资格复核不符"})
    manager = Client()
    manager.force_login(users["manager"])
    page = manager.get("/payments/spending/").content.decode()
    # 一次性创业补贴 spent 5,000 in 海州区; the allowance spent 1,200 in 东海县 and was reversed
    assert "5000.00" in page
    assert "1200.00" in page
    assert "海州区" in page
    assert "东海县" in page
    assert ledger.account_balance(ledger.budget_code(STARTUP, "320706")) == STARTUP_FEN
    assert ledger.account_balance(ledger.budget_code(TRAINING_ALLOWANCE, "320722")) == 0
    assert '<dd class="amount spending-total">5000.00</dd>' in page  # the budget accounts together
    assert "平衡：" in page


def test_it_shows_the_loan_referrals_section_and_makes_a_referral_file(finance: Client) -> None:
    loan(5, requested_fen=40 * 10_000 * 100, employees=4)
    assert "待转介 1 笔" in finance.get("/payments/batches/").content.decode()
    with time_machine.travel(datetime.datetime(2025, 6, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        page = finance.post("/payments/referrals/files/", follow=True).content.decode()
    assert "已生成转介文件 LR20250601001" in page
    assert "300000.00（按上限核定）" in page  # 40万 asked, 30万 the cap with 4 employees
    assert "13500.00" in page  # 30万 × 3.00 % × 1/2 × 3 years


def test_it_refuses_to_reverse_a_payment_waiting_for_the_banks_answer(finance: Client) -> None:
    _people()
    batch = _build(finance)
    _file(finance, batch)
    sent = Payment.objects.filter(status=PaymentStatus.SENT).first() or pytest.fail("nothing sent")
    page = finance.post(f"/payments/payments/{sent.pk}/reverse/", {"reason": "重复"}, follow=True)
    assert "请待回盘后再冲销" in page.content.decode()
    sent.refresh_from_db()
    assert sent.status == PaymentStatus.SENT


def test_it_shows_the_batch_in_english_with_the_banks_own_reason_marked_chinese(finance: Client) -> None:
    _people()
    batch = _build(finance)
    bank_file = _file(finance, batch)
    _upload(finance, batch, return_csv([(f"{bank_file.name}-000002", ALLOWANCE_FEN, FAILED, "账户已销户")]))
    finance.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = finance.get(f"/payments/batches/{batch.pk}/").content.decode()
    assert "Lines and the bank&#x27;s answers" in page or "Lines and the bank's answers" in page
    assert '<span lang="zh">账户已销户</span>' in page
    assert "Correct the account" in page
