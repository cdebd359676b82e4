"""A worker registers on a phone: log in, fill the form, sign the commitment, see it submitted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from linghuo.registry.models import EmploymentRegistration
from tests.accounts.personas import PERSONA_PASSWORD, personas_create
from tests.registry.helpers import id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")  # measured with the stylesheets applied
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_worker_registers_on_a_phone_and_sees_only_the_masked_number(
    page: Page, outside_requests: list[str], screenshot: Callable[[str], Path | None]
) -> None:
    personas_create()
    number = id_number("320706", "19960606", 55)
    page.goto("/registry/me/")
    page.get_by_label("手机号").fill("13900000001")
    page.get_by_label("密码").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="办理就业登记").click()
    assert _fits(page)
    page.get_by_label("姓名").fill("王灵工")
    page.get_by_label("身份证号码").fill(number)
    page.get_by_label("就业地", exact=True).check()
    page.get_by_label("登记地所在区县").select_option("320706")
    page.get_by_label("新就业形态（平台就业）").check()
    page.get_by_label("月收入（元，可不填）").fill("4200")
    expect(page.locator(".commitment")).to_contain_text("无需再提供")
    page.get_by_label("我已阅读上述承诺书").check()
    screenshot("registry-register-phone")
    page.get_by_role("button", name="签署承诺并登记").click()
    expect(page.get_by_role("heading", name="提交成功，待核验")).to_be_visible()  # identity checked next
    expect(page.locator("main")).to_contain_text("3207**********")
    expect(page.locator("main")).to_contain_text("新就业形态（平台就业）")
    assert number not in page.content()
    assert _fits(page)
    registration = EmploymentRegistration.objects.get()
    assert registration.monthly_income_fen == 420_000
    assert registration.employment_form == "platform"
    assert outside_requests == []
