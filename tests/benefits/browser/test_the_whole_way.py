"""符合即享受 the whole way in a browser: the worker is told of her subsidy on her phone and accepts it with
one tap; a caseworker prepares the case at a desk and a reviewer approves it; it is published (公示); when
the disclosure has ended, finance builds the batch, sends the bank file and uploads the bank's return;
the worker sees the money paid on her phone."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
import time_machine
from django.conf import LazySettings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from linghuo import personal_data
from linghuo.accounts.models import User
from linghuo.benefits.models import Case, Disclosure, Offer
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.payments.bankfiles import PAID, file_rows, return_csv
from linghuo.payments.ledger import ledger_verify
from linghuo.payments.models import BankFile, Payment, PaymentBatch, PaymentStatus
from linghuo.registry.models import Person
from tests.accounts.personas import personas_create
from tests.benefits.conftest import own_account
from tests.insights.conftest import ON

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
WORKER_MOBILE = "13700000001"  # tests.benefits.conftest.own_account's
ACCOUNT_NUMBER = "6222021234567890123"


def _log_in(page: Page, live_server: LiveServer, user: User) -> None:
    """The staff member's session in the browser (their login form is tested elsewhere)."""
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _worker_logs_in(page: Page) -> None:
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    page.get_by_label("手机号").fill(WORKER_MOBILE)
    page.get_by_label("密码").fill("x")
    page.get_by_role("button", name="登录").click()


def _batch_built(page: Page) -> PaymentBatch:
    """Finance builds the batch of the first half of 2024, when her premiums were paid."""
    page.goto("/payments/batches/")
    page.get_by_label("起始日期").fill("2024-01-01")
    page.get_by_label("截止日期").fill("2024-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="生成批次").click()
    return PaymentBatch.objects.latest("pk")


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_subsidy_goes_from_the_offer_to_the_workers_bank_account(
    page: Page,
    live_server: LiveServer,
    settings: LazySettings,
    people: dict[str, Person],
    outside_requests: list[str],
    screenshot: Callable[[str], Path | None],
    tmp_path: Path,
) -> None:
    settings.LINGHUO_PAYMENTS_IN_BACKGROUND = False
    staff = personas_create()
    screening_run_execute(screening_run_create(on=ON, actor=None))
    person = people["subsidised"]
    own_account(person)
    assert Offer.objects.filter(person=person, measure="social_insurance_subsidy", status="open").exists()

    # her phone: the notice on the home page, one tap, and the account she is paid into
    _worker_logs_in(page)
    page.goto("/")
    expect(page.locator("body")).to_contain_text("您有1项待遇可领取")
    page.get_by_role("link", name="我的待遇").first.click()
    page.get_by_role("button", name="一键确认领取").click()
    expect(page.locator("body")).to_contain_text("已确认，正在办理。")
    assert _fits(page)
    screenshot("whole-way-1-accepted-phone")
    page.goto("/payments/mine/")
    page.get_by_label("户名").fill(person.name)
    page.get_by_label("银行账号").fill(ACCOUNT_NUMBER)
    page.get_by_label("开户行").fill("工商银行连云港分行")
    page.get_by_role("button", name="保存收款账户").click()
    expect(page.locator("body")).to_contain_text("收款账户已保存")
    case = Case.objects.get(person=person, measure="social_insurance_subsidy")

    # the 海州区 caseworker prepares it at a desk; the reviewer, a second person, approves it
    page.set_viewport_size(DESK)
    _log_in(page, live_server, staff["caseworker_320706"])
    page.goto("/benefits/queue/")
    page.locator("table.queue-table tbody tr").first.get_by_role("link").click()
    page.get_by_role("button", name="初审通过").click()
    expect(page.locator(".case-state")).to_have_text("已初审")
    _log_in(page, live_server, staff["reviewer"])
    page.goto(f"/benefits/cases/{case.pk}/")
    page.get_by_role("button", name="批准", exact=True).click()
    expect(page.locator(".case-state")).to_have_text("已批准")
    screenshot("whole-way-2-approved-desk")

    # published, her name and ID number masked
    page.context.clear_cookies()
    page.goto("/benefits/disclosure/")
    expect(page.locator("main")).to_contain_text(personal_data.mask_name(person.name))
    expect(page.locator("main")).to_contain_text(person.id_number_masked)
    disclosure = Disclosure.objects.get(entitlement__case=case)

    # during the disclosure the batch holds her payment
    _log_in(page, live_server, staff["finance"])
    _batch_built(page)
    assert not Payment.objects.filter(entitlement__case=case).exists()

    # after the disclosure: finance builds the batch of the months her premiums were paid, sends the file
    after = datetime.datetime.combine(
        disclosure.ends_on + datetime.timedelta(days=1),
        datetime.time(9),
        tzinfo=timezone.get_current_timezone(),
    )
    with time_machine.travel(after, tick=True):
        _log_in(page, live_server, staff["finance"])
        batch = _batch_built(page)
        page.goto(f"/payments/batches/{batch.pk}/")
        page.get_by_role("button", name="生成支付文件（含已更正账户的退回支付）").click()
        bank_file = BankFile.objects.get(batch=batch)
        rows = list(file_rows(bank_file))[1:-1]
        assert [row[1] for row in rows] == [ACCOUNT_NUMBER] * len(rows)  # her account, in the bank's file
        answer = tmp_path / "回盘.csv"
        answer.write_text(
            return_csv((row[0], int(row[4].replace(".", "")), PAID, "") for row in rows), encoding="utf-8"
        )
        page.get_by_label("回盘文件（CSV，不超过").set_input_files(answer)
        page.get_by_role("button", name="上传并核对").click()
        expect(page.locator(".pay-messages")).to_contain_text(f"到账 {len(rows)} 笔")
        screenshot("whole-way-3-reconciled-desk")

        # her phone: paid
        _worker_logs_in(page)
        page.goto("/payments/mine/")
        expect(page.locator("main")).to_contain_text("已到账")
        expect(page.locator("main")).to_contain_text("6222***********0123")
        assert _fits(page)
        screenshot("whole-way-4-paid-phone")

    payments = Payment.objects.filter(entitlement__case=case)
    assert payments.exists()
    assert {p.status for p in payments} == {PaymentStatus.PAID}
    assert ledger_verify().ok
    assert outside_requests == []
