"""Sign-up (issue 13): a mobile number confirmed by a one-time code becomes a worker's account, which goes on
to register on the commitment. Codes expire, die after 5 wrong tries and are rate-limited per number and per
address; a number with an account gets the same answer as a new one, and nothing of it is kept in clear."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import zoneinfo
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import time_machine
from django.conf import LazySettings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from linghuo.accounts import signup, sms
from linghuo.accounts.models import Role, SignupCode, User
from linghuo.accounts.services import user_create
from linghuo.audit.models import AuditAction, AuditEntry
from linghuo.audit.services import audit_verify
from tests.config.test_settings import _run_manage
from tests.web.test_english_pages import chinese_outside_lang_zh

pytestmark = pytest.mark.django_db

START = "/accounts/signup/"
CONFIRM = "/accounts/signup/confirm/"
MOBILE = "13812345678"
PASSWORD = "gig-worker-连云港-2026"
MOMENT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def outbox(settings: LazySettings) -> Iterator[None]:
    settings.LINGHUO_SIGNUP_SMS_BACKEND = "console"
    sms.console_outbox.clear()
    yield
    sms.console_outbox.clear()


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def _messages_to(mobile: str) -> list[sms.CodeMessage]:
    return [m for m in sms.console_outbox if m.mobile == mobile]


def _code_sent_to(mobile: str) -> str:
    match = re.search(r"注册验证码 (\d{6})", _messages_to(mobile)[-1].text_zh)
    assert match is not None, "no code in the message"
    return match.group(1)


def _ask(client: Client, mobile: str = MOBILE, address: str = "203.0.113.7") -> int:
    return client.post(START, {"mobile": mobile}, REMOTE_ADDR=address).status_code


def _without_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def _english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def _main(page: str) -> str:
    """The page's own content (the header and footer are every page's, checked with them)."""
    return page[page.index("<main") : page.index("</main>") + len("</main>")]


def _confirm(client: Client, code: str, **fields: str) -> tuple[int, str]:
    data = {"code": code, "name": "刘新工", "password1": PASSWORD, "password2": PASSWORD, **fields}
    response = client.post(CONFIRM, data)
    return response.status_code, response.content.decode() if response.status_code == 200 else response[
        "Location"
    ]


def test_it_signs_up_a_worker_logs_them_in_and_sends_them_to_register(client: Client) -> None:
    assert _ask(client, "138 1234 5678") == 302
    page = client.get(CONFIRM).content.decode()
    assert "验证码已发送" in page
    assert "138****5678" in page
    status, where = _confirm(client, _code_sent_to(MOBILE))
    assert (status, where) == (302, "/registry/me/register/")
    user = User.objects.get()
    assert user.role == Role.WORKER
    assert user.name == "刘新工"
    assert user.check_password(PASSWORD)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/registry/me/register/").status_code == 200  # the commitment form, for this worker
    actions = list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))
    assert actions == ["signup_code_sent", AuditAction.USER_CREATED, AuditAction.LOGIN_SUCCEEDED]
    assert audit_verify().ok


def test_a_used_code_cannot_be_used_again(client: Client) -> None:
    _ask(client)
    code = _code_sent_to(MOBILE)
    assert _confirm(client, code)[0] == 302
    with pytest.raises(ValidationError) as refused:
        signup.signup_confirm(code_id=SignupCode.objects.get().pk, code=code, name="别人", password=PASSWORD)
    assert refused.value.code == "expired"
    assert User.objects.count() == 1


def test_it_refuses_a_wrong_code_next_to_the_field_and_keeps_what_was_typed(client: Client) -> None:
    _ask(client)
    right = _code_sent_to(MOBILE)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    status, page = _confirm(client, wrong, name="刘新工")
    assert status == 200
    assert "验证码不正确，还可再试 4 次" in page
    assert 'value="刘新工"' in page
    assert f'value="{wrong}"' in page
    assert User.objects.count() == 0
    assert AuditEntry.objects.filter(action="signup_code_failed").count() == 1
    assert SignupCode.objects.get().attempts == 1


def test_it_says_what_is_wrong_with_each_field(client: Client) -> None:
    _ask(client)
    code = _code_sent_to(MOBILE)
    status, page = _confirm(client, "12ab", name=" ", password1="12345678", password2="87654321")
    assert status == 200
    assert "验证码是6位数字" in page
    assert "请填写姓名" in page
    assert page.count('class="field-error"') >= 3  # the code, the name, the all-digit password
    status, page = _confirm(client, code, password1=PASSWORD, password2=PASSWORD + "x")
    assert "两次输入的密码不一致" in page
    assert SignupCode.objects.get().attempts == 0  # a form with mistakes spends no try
    assert _confirm(client, code)[0] == 302


def test_a_code_expires_after_ten_minutes(client: Client, clock: time_machine.Traveller) -> None:
    _ask(client)
    code = _code_sent_to(MOBILE)
    clock.shift(dt.timedelta(minutes=10, seconds=1))
    status, page = _confirm(client, code)
    assert status == 200
    assert "验证码已失效，请重新获取" in page
    assert User.objects.count() == 0


def test_a_code_still_works_just_before_ten_minutes(client: Client, clock: time_machine.Traveller) -> None:
    _ask(client)
    code = _code_sent_to(MOBILE)
    clock.shift(dt.timedelta(minutes=9, seconds=59))
    assert _confirm(client, code)[0] == 302


def test_five_wrong_tries_kill_the_code(client: Client) -> None:
    _ask(client)
    right = _code_sent_to(MOBILE)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    pages = [_confirm(client, wrong)[1] for _ in range(5)]
    assert "还可再试 1 次" in pages[3]
    assert "验证码错误次数过多，已失效" in pages[4]
    status, page = _confirm(client, right)  # the right code, too late
    assert status == 200
    assert "验证码已失效" in page
    assert User.objects.count() == 0
    assert AuditEntry.objects.filter(action="signup_code_failed").count() == 5


def test_one_code_per_number_per_minute(client: Client, clock: time_machine.Traveller) -> None:
    assert _ask(client) == 302
    clock.shift(dt.timedelta(seconds=20))
    response = client.post(START, {"mobile": MOBILE}, REMOTE_ADDR="198.51.100.9")  # another address too
    assert response.status_code == 429
    assert response["Retry-After"] == "40"
    assert "验证码发送过于频繁，请 40 秒后再试" in response.content.decode()
    assert len(_messages_to(MOBILE)) == 1
    assert AuditEntry.objects.filter(action="signup_rate_limited").count() == 1
    clock.shift(dt.timedelta(seconds=40))
    assert _ask(client) == 302


def test_five_codes_per_number_per_hour(client: Client, clock: time_machine.Traveller) -> None:
    for _ in range(5):
        assert _ask(client) == 302
        clock.shift(dt.timedelta(minutes=2))
    response = client.post(START, {"mobile": MOBILE}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert response["Retry-After"] == str(50 * 60)  # the first of the five is an hour old in 50 minutes
    assert "请 50 分钟后再试" in response.content.decode()
    clock.shift(dt.timedelta(minutes=50))
    assert _ask(client) == 302


def test_twenty_codes_per_address_per_hour(client: Client, clock: time_machine.Traveller) -> None:
    for n in range(20):
        assert _ask(client, f"1390000{n:04d}") == 302
    response = client.post(START, {"mobile": "13911112222"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 3600
    assert _messages_to("13911112222") == []
    assert _ask(Client(), "13911112222", address="198.51.100.9") == 302  # another address may


def test_the_429_page_is_english_in_english(client: Client, clock: time_machine.Traveller) -> None:
    _ask(client)
    client.cookies["django_language"] = "en"
    response = client.post(START, {"mobile": MOBILE}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many codes asked for: try again in 60 s" in page, re.findall(r"locked.*", page)


def test_a_registered_number_gets_the_same_answer_and_a_note_instead_of_a_code(client: Client) -> None:
    user_create(mobile=MOBILE, password=PASSWORD, name="王灵工", role=Role.WORKER)
    fresh = Client()
    assert _ask(client, MOBILE) == 302
    assert _ask(fresh, "13987654321") == 302
    known, new = (_without_tokens(c.get(CONFIRM).content.decode()) for c in (client, fresh))
    assert "验证码已发送" in known
    assert known.replace("138****5678", "N") == new.replace("139****4321", "N")
    (note,) = _messages_to(MOBILE)
    assert "已注册账号，请直接登录" in note.text_zh
    assert not re.search(r"\d{6}", note.text_zh)
    assert "already has an account" in note.text_en
    # no code can open it: whatever is typed is wrong, as for any wrong code
    status, page = _confirm(client, "000000")
    assert status == 200
    assert "验证码不正确" in page
    assert User.objects.count() == 1


def test_nothing_of_the_number_is_kept_in_clear(client: Client) -> None:
    _ask(client)
    _confirm(client, _code_sent_to(MOBILE))
    code = SignupCode.objects.get()
    assert MOBILE not in code.mobile_encrypted
    assert MOBILE not in code.mobile_hash
    found = []
    tables = connection.introspection.django_table_names(only_existing=True)
    assert {SignupCode._meta.db_table, User._meta.db_table, "django_session", "audit_auditentry"} <= set(
        tables
    )
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            if any(MOBILE in str(row) for row in cursor.fetchall()):
                found.append(table)
    assert found == []
    for session in Session.objects.all():
        assert MOBILE not in json.dumps(session.get_decoded())


def test_the_code_is_kept_only_as_a_keyed_hash(client: Client) -> None:
    _ask(client)
    code = _code_sent_to(MOBILE)
    stored = SignupCode.objects.get()
    assert code not in stored.code_hash
    assert len(stored.code_hash) > 40


def test_the_file_backend_writes_a_json_line_with_the_number_masked(
    client: Client, settings: LazySettings, tmp_path: Path
) -> None:
    settings.LINGHUO_SIGNUP_SMS_BACKEND = "file"
    settings.DATA_DIR = tmp_path
    _ask(client)
    (line,) = (tmp_path / "outbox" / "signup-sms.jsonl").read_text(encoding="utf-8").splitlines()
    message = json.loads(line)
    assert message["mobile_masked"] == "138****5678"
    assert MOBILE not in line
    code = re.search(r"注册验证码 (\d{6})", message["text_zh"])
    assert code is not None
    assert _confirm(client, code.group(1))[0] == 302


def test_sign_up_is_closed_without_a_backend(client: Client, settings: LazySettings) -> None:
    settings.LINGHUO_SIGNUP_SMS_BACKEND = ""
    response = client.post(START, {"mobile": MOBILE})
    assert response.status_code == 200
    assert "网上注册暂未开放" in response.content.decode()
    assert SignupCode.objects.count() == 0


def test_a_malformed_number_is_refused_next_to_the_field(client: Client) -> None:
    response = client.post(START, {"mobile": "1381234"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "请输入11位手机号码" in page
    assert 'value="1381234"' in page
    assert SignupCode.objects.count() == 0


def test_the_confirmation_page_needs_a_code_asked_for_first(client: Client) -> None:
    response = client.get(CONFIRM)
    assert (response.status_code, response["Location"]) == (302, START)


def test_the_login_page_links_to_sign_up(client: Client) -> None:
    assert 'href="/accounts/signup/"' in client.get("/accounts/login/").content.decode()


def test_the_pages_are_english_in_english_with_errors_next_to_the_fields(client: Client) -> None:
    client.cookies["django_language"] = "en"
    _ask(client)
    pages = [
        client.get(START).content.decode(),
        _english().post(START, {"mobile": "139"}).content.decode(),
        client.get(CONFIRM).content.decode(),
        _confirm(client, "1", name="", password1="1", password2="2")[1],
        _confirm(client, f"{(int(_code_sent_to(MOBILE)) + 1) % 10**6:06d}")[1],
    ]
    assert "enter an 11-digit mainland mobile number" in pages[1]
    assert "A code has been sent to 138****5678" in pages[2]
    assert "The code is 6 digits." in pages[3]
    assert "wrong code: 4 more tries" in pages[4]
    assert [text for page in pages for text in chinese_outside_lang_zh(_main(page))] == []


def test_a_wrong_code_is_said_in_chinese_only_on_a_chinese_page(client: Client) -> None:
    _ask(client)
    page = _confirm(client, f"{(int(_code_sent_to(MOBILE)) + 1) % 10**6:06d}")[1]
    assert "验证码不正确，还可再试 4 次" in page
    assert "more tries" not in page


def test_production_refuses_the_console_backend(tmp_path: Path) -> None:
    keys = {
        name: secrets.token_urlsafe(48)
        for name in ("LINGHUO_SECRET_KEY", "LINGHUO_FIELD_KEY", "LINGHUO_AUDIT_KEY")
    }
    env = {"LINGHUO_ENV": "production", "LINGHUO_ALLOWED_HOSTS": "linghuo.example.gov.cn", **keys}
    refused = _run_manage(["check"], {**env, "LINGHUO_SIGNUP_SMS_BACKEND": "console"}, tmp_path)
    assert refused.returncode != 0
    assert "LINGHUO_SIGNUP_SMS_BACKEND cannot be console in production" in refused.stderr
    assert _run_manage(["check"], {**env, "LINGHUO_SIGNUP_SMS_BACKEND": "file"}, tmp_path).returncode == 0


def test_each_error_is_tied_to_its_field_for_screen_readers(client: Client) -> None:
    _ask(client)
    page = _confirm(client, "12", password1="1", password2="1")[1]
    assert 'aria-describedby="id_code_error"' in page
    assert re.search(r'<div id="id_code_error"><p class="field-error">验证码是6位数字。</p>', page)
    assert re.search(r'<p class="field-help" id="id_password1_helptext">', page)


class RecordingGateway:
    """A gateway named by its dotted path, as a real SMS gateway is."""

    sent: ClassVar[list[sms.CodeMessage]] = []

    def send(self, message: sms.CodeMessage) -> None:
        self.sent.append(message)


def test_a_gateway_named_by_its_dotted_path_gets_the_message(client: Client, settings: LazySettings) -> None:
    settings.LINGHUO_SIGNUP_SMS_BACKEND = "tests.accounts.test_signup.RecordingGateway"
    RecordingGateway.sent.clear()
    _ask(client)
    (message,) = RecordingGateway.sent
    assert message.mobile == MOBILE  # the gateway needs the number itself
    assert sms.console_outbox == deque()


def test_the_console_shows_the_code_in_development(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="linghuo.accounts.sms"):
        _ask(client)
    code = _code_sent_to(MOBILE)
    assert code in caplog.text
    assert "138****5678" in caplog.text
    assert MOBILE not in caplog.text


def test_rows_older_than_a_day_are_deleted(client: Client, clock: time_machine.Traveller) -> None:
    _ask(client, "13911110000")
    clock.shift(dt.timedelta(hours=23))
    _ask(client, "13911110001")
    clock.shift(dt.timedelta(hours=2))
    _ask(client, "13911110002")
    assert SignupCode.objects.count() == 2  # the first, 25 hours old, is gone
