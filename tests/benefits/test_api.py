"""The benefits API: the applicant's one-tap accept, the maker-checker decisions, refusals in Chinese."""

from __future__ import annotations

from typing import Any

from django.test import Client

from linghuo.accounts.models import User
from linghuo.api.root import api
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.registry.models import Person
from tests.benefits.conftest import own_account
from tests.insights.conftest import ON


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def _accepted(people: dict[str, Person]) -> tuple[Client, int]:
    screening_run_execute(screening_run_create(on=ON, actor=None))
    worker = _client(own_account(people["subsidised"]))
    offers = worker.get("/api/v1/benefits/offers").json()
    assert [(o["measure"], o["status"]) for o in offers] == [("social_insurance_subsidy", "open")]
    first = _post(worker, f"/api/v1/benefits/offers/{offers[0]['id']}/accept")
    second = _post(worker, f"/api/v1/benefits/offers/{offers[0]['id']}/accept")
    assert first.status_code == second.status_code == 200
    assert first.json()["id"] == second.json()["id"]
    return worker, first.json()["id"]


def test_a_worker_accepts_an_offer_with_one_tap_and_sees_the_case(people: dict[str, Person]) -> None:
    worker, case_id = _accepted(people)
    mine = worker.get("/api/v1/benefits/cases/mine").json()
    assert [(c["id"], c["state"]) for c in mine] == [(case_id, "submitted")]


def test_the_preparer_is_refused_the_approval_and_a_reviewer_approves(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    _, case_id = _accepted(people)
    maker = _client(personas["caseworker_320706"])
    assert maker.get("/api/v1/benefits/queue").json()[0]["id"] == case_id
    assert _post(maker, f"/api/v1/benefits/cases/{case_id}/prepare").status_code == 200
    refused = _post(maker, f"/api/v1/benefits/cases/{case_id}/approve")
    assert refused.status_code == 403
    assert "初审人不能批准" in refused.json()["detail"]
    approved = _post(_client(personas["reviewer"]), f"/api/v1/benefits/cases/{case_id}/approve")
    assert approved.status_code == 200
    assert approved.json()["state"] == "approved"


def test_a_rejection_without_a_reason_is_a_422_and_with_one_the_applicant_reads_it(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    worker, case_id = _accepted(people)
    _post(_client(personas["caseworker_320706"]), f"/api/v1/benefits/cases/{case_id}/prepare")
    reviewer = _client(personas["reviewer"])
    url = f"/api/v1/benefits/cases/{case_id}/reject"
    empty = _post(reviewer, url, {"reason_zh": "", "reason_en": ""})
    assert empty.status_code == 422
    assert "理由" in empty.json()["detail"]
    reason = {"reason_zh": "缴费记录与社保经办机构不一致", "reason_en": "the premiums do not match"}
    assert _post(reviewer, url, reason).status_code == 200
    mine = worker.get("/api/v1/benefits/cases/mine").json()[0]
    assert (mine["state"], mine["rejection_reason_zh"], mine["rejection_reason_en"]) == (
        "rejected",
        "缴费记录与社保经办机构不一致",
        "the premiums do not match",
    )


def test_a_caseworker_of_another_district_does_not_find_the_case(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    _, case_id = _accepted(people)
    other = _client(personas["caseworker_320722"])
    assert _post(other, f"/api/v1/benefits/cases/{case_id}/prepare").status_code == 404
    assert other.get("/api/v1/benefits/queue").json() == []


PUBLIC_PATHS = ("/api/v1/benefits/disclosure", "/api/v1/benefits/disclosure/{disclosure_id}/objections")


def test_every_benefits_endpoint_is_in_the_openapi_document_with_its_errors() -> None:
    schema = api.get_openapi_schema()["paths"]
    paths = {p: ops for p, ops in schema.items() if "/benefits/" in p and p not in PUBLIC_PATHS}
    assert len(paths) == 14
    for path in PUBLIC_PATHS:  # anyone may call them: no 401/403, but throttled (429)
        for operation in schema[path].values():
            assert {422, 429, 500} <= {int(status) for status in operation["responses"]}
    for operations in paths.values():
        for operation in operations.values():
            assert {401, 403, 500} <= {int(status) for status in operation["responses"]}
