"""Login spraying: failures for many numbers from one address lock the address, not the numbers' owners.

Defaults: a number is locked for 15 minutes after 5 failures (from anywhere); an address after 20 failures
(for any numbers) within 15 minutes, for 15 minutes, a correct password from it included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import LazySettings
from django.core.checks import run_checks
from django.test import Client

from linghuo.accounts.models import Role, User
from linghuo.accounts.services import user_create

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
MOBILE = "13812345678"
PASSWORD = "correct-horse-连云港"
SPRAYER = "198.51.100.7"  # addresses from the documentation ranges (RFC 5737)
NEIGHBOUR = "198.51.100.8"
START = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def limits(settings: LazySettings) -> LazySettings:
    # the defaults of the settings, whatever the environment says
    settings.LINGHUO_LOGIN_MAX_FAILURES = 5
    settings.LINGHUO_LOGIN_ADDRESS_MAX_FAILURES = 20
    settings.LINGHUO_LOGIN_LOCKOUT_MINUTES = 15
    settings.LINGHUO_TRUSTED_PROXIES = []
    return settings


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def worker() -> User:
    return user_create(mobile=MOBILE, password=PASSWORD, name="王灵工", role=Role.WORKER)


def attempt(client: Client, mobile: str, password: str, address: str = SPRAYER) -> int:
    return int(
        client.post(LOGIN, {"username": mobile, "password": password}, REMOTE_ADDR=address).status_code
    )


def spray(client: Client, count: int, address: str = SPRAYER) -> list[int]:
    """One wrong password each for ``count`` different numbers (none of them the worker's)."""
    return [attempt(client, f"1390000{i:04d}", "guess-123", address) for i in range(count)]


def test_forty_numbers_from_one_address_are_refused_after_twenty(
    client: Client, worker: User, clock: time_machine.Traveller
) -> None:
    answers = spray(client, 40)
    assert answers[:19] == [200] * 19  # wrong password, the form again
    assert answers[19:] == [429] * 21  # the 20th failure locks the address


def test_the_locked_address_is_told_so_in_chinese_and_english(
    client: Client, worker: User, clock: time_machine.Traveller, settings: LazySettings
) -> None:
    spray(client, 20)
    page = client.post(LOGIN, {"username": MOBILE, "password": PASSWORD}, REMOTE_ADDR=SPRAYER)
    assert page.status_code == 429
    assert "此网络地址登录失败次数过多" in page.content.decode()
    assert "15 分钟" in page.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.post(LOGIN, {"username": MOBILE, "password": PASSWORD}, REMOTE_ADDR=SPRAYER)
    assert "Too many failed logins from this network address" in english.content.decode()


def test_a_correct_login_from_the_locked_address_is_refused_but_works_from_another(
    client: Client, worker: User, clock: time_machine.Traveller
) -> None:
    spray(client, 40)
    assert attempt(client, MOBILE, PASSWORD) == 429
    assert "_auth_user_id" not in client.session
    assert attempt(Client(), MOBILE, PASSWORD, NEIGHBOUR) == 302  # the worker's number is not locked


def test_the_address_may_log_in_again_after_the_cool_off(
    client: Client, worker: User, clock: time_machine.Traveller
) -> None:
    spray(client, 40)
    clock.shift(dt.timedelta(minutes=14, seconds=59))
    assert attempt(client, MOBILE, PASSWORD) == 429
    clock.shift(dt.timedelta(seconds=2))  # 15 minutes after the 20th failure, the last one counted
    assert attempt(client, MOBILE, PASSWORD) == 302
    assert client.session["_auth_user_id"] == str(worker.pk)


def test_a_number_is_still_locked_after_five_failures_and_only_for_fifteen_minutes(
    client: Client, worker: User, clock: time_machine.Traveller
) -> None:
    for i in range(5):  # a stranger guessing, from five addresses
        attempt(client, MOBILE, "guess-123", f"203.0.113.{i}")
    assert attempt(Client(), MOBILE, PASSWORD, NEIGHBOUR) == 429
    page = Client().post(LOGIN, {"username": MOBILE, "password": PASSWORD}, REMOTE_ADDR=NEIGHBOUR)
    assert "该手机号登录失败次数过多" in page.content.decode()
    clock.shift(dt.timedelta(minutes=15, seconds=1))
    assert attempt(Client(), MOBILE, PASSWORD, NEIGHBOUR) == 302


def test_logging_in_to_ones_own_account_does_not_clear_the_addresss_failures(
    client: Client, worker: User, clock: time_machine.Traveller
) -> None:
    spray(client, 19)
    assert attempt(client, MOBILE, PASSWORD) == 302
    client.post("/accounts/logout/", REMOTE_ADDR=SPRAYER)
    assert spray(client, 1) == [429]


def test_the_address_check_of_django_axes_is_not_silenced(settings: LazySettings) -> None:
    assert "axes.W006" not in settings.SILENCED_SYSTEM_CHECKS
    assert [m.id for m in run_checks() if m.id and m.id.startswith("axes.")] == []
