"""A caseworker on a phone: the menu's case queue, a case with its rule trace, prepared with one form."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from linghuo.benefits import services
from linghuo.benefits.models import Case, Offer
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.registry.models import Person
from tests.accounts.personas import PERSONA_PASSWORD, personas_create
from tests.benefits.conftest import own_account
from tests.insights.conftest import ON

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASEWORKER_320706 = "13900000003"


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")  # measured with the stylesheets applied
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_caseworker_opens_the_queue_and_a_case_and_prepares_it_on_a_phone(
    page: Page,
    people: dict[str, Person],
    outside_requests: list[str],
    screenshot: Callable[[str], Path | None],
) -> None:
    personas_create()
    screening_run_execute(screening_run_create(on=ON, actor=None))
    person = people["subsidised"]
    offer = Offer.objects.get(person=person, measure="social_insurance_subsidy")
    case = services.offer_accept(offer, by=own_account(person))
    page.goto("/accounts/login/")
    page.get_by_label("手机号").fill(CASEWORKER_320706)
    page.get_by_label("密码").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="待办案件", exact=True).click()  # the menu's, not the home card
    expect(page.locator("h1")).to_have_text("待办案件")
    row = page.locator("table.queue-table tbody tr").first
    expect(row).to_contain_text(person.id_number_masked)
    expect(row).to_contain_text("灵活就业社会保险补贴")
    expect(row).to_contain_text("已受理")
    assert _fits(page)
    box = row.bounding_box()
    assert box is not None
    assert box["width"] <= 390  # a card on the phone's screen
    screenshot("casework-queue-phone")
    row.get_by_role("link").click()
    expect(page.locator(".trace li").first).to_contain_text("措施（十二）")
    assert _fits(page)
    page.get_by_role("button", name="初审通过").click()
    expect(page.locator(".case-messages")).to_contain_text("已完成初审")
    expect(page.locator(".case-state")).to_have_text("已初审")
    expect(page.get_by_role("button", name="批准")).to_have_count(0)  # not to the one who prepared it
    assert _fits(page)
    screenshot("casework-case-prepared-phone")
    assert Case.objects.get(pk=case.pk).state == "prepared"
    assert outside_requests == []
