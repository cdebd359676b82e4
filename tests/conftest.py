"""Shared fixtures: fast password hashing, PostgreSQL/browser requirements, the suite under a frozen date.

``LINGHUO_TEST_TODAY=YYYY-MM-DD`` runs the whole session with the clock set to 10:00 (Asia/Shanghai) on that
day, from before collection to the end (time-machine; the clock ticks on from there), so ``date.today()``,
``timezone.now()`` and ``timezone.localdate()`` all answer that day. ``make pytest`` runs the suite so under
several dates — 1 January, a month's last day, 29 February and a date years ahead — to show that no test
depends on the day it runs (a test that needs "today" sets it itself). Browser tests are left out of those
runs: the browser's clock is the machine's, and cookies set by a server living in another year expire at once.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import LazySettings

FROZEN_TODAY_VARIABLE = "LINGHUO_TEST_TODAY"
_frozen: list[time_machine.travel] = []


def frozen_today() -> dt.date | None:
    """The date the session runs under (``LINGHUO_TEST_TODAY``), or None for the machine's clock."""
    value = os.environ.get(FROZEN_TODAY_VARIABLE, "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise pytest.UsageError(f"{FROZEN_TODAY_VARIABLE}={value!r} is not a date (YYYY-MM-DD)") from exc


def pytest_configure(config: pytest.Config) -> None:
    day = frozen_today()
    if day is None:
        return
    moment = dt.datetime.combine(day, dt.time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    travel = time_machine.travel(moment, tick=True)
    travel.start()
    _frozen.append(travel)


def pytest_unconfigure(config: pytest.Config) -> None:
    while _frozen:
        _frozen.pop().stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    day = frozen_today()
    return (
        None
        if day is None
        else f"clock frozen at {day.isoformat()} 10:00 Asia/Shanghai ({FROZEN_TODAY_VARIABLE})"
    )


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's default language: a page answered in English (LocaleMiddleware
    activates the request's language for the thread) must not leak into the next test."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: LazySettings) -> None:
    # Argon2 is deliberately slow; tests that check the production hasher ask for it explicitly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def require_all() -> bool:
    """When LINGHUO_REQUIRE_ALL=1 (CI), a missing PostgreSQL or browser is a failure, never a skip."""
    return os.environ.get("LINGHUO_REQUIRE_ALL") == "1"
