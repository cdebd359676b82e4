"""Finance at a desk: opens a batch, uploads the bank's return file and sees each line paid or failed with
the bank's reason; the failed payment offers the account correction."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from linghuo.accounts.models import User
from linghuo.benefits.models import EntitlementKind
from linghuo.payments import services
from linghuo.payments.bankfiles import FAILED, PAID, file_export, return_csv
from linghuo.payments.batches import batch_create, batch_execute
from linghuo.payments.models import Payment, PaymentStatus
from tests.accounts.personas import personas_create
from tests.payments.helpers import TRAINING_ALLOWANCE, entitlement, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK: ViewportSize = {"width": 1280, "height": 900}
ALLOWANCE_FEN = 1_200 * 100


def _log_in(page: Page, live_server: LiveServer, user: User) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_finance_uploads_a_return_file_and_sees_paid_and_failed_lines_at_a_desk(
    page: Page,
    live_server: LiveServer,
    settings: LazySettings,
    tmp_path: Path,
    screenshot: Callable[[str], Path | None],
) -> None:
    settings.LINGHUO_PAYMENTS_IN_BACKGROUND = False
    users = personas_create()
    for n, number in ((1, "6222021234567890123"), (2, "6228480000000000017")):
        who = person(n)
        entitlement(who, TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=ALLOWANCE_FEN)
        services.bank_account_set(who, number=number, holder_name=who.name, bank_name="工商银行")
    january = (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))
    batch = batch_execute(batch_create(period_start=january[0], period_end=january[1]))
    bank_file = file_export(batch)
    assert bank_file is not None
    upload = tmp_path / "回盘.csv"
    upload.write_text(
        return_csv(
            [
                (f"{bank_file.name}-000001", ALLOWANCE_FEN, PAID, ""),
                (f"{bank_file.name}-000002", ALLOWANCE_FEN, FAILED, "账户已冻结"),
            ]
        ),
        encoding="utf-8",
    )
    page.set_viewport_size(DESK)
    _log_in(page, live_server, users["finance"])

    page.goto(f"/payments/batches/{batch.pk}/")
    expect(page.get_by_role("heading", name=f"批次 {batch.pk}")).to_be_visible()
    expect(page.locator(".batch-total")).to_have_text("2400.00")
    page.get_by_label("回盘文件（CSV，不超过").set_input_files(upload)
    page.get_by_role("button", name="上传并核对").click()

    expect(page.locator(".pay-messages")).to_contain_text("到账 1 笔，失败 1 笔")
    lines = page.locator("table.bank-lines tbody tr")
    expect(lines).to_have_count(2)
    expect(page.locator("tr.line-paid")).to_contain_text("已到账")
    expect(page.locator("tr.line-failed")).to_contain_text("账户已冻结")
    expect(page.locator("tr.payment-failed").get_by_role("button", name="更正账户")).to_be_visible()
    expect(page.locator("tr.payment-failed")).not_to_contain_text("6228480000000000017")
    assert int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth")) <= 0
    screenshot("payments-return-desk")
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1
    assert Payment.objects.filter(status=PaymentStatus.FAILED).count() == 1
