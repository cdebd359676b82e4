"""Under the Content-Security-Policy the pages still work in a browser: the API docs (Swagger UI, from the
site's own files) draws its operations, and a script slipped into a page is refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_draws_the_api_docs_under_the_policy(page: Page, outside_requests: list[str]) -> None:
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/eligibility").first).to_be_visible()
    assert outside_requests == []


def test_it_refuses_an_inline_script_slipped_into_a_page(page: Page, csp_violations: list[str]) -> None:
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "document.body.dataset.injected = 'ran'";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("document.body.dataset.injected") is None
    assert any("script-src" in message for message in csp_violations)
    csp_violations.clear()  # the refusal was the point of this test
