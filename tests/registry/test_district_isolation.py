"""A caseworker of one district can neither read nor change a person of another, by any page or endpoint."""

from __future__ import annotations

import datetime
import json

import pytest
from django.conf import LazySettings
from django.test import Client

from linghuo.accounts.models import User
from linghuo.audit.models import AuditEntry
from linghuo.registry import services
from linghuo.registry.models import GroupMembership, Person, SpotCheck
from tests.registry.helpers import person_in, register

pytestmark = pytest.mark.django_db

NAME = "东海独有姓名"


@pytest.fixture
def donghai(settings: LazySettings, personas: dict[str, User]) -> tuple[Person, GroupMembership, SpotCheck]:
    """A person of 东海县 (320722) with a registration drawn for a spot check and a membership."""
    settings.LINGHUO_SPOT_CHECK_SHARE = 1.0
    person = person_in("320722", name=NAME)
    check = register(person).spot_check
    membership = services.membership_record(
        actor=personas["caseworker_320722"],
        person=person,
        kind="veteran",
        valid_from=datetime.date(2020, 1, 1),
        source="veterans_affairs_exchange",
    )
    return person, membership, check


def _requests(
    person: Person, membership: GroupMembership, check: SpotCheck
) -> list[tuple[str, str, dict[str, str]]]:
    p, m, c = person.pk, membership.pk, check.pk
    return [
        ("GET", f"/registry/persons/{p}/", {}),
        ("POST", f"/registry/persons/{p}/reveal/", {}),
        ("GET", f"/registry/persons/{p}/memberships/new/", {}),
        (
            "POST",
            f"/registry/persons/{p}/memberships/new/",
            {"kind": "dibao", "valid_from": "2024-01-01", "source": "caseworker_entry"},
        ),
        ("POST", f"/registry/persons/{p}/memberships/{m}/end/", {"valid_until": "2024-01-01"}),
        ("GET", f"/registry/spot-checks/{c}/", {}),
        ("POST", f"/registry/spot-checks/{c}/", {"outcome": "confirmed", "note": ""}),
        ("GET", f"/api/v1/registry/persons/{p}", {}),
        ("GET", f"/api/v1/registry/persons/{p}/memberships", {}),
    ]


def test_no_page_or_endpoint_of_another_district_answers_with_data(
    personas: dict[str, User], donghai: tuple[Person, GroupMembership, SpotCheck]
) -> None:
    person, membership, check = donghai
    client = Client()
    client.force_login(personas["caseworker_320706"])
    entries_before = AuditEntry.objects.count()
    for method, url, data in _requests(person, membership, check):
        response = client.post(url, data) if method == "POST" else client.get(url)
        assert response.status_code in (403, 404), (method, url, response.status_code)
        assert NAME not in response.content.decode(), (method, url)
    api_post = client.post(
        f"/api/v1/registry/persons/{person.pk}/memberships",
        json.dumps({"kind": "dibao", "valid_from": "2024-01-01"}),
        content_type="application/json",
    )
    assert api_post.status_code == 404
    assert api_post.json()["detail"].startswith("未找到该人员")
    assert GroupMembership.objects.filter(person=person).count() == 1
    membership.refresh_from_db()
    assert membership.valid_until is None
    check.refresh_from_db()
    assert check.outcome == "pending"
    # nothing revealed, nothing written: the one new entry records the refused reveal
    assert list(AuditEntry.objects.order_by("pk")[entries_before:].values_list("action", "object_id")) == [
        ("personal_data_view_refused", str(person.pk))
    ]


def test_lists_and_searches_leave_out_other_districts(
    personas: dict[str, User], donghai: tuple[Person, GroupMembership, SpotCheck]
) -> None:
    person, _, _ = donghai
    client = Client()
    client.force_login(personas["caseworker_320706"])
    from linghuo import personal_data

    number = personal_data.decrypt(person.id_number_encrypted)
    for url in ("/registry/persons/", f"/registry/persons/?q={number}", "/registry/spot-checks/?all=1"):
        assert NAME not in client.get(url).content.decode(), url
    for url in ("/api/v1/registry/persons", f"/api/v1/registry/persons?q={number}"):
        assert client.get(url).json() == [], url


def test_the_caseworker_of_the_district_does_see_them(
    personas: dict[str, User], donghai: tuple[Person, GroupMembership, SpotCheck]
) -> None:
    person, membership, check = donghai
    client = Client()
    client.force_login(personas["caseworker_320722"])
    for method, url, _ in _requests(person, membership, check):
        if method == "GET":
            assert client.get(url).status_code == 200, url
    assert NAME in client.get("/registry/persons/").content.decode()


def test_other_roles_see_no_person_at_all(
    personas: dict[str, User], donghai: tuple[Person, GroupMembership, SpotCheck]
) -> None:
    person, membership, check = donghai
    for key in ("worker", "organisation", "reviewer", "finance", "manager", "admin"):
        client = Client()
        client.force_login(personas[key])
        for method, url, data in _requests(person, membership, check):
            response = client.post(url, data) if method == "POST" else client.get(url)
            assert response.status_code in (403, 404), (key, url)
            assert NAME not in response.content.decode()


def test_an_organisation_member_cannot_open_another_organisation(personas: dict[str, User]) -> None:
    other = services.organisation_register(
        actor=None, uscc="91320700MA1XXXXX0W", name="别家平台公司", kind="platform", division="320722"
    )
    client = Client()
    client.force_login(personas["organisation"])
    assert client.get(f"/registry/organisations/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/registry/organisations/{other.pk}").status_code == 404
    assert "别家平台公司" not in client.get("/api/v1/registry/organisations/mine").content.decode()
