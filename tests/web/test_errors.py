"""Friendly Chinese error pages."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.views.defaults import server_error


def test_it_answers_an_unknown_address_with_the_chinese_404_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert "您要找的页面不存在" in html
    assert 'href="/"' in html


def test_it_renders_the_chinese_500_page_without_a_request_context(rf: RequestFactory) -> None:
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统繁忙" in html
    assert "连政办发〔2021〕50号" in html
