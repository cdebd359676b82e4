"""Chinese by default; the switch (Django's set_language) turns the interface to English and back."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.test import Client


def test_it_speaks_chinese_even_to_a_browser_that_prefers_english(client: Client) -> None:
    html = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "首页" in html


def test_it_offers_a_post_form_to_switch_to_english(client: Client) -> None:
    html = client.get("/measures/十二/").content.decode()
    form = html[html.index('<form class="language-switch"') : html.index("</form>")]
    assert 'action="/i18n/setlang/"' in form
    assert 'method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="language" value="en"' in form


def test_it_switches_to_english_and_back(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/measures/十二/"})
    assert response.status_code == 302
    assert response["Location"] == "/measures/" + quote("十二") + "/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Flexible Employment Public Service Platform" in html
    assert ">Home</a>" in html
    assert "Social-insurance subsidies for flexible workers" in html
    assert 'name="language" value="zh-hans"' in html

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    html = client.get("/").content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "Flexible Employment Public Service Platform" not in html
    assert ">首页</a>" in html


def test_it_keeps_the_clause_text_in_chinese_in_english(english_client: Client) -> None:
    html = english_client.get("/measures/十二/").content.decode()
    assert "<h2>Clause text</h2>" in html
    assert "Responsible departments" in html
    assert "不低于1/2，不高于2/3" in html  # the law as published
    assert "Measure 12 of 18" in html


def test_it_explains_an_unknown_measure_in_english(english_client: Client) -> None:
    response = english_client.get("/measures/十九/")
    assert response.status_code == 404
    assert "There is no measure “十九”" in response.content.decode()


def test_it_falls_back_to_chinese_for_an_unsupported_language_cookie(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="zh-Hans">' in client.get("/").content.decode()
