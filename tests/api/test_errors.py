"""Every API error is JSON in the one documented shape: 422 ``{"detail", "errors": [{"loc", "message_zh",
"message_en"}]}``, any other ``{"detail"}``; integers and dates out of range are a 422, never a 500."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from linghuo.accounts.models import User
from linghuo.api.root import api
from tests.accounts.personas import personas_create

pytestmark = pytest.mark.django_db

ELIGIBILITY = "/api/v1/eligibility"
PERSONS = "/api/v1/registry/persons"


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def assert_problem(response: Any) -> list[dict[str, Any]]:
    """A 422 in the documented shape, each reason in Chinese and English; its errors."""
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert isinstance(body["detail"], str)
    assert " / " in body["detail"]
    assert body["errors"]
    for item in body["errors"]:
        assert set(item) == {"loc", "message_zh", "message_en"}
        assert all(isinstance(part, str) for part in item["loc"])
        assert has_chinese(item["message_zh"])
    errors: list[dict[str, Any]] = body["errors"]
    return errors


def post(client: Client, body: object) -> Any:
    return client.post(ELIGIBILITY, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def caseworker() -> User:
    return personas_create()["caseworker_320706"]


@pytest.mark.parametrize("amount", [2**63, 2**63 - 1, 2**64 + 5])
def test_it_refuses_an_amount_beyond_int64_in_the_facts_with_a_422(amount: int) -> None:
    client = Client(raise_request_exception=False)
    [error] = assert_problem(post(client, {"facts": {"si_paid_fen": amount}}))
    assert error["loc"] == ["facts", "si_paid_fen"]


@pytest.mark.parametrize("offset", ["9223372036854775808", "-1", "abc", "1000000001"])
def test_it_refuses_an_offset_out_of_range_with_a_422(caseworker: User, offset: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    [error] = assert_problem(client.get(PERSONS, {"offset": offset}))
    assert error["loc"] == ["query", "offset"]


@pytest.mark.parametrize("limit", ["0", "201", "9223372036854775808"])
def test_it_refuses_a_page_size_out_of_range_with_a_422(caseworker: User, limit: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    [error] = assert_problem(client.get(PERSONS, {"limit": limit}))
    assert error["loc"] == ["query", "limit"]


def test_it_refuses_a_path_id_beyond_a_64_bit_key_with_a_422(caseworker: User) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    [error] = assert_problem(client.get(f"{PERSONS}/9223372036854775808"))
    assert error["loc"] == ["path", "person_id"]


@pytest.mark.parametrize("on", ["20261203", "2026-W49-4", "9999-12-31"])
def test_it_refuses_an_evaluation_date_not_written_yyyy_mm_dd_or_out_of_range(
    client: Client, on: str
) -> None:
    [error] = assert_problem(post(client, {"facts": {}, "on": on}))
    assert error["loc"] == ["on"]


@pytest.mark.parametrize("birth", ["20261203", "2026-W49-4", "9999-12-31", "1800-01-01"])
def test_it_refuses_a_loose_or_implausible_birth_date_in_the_facts(client: Client, birth: str) -> None:
    [error] = assert_problem(post(client, {"facts": {"birth_date": birth}, "on": "2026-12-03"}))
    assert error["loc"] == ["facts", "birth_date"]


def test_it_refuses_a_birth_date_after_the_evaluation_date(client: Client) -> None:
    [error] = assert_problem(post(client, {"facts": [{"birth_date": "2090-01-01"}], "on": "2026-12-03"}))
    assert error["loc"] == ["facts", "0", "birth_date"]
    assert "晚于 2026-12-03" in error["message_zh"]


@pytest.mark.parametrize("day", ["20261203", "2026-W49-4", "9999-12-31"])
def test_it_refuses_a_loose_date_in_a_membership(caseworker: User, day: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    body = {"kind": "dibao", "valid_from": day}
    response = client.post(f"{PERSONS}/1/memberships", data=json.dumps(body), content_type="application/json")
    [error] = assert_problem(response)
    assert error["loc"] == ["body", "payload", "valid_from"]


def test_it_answers_a_query_that_does_not_validate_in_the_documented_shape(caseworker: User) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    [error] = assert_problem(client.get(PERSONS, {"offset": "abc"}))
    assert error["message_zh"] == "应为整数"
    assert error["message_en"]


def test_it_answers_a_body_that_is_not_json_with_a_400_in_both_languages(client: Client) -> None:
    response = client.post(ELIGIBILITY, data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "请求体不是有效的 JSON / the request body is not valid JSON"}


def test_it_answers_an_unhandled_error_with_a_json_500_and_logs_it(
    caseworker: User, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("linghuo.registry.selectors.persons_for_caseworker", broken)
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    with caplog.at_level(logging.ERROR, logger="linghuo.api"):
        response = client.get(PERSONS)
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "服务器内部错误 / Internal server error"}
    assert "the database went away" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "linghuo.api"]
    assert record.exc_info is not None
    assert "the database went away" in str(record.exc_info[1])


def test_it_answers_401_and_403_with_a_chinese_detail_only(client: Client, caseworker: User) -> None:
    anonymous = client.get(PERSONS)
    assert anonymous.status_code == 401
    assert set(anonymous.json()) == {"detail"}
    assert has_chinese(anonymous.json()["detail"])
    worker = personas_create()["worker"]
    client.force_login(worker)
    forbidden = client.get(PERSONS)
    assert forbidden.status_code == 403
    assert set(forbidden.json()) == {"detail"}


def test_it_answers_a_missing_object_with_a_404_detail(caseworker: User) -> None:
    client = Client()
    client.force_login(caseworker)
    response = client.get(f"{PERSONS}/999999")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


# --- the OpenAPI document --------------------------------------------------------------------------


def document() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, methods in document()["paths"].items()
        for method, operation in methods.items()
    ]


def schema_name(response: dict[str, Any]) -> str:
    ref: str = response["content"]["application/json"]["schema"]["$ref"]
    return ref.rsplit("/", 1)[1]


def test_it_documents_every_error_of_every_operation_in_the_one_shape() -> None:
    for method, path, operation in operations():
        responses = operation["responses"]
        assert "500" in responses, (method, path)
        for status, response in responses.items():
            if int(status) >= 400:
                expected = "ValidationProblem" if status == "422" else "ErrorOut"
                assert schema_name(response) == expected, (method, path, status)


def test_it_documents_401_and_403_on_every_operation_behind_a_login() -> None:
    public = {("get", "/api/v1/"), ("get", "/api/v1/health"), ("get", "/api/v1/registry/commitment")}
    public |= {("post", "/api/v1/eligibility"), ("get", "/api/v1/measures")}
    # the public disclosure (公示) and its objection channel: open to anyone
    public |= {
        ("get", "/api/v1/benefits/disclosure"),
        ("post", "/api/v1/benefits/disclosure/{disclosure_id}/objections"),
    }
    # the gig market's information zone (十三): search and a posting (never its contact), open to anyone
    public |= {("get", "/api/v1/market/postings"), ("get", "/api/v1/market/postings/{posting_id}")}
    for method, path, operation in operations():
        if (method, path) in public:
            assert "401" not in operation["responses"], (method, path)
        else:
            assert {"401", "403"} <= set(operation["responses"]), (method, path)


def test_it_documents_422_on_every_operation_with_a_parameter_and_404_with_a_path_one() -> None:
    for method, path, operation in operations():
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in operation["responses"], (method, path)
        if "{" in path:
            assert "404" in operation["responses"], (method, path)


def test_it_gives_every_schema_its_own_name() -> None:
    schemas = document()["components"]["schemas"]
    seen: dict[str, type] = {}
    for view in (op for router in api._get_bound_routers() for op in router.path_operations.values()):
        for operation in view.operations:
            for model in operation.response_models.values():
                annotation = getattr(model, "model_fields", {}).get("response")
                for cls in _schema_classes(annotation.annotation if annotation else None):
                    assert seen.setdefault(cls.__name__, cls) is cls, f"two schemas named {cls.__name__}"
    assert {"ErrorOut", "ValidationProblem", "OrganisationMemberOut", "MemberOut"} <= set(schemas)
    assert set(schemas["OrganisationMemberOut"]["properties"]) == {"name", "mobile_masked", "member_role"}
    assert set(schemas["MemberOut"]["properties"]) == {"code", "label", "label_en", "clause"}


def _schema_classes(annotation: Any) -> list[type]:
    """Every pydantic model reachable from a response annotation (fields, lists, unions)."""
    from typing import get_args

    from pydantic import BaseModel

    found: list[type] = []
    pending = [annotation]
    visited: set[int] = set()
    while pending:
        current = pending.pop()
        if current is None or id(current) in visited:
            continue
        visited.add(id(current))
        if isinstance(current, type) and issubclass(current, BaseModel):
            found.append(current)
            pending.extend(field.annotation for field in current.model_fields.values())
        pending.extend(get_args(current))
    return found


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[31mred", "\x7f"])
def test_it_refuses_a_control_character_in_a_json_body(client: Client, text: str) -> None:
    [error] = assert_problem(post(client, {"facts": [{"person_id": "p1"}, {"person_id": text}]}))
    assert error["loc"] == ["body", "facts", "1", "person_id"]
    assert error["message_zh"] == "不能包含控制字符"


def test_it_refuses_a_control_character_in_a_json_key(client: Client) -> None:
    [error] = assert_problem(post(client, {"facts": {"bad\x00name": True}}))
    assert error["loc"] == ["body", "facts", "bad\x00name"]


def test_it_refuses_a_control_character_in_a_query(caseworker: User) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    [error] = assert_problem(client.get(PERSONS, {"q": "王\x00"}))
    assert error["loc"] == ["query", "q"]


def test_it_keeps_tabs_and_line_breaks_as_text(client: Client) -> None:
    response = post(client, {"facts": {"person_id": "line one\nline two\ttab\r"}, "on": "2024-03-01"})
    assert response.status_code == 200
