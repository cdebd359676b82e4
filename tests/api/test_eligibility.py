"""``POST /api/v1/eligibility`` and ``GET /api/v1/measures``: the rules engine over HTTP, public."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from linghuo.policy.engine import evaluate_many, rules_version
from linghuo.policy.measures import person_measures, registry

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibility"
WORKER = {
    "person_id": "p1",
    "employment_form": "platform",
    "work_division": "320706",
    "monthly_income_fen": 300_000,
    "social_insurance_enrolled": True,
}
DECISION_KEYS = {
    "code",
    "clause",
    "eligible",
    "amount_fen",
    "amount_min_fen",
    "amount_max_fen",
    "months",
    "conditions",
    "explanation_zh",
    "explanation_en",
    "unconfirmed_parameters",
}


def post(client: Client, body: object) -> Any:
    return client.post(URL, data=json.dumps(body), content_type="application/json")


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_it_answers_one_object_in_the_clis_shape(client: Client) -> None:
    response = post(client, {"facts": WORKER, "on": "2024-03-01"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"rules_version", "evaluated_on", "results"}
    assert body["rules_version"] == rules_version()
    assert body["evaluated_on"] == "2024-03-01"
    [result] = body["results"]
    assert result["person_id"] == "p1"
    assert [m["code"] for m in result["measures"]] == [m.code for m in person_measures()]
    assert all(set(m) == DECISION_KEYS for m in result["measures"])
    counted = next(m for m in result["measures"] if m["code"] == "new_urban_employment")
    assert counted["eligible"] is True
    assert {c["code"] for c in counted["conditions"]} >= {"insured", "income_at_least_minimum_wage"}
    assert set(counted["conditions"][0]) == {"code", "label", "clause", "passed"}


def test_it_answers_exactly_what_the_engine_decides_for_a_list(client: Client) -> None:
    people = [WORKER, {**WORKER, "person_id": "p2", "social_insurance_enrolled": False}]
    body = post(client, {"facts": people, "on": "2024-03-01"}).json()
    expected = evaluate_many(people, on=datetime.date(2024, 3, 1))
    assert body["results"] == [json.loads(json.dumps(e.as_dict())) for e in expected]
    second = next(m for m in body["results"][1]["measures"] if m["code"] == "new_urban_employment")
    assert second["eligible"] is False


def test_it_evaluates_on_today_by_default(client: Client) -> None:
    body = post(client, {"facts": {"person_id": "p1"}}).json()
    assert body["evaluated_on"] == datetime.date.today().isoformat()


def test_a_bad_fact_is_refused_in_chinese_and_english(client: Client) -> None:
    response = post(client, {"facts": {"si_paid_fen": -1, "employment_form": "gig"}, "on": "2024-03-01"})
    assert response.status_code == 422
    body = response.json()
    assert has_chinese(body["detail"])
    by_fact = {tuple(e["loc"]): e for e in body["errors"]}
    assert by_fact[("facts", "si_paid_fen")]["message_zh"] == "金额不能为负数"
    assert by_fact[("facts", "si_paid_fen")]["message_en"] == "an amount cannot be negative"
    assert ("facts", "employment_form") in by_fact


def test_a_bad_fact_in_a_list_names_the_person(client: Client) -> None:
    response = post(client, {"facts": [WORKER, {"person_id": "p9", "dibao": "yes"}], "on": "2024-03-01"})
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["facts", "p9.dibao"]]


def test_a_date_before_the_policy_is_refused(client: Client) -> None:
    response = post(client, {"facts": WORKER, "on": "2021-11-07"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert "2021-11-08" in detail
    assert "早于政策施行日期" in detail
    assert post(client, {"facts": WORKER, "on": "2021-11-08"}).status_code == 200


@pytest.mark.parametrize("on", ["2024-02-30", "01/03/2024", 20240301])
def test_a_date_that_is_not_a_date_is_refused(client: Client, on: object) -> None:
    response = post(client, {"facts": WORKER, "on": on})
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["on"]
    assert "YYYY-MM-DD" in response.json()["detail"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, "缺少 facts"),
        ({"facts": []}, "空数组"),
        ({"facts": [WORKER, 3]}, "第2条不是对象"),
        ({"facts": [WORKER] * 201}, "一次最多评估200人"),  # without login (tests/api/test_rate_limit.py)
    ],
)
def test_a_request_without_usable_facts_is_refused(client: Client, body: object, words: str) -> None:
    response = post(client, body)
    assert response.status_code == 422
    assert words in response.json()["detail"]


def test_it_needs_no_login(client: Client) -> None:
    assert post(client, {"facts": WORKER, "on": "2024-03-01"}).status_code == 200
    assert client.get("/api/v1/measures").status_code == 200


def test_it_lists_every_measure_with_conditions_and_sourced_parameters(client: Client) -> None:
    body = client.get("/api/v1/measures", {"on": "2024-03-01"}).json()
    assert [m["code"] for m in body] == list(registry())
    counted = next(m for m in body if m["code"] == "new_urban_employment")
    assert counted["clause"] == "十五"
    assert counted["title"] == "纳入城镇新增就业统计"
    assert [c["code"] for c in counted["conditions"]] == [
        "flexible_worker",
        "works_in_city",
        "income_at_least_minimum_wage",
        "insured",
    ]
    wage = next(p for p in counted["parameters"] if p["name"] == "minimum_wage.monthly")
    assert wage["reference"]["title"]
    assert wage["confidence"] in {"A", "B", "C", "unconfirmed"}
    assert wage["effective_from"] <= "2024-03-01"


def test_the_measures_list_refuses_a_date_before_the_policy(client: Client) -> None:
    response = client.get("/api/v1/measures", {"on": "2020-01-01"})
    assert response.status_code == 422
    assert has_chinese(response.json()["detail"])
