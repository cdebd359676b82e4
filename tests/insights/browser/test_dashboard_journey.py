"""A manager on a phone filters the dashboard by a district, sees its charts drawn by the site's own
Chart.js under the Content-Security-Policy, and downloads one block's Excel, which reads back as the
table shown."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from linghuo.accounts.models import User
from linghuo.payments import ledger
from tests.accounts.personas import personas_create
from tests.registry.facts_helpers import register_on
from tests.registry.helpers import person_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HAIZHOU, DONGHAI = "320706", "320722"


@pytest.fixture
def manager(db: None) -> User:
    return personas_create()["manager"]


def _log_in(page: Page, live_server: LiveServer, user: User) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


@pytest.fixture
def figures(db: None) -> None:
    """This month: two registrations in 海州区 and one in 东海县; 1,234.50 yuan spent in 东海县 and 99.00
    in 海州区 (the site's clock is the machine's: the browser's cookies must not expire)."""
    today = timezone.localdate()
    for n, district in enumerate((HAIZHOU, HAIZHOU, DONGHAI), start=1):
        register_on(person_in(district, sequence=n), today, division=district)
    clearing = ledger.clearing_account()
    donghai = ledger.budget_account("social_insurance_subsidy", DONGHAI)
    haizhou = ledger.budget_account("social_insurance_subsidy", HAIZHOU)
    ledger.posting_post("j1", "测试", [(donghai, 123_450), (clearing, -123_450)])
    ledger.posting_post("j2", "测试", [(haizhou, 9_900), (clearing, -9_900)])


def test_a_manager_filters_the_dashboard_by_district_and_downloads_a_block(
    page: Page,
    live_server: LiveServer,
    manager: User,
    figures: None,
    outside_requests: list[str],
    tmp_path: Path,
    screenshot: Callable[[str], Path | None],
) -> None:
    _log_in(page, live_server, manager)
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="统计看板").click()
    expect(page.get_by_role("heading", name="统计看板", level=1)).to_be_visible()
    registrations = page.locator("#table-registrations")
    expect(registrations.locator("tfoot td")).to_have_text("3")  # the whole city

    page.get_by_label("区县", exact=True).select_option(DONGHAI)
    page.get_by_role("button", name="查看").click()
    expect(page).to_have_url(re.compile(f"district={DONGHAI}"))
    expect(page.locator("#dashboard-scope")).to_contain_text("东海县")
    expect(registrations.locator("tfoot td")).to_have_text("1")
    spending = page.locator("#table-spending_district")
    expect(spending.locator("tbody tr")).to_have_count(1)
    expect(spending.locator("tbody tr")).to_contain_text("东海县")
    expect(spending.locator("tbody td")).to_have_text("1,234.50")

    # every chart drawn by the site's Chart.js (a canvas with its chart), nothing fetched from elsewhere
    page.wait_for_load_state("load")  # the deferred scripts have run
    page.wait_for_function(
        "() => { const canvases = Array.from(document.querySelectorAll('.dashboard-block canvas'));"
        " return canvases.length > 0 && Boolean(window.Chart) && canvases.every(c => Chart.getChart(c)); }"
    )
    assert outside_requests == []

    block = page.locator("#block-spending_district")
    with page.expect_download() as download:
        block.get_by_role("link", name="下载“支出（按区县）”Excel").click()
    saved = tmp_path / "spending.xlsx"
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("区县", "支出（元）")
    assert rows[1][0] == "东海县"
    assert Decimal(str(rows[1][1])) == Decimal("1234.50")
    assert ("范围", "东海县") in [tuple(r[:2]) for r in rows]
    month = f"{timezone.localdate():%Y-%m}"
    assert download.value.suggested_filename.endswith(f"{month.replace('-', '')}.xlsx")

    page.set_viewport_size({"width": 360, "height": 780})  # the narrowest phone the site is laid out for
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    block.scroll_into_view_if_needed()
    screenshot("insights-dashboard-district-phone")
