"""A manager on a phone: follows a screening run's progress until its figures show, and tries parameters
on the what-if page, where a value outside the policy's range is refused in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from linghuo.accounts.models import User
from linghuo.insights.models import RunStatus, ScreeningRun
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.registry.models import Person
from tests.accounts.personas import personas_create
from tests.insights.conftest import ON

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBSIDY_GROUP = '.parameter-group[data-group="social_insurance_subsidy"]'
ABOVE_MINIMUM = "social_insurance_subsidy.ratio_above_minimum_base[default]"


@pytest.fixture
def manager(db: None) -> User:
    return personas_create()["manager"]


def _log_in(page: Page, live_server: LiveServer, user: User) -> None:
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")  # measured with the stylesheets applied
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def _half_done(people: dict[str, Person]) -> ScreeningRun:
    """A run as of ``ON`` that has assessed 2 of the 4 people and is still reporting progress."""
    run = screening_run_create(on=ON, actor=None)
    now = timezone.now()
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, rows_done=2, started_at=now, progress_at=now
    )
    return run


def test_the_runs_page_follows_a_run_until_its_figures_show_on_a_phone(
    page: Page,
    live_server: LiveServer,
    people: dict[str, Person],
    manager: User,
    outside_requests: list[str],
    screenshot: Callable[[str], Path | None],
) -> None:
    run = _half_done(people)
    _log_in(page, live_server, manager)

    page.goto("/insights/screening/")
    card = page.locator(f'.run-card[data-run="{run.pk}"]')
    expect(card.locator('[data-field="status_label"]')).to_have_text("筛查中")
    expect(card.locator("progress")).to_have_attribute("value", "50")
    expect(card).to_contain_text("已评估 2 / 4 人")
    assert _fits(page)
    screenshot("insights-run-running-phone")

    screening_run_execute(ScreeningRun.objects.get(pk=run.pk))  # the page polls, then reloads
    expect(card.locator('[data-field="status_label"]')).to_have_text("已完成", timeout=15_000)
    expect(card.locator("progress")).to_have_attribute("value", "100")
    card.get_by_role("link").click()

    expect(page.get_by_role("heading", name=f"第 {run.pk} 次筛查")).to_be_visible()
    subsidy = page.locator('#by-measure tr[data-measure="social_insurance_subsidy"]')
    expect(subsidy).to_be_visible()
    # 十二: the two certified hard-to-employ platform workers (海州区 and 东海县) qualify
    expect(subsidy.locator("td").first).to_have_text("2")
    assert _fits(page)
    assert outside_requests == []
    screenshot("insights-run-done-phone")


def _what_if_with(page: Page, ratio: str) -> None:
    page.goto("/insights/what-if/")
    page.get_by_label("评估日期").fill(ON.isoformat())
    expect(page.locator(f'{SUBSIDY_GROUP} input[name="{ABOVE_MINIMUM}"]')).to_be_hidden()
    page.locator(f"{SUBSIDY_GROUP} summary").click()
    page.get_by_label("高于缴费基数下限缴费时的补贴比例").fill(ratio)
    page.get_by_role("button", name="与现行规则比较").click()
    page.wait_for_load_state("load")


def test_a_manager_raises_a_ratio_within_the_policy_range_and_sees_the_results_on_a_phone(
    page: Page,
    live_server: LiveServer,
    people: dict[str, Person],
    manager: User,
    outside_requests: list[str],
    screenshot: Callable[[str], Path | None],
) -> None:
    _log_in(page, live_server, manager)
    page.goto("/insights/what-if/")
    assert _fits(page)
    # 十二: "按其实际缴纳社会保险费不低于1/2，不高于2/3给予补贴" — 3/5 lies within ½–⅔
    _what_if_with(page, "3/5")

    result = page.locator("#what-if-result")
    expect(result).to_be_visible()
    # only the value changed is an override, though the form was drawn with today's values before the
    # assessment date was moved back to 2024
    expect(result.locator("dd code")).to_have_text([f"{ABOVE_MINIMUM}=3/5"])
    expect(page.locator('#by-measure tr[data-measure="social_insurance_subsidy"]')).to_be_visible()
    expect(page.locator(f"{SUBSIDY_GROUP} .changed-badge")).to_have_text("已修改 1 项")
    expect(page.locator(f'input[name="{ABOVE_MINIMUM}"]')).to_have_value("3/5")
    expect(page.locator("#chart-eligible")).to_be_visible()
    assert _fits(page)
    assert outside_requests == []  # Chart.js is served by the platform itself
    screenshot("insights-what-if-result-phone")


def test_a_ratio_above_two_thirds_is_refused_in_chinese_on_a_phone(
    page: Page,
    live_server: LiveServer,
    people: dict[str, Person],
    manager: User,
    screenshot: Callable[[str], Path | None],
) -> None:
    _log_in(page, live_server, manager)
    _what_if_with(page, "3/4")

    error = page.locator("#what-if-error")
    expect(error).to_contain_text("超出政策允许范围")
    expect(error).to_contain_text("不高于2/3")
    expect(page.locator("#what-if-result")).to_have_count(0)
    expect(page.locator(f'input[name="{ABOVE_MINIMUM}"]')).to_be_visible()  # its measure stays open
    expect(page.locator(".parameter-group[open]")).to_have_count(1)
    expect(page.locator(f'input[name="{ABOVE_MINIMUM}"]')).to_have_value("3/4")
    assert _fits(page)
    screenshot("insights-what-if-refused-phone")
