"""The public calculator: no login, nothing kept; it asks only what can still change a result, then shows
every measure the person may qualify for, with its amount in yuan and its reasons clause by clause."""

from __future__ import annotations

import datetime as dt
import html
import re
import zoneinfo
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import pytest
import time_machine
from django.conf import LazySettings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from linghuo.audit.models import AuditEntry
from linghuo.policy import engine
from linghuo.policy.explain import yuan
from linghuo.policy.facts import FACTS_BY_NAME, MAXIMA
from linghuo.policy.measures import registry
from linghuo.policy.parameters import load
from linghuo.web import calculator
from tests.web.test_english_pages import chinese_outside_lang_zh

ON = dt.date(2026, 6, 15)
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))

# 十二: "对就业困难人员……从事非全日制等工作，按其实际缴纳社会保险费不低于1/2，不高于2/3给予补贴"
HARD_TO_EMPLOY_PART_TIMER = {
    "employment_form": "part_time",
    "work_division": "320706",
    "birth_date": "1985-05-01",
    "sex": "female",
    "hukou_division": "320706",
    "hard_to_employ_since": "2025-01-01",
    "si_paid_fen": "3000",  # yuan, as typed
    "si_base_is_minimum": "1",
}
EMPLOYEE = {
    "employment_form": "employee",
    "work_division": "320706",
    "birth_date": "1980-01-01",
    "sex": "male",
}


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Walk:
    asked: list[str]
    page: str
    status: int


