"""A new worker on a 360 px phone: sign up with a mobile number and the code texted to it, land on the
registration form, register on the commitment (十五) and find 我的政策."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from linghuo.accounts import sms
from linghuo.accounts.models import Role, User
from linghuo.registry.models import EmploymentRegistration
from tests.registry.helpers import id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = "13655501234"
PASSWORD = "新工-gig-2026-lyg"


@pytest.fixture(autouse=True)
def console_outbox() -> Iterator[None]:
    sms.console_outbox.clear()  # the live server runs in this process: the console backend's messages
    yield
    sms.console_outbox.clear()


def _code_texted_to(mobile: str) -> str:
    (message,) = [m for m in sms.console_outbox if m.mobile == mobile]
    match = re.search(r"注册验证码 (\d{6})", message.text_zh)
    assert match is not None
    return match.group(1)


def _fits(page: Page) -> bool:
    page.wait_for_load_state("load")  # measured with the stylesheets applied
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_a_new_worker_signs_up_registers_and_sees_their_policies_on_a_360px_phone(
    page: Page, outside_requests: list[str], screenshot: Callable[[str], Path | None]
) -> None:
    page.set_viewport_size({"width": 360, "height": 780})
    page.goto("/accounts/login/")
    page.get_by_role("main").get_by_role("link", name="注册账号").click()
    expect(page.get_by_role("heading", name="注册账号")).to_be_visible()
    assert _fits(page)
    page.get_by_label("手机号").fill("136 5550 1234")
    page.get_by_role("button", name="获取验证码").click()
    expect(page.get_by_role("status")).to_contain_text("验证码已发送至 136****1234")
    code = _code_texted_to(MOBILE)

    wrong = f"{(int(code) + 1) % 10**6:06d}"
    page.get_by_label("短信验证码").fill(wrong)
    page.get_by_label("姓名").fill("刘新工")
    page.get_by_label("设置密码").fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.get_by_role("button", name="注册并继续登记").click()
    expect(page.locator(".field-error")).to_have_text("验证码不正确，还可再试 4 次")
    expect(page.get_by_label("姓名")).to_have_value("刘新工")  # what was typed stays
    assert _fits(page)
    screenshot("accounts-signup-wrong-code-360")

    page.get_by_label("短信验证码").fill(code)
    page.get_by_label("设置密码").fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.get_by_role("button", name="注册并继续登记").click()
    expect(page).to_have_url(re.compile(r"/registry/me/register/$"))
    expect(page.get_by_role("heading", name="办理就业登记")).to_be_visible()
    assert User.objects.get().role == Role.WORKER

    page.get_by_label("姓名").fill("刘新工")
    page.get_by_label("身份证号码").fill(id_number("320706", "19980815", 61))
    page.get_by_label("就业地", exact=True).check()
    page.get_by_label("登记地所在区县").select_option("320706")
    page.get_by_label("新就业形态（平台就业）").check()
    page.get_by_label("我已阅读上述承诺书").check()
    assert _fits(page)
    page.get_by_role("button", name="签署承诺并登记").click()
    expect(page.get_by_role("heading", name="提交成功，待核验")).to_be_visible()
    assert EmploymentRegistration.objects.count() == 1

    page.get_by_role("navigation").get_by_role("link", name="我的政策").click()
    expect(page.get_by_role("heading", name="我的政策")).to_be_visible()
    assert _fits(page)
    assert MOBILE not in page.content()
    screenshot("accounts-signup-journey-360")
    assert outside_requests == []
