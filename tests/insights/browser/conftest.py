"""The browser fixtures of tests/browser (a phone-sized page on the live server, offline)."""

from tests.browser.conftest import browser, outside_requests, page, playwright, screenshot

__all__ = ["browser", "outside_requests", "page", "playwright", "screenshot"]
