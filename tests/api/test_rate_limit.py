"""The public rules endpoints' work budget: persons per request, and units per client and window (429)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import LazySettings
from django.core.cache import cache
from django.test import Client

from linghuo.accounts.models import Role, User
from linghuo.accounts.services import user_create
from linghuo.policy import engine
from linghuo.policy.measures import person_measures

pytestmark = pytest.mark.django_db

URL = "/api/v1/eligibility"
MEASURES = "/api/v1/measures"
ON = "2024-03-01"
WORKER = {
    "employment_form": "platform",
    "work_division": "320706",
    "monthly_income_fen": 300_000,
    "social_insurance_enrolled": True,
}
# 10:00:10 on a day: the minute's window has 50 seconds left.
START = dt.datetime(2026, 12, 3, 10, 0, 10, tzinfo=dt.UTC)
PROXY = "192.0.2.1"  # addresses from the documentation ranges (RFC 5737, RFC 3849)


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def budget(settings: LazySettings) -> LazySettings:
    settings.LINGHUO_THROTTLE_WINDOW_SECONDS = 60
    settings.LINGHUO_THROTTLE_ANONYMOUS_UNITS = 10
    settings.LINGHUO_API_MAX_PERSONS_ANONYMOUS = 5
    settings.LINGHUO_THROTTLE_USER_UNITS = 30
    settings.LINGHUO_API_MAX_PERSONS = 20
    settings.LINGHUO_THROTTLE_MEASURES_UNITS = 4
    settings.LINGHUO_TRUSTED_PROXIES = []
    return settings


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def post(client: Client, persons: int, **meta: Any) -> Any:
    body = {"facts": [{**WORKER, "person_id": f"p{i}"} for i in range(persons)], "on": ON}
    return client.post(URL, data=json.dumps(body), content_type="application/json", **meta)


def test_it_refuses_a_client_past_its_budget_with_429_retry_after_and_a_message(
    client: Client, clock: time_machine.Traveller
) -> None:
    assert post(client, 5).status_code == 200
    assert post(client, 5).status_code == 200
    refused = post(client, 1)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"
    assert refused["Content-Type"].startswith("application/json")
    assert refused.json() == {"detail": "请求过于频繁，请在 50 秒后重试 / Too many requests, retry in 50 s"}


def test_it_answers_again_when_the_window_has_passed(client: Client, clock: time_machine.Traveller) -> None:
    post(client, 5)
    post(client, 5)
    clock.shift(dt.timedelta(seconds=49))
    assert post(client, 1)["Retry-After"] == "1"
    clock.shift(dt.timedelta(seconds=1))
    assert post(client, 5).status_code == 200


def test_a_refused_request_costs_nothing(client: Client, clock: time_machine.Traveller) -> None:
    post(client, 4)
    post(client, 4)
    assert post(client, 3).status_code == 429  # 8 + 3 > 10
    assert post(client, 2).status_code == 200  # 8 + 2


def test_each_address_has_a_budget_of_its_own(client: Client, clock: time_machine.Traveller) -> None:
    post(client, 5, REMOTE_ADDR="198.51.100.7")
    post(client, 5, REMOTE_ADDR="198.51.100.7")
    assert post(client, 1, REMOTE_ADDR="198.51.100.7").status_code == 429
    assert post(client, 5, REMOTE_ADDR="198.51.100.8").status_code == 200


def test_it_ignores_x_forwarded_for_unless_the_proxy_is_trusted(
    client: Client, clock: time_machine.Traveller
) -> None:
    for i in range(2):
        post(client, 5, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    assert post(client, 1, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429


def test_it_takes_the_client_from_x_forwarded_for_behind_a_trusted_proxy(
    client: Client, clock: time_machine.Traveller, budget: LazySettings
) -> None:
    budget.LINGHUO_TRUSTED_PROXIES = ["192.0.2.0/28"]

    def via_proxy(persons: int, forwarded: str) -> int:
        return int(post(client, persons, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).status_code)

    # the proxy appends the address it saw; what the client wrote to the left changes nothing
    assert via_proxy(5, "10.1.1.1, 203.0.113.9") == 200
    assert via_proxy(5, "10.2.2.2, 203.0.113.9") == 200
    assert via_proxy(1, "203.0.113.9, 192.0.2.2") == 429  # a second trusted hop is skipped
    assert via_proxy(5, "203.0.113.10") == 200


def test_an_ipv6_client_counts_as_its_slash_64(client: Client, clock: time_machine.Traveller) -> None:
    post(client, 5, REMOTE_ADDR="2001:db8:1:2::1")
    post(client, 5, REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert post(client, 1, REMOTE_ADDR="2001:db8:1:2::abcd").status_code == 429
    assert post(client, 1, REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


@pytest.fixture
def worker() -> User:
    return user_create(mobile="13812345678", password="correct-horse-连云港", name="王灵工", role=Role.WORKER)


def test_a_request_without_login_holds_fewer_persons(client: Client, worker: User) -> None:
    refused = post(client, 6)
    assert refused.status_code == 422
    assert "一次最多评估5人" in refused.json()["detail"]
    client.force_login(worker)
    assert post(client, 6).status_code == 200
    assert "一次最多评估20人" in post(client, 21).json()["detail"]


def test_a_logged_in_user_is_counted_by_account_not_address(
    client: Client, worker: User, clock: time_machine.Traveller
) -> None:
    post(client, 5)
    post(client, 5)
    assert post(client, 1).status_code == 429  # the address's anonymous budget is spent
    client.force_login(worker)
    assert post(client, 20).status_code == 200
    assert post(client, 10, REMOTE_ADDR="198.51.100.8").status_code == 200  # 30: the account's, any address
    assert post(client, 1, REMOTE_ADDR="198.51.100.9").status_code == 429


def test_the_measures_list_spends_the_same_budget(client: Client, clock: time_machine.Traveller) -> None:
    assert client.get(MEASURES, {"on": ON}).status_code == 200
    assert client.get(MEASURES, {"on": ON}).status_code == 200
    assert post(client, 3).status_code == 429  # 4 + 4 + 3 > 10
    assert post(client, 2).status_code == 200
    refused = client.get(MEASURES, {"on": ON})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"


def test_the_counters_are_kept_where_every_web_process_sees_them() -> None:
    from django.conf import settings

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_the_429_is_in_the_api_document(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "429" in paths["/api/v1/eligibility"]["post"]["responses"]
    assert "429" in paths["/api/v1/measures"]["get"]["responses"]


def test_a_batch_of_alike_persons_builds_each_decision_once(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real = engine._decision

    def counting(cm: engine.CompiledMeasure, row: Any, params: Any) -> engine.Decision:
        built.append(cm.measure.code)
        return real(cm, row, params)

    monkeypatch.setattr(engine, "_decision", counting)
    on = dt.date(2024, 3, 1)
    alike = [{**WORKER, "person_id": f"p{i}"} for i in range(1000)]
    other = {**WORKER, "person_id": "x", "monthly_income_fen": 100_000}  # below the minimum wage
    results = engine.evaluate_many([*alike, other], on=on)
    measures = len(person_measures())
    assert measures < len(built) <= 2 * measures  # the alike ones once, the other one at most once more
    one = engine.evaluate_one(alike[0], on=on).as_dict()["measures"]
    assert all(r.as_dict()["measures"] == one for r in results[:1000])
    assert [r.person_id for r in results[:3]] == ["p0", "p1", "p2"]
    assert results[-1].as_dict() == engine.evaluate_one(other, on=on).as_dict()
    assert results[0].decision("new_urban_employment").eligible is True
    assert results[-1].decision("new_urban_employment").eligible is False
