"""Every response carries a strict Content-Security-Policy and a Permissions-Policy; no template has inline
script or style, so the policy needs no exception for them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import linghuo

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(linghuo.__file__).parent.glob("**/templates/**/*.html"))


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: " ".join(part.split()[1:]) for part in policy.split(";") if part.strip()}


def _assert_strict(policy: str) -> None:
    directives = _directives(policy)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-eval" not in policy


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/v1/health", "/api/v1/openapi.json"])
def test_it_sends_a_strict_policy_and_denies_browser_features(path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    _assert_strict(response["Content-Security-Policy"])
    assert _directives(response["Content-Security-Policy"])["style-src"] == "'self'"
    features = dict(item.strip().split("=") for item in response["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_it_sends_the_policy_with_static_files_too() -> None:
    response = Client().get("/static/web/site.css")
    assert response.status_code == 200
    _assert_strict(response["Content-Security-Policy"])


def test_it_lets_only_the_api_docs_page_style_inline_and_still_runs_no_inline_script() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    _assert_strict(policy)
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.DOTALL)
    # the docs page's scripts are files; its one inline block is JSON data, which a browser never runs
    assert all("src=" in attributes or 'type="application/json"' in attributes for attributes, _ in scripts)


def test_it_finds_templates_to_scan() -> None:
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(path.parents[2])))
def test_it_keeps_scripts_and_styles_out_of_the_templates(template: Path) -> None:
    text = template.read_text("utf-8")
    inline_scripts = [
        attributes
        for attributes in re.findall(r"<script\b([^>]*)>", text, flags=re.IGNORECASE)
        if "src=" not in attributes
    ]
    assert inline_scripts == []
    assert re.findall(r"<style\b", text, flags=re.IGNORECASE) == []
    assert re.findall(r"\sstyle\s*=", text, flags=re.IGNORECASE) == []
    assert re.findall(r"\son[a-z]+\s*=", text, flags=re.IGNORECASE) == []
    assert "javascript:" not in text.lower()
