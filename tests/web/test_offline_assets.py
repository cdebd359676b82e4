"""Nothing loads from outside: government intranets are often offline (no CDN, no outside fonts)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.views.defaults import server_error

# A script, stylesheet, image, frame or font taken from an absolute or protocol-relative URL.
EXTERNAL_ASSET = re.compile(
    r"<(?:script|link|img|iframe|source|embed)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
    re.IGNORECASE,
)
EXTERNAL_CSS = re.compile(r"(?:@import\s+(?:url\()?|url\()\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)
STYLESHEET = re.compile(
    r'<link[^>]+rel="stylesheet"[^>]+href="/static/([^"]+)"|<link[^>]+href="/static/([^"]+\.css)"'
)

PAGES = ["/", "/measures/十二/", "/measures/十九/", "/no-such-page/", "/api/v1/docs"]


def test_it_detects_an_external_script_when_there_is_one() -> None:
    assert EXTERNAL_ASSET.search('<script src="https://cdn.example.org/x.js"></script>')
    assert EXTERNAL_ASSET.search("<link rel=stylesheet href=//fonts.example.org/css>")
    assert EXTERNAL_CSS.search("@import url('https://fonts.example.org/css');")
    assert not EXTERNAL_ASSET.search('<script src="/static/ninja/swagger-ui-bundle.js"></script>')


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_it_references_no_external_script_or_style(client: Client, path: str, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(path).content.decode()
    assert "<html" in html
    assert EXTERNAL_ASSET.findall(html) == []
    assert EXTERNAL_CSS.findall(html) == []


def test_the_500_page_references_no_external_asset(rf: RequestFactory) -> None:
    html = server_error(rf.get("/")).content.decode()
    assert EXTERNAL_ASSET.findall(html) == []


@pytest.mark.parametrize("path", ["/", "/api/v1/docs"])
def test_its_stylesheets_are_local_and_import_nothing_from_outside(client: Client, path: str) -> None:
    html = client.get(path).content.decode()
    sheets = [a or b for a, b in STYLESHEET.findall(html)]
    assert sheets, "the page links at least one local stylesheet"
    for sheet in sheets:
        found = finders.find(sheet)
        assert isinstance(found, str), f"{sheet} is served from the project's static files"
        assert EXTERNAL_CSS.findall(Path(found).read_text("utf-8")) == []


def test_the_api_docs_load_their_scripts_from_local_static_files(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in scripts
    assert all(s.startswith("/static/") for s in scripts)
    for script in scripts:
        assert finders.find(script.removeprefix("/static/")) is not None
    # Swagger UI's validator badge would call an outside service.
    assert '"validatorUrl": null' in html
