"""A gig the whole way in a browser (十三): the worker finds it on her phone by a two-character query and
applies with one tap — only then is the contact shown; the poster hires her at a desk and states the pay
paid; she confirms it and both rate each other; the registry keeps the gig as her work evidence (十五)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from linghuo.accounts.models import User
from linghuo.market.models import ApplicationStatus, GigApplication, Rating
from linghuo.registry.models import Person, WorkEvidence
from tests.market.market_helpers import PASSWORD, organisation_member, post, worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 360, "height": 780}
CONTACT = "13812345678"


def _staff_session(page: Page, live_server: LiveServer, user: User) -> None:
    """The poster's session in the browser (the login form is the worker's, below)."""
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _worker_logs_in(page: Page, mobile: str) -> None:
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto("/accounts/login/")
    page.get_by_label("手机号").fill(mobile)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("load")


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_worker_finds_a_gig_by_two_characters_is_hired_paid_rated_and_it_becomes_her_work_evidence(
    page: Page,
    live_server: LiveServer,
    outside_requests: list[str],
    screenshot: Callable[[str], Path | None],
) -> None:
    today = timezone.localdate()
    week = {"starts_on": today, "ends_on": today + datetime.timedelta(days=7)}
    poster, organisation = organisation_member(1)
    post(poster, organisation, title="小区保洁（日结）", pay_fen=5_000, contact_phone=CONTACT, **week)
    nanny = "新生儿护理，住家，需有育婴师证。"
    post(poster, organisation, title="住家月嫂", description=nanny, category="nanny", pay_fen=5_000, **week)
    she = worker(2)
    person = Person.objects.get(account=she)

    # her phone: two characters find the gig, and only that one; the contact is hidden until she applies
    _worker_logs_in(page, "13700000002")
    page.goto("/market/")
    page.get_by_label("搜索岗位").fill("保洁")
    page.get_by_role("button", name="搜索").click()
    results = page.locator("main ul.gigs").last
    expect(results).to_contain_text("小区保洁（日结）")
    expect(results).not_to_contain_text("住家月嫂")
    assert _fits(page)
    results.get_by_role("link", name="小区保洁（日结）").click()
    expect(page.locator("main")).not_to_contain_text(CONTACT)
    page.get_by_role("button", name="一键报名").click()
    expect(page.locator("main")).to_contain_text(CONTACT)
    screenshot("gig-way-1-applied-phone")
    application = GigApplication.objects.get(worker=she)
    assert application.status == ApplicationStatus.APPLIED

    # the poster at a desk: hires her, then states the pay paid and the day worked
    page.set_viewport_size(DESK)
    _staff_session(page, live_server, poster)
    page.goto("/market/mine/postings/")
    page.get_by_role("button", name="录用").first.click()
    page.wait_for_load_state("load")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED
    page.goto(f"/market/applications/{application.pk}/")
    page.get_by_label("实际支付的报酬（元）").fill("400")
    page.get_by_label("实际开始日期").fill(today.isoformat())
    page.get_by_label("实际结束日期").fill(today.isoformat())
    page.get_by_role("button", name="确认完工").click()
    page.wait_for_load_state("load")

    # her phone again: she sees the pay the poster stated, confirms, and rates
    _worker_logs_in(page, "13700000002")
    page.goto("/market/mine/applications/")
    page.get_by_role("link", name="确认完工").click()
    expect(page.locator("main")).to_contain_text("400.00")
    page.get_by_role("button", name="确认完工").click()
    page.wait_for_load_state("load")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED
    page.get_by_label("评语（选填）").fill("结算及时")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state("load")

    # the poster rates her back
    _staff_session(page, live_server, poster)
    page.goto(f"/market/applications/{application.pk}/")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_load_state("load")
    assert sorted(Rating.objects.filter(application=application).values_list("side", flat=True)) == [
        "poster",
        "worker",
    ]

    # the registry keeps the gig as her work evidence, and her page shows it
    evidence = WorkEvidence.objects.get(person=person)
    assert (evidence.income_fen, evidence.started_on, evidence.ended_on) == (40_000, today, today)
    assert evidence.work_division == "320706"
    _worker_logs_in(page, "13700000002")
    page.goto("/registry/me/")
    card = page.locator("#work-evidence")
    expect(card).to_contain_text("零工市场完工记录")
    expect(card).to_contain_text("400.00")
    assert _fits(page)
    screenshot("gig-way-2-work-evidence-phone")
    assert outside_requests == []
