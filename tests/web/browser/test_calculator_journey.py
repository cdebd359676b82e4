"""A member of the public on a 360 px phone: answers the calculator's questions, without logging in, and
learns what they may qualify for, how much and why."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from linghuo.policy.explain import yuan
from linghuo.policy.parameters import load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 360, "height": 740}


def _next(page: Page) -> None:
    page.get_by_role("button", name="下一步").click()
    page.wait_for_load_state("load")


def _fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_hard_to_employ_part_timer_learns_the_subsidy_its_amount_and_why(
    page: Page, outside_requests: list[str], screenshot: Callable[[str], Path | None]
) -> None:
    page.set_viewport_size(SMALL_PHONE)  # type: ignore[arg-type]
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="政策计算器").click()
    expect(page.locator("h1")).to_have_text("测一测：我能享受哪些灵活就业政策")
    assert _fits(page)

    page.get_by_label("非全日制就业（小时工等）").check()
    _next(page)
    page.get_by_label("海州区").check()
    _next(page)
    page.get_by_label("您的出生日期").fill("1985-05-01")
    _next(page)
    page.get_by_label("女", exact=True).check()
    _next(page)
    steps = 4
    while page.locator("input[name=shown]").count():
        shown = page.locator("input[name=shown]").get_attribute("value") or ""
        assert _fits(page), shown
        if shown == "hard_to_employ_since":
            page.get_by_label("您被认定为就业困难人员的日期").fill("2025-01-01")
        elif shown == "si_paid_fen":
            page.get_by_label("今年申报期内您实际缴纳的养老和医疗保险费（元）").fill("3000")
        elif "si_base_is_minimum" in shown.split(","):
            page.get_by_label("按当年缴费基数下限缴费").check()
        elif page.locator("input[type=radio]").count():
            page.locator("input[type=radio]").first.check()
        elif page.locator("input[type=number]").count():
            page.locator("input[type=number]").fill("0")
        elif page.locator("input[inputmode=decimal]").count():
            page.locator("input[inputmode=decimal]").fill("0")
        # yes/no lists and optional dates: nothing applies, left as they are
        _next(page)
        steps += 1
        assert steps < 40, "the questionnaire did not end"

    expect(page.locator("h1")).to_have_text("测算结果")
    subsidy = page.locator("section#social_insurance_subsidy")
    expect(subsidy).to_contain_text("灵活就业社会保险补贴")
    expect(subsidy.locator(".badge-yes")).to_have_text("符合")
    ratio = Fraction(
        load().at(timezone.localdate()).keyed("social_insurance_subsidy.ratio_on_minimum_base")["default"]
    )
    expected = 300_000 * ratio.numerator // ratio.denominator
    expect(subsidy.locator(".policy-amount")).to_have_text(f"{yuan(expected)} 元")
    expect(subsidy).to_contain_text("措施（十二）")
    expect(subsidy).to_contain_text("已认定的就业困难人员")
    assert _fits(page)
    assert outside_requests == []
    screenshot("calculator-result-360")

    subsidy.get_by_role("link", name="措施（十二）").click()
    expect(page.locator("section#social_insurance_subsidy h3")).to_contain_text("灵活就业社会保险补贴")
    assert _fits(page)
