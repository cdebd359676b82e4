from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from linghuo import personal_data
from linghuo.accounts.models import User
from linghuo.registry import commitment
from linghuo.registry.models import EmploymentRegistration, GroupMembership
from tests.registry.helpers import id_number, identity_confirmed, person_in

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_worker_registers_reads_and_ends_through_the_api(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    client = _client(personas["worker"])
    shown = client.get("/api/v1/registry/commitment").json()
    assert shown["version"] == commitment.COMMITMENT_VERSION
    assert shown["employment_forms"]["platform"] == "新就业形态（平台就业）"
    body = {
        "place_kind": "work",
        "place_division": "320722",
        "employment_form": "individual_business",
        "commitment_version": shown["version"],
        "monthly_income_fen": 420000,
        "name": "王灵工",
        "id_number": id_number("320707", "19930303", 41),
    }
    submitted = _post(client, "/api/v1/registry/registrations", body)
    assert submitted.status_code == 202, submitted.content
    assert submitted.json() == {
        "status": "pending_verification",
        "detail": "提交成功，待核验 / submitted, pending verification",
    }
    assert client.get("/api/v1/registry/registrations/mine").status_code == 404
    identity_confirmed(personas["caseworker_320722"], personas["worker"])  # registered in 东海县
    again = _post(client, "/api/v1/registry/registrations", body)
    assert again.status_code == 400
    assert "已有有效的就业登记" in again.json()["detail"]
    mine = client.get("/api/v1/registry/registrations/mine").json()
    assert mine["employment_form_label"] == "个体经营"
    assert mine["id"] == EmploymentRegistration.objects.get().pk
    ended = _post(client, "/api/v1/registry/registrations/mine/end", {"reason": "停业"})
    assert ended.json()["ended_on"] is not None
    assert client.get("/api/v1/registry/registrations/mine").status_code == 404
    assert EmploymentRegistration.objects.get().end_reason == "停业"


def test_an_invalid_id_number_is_a_400_with_a_chinese_reason(personas: dict[str, User]) -> None:
    response = _post(
        _client(personas["worker"]),
        "/api/v1/registry/registrations",
        {
            "place_kind": "work",
            "place_division": "320706",
            "employment_form": "platform",
            "commitment_version": commitment.COMMITMENT_VERSION,
            "name": "王灵工",
            "id_number": "320706199001010010",
        },
    )
    assert response.status_code == 400
    assert "校验位不正确" in response.json()["detail"]


def test_persons_come_masked_to_the_caseworker(personas: dict[str, User]) -> None:
    person = person_in("320706")
    body = _client(personas["caseworker_320706"]).get("/api/v1/registry/persons").content.decode()
    assert person.id_number_masked in body
    assert personal_data.decrypt(person.id_number_encrypted) not in body
    assert "13800000001" not in body
    assert "encrypted" not in body
    assert "hash" not in body


def test_a_caseworker_records_and_lists_memberships(personas: dict[str, User]) -> None:
    person = person_in("320706")
    client = _client(personas["caseworker_320706"])
    created = _post(
        client,
        f"/api/v1/registry/persons/{person.pk}/memberships",
        {"kind": "college_left_on", "valid_from": "2024-06-30", "source": "education_exchange"},
    )
    assert created.status_code == 201, created.content
    bad = _post(
        client,
        f"/api/v1/registry/persons/{person.pk}/memberships",
        {"kind": "business_employees", "valid_from": "2024-06-30"},
    )
    assert bad.status_code == 400
    assert "数值" in bad.json()["detail"]
    listed = client.get(f"/api/v1/registry/persons/{person.pk}/memberships").json()
    assert [m["kind_label"] for m in listed] == ["高校毕业（离校）"]
    assert GroupMembership.objects.get().recorded_by == personas["caseworker_320706"]


def test_an_organisation_member_gets_their_organisation(personas: dict[str, User]) -> None:
    body = _client(personas["organisation"]).get("/api/v1/registry/organisations/mine").json()
    assert [o["name"] for o in body] == ["连云港海州快送有限公司"]
    assert body[0]["members"][0]["mobile_masked"] == "139****0002"
