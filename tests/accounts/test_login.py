"""Login by mobile number and password; lockout after repeated failures, which expires."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.conf import LazySettings
from django.test import Client

from linghuo import personal_data
from linghuo.accounts.models import Role, User
from linghuo.accounts.services import user_create
from linghuo.audit.models import AuditAction, AuditEntry
from linghuo.audit.services import audit_verify

pytestmark = pytest.mark.django_db

MOBILE = "13812345678"
PASSWORD = "correct-horse-连云港"
LOGIN = "/accounts/login/"


@pytest.fixture
def worker() -> User:
    return user_create(mobile=MOBILE, password=PASSWORD, name="王灵工", role=Role.WORKER)


@pytest.fixture
def limits(settings: LazySettings) -> LazySettings:
    settings.LINGHUO_LOGIN_MAX_FAILURES = 3
    settings.LINGHUO_LOGIN_LOCKOUT_MINUTES = 15
    return settings


def _post(client: Client, mobile: str, password: str) -> int:
    return client.post(LOGIN, {"username": mobile, "password": password}).status_code


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_it_shows_a_chinese_login_form(client: Client) -> None:
    page = client.get(LOGIN).content.decode()
    assert "手机号" in page
    assert "密码" in page
    assert 'name="viewport"' in page


def test_it_logs_in_with_mobile_and_password(client: Client, worker: User) -> None:
    response = client.post(LOGIN, {"username": "138 1234 5678", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(worker.pk)


def test_it_refuses_a_wrong_password_in_chinese(client: Client, worker: User) -> None:
    response = client.post(LOGIN, {"username": MOBILE, "password": "wrong-password"})
    assert response.status_code == 200
    assert "手机号或密码不正确" in response.content.decode()
    assert not _logged_in(client)


def test_it_explains_a_malformed_mobile_in_chinese(client: Client) -> None:
    response = client.post(LOGIN, {"username": "12345", "password": "x"})
    assert "请输入11位手机号码" in response.content.decode()


def test_it_hashes_passwords_with_argon2(settings: LazySettings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = user_create(mobile="13800000099", password=PASSWORD, name="甲", role=Role.WORKER)
    assert user.password.startswith("argon2$")


def test_it_locks_the_number_after_repeated_failures(
    client: Client, worker: User, limits: LazySettings
) -> None:
    for _ in range(3):
        _post(client, MOBILE, "wrong-password")
    response = client.post(LOGIN, {"username": MOBILE, "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "已被暂时锁定" in page
    assert "15 分钟" in page
    assert not _logged_in(client)


def test_it_does_not_lock_below_the_limit(client: Client, worker: User, limits: LazySettings) -> None:
    for _ in range(2):
        _post(client, MOBILE, "wrong-password")
    assert _post(client, MOBILE, PASSWORD) == 302
    assert _logged_in(client)


def test_it_lifts_the_lock_when_the_lockout_time_has_passed(
    client: Client, worker: User, limits: LazySettings
) -> None:
    for _ in range(3):
        _post(client, MOBILE, "wrong-password")
    assert _post(client, MOBILE, PASSWORD) == 429
    # Time passes: move the recorded failures back beyond the lockout window.
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert _post(client, MOBILE, PASSWORD) == 302
    assert _logged_in(client)


def test_it_keeps_the_lock_within_the_lockout_time(
    client: Client, worker: User, limits: LazySettings
) -> None:
    for _ in range(3):
        _post(client, MOBILE, "wrong-password")
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=14))
    assert _post(client, MOBILE, PASSWORD) == 429


def test_it_locks_numbers_without_an_account_too(client: Client, limits: LazySettings) -> None:
    for _ in range(4):
        status = _post(client, "13700000000", "guess")
    assert status == 429


def test_it_never_stores_the_mobile_in_clear_in_the_lockout_tables(
    client: Client, worker: User, limits: LazySettings
) -> None:
    for _ in range(3):
        _post(client, MOBILE, "wrong-password")
    attempt = AccessAttempt.objects.get()
    assert attempt.username == personal_data.lookup_hash(MOBILE)
    for value in AccessAttempt.objects.values().get().values():
        assert MOBILE not in str(value)
        assert "wrong-password" not in str(value)


def test_it_audits_logins_failures_and_lockouts(client: Client, worker: User, limits: LazySettings) -> None:
    _post(client, MOBILE, PASSWORD)
    client.post("/accounts/logout/")
    for _ in range(3):
        _post(client, MOBILE, "wrong-password")
    actions = list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[:3] == [AuditAction.USER_CREATED, AuditAction.LOGIN_SUCCEEDED, AuditAction.LOGOUT]
    assert actions.count(AuditAction.LOGIN_FAILED) == 3
    assert AuditAction.LOGIN_LOCKED_OUT in actions
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).first()
    assert failed is not None
    assert failed.object_id == str(worker.pk)
    assert audit_verify().ok


def test_it_sends_a_logged_in_user_away_from_the_login_page(client: Client, worker: User) -> None:
    client.force_login(worker)
    assert client.get(LOGIN).status_code == 302
