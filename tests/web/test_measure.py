"""A page per measure: its clause and responsible departments; indexes redirect; unknown numbers are 404."""

from __future__ import annotations

from urllib.parse import quote

from django.test import Client


def test_it_shows_measure_twelve_with_its_text_and_departments(client: Client) -> None:
    response = client.get("/measures/十二/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "落实灵活就业社保补贴" in html
    assert "大数据比对" in html  # 十二: "通过大数据比对……"
    # 十二 names 市财政局、市人社局 as responsible.
    assert "<li>市财政局</li>" in html
    assert "<li>市人社局</li>" in html


def test_it_lists_the_departments_of_measure_fifteen_in_the_order_of_the_text(client: Client) -> None:
    html = client.get("/measures/十五/").content.decode()
    departments = html[html.index('<ul class="departments"') : html.index("</ul>", html.index("departments"))]
    assert departments.index("市人社局") < departments.index("市统计局") < departments.index("国调队")


def test_it_splits_the_county_governments_from_the_city_departments(client: Client) -> None:
    # 四: "……市市场监管局和各县区政府、功能板块管委会按职责分工负责"
    html = client.get("/measures/四/").content.decode()
    assert "<li>市市场监管局</li>" in html
    assert "<li>各县区政府</li>" in html
    assert "<li>功能板块管委会</li>" in html


def test_it_redirects_an_index_to_the_measure_number(client: Client) -> None:
    response = client.get("/measures/12/")
    assert response.status_code == 302
    assert response["Location"] == "/measures/" + quote("十二") + "/"


def test_it_redirects_index_one_and_eighteen(client: Client) -> None:
    assert client.get("/measures/1/")["Location"] == "/measures/" + quote("一") + "/"
    assert client.get("/measures/18/")["Location"] == "/measures/" + quote("十八") + "/"


def test_it_answers_404_in_chinese_for_an_unknown_measure(client: Client) -> None:
    response = client.get("/measures/十九/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "没有第（十九）条措施" in html
    assert "页面不存在" in html


def test_it_answers_404_for_index_zero_and_nineteen(client: Client) -> None:
    assert client.get("/measures/0/").status_code == 404
    assert client.get("/measures/19/").status_code == 404


def test_it_links_to_the_previous_and_next_measures(client: Client) -> None:
    html = client.get("/measures/十二/").content.decode()
    assert 'rel="prev" href="/measures/' + quote("十一") + '/"' in html
    assert 'rel="next" href="/measures/' + quote("十三") + '/"' in html


def test_it_has_no_previous_link_on_the_first_measure(client: Client) -> None:
    html = client.get("/measures/一/").content.decode()
    assert 'rel="prev"' not in html
    assert 'rel="next"' in html


def test_it_escapes_a_hostile_measure_number(client: Client) -> None:
    response = client.get("/measures/<script>alert(1)<%2Fscript>/")
    assert response.status_code == 404
    assert b"<script>alert" not in response.content
