"""A caseworker on a phone: the roster submissions of her district as cards, a page at a time, each
opening its import result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from linghuo.accounts.models import User
from linghuo.collection.models import Submission, SubmissionKind, SubmissionStatus
from linghuo.registry.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PER_PAGE = 50


def _log_in(page: Page, live_server: LiveServer, user: User) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")  # measured with the stylesheets applied
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _monthly_rosters(organisation: Organisation, months: int) -> list[Submission]:
    """One imported roster a month, each with a long file name and two rows refused."""
    return [
        Submission.objects.create(
            kind=SubmissionKind.ROSTER,
            organisation=organisation,
            period=dt.date(2020 + i // 12, i % 12 + 1, 1),
            file_name=f"港城同城配送平台有限公司从业人员名册第{i:03d}期（含补报人员）.xlsx",
            file_sha256=f"{i:064x}",
            status=SubmissionStatus.DONE,
            rows_done=120,
            created=118,
            rejected=2,
        )
        for i in range(months)
    ]


def test_a_caseworker_pages_through_her_districts_rosters_as_cards_on_a_phone(
    page: Page,
    live_server: LiveServer,
    personas: dict[str, User],
    organisation: Organisation,
    other_organisation: Organisation,
    screenshot: Callable[[str], Path | None],
) -> None:
    rosters = _monthly_rosters(organisation, PER_PAGE + 3)
    _monthly_rosters(other_organisation, 1)  # 东海县: not hers
    _log_in(page, live_server, personas["caseworker_320706"])

    page.goto("/collection/submissions/")
    expect(page.get_by_role("status")).to_contain_text(f"共 {PER_PAGE + 3} 次报送")
    cards = page.locator("table.submissions tbody tr")
    expect(cards).to_have_count(PER_PAGE)
    first = cards.first
    counts = first.locator("td.count")
    expect(counts.last).to_have_text("2")
    tops = {round(box["y"]) for box in (counts.nth(i).bounding_box() for i in range(3)) if box is not None}
    assert len(tops) == 1  # a card: imported, unchanged and with errors side by side on one line
    assert _fits(page)
    screenshot("collection-submissions-phone")

    page.get_by_role("link", name="下一页").click()
    expect(page.get_by_role("status")).to_contain_text(f"显示第 {PER_PAGE + 1}–{PER_PAGE + 3} 次")
    expect(cards).to_have_count(3)
    assert "东海县外卖平台" not in page.content()
    cards.last.get_by_role("link").click()

    expect(page.get_by_role("heading", name="平台从业人员名册导入结果")).to_be_visible()
    expect(page.locator('[data-field="rejected"]')).to_have_text("2")
    expect(page.locator("main")).to_contain_text(rosters[0].file_name)
    expect(page.get_by_role("link", name="‹ 返回名册报送情况")).to_be_visible()
    assert _fits(page)
