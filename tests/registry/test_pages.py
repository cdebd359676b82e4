from __future__ import annotations

import datetime

import pytest
from django.conf import LazySettings
from django.test import Client

from linghuo import personal_data
from linghuo.accounts.models import User
from linghuo.audit.models import AuditEntry
from linghuo.registry import commitment, services
from linghuo.registry.models import EmploymentRegistration, GroupMembership, Person, SpotCheck
from tests.registry.helpers import id_number, identity_confirmed, person_in, register

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _full_id(person: Person) -> str:
    return personal_data.decrypt(person.id_number_encrypted)


def _registration_form(**changes: str) -> dict[str, str]:
    return {
        "place_kind": "work",
        "place_division": "320706",
        "employment_form": "platform",
        "monthly_income_yuan": "3,000.50".replace(",", ""),
        "work_township": "",
        "commitment_version": commitment.COMMITMENT_VERSION,
        "agree": "on",
    } | changes


def test_a_worker_registers_from_the_phone_form_and_creates_their_person(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    client = _client(personas["worker"])
    page = client.get("/registry/me/register/")
    assert page.status_code == 200
    assert "承诺书" in page.text
    assert commitment.COMMITMENT_VERSION in page.text
    assert 'name="viewport"' in page.text
    number = id_number("320706", "19920202", 33)
    response = client.post("/registry/me/register/", _registration_form(name="王灵工", id_number=number))
    assert response.status_code == 302
    registration = EmploymentRegistration.objects.get()
    assert registration.person.account == personas["worker"]
    assert registration.monthly_income_fen == 300050
    me = client.get("/registry/me/")
    assert registration.person.id_number_masked in me.text
    assert number not in me.text
    assert "新就业形态（平台就业）" in me.text


def test_the_form_refuses_a_township_of_another_district(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    client = _client(personas["worker"])
    number = id_number("320706", "19920202", 33)
    response = client.post(
        "/registry/me/register/",
        _registration_form(name="王灵工", id_number=number, work_township="320722001"),  # 牛山街道, 东海县
    )
    assert response.status_code == 200
    assert "牛山街道属于东海县，不属于所选区县海州区" in response.text
    assert not EmploymentRegistration.objects.exists()
    assert "registry/township_picker.js" in response.text


def test_a_registered_worker_sees_the_mobile_they_log_in_with(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    client = _client(personas["worker"])  # logs in with 13900000001
    number = id_number("320706", "19920202", 33)
    client.post("/registry/me/register/", _registration_form(name="王灵工", id_number=number))
    identity_confirmed(personas["caseworker_320706"], personas["worker"])
    me = client.get("/registry/me/").text
    assert "139****0001" in me
    assert "（未填写）" not in me
    assert "13900000001" in client.post("/registry/me/reveal/").text


def test_a_person_without_a_recorded_mobile_shows_the_login_number(personas: dict[str, User]) -> None:
    worker = personas["worker"]
    person = services.person_register(
        actor=None, name="王灵工", id_number=id_number("320706", "19920202", 34), account=worker
    )
    assert person.mobile_masked == ""
    client = _client(worker)
    assert "139****0001" in client.get("/registry/me/").text
    assert "13900000001" in client.post("/registry/me/reveal/").text


def test_the_form_explains_what_is_missing_in_chinese(personas: dict[str, User]) -> None:
    client = _client(personas["worker"])
    response = client.post(
        "/registry/me/register/", _registration_form(agree="", name="王灵工", id_number="320706199001010010")
    )
    assert response.status_code == 200
    assert "请阅读并勾选同意承诺书后再提交" in response.text
    assert not EmploymentRegistration.objects.exists()
    response = client.post(
        "/registry/me/register/", _registration_form(name="王灵工", id_number="320706199001010010")
    )
    assert "校验位不正确" in response.text
    assert not Person.objects.exists()


def test_a_worker_sees_their_full_number_only_after_asking_and_it_is_audited(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    worker = personas["worker"]
    person = person_in("320706", account=worker)
    register(person)
    client = _client(worker)
    assert _full_id(person) not in client.get("/registry/me/").text
    assert not AuditEntry.objects.filter(action="personal_data_viewed").exists()
    revealed = client.post("/registry/me/reveal/")
    assert _full_id(person) in revealed.text
    assert "13800000001" in revealed.text
    entry = AuditEntry.objects.get(action="personal_data_viewed")
    assert (entry.actor, entry.object_id) == (worker, str(person.pk))


def test_a_worker_ends_their_registration(personas: dict[str, User], no_spot_checks: None) -> None:
    person = person_in("320706", account=personas["worker"])
    registration = register(person)
    _client(personas["worker"]).post("/registry/me/end/", {"reason": "入职单位"})
    registration.refresh_from_db()
    assert registration.ended_on is not None
    assert registration.end_reason == "入职单位"


def test_caseworker_pages_show_masked_numbers_until_the_audited_reveal(personas: dict[str, User]) -> None:
    person = person_in("320706", name="海州甲")
    client = _client(personas["caseworker_320706"])
    listing = client.get("/registry/persons/")
    detail = client.get(f"/registry/persons/{person.pk}/")
    for page in (listing, detail):
        assert person.id_number_masked in page.text
        assert _full_id(person) not in page.text
        assert "13800000001" not in page.text
    assert not AuditEntry.objects.filter(action="personal_data_viewed").exists()
    revealed = client.post(f"/registry/persons/{person.pk}/reveal/")
    assert _full_id(person) in revealed.text
    assert AuditEntry.objects.filter(
        action="personal_data_viewed", actor=personas["caseworker_320706"], object_id=str(person.pk)
    ).exists()


def test_a_caseworker_searches_by_name_or_exact_id_number(personas: dict[str, User]) -> None:
    first = person_in("320706", sequence=1, name="陈一")
    second = person_in("320706", sequence=2, name="林二")
    client = _client(personas["caseworker_320706"])
    by_name = client.get("/registry/persons/", {"q": "林"})
    assert "林二" in by_name.text
    assert "陈一" not in by_name.text
    by_number = client.get("/registry/persons/", {"q": _full_id(first).lower()})
    assert "陈一" in by_number.text
    assert "林二" not in by_number.text
    assert second.name in client.get("/registry/persons/").text


def test_a_caseworker_records_a_membership_with_evidence(personas: dict[str, User]) -> None:
    person = person_in("320706")
    client = _client(personas["caseworker_320706"])
    response = client.post(
        f"/registry/persons/{person.pk}/memberships/new/",
        {
            "kind": "hard_to_employ_since",
            "valid_from": "2023-03-15",
            "source": "caseworker_entry",
            "evidence_reference": "困难认定2023-015",
            "evidence_note": "长期失业一年以上",
        },
    )
    assert response.status_code == 302
    membership = GroupMembership.objects.get(person=person)
    assert membership.valid_from == datetime.date(2023, 3, 15)
    assert membership.recorded_by == personas["caseworker_320706"]
    detail = client.get(f"/registry/persons/{person.pk}/")
    assert "就业困难人员认定" in detail.text
    assert "困难认定2023-015" in detail.text
    client.post(
        f"/registry/persons/{person.pk}/memberships/{membership.pk}/end/", {"valid_until": "2024-03-14"}
    )
    membership.refresh_from_db()
    assert membership.valid_until == datetime.date(2024, 3, 14)


def test_a_caseworker_types_a_loan_request_in_yuan_and_it_is_kept_in_fen(personas: dict[str, User]) -> None:
    person = person_in("320706")
    client = _client(personas["caseworker_320706"])
    form = client.get(f"/registry/persons/{person.pk}/memberships/new/")
    assert "金额按元填写" in form.text
    response = client.post(
        f"/registry/persons/{person.pk}/memberships/new/",
        {
            "kind": "loan_requested_fen",
            "valid_from": "2024-05-06",
            "value_number": "200000.50",
            "source": "caseworker_entry",
        },
    )
    assert response.status_code == 302
    assert GroupMembership.objects.get(person=person).value_number == 20_000_050
    assert "200,000.50 元" in client.get(f"/registry/persons/{person.pk}/").text


def test_a_caseworker_is_told_that_a_count_is_whole(personas: dict[str, User]) -> None:
    person = person_in("320706")
    client = _client(personas["caseworker_320706"])
    response = client.post(
        f"/registry/persons/{person.pk}/memberships/new/",
        {
            "kind": "business_employees",
            "valid_from": "2024-05-06",
            "value_number": "2.5",
            "source": "caseworker_entry",
        },
    )
    assert response.status_code == 200
    assert "应为整数" in response.text
    assert not GroupMembership.objects.filter(person=person).exists()


def test_a_caseworker_records_a_spot_check_outcome(settings: LazySettings, personas: dict[str, User]) -> None:
    settings.LINGHUO_SPOT_CHECK_SHARE = 1.0
    person = person_in("320706", name="抽查对象")
    check = register(person).spot_check
    client = _client(personas["caseworker_320706"])
    assert "抽查对象" in client.get("/registry/spot-checks/").text
    page = client.get(f"/registry/spot-checks/{check.pk}/")
    assert "所签承诺书全文" in page.text
    assert _full_id(person) not in page.text
    refused = client.post(f"/registry/spot-checks/{check.pk}/", {"outcome": "discrepancy", "note": ""})
    assert "信息不符时请说明不符之处" in refused.text
    client.post(f"/registry/spot-checks/{check.pk}/", {"outcome": "confirmed", "note": "电话核实"})
    assert SpotCheck.objects.get(pk=check.pk).outcome == "confirmed"


def test_an_organisation_member_sees_their_organisation_and_its_members_masked(
    personas: dict[str, User],
) -> None:
    member = personas["organisation"]
    organisation = member.memberships.get().organisation
    client = _client(member)
    listing = client.get("/registry/organisations/")
    assert organisation.name in listing.text
    detail = client.get(f"/registry/organisations/{organisation.pk}/")
    assert "139****0002" in detail.text
    assert "13900000002" not in detail.text