def _hidden(page: str) -> dict[str, str]:
    return {
        html.unescape(k): html.unescape(v)
        for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


def _answer(page: str, fact: str, script: Mapping[str, str]) -> str | None:
    """The scripted answer, else: no to yes/no, the first option, blank for an optional date, 0."""
    if fact in script:
        return script[fact]
    if f'type="checkbox" name="{fact}"' in page:
        return None
    radio = re.search(rf'type="radio" name="{fact}" value="([^"]*)"', page)
    if radio:
        return radio.group(1)
    if f'type="date" name="{fact}"' in page:
        return ""
    return "0"


def walk(client: Client, script: Mapping[str, str]) -> Walk:
    """Answer every question the calculator asks (from ``script`` where it has the answer)."""
    response = client.get("/calculator/")
    page = response.content.decode()
    asked: list[str] = []
    for _ in range(60):
        hidden = _hidden(page)
        if "shown" not in hidden:
            return Walk(asked, page, response.status_code)
        shown = hidden["shown"].split(",")
        asked += shown
        data = {k: v for k, v in hidden.items() if k != "csrfmiddlewaretoken"}
        for fact in shown:
            value = _answer(page, fact, script)
            if value is not None:
                data[fact] = value
        response = client.post("/calculator/", data)
        assert response.status_code == 200, response.content.decode()[:2000]
        page = response.content.decode()
    raise AssertionError("the questionnaire did not end")


def test_it_asks_the_first_question_to_anyone_without_login(client: Client, db: None) -> None:
    response = client.get("/calculator/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="shown" value="employment_form"' in page
    assert 'type="radio" name="employment_form" value="part_time"' in page
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_questions_asked_depend_on_the_answers(client: Client, db: None) -> None:
    employee = walk(client, EMPLOYEE)
    part_timer = walk(client, HARD_TO_EMPLOY_PART_TIMER)
    # premiums paid are read only by 十二's subsidy, which needs flexible work: never asked of an employee
    assert "si_paid_fen" not in employee.asked
    assert "si_paid_fen" in part_timer.asked
    assert "receiving_unemployment_benefit" not in employee.asked
    assert len(employee.asked) < len(part_timer.asked)
    assert employee.asked[0] == part_timer.asked[0] == "employment_form"


def test_it_never_asks_a_question_twice_nor_an_identity(client: Client, db: None) -> None:
    asked = walk(client, HARD_TO_EMPLOY_PART_TIMER).asked
    assert len(asked) == len(set(asked))
    assert not set(asked) & calculator.NEVER_ASKED


# --- a question it does not ask cannot change any result -------------------------------------------


def _alternatives(fact: str) -> tuple[Any, ...]:
    """Answers to try for a fact not asked: every one where they are few, else a spread of them."""
    finite = calculator.question(fact).finite
    if finite is not None:
        return finite
    kind = FACTS_BY_NAME[fact].kind
    if kind == "date":
        return (None, ON, ON - dt.timedelta(days=200), dt.date(ON.year - 3, 1, 1), dt.date(2000, 2, 29))
    if kind == "money":
        return (0, 150_000, 300_000, 5_000_000)
    counts = (0, 1, 3, 6, 12, 40)
    return tuple(n for n in counts if n <= MAXIMA.get(fact, n))


def _results(answers: Mapping[str, Any]) -> list[tuple[str, bool, Any, Any, Any, Any]]:
    evaluation = engine.evaluate_one(dict(answers), on=ON)
    shown = {m.code for m in registry().values() if m.kind == "person"}
    return [
        (d.code, d.eligible, d.amount_fen, d.amount_min_fen, d.amount_max_fen, d.months)
        for d in evaluation.decisions
        if d.code in shown
    ]


def _complete(script: Mapping[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    while (step := calculator.next_step(answers, on=ON)).questions:
        for q in step.questions:
            answers[q.fact] = script.get(q.fact, _alternatives(q.fact)[0])
    return answers


PROFILES = (
    {"employment_form": "employee", "birth_date": dt.date(1980, 1, 1)},
    {
        "employment_form": "part_time",
        "work_division": "320706",
        "birth_date": dt.date(1985, 5, 1),
        "hard_to_employ_since": dt.date(2025, 1, 1),
        "si_paid_fen": 300_000,
        "si_base_is_minimum": True,
    },
    {
        "employment_form": "individual_business",
        "work_division": "320722",
        "birth_date": dt.date(2000, 2, 29),
        "college_left_on": dt.date(2025, 7, 1),
        "business_kind": "individual_business",
        "business_founded_on": dt.date(2026, 1, 10),
        "registered_unemployed": True,
        "loan_requested_fen": 20_000_000,
        "loan_for_tools": True,
    },
    {"employment_form": "unemployed", "birth_date": dt.date(1972, 8, 8), "sex": "female", "dibao": True},
)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: str(p["employment_form"]))
def test_a_question_it_does_not_ask_cannot_change_any_result(profile: Mapping[str, Any]) -> None:
    answers = _complete(profile)
    before = _results(answers)
    unasked = sorted(calculator.facts_read(ON) - set(answers))
    assert unasked, "every fact was asked: nothing was spared"
    for fact in unasked:
        for value in _alternatives(fact):
            assert _results({**answers, fact: value}) == before, (fact, value)


def test_every_fact_the_measures_read_has_its_own_question() -> None:
    worded = {q.fact for q in calculator.QUESTIONS}
    assert sorted(calculator.facts_read(ON) - worded) == []
    assert not worded & calculator.NEVER_ASKED


# --- the result ------------------------------------------------------------------------------------


def _section(page: str, code: str) -> str:
    start = page.index(f'id="{code}"')
    end = page.find("<section", start)
    return page[start : end if end != -1 else len(page)]


def test_a_hard_to_employ_part_timer_paying_premiums_gets_the_subsidy_in_yuan(
    client: Client, db: None
) -> None:
    page = walk(client, HARD_TO_EMPLOY_PART_TIMER).page
    assert "测算结果" in page
    card = _section(page, "social_insurance_subsidy")
    assert (
        "policy-yes"
        in page[
            page.index('id="social_insurance_subsidy"') - 120 : page.index('id="social_insurance_subsidy"')
        ]
    )
    # the ratio on the minimum base, as its source gives it (2/3 in 2021's city standard)
    ratio = Fraction(load().at(ON).keyed("social_insurance_subsidy.ratio_on_minimum_base")["default"])
    expected = 300_000 * ratio.numerator // ratio.denominator
    assert f"{yuan(expected)} 元" in card  # 2,000.00 元
    assert str(expected) not in card.replace(",", "")[: card.find("policy-basis")]  # never fen
    assert "措施（十二）" in card
    assert 'href="/measures/%E5%8D%81%E4%BA%8C/"' in card
    assert "就业困难人员或离校2年内未就业高校毕业生" in card
    assert "连云港市区灵活就业社保补贴标准" in html.unescape(card)  # the source of the ratio, by its title


def test_the_others_say_the_condition_that_fails(client: Client, db: None) -> None:
    page = walk(client, EMPLOYEE).page
    others = page[page.index("其余政策及未满足的条件") :]
    subsidy = others[others.index('data-measure="social_insurance_subsidy"') :]
    subsidy = subsidy[: subsidy.index("</li>\n      \n")] if "</li>\n      \n" in subsidy else subsidy[:800]
    assert "从事非全日制等灵活就业" in subsidy  # the one condition an employee fails for certain
    assert "申报期内实际缴纳了社会保险费" not in subsidy  # never asked, so never said to fail


def test_it_stores_nothing_and_audits_nothing(client: Client, db: None) -> None:
    audits = AuditEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        walk(client, HARD_TO_EMPLOY_PART_TIMER)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.IGNORECASE) and "linghuo_cache" not in q["sql"]
    ]
    assert writes == []  # the rate-limit counter (the cache table) is the only write, and holds a count
    assert AuditEntry.objects.count() == audits
    assert "sessionid" not in client.cookies


def test_it_keeps_what_was_typed_and_says_what_is_wrong(client: Client, db: None) -> None:
    response = client.post("/calculator/", {"shown": "si_paid_fen", "si_paid_fen": "三千"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="三千"' in page
    assert "请填写金额（元）" in page
    assert 'aria-invalid="true"' in page


def test_it_reads_amounts_in_yuan() -> None:
    assert calculator.parse_answer("si_paid_fen", "3000.5") == 300_050
    assert calculator.parse_answer("monthly_income_fen", "2,480") == 248_000
    with pytest.raises(calculator.AnswerError):
        calculator.parse_answer("si_paid_fen", "0.001")
    with pytest.raises(calculator.AnswerError):
        calculator.parse_answer("si_paid_fen", "-1")


def test_it_refuses_an_identity_slipped_into_the_answers(client: Client, db: None) -> None:
    response = client.post(
        "/calculator/",
        {"a.id_number": "11010519491231002X", "shown": "employment_form", "employment_form": "employee"},
    )
    assert response.status_code == 400
    assert "11010519491231002X" not in response.content.decode()


def test_it_is_rate_limited_like_the_public_api(client: Client, db: None, settings: LazySettings) -> None:
    settings.LINGHUO_THROTTLE_ANONYMOUS_UNITS = 2
    data = {"shown": "employment_form", "employment_form": "employee"}
    assert client.post("/calculator/", data).status_code == 200
    assert client.post("/calculator/", data).status_code == 200
    refused = client.post("/calculator/", data)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "请求过于频繁" in refused.content.decode()


def test_it_speaks_english_to_a_visitor_who_chose_it(english_client: Client, db: None) -> None:
    result = walk(english_client, HARD_TO_EMPLOY_PART_TIMER)
    assert "Your result" in result.page
    assert "CNY 2,000.00" in result.page
    assert chinese_outside_lang_zh(_main(result.page)) == []
    first = english_client.get("/calculator/").content.decode()
    assert "What is your work now?" in first
    assert chinese_outside_lang_zh(_main(first)) == []


def _main(page: str) -> str:
    """The page's own content (the navigation is every page's, checked by test_english_pages)."""
    return page[page.index("<main") : page.index("</main>") + len("</main>")]


def test_it_is_linked_from_the_home_page_and_the_navigation(client: Client, db: None) -> None:
    page = client.get("/").content.decode()
    assert page.count('href="/calculator/"') >= 2
    assert 'href="/calculator/"' in client.get("/measures/十二/").content.decode()
