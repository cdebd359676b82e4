"""A platform's clerk on a phone: uploads the month's roster, watches it import, gets the error report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import LazySettings
from django.test import Client
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from linghuo.accounts.models import User
from linghuo.collection.models import RosterEntry
from linghuo.registry.models import Organisation
from tests.collection.files import roster_row, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page: Page, live_server: LiveServer, user: User) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def test_a_clerk_uploads_a_roster_and_follows_its_import_on_a_phone(
    page: Page,
    live_server: LiveServer,
    personas: dict[str, User],
    organisation: Organisation,
    settings: LazySettings,
    tmp_path: Path,
    screenshot: Callable[[str], Path | None],
) -> None:
    settings.LINGHUO_IMPORT_IN_BACKGROUND = True
    upload = tmp_path / "三月名册.xlsx"
    upload.write_bytes(xlsx([*(roster_row(i) for i in range(300)), roster_row(400, income="不详")]))
    _log_in(page, live_server, personas["organisation"])

    page.goto("/collection/rosters/")
    expect(page.get_by_role("heading", name="上传平台从业人员名册")).to_be_visible()
    expect(page.get_by_role("link", name="Excel 模板（.xlsx）")).to_be_visible()
    page.get_by_label("所属月份").fill("2024-03")
    page.get_by_label("名册文件（.xlsx 或 .csv）").set_input_files(upload)
    screenshot("roster-upload-phone")
    page.get_by_role("button", name="上传并导入").click()

    expect(page.locator('[data-field="status_label"]')).to_have_text("导入完成", timeout=30_000)
    expect(page.locator('[data-field="accepted"]')).to_have_text("300")
    expect(page.locator('[data-field="rejected"]')).to_have_text("1")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载错误报告（.xlsx）").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert RosterEntry.objects.filter(organisation=organisation).count() == 300
    screenshot("roster-result-phone")
