"""Registry pages on a phone: the caseworker's person list as cards in pages, a person's policies, a worker's
own policies, and the English navigation of each role."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Locator, Page, expect

from linghuo.registry.models import Person
from linghuo.registry.views import PERSONS_PER_PAGE
from tests.accounts.personas import PERSONA_PASSWORD, personas_create
from tests.registry.helpers import id_number, person_in, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORKER = "13900000001"
CASEWORKER_320706 = "13900000003"


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the phone's screen (0 when it fits).

    Measured once the page has loaded with its stylesheets: a DOM that is ready before its CSS is applied
    shows the unstyled table's width."""
    page.wait_for_load_state("load")
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def cell_label(cell: Locator) -> str:
    """The label a stacked table shows before a cell's value (its ``::before`` content)."""
    content = str(cell.evaluate("el => getComputedStyle(el, '::before').content"))
    return content.strip('"') if content.startswith('"') else ""


def log_in(page: Page, mobile: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("手机号").fill(mobile)
    page.get_by_label("密码").fill(PERSONA_PASSWORD)
    page.locator("main form button[type=submit]").click()  # the header's language switch is a submit too
    expect(page.locator(".nav-user")).to_be_visible()


NUMERALS = "〇一二三四五六七八九"  # names take no digits


def numbered(name: str, number: int) -> str:
    """``name`` and a number in Chinese numerals: ``numbered("张三", 57)`` → ``"张三〇五七"``."""
    return name + "".join(NUMERALS[int(digit)] for digit in f"{number:03d}")


def people(name: str, count: int, *, first_sequence: int) -> list[Person]:
    """``count`` people of 海州区 named ``name`` and a number (张三〇〇一, 张三〇〇二, …)."""
    return [
        person_in("320706", sequence=first_sequence + i, name=numbered(name, i + 1)) for i in range(count)
    ]


def test_the_person_list_is_a_stack_of_cards_that_fits_a_phone(
    page: Page, screenshot: Callable[[str], Path | None]
) -> None:
    personas_create()
    people("张三", 12, first_sequence=1)
    log_in(page, CASEWORKER_320706)
    page.goto("/registry/persons/")
    rows = page.locator("table.person-table tbody tr")
    expect(rows).to_have_count(12)
    assert horizontal_overflow(page) <= 0
    headings = page.locator("table.person-table thead").bounding_box()
    assert headings is not None
    assert headings["width"] <= 1  # column headings give way to labels in each card
    first = rows.first.bounding_box()
    assert first is not None
    assert first["width"] <= 390
    assert first["height"] > 60  # a card, not a thin row
    assert cell_label(rows.first.locator("td").nth(1)) == "身份证号"  # each value labelled inside its card
    expect(rows.first).to_contain_text("3207**********")
    assert id_number("320706", "19880808", 1) not in page.content()  # masked only
    screenshot("registry-person-list-phone")


def test_it_pages_the_person_list_and_keeps_the_search(
    page: Page, screenshot: Callable[[str], Path | None]
) -> None:
    personas_create()
    people("张三", PERSONS_PER_PAGE + 7, first_sequence=1)
    people("李四", 5, first_sequence=200)
    log_in(page, CASEWORKER_320706)
    page.goto("/registry/persons/")
    page.get_by_role("searchbox").fill("张三")
    page.get_by_role("button", name="查询").click()
    rows = page.locator("table.person-table tbody tr")
    expect(rows).to_have_count(PERSONS_PER_PAGE)
    expect(page.locator(".list-status")).to_contain_text(f"找到 {PERSONS_PER_PAGE + 7} 人")
    expect(page.locator(".pagination")).to_contain_text("第 1 / 2 页")
    assert horizontal_overflow(page) <= 0

    first_page = rows.locator("td.card-title").all_inner_texts()

    page.locator(".pagination").get_by_role("link", name="下一页").click()
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["张三"], "page": ["2"]}
    expect(rows).to_have_count(7)
    expect(page.locator(".pagination")).to_contain_text("第 2 / 2 页")
    second_page = rows.locator("td.card-title").all_inner_texts()
    everyone = {numbered("张三", n) for n in range(1, PERSONS_PER_PAGE + 8)}
    assert sorted(first_page + second_page) == sorted(everyone)  # each once, and no 李四
    screenshot("registry-person-list-page-2-phone")
    assert horizontal_overflow(page) <= 0

    page.locator(".pagination").get_by_role("link", name="上一页").click()
    expect(rows).to_have_count(PERSONS_PER_PAGE)
    assert rows.locator("td.card-title").all_inner_texts() == first_page


def test_a_caseworker_opens_a_persons_policies_from_the_person_page(page: Page) -> None:
    personas_create()
    person = person_in("320706", name="孙可享")
    register(person)
    log_in(page, CASEWORKER_320706)
    page.goto(f"/registry/persons/{person.pk}/")
    assert horizontal_overflow(page) <= 0
    page.get_by_role("link", name="可享政策").click()
    expect(page.get_by_role("heading", name="孙可享的可享政策")).to_be_visible()
    assert page.url.endswith(f"/registry/persons/{person.pk}/policies/")
    expect(page.locator(".policy-summary")).to_contain_text("该人员可享受")
    assert horizontal_overflow(page) <= 0


def test_my_policies_fit_a_phone_with_the_unmet_ones_folded(
    page: Page, screenshot: Callable[[str], Path | None]
) -> None:
    users = personas_create()
    register(person_in("320706", name="王灵工", account=users["worker"]))
    log_in(page, WORKER)
    page.get_by_role("link", name="我的政策", exact=True).click()  # the menu's, not the home card
    expect(page.get_by_role("heading", name="我的政策", exact=True)).to_be_visible()
    unmet = page.locator("details.policy-others")
    expect(unmet.locator("section.policy-no").first).to_be_hidden()
    assert horizontal_overflow(page) <= 0
    screenshot("registry-my-policies-phone")
    unmet.locator("> summary").click()
    expect(unmet.locator("section.policy-no").first).to_be_visible()
    expect(unmet.locator(".conditions .failed").first).to_contain_text("未满足")
    assert horizontal_overflow(page) <= 0


@pytest.mark.parametrize(
    ("mobile", "chinese", "english"),
    [
        (WORKER, ["我的政策", "我的登记"], ["My policies", "My registration"]),
        (CASEWORKER_320706, ["人员", "抽查", "统计"], ["People", "Spot checks", "Statistics"]),
        ("13900000002", ["我的单位"], ["My organisation"]),
    ],
)
def test_the_english_switch_shows_english_nav_labels(
    page: Page, mobile: str, chinese: list[str], english: list[str]
) -> None:
    personas_create()
    log_in(page, mobile)
    nav = page.get_by_role("navigation", name="主导航")
    for label in chinese:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    page.get_by_role("button", name="English").click()
    nav = page.get_by_role("navigation", name="Main navigation")
    for label in [*english, "Home"]:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    for label in chinese:
        expect(nav.get_by_role("link", name=label, exact=True)).to_have_count(0)
    assert horizontal_overflow(page) <= 0


def test_the_person_list_reads_in_english(page: Page) -> None:
    personas_create()
    people("张三", 3, first_sequence=1)
    log_in(page, CASEWORKER_320706)
    page.get_by_role("button", name="English").click()
    page.goto("/registry/persons/")
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    expect(page.locator(".list-status")).to_have_text("3 people")
    assert cell_label(page.locator("table.person-table tbody tr").first.locator("td").nth(1)) == "ID number"
    expect(page.get_by_role("button", name="Search")).to_be_visible()
    assert horizontal_overflow(page) <= 0
