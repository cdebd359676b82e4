"""The home page lists the policy's 18 measures under its six parts, with each clause's full text."""

from __future__ import annotations

import re

from django.test import Client

from linghuo.policy.clauses import all_clauses

# The six parts as the published text numbers and titles them (连政办发〔2021〕50号).
PARTS = [
    ("一", "拓宽灵活就业渠道"),
    ("二", "优化灵活就业环境"),
    ("三", "提升灵活就业质量"),
    ("四", "保障灵活就业权益"),
    ("五", "加强灵活就业服务"),
    ("六", "强化工作推进实施"),
]


def test_it_serves_the_home_page_in_chinese_by_default(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "灵活就业公共服务平台" in html
    assert response["Content-Language"] == "zh-hans"


def test_it_lists_eighteen_measures_each_collapsible(client: Client) -> None:
    html = client.get("/").content.decode()
    numbers = re.findall(r'<li class="measure" data-measure="([^"]+)">\s*<details>', html)
    assert numbers == [
        "一",
        "二",
        "三",
        "四",
        "五",
        "六",
        "七",
        "八",
        "九",
        "十",
        "十一",
        "十二",
        "十三",
        "十四",
        "十五",
        "十六",
        "十七",
        "十八",
    ]


def test_it_shows_every_clause_title_and_full_text(client: Client) -> None:
    html = client.get("/").content.decode()
    for clause in all_clauses():
        assert f"（{clause.number}）" in html
        assert clause.title in html
        assert clause.text in html


def test_it_quotes_clause_twelve_as_published(client: Client) -> None:
    # 十二 as published: the subsidy is "不低于1/2，不高于2/3" of the premiums actually paid.
    html = client.get("/").content.decode()
    assert "落实灵活就业社保补贴" in html
    assert "不低于1/2，不高于2/3" in html


def test_it_groups_the_measures_under_the_six_parts_in_order(client: Client) -> None:
    html = client.get("/").content.decode()
    headings = re.findall(r'<h2 id="part-([^"]+)">([^<]*)</h2>', html)
    assert [(n, title.removeprefix(f"{n}、")) for n, title in headings] == PARTS
    # 十 (规范灵活就业劳动关系) opens part 四 and 十五 closes part 五, as in the text.
    part_four = html[html.index('id="part-四"') : html.index('id="part-五"')]
    assert 'data-measure="十"' in part_four
    assert 'data-measure="十五"' not in part_four


def test_it_links_each_measure_to_its_page(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/measures/%E5%8D%81%E4%BA%8C/"' in html  # /measures/十二/


def test_it_cites_the_policy_number_in_the_footer(client: Client) -> None:
    html = client.get("/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert "连政办发〔2021〕50号" in footer
