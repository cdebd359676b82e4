"""A person on a phone: the home page fits the screen, lists the 18 measures, switches language, opens one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_it_fits_a_phone_screen_without_horizontal_scrolling(
    page: Page, screenshot: Callable[[str], Path | None]
) -> None:
    page.goto("/")
    expect(page.locator(".brand-name")).to_have_text("灵活就业公共服务平台")
    page.locator(".measure summary").first.click()  # an open clause must fit too
    assert page.viewport_size == {"width": 390, "height": 844}
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot("home-phone")


def test_it_shows_the_eighteen_measures_collapsed_until_opened(page: Page) -> None:
    page.goto("/")
    measures = page.locator("li.measure")
    expect(measures).to_have_count(18)
    twelve = page.locator('li.measure[data-measure="十二"]')
    text = twelve.locator(".clause-text")
    expect(text).to_be_hidden()
    twelve.locator("summary").click()
    expect(text).to_be_visible()
    expect(text).to_contain_text("不低于1/2，不高于2/3")


def test_it_switches_the_interface_to_english_and_back(
    page: Page, screenshot: Callable[[str], Path | None]
) -> None:
    page.goto("/measures/十二/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert unquote(page.url).endswith("/measures/十二/")  # the switch stays on the same page
    expect(page.locator(".brand-name")).to_have_text("Flexible Employment Public Service Platform")
    expect(page.get_by_role("heading", name="Clause text")).to_be_visible()
    screenshot("measure-english-phone")

    page.goto("/")
    expect(page.get_by_role("link", name="Home", exact=True)).to_be_visible()
    page.get_by_role("button", name="中文").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.get_by_role("link", name="首页", exact=True)).to_be_visible()


def test_it_opens_a_measure_page_from_the_list(page: Page) -> None:
    page.goto("/")
    fifteen = page.locator('li.measure[data-measure="十五"]')
    fifteen.locator("summary").click()
    fifteen.get_by_role("link", name="查看本条措施").click()
    expect(page).to_have_title("（十五）强化灵活就业登记监测 · 灵活就业公共服务平台")
    assert unquote(page.url).endswith("/measures/十五/")
    expect(page.locator(".departments li")).to_have_text(["市人社局", "市统计局", "国调队"])


def test_it_loads_nothing_from_outside_the_platform(page: Page, outside_requests: list[str]) -> None:
    page.goto("/", wait_until="networkidle")
    page.goto("/measures/一/", wait_until="networkidle")
    expect(page.locator("h1")).to_contain_text("鼓励个体经营发展")
    assert outside_requests == []


def test_the_api_docs_render_from_local_assets(
    page: Page, outside_requests: list[str], screenshot: Callable[[str], Path | None]
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/api/v1/docs", wait_until="networkidle")
    expect(page.locator(".swagger-ui .title").first).to_contain_text("linghuo API")
    expect(page.get_by_text("/api/v1/health").first).to_be_visible()
    screenshot("api-docs-desktop")
    assert outside_requests == []
