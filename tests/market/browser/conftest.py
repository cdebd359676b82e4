"""The browser fixtures of tests/browser (a phone-sized page on the live server, offline)."""

from tests.browser.conftest import browser, csp_violations, outside_requests, page, playwright, screenshot

__all__ = ["browser", "csp_violations", "outside_requests", "page", "playwright", "screenshot"]
