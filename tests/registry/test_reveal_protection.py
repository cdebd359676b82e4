"""The full-number reveal is never cached, and a refused reveal is in the audit log as a granted one is."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from linghuo.accounts.models import User
from linghuo.audit.models import AuditEntry
from linghuo.registry import services
from tests.registry.helpers import person_in

pytestmark = pytest.mark.django_db

REFUSED = "personal_data_view_refused"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_sends_no_store_with_a_caseworkers_reveal(personas: dict[str, User]) -> None:
    person = person_in("320706", name="海州甲")
    response = _client(personas["caseworker_320706"]).post(f"/registry/persons/{person.pk}/reveal/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_sends_no_store_with_a_workers_own_reveal(personas: dict[str, User]) -> None:
    worker = personas["worker"]
    person_in("320706", name=worker.name, account=worker)
    response = _client(worker).post("/registry/me/reveal/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_it_audits_a_reveal_refused_to_a_role_without_case_work(personas: dict[str, User]) -> None:
    person = person_in("320706", name="海州甲")
    response = _client(personas["worker"]).post(f"/registry/persons/{person.pk}/reveal/")
    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(
        action=REFUSED, actor=personas["worker"], object_type="registry.person", object_id=str(person.pk)
    ).exists()
    assert not AuditEntry.objects.filter(action="personal_data_viewed").exists()


def test_it_audits_a_reveal_refused_for_another_districts_person(personas: dict[str, User]) -> None:
    person = person_in("320722", name="东海乙")
    response = _client(personas["caseworker_320706"]).post(f"/registry/persons/{person.pk}/reveal/")
    assert response.status_code == 404
    assert "东海乙" not in response.content.decode()
    assert AuditEntry.objects.filter(
        action=REFUSED, actor=personas["caseworker_320706"], object_id=str(person.pk)
    ).exists()


def test_it_audits_a_reveal_the_service_refuses(personas: dict[str, User]) -> None:
    person = person_in("320706", name="海州甲")
    with pytest.raises(PermissionDenied):
        services.person_personal_data_reveal(actor=personas["organisation"], person=person)
    assert AuditEntry.objects.filter(
        action=REFUSED, actor=personas["organisation"], object_id=str(person.pk)
    ).exists()


def test_it_leaves_anonymous_visitors_to_the_login_page(personas: dict[str, User]) -> None:
    person = person_in("320706", name="海州甲")
    response = Client().post(f"/registry/persons/{person.pk}/reveal/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
