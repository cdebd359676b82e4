"""Browser tests: Debian's chromium driven by Playwright's sync API against pytest-django's live server.

Fixtures:

- ``page``: a fresh browser context (no cookies, own storage) on a phone-sized viewport (390×844) whose
  ``base_url`` is the live server, so ``page.goto("/")`` opens the home page. Call
  ``page.set_viewport_size(...)`` for a desktop size.
- ``outside_requests``: every request the page tried to send anywhere but the live server; such requests
  are aborted (the platform must work on an offline intranet).
- ``screenshot(name)``: saves a full-page PNG to ``$LINGHUO_SCREENSHOT_DIR`` when that is set.
- ``csp_violations``: what the browser refused under the site's Content-Security-Policy (its console
  errors); a test whose page broke the policy fails at teardown.

The browser is ``$LINGHUO_CHROMIUM`` (default ``/usr/bin/chromium``), never one Playwright downloads. If it
is missing the tests skip, or fail when ``LINGHUO_REQUIRE_ALL=1`` (CI). Mark browser tests with
``@pytest.mark.browser``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Route,
    ViewportSize,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from tests.conftest import require_all

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 390, "height": 844}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


def chromium_path() -> Path:
    """The chromium the tests drive: ``$LINGHUO_CHROMIUM``, else Debian's ``/usr/bin/chromium``."""
    return Path(os.environ.get("LINGHUO_CHROMIUM") or "/usr/bin/chromium")


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync driver, for the browser tests only.

    Its event loop stays set in the test thread while it runs, and Django's ORM refuses to run beside a
    running loop unless told the thread is synchronous (which it is): DJANGO_ALLOW_ASYNC_UNSAFE is set for
    these tests alone and removed afterwards, so no other test (nor a subprocess it starts) inherits it.
    """
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as driver:
            yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """One headless chromium for the browser tests; Playwright gives each launch a fresh user-data-dir."""
    executable = chromium_path()
    if not (executable.is_file() and os.access(executable, os.X_OK)):
        reason = f"chromium not found at {executable} (set LINGHUO_CHROMIUM or apt-get install chromium)"
        if require_all():
            pytest.fail(f"LINGHUO_REQUIRE_ALL=1: {reason}")
        pytest.skip(reason)
    browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def outside_requests() -> list[str]:
    """URLs the page tried to fetch from anywhere but the live server (each was aborted)."""
    return []


@pytest.fixture
def csp_violations() -> list[str]:
    """The browser's Content-Security-Policy refusals on the page (console errors)."""
    return []


@pytest.fixture
def page(
    browser: Browser, live_server: LiveServer, outside_requests: list[str], csp_violations: list[str]
) -> Iterator[Page]:
    """A fresh phone-sized page in its own context, with the live server as ``base_url``; at the end, no
    Content-Security-Policy refusal may have been logged."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, locale="zh-CN")

    def keep_local(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", keep_local)
    page = context.new_page()

    def note_refusal(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            csp_violations.append(message.text)

    page.on("console", note_refusal)
    yield page
    context.close()
    assert csp_violations == [], "the page broke the Content-Security-Policy"


@pytest.fixture
def screenshot(page: Page) -> Callable[[str], Path | None]:
    """``screenshot(name)`` saves a full-page PNG to ``$LINGHUO_SCREENSHOT_DIR`` when it is set."""

    def take(name: str) -> Path | None:
        folder = os.environ.get("LINGHUO_SCREENSHOT_DIR")
        if not folder:
            return None
        path = Path(folder) / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path, full_page=True)
        return path

    return take
