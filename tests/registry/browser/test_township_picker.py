"""The registration form offers only the townships of the chosen district."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.personas import PERSONA_PASSWORD, personas_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _township_options(page: Page) -> list[str]:
    return list(page.eval_on_selector_all("#id_work_township option", "options => options.map(o => o.value)"))


def test_the_township_picker_follows_the_chosen_district(page: Page, outside_requests: list[str]) -> None:
    personas_create()
    page.goto("/registry/me/register/")
    page.get_by_label("手机号").fill("13900000001")
    page.get_by_label("密码").fill(PERSONA_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/registry/me/register/")
    page.wait_for_load_state("load")  # the picker is a deferred script: it runs before the load event
    page.get_by_label("登记地所在区县").select_option("320706")
    expect(page.locator("#id_work_township option[value='320722001']")).to_have_count(0)
    haizhou = _township_options(page)
    assert "320706006" in haizhou  # 新海街道
    assert "320722001" not in haizhou  # 牛山街道 is in 东海县
    assert all(code == "" or code.startswith("320706") for code in haizhou)
    page.get_by_label("工作乡镇（街道，可不填）").select_option("320706006")
    page.get_by_label("登记地所在区县").select_option("320722")
    expect(page.locator("#id_work_township option[value='320722001']")).to_have_count(1)
    donghai = _township_options(page)
    assert "320722001" in donghai
    assert all(code == "" or code.startswith("320722") for code in donghai)
    assert page.input_value("#id_work_township") == ""  # the 海州区 township no longer chosen
    assert outside_requests == []
