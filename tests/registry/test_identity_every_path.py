"""Every way a person reaches the registry applies the same identity rule (``identity.person_identity``):
the registration service, its form and its API, roster and contribution imports, and the demo loader
refuse the same name and the same ID number, and store what they accept the same way."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import polars as pl
import pytest
from django.conf import LazySettings
from django.test import Client
from openpyxl import load_workbook

from linghuo.accounts.models import User
from linghuo.collection.services import ImportSummary, contributions_import, roster_import
from linghuo.demo.population_load import demo_registry_load
from linghuo.population import generate_persons
from linghuo.registry import commitment, services
from linghuo.registry.identity import IdentityError
from linghuo.registry.models import Organisation, OrganisationKind, Person
from tests.collection.files import CONTRIBUTION_HEADERS, contribution_row, csv_bytes, roster_row, xlsx
from tests.registry.helpers import id_number

pytestmark = pytest.mark.django_db

MARKUP = "<script>"  # a name the roster import always refused and the registration used to accept
MARKUP_REASON = "姓名中含有姓名里不会出现的符号"
UNKNOWN_COUNTY = id_number("320799", "19900101", 1)  # a check digit right, no such county in the city
UNKNOWN_COUNTY_REASON = "不是有效的行政区划代码"
MARCH = datetime.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def _reports_in_the_test_folder(settings: LazySettings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    settings.LINGHUO_IMPORT_IN_BACKGROUND = False


@pytest.fixture
def organisation() -> Organisation:
    return Organisation.objects.create(
        uscc="91320706MA1XXXXX0W", name="海州区配送平台", kind=OrganisationKind.PLATFORM, division="320706"
    )


def _report_reasons(summary: ImportSummary) -> list[tuple[str, str]]:
    """The (column, reason) pairs of an import's error report."""
    assert summary.error_report is not None
    sheet = load_workbook(summary.error_report).active
    assert sheet is not None
    return [(str(row[1]), str(row[3])) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _api_register(client: Client, **identity: str) -> tuple[int, str]:
    body = {
        "place_kind": "work",
        "place_division": "320706",
        "employment_form": "platform",
        "commitment_version": commitment.COMMITMENT_VERSION,
    } | identity
    response = client.post(
        "/api/v1/registry/registrations", json.dumps(body), content_type="application/json"
    )
    return response.status_code, response.json().get("detail", "")


def _form_register(client: Client, **identity: str) -> str:
    form = {
        "place_kind": "work",
        "place_division": "320706",
        "employment_form": "platform",
        "commitment_version": commitment.COMMITMENT_VERSION,
        "agree": "on",
    } | identity
    response = client.post("/registry/me/register/", form)
    assert response.status_code == 200  # the form again, with the error
    return response.text


def test_the_service_refuses_a_name_with_markup() -> None:
    with pytest.raises(IdentityError, match=MARKUP_REASON) as caught:
        services.person_register(actor=None, name=MARKUP, id_number=id_number())
    assert caught.value.field == "name"
    assert not Person.objects.exists()


def test_the_registration_form_refuses_it_under_the_name_field(personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["worker"])
    page = _form_register(client, name=MARKUP, id_number=id_number())
    assert f'<p class="field-error">{MARKUP_REASON}' in page
    assert not Person.objects.exists()


def test_the_api_refuses_it_with_a_400_in_chinese_and_english(personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["worker"])
    status, detail = _api_register(client, name=MARKUP, id_number=id_number())
    assert status == 400
    assert MARKUP_REASON in detail
    assert "symbols no name has" in detail
    assert not Person.objects.exists()


def test_a_roster_row_with_it_is_rejected_with_the_same_reason(organisation: Organisation) -> None:
    summary = roster_import(
        organisation=organisation,
        period=MARCH,
        source=xlsx([roster_row(1, name=MARKUP), roster_row(2)]),
        filename="名册.xlsx",
        actor=None,
    )
    assert (summary.accepted, summary.rejected) == (1, 1)
    [(column, reason)] = _report_reasons(summary)
    assert column == "姓名"
    assert MARKUP_REASON in reason
    assert Person.objects.count() == 1


def test_a_contribution_row_with_it_is_rejected_too() -> None:
    bad = contribution_row(1)
    bad[0] = MARKUP
    summary = contributions_import(
        source=csv_bytes([bad, contribution_row(2)], CONTRIBUTION_HEADERS), filename="缴费.csv", actor=None
    )
    assert (summary.accepted, summary.rejected) == (1, 1)
    assert MARKUP_REASON in _report_reasons(summary)[0][1]


def test_the_demo_loader_refuses_it() -> None:
    rows = (
        generate_persons(3, seed=5)
        .with_row_index()
        .with_columns(name=pl.when(pl.col("index") == 0).then(pl.lit(MARKUP)).otherwise(pl.col("name")))
    )
    with pytest.raises(IdentityError, match=MARKUP_REASON):
        demo_registry_load(persons=rows.drop("index"), today=datetime.date(2025, 6, 30))
    assert not Person.objects.exists()


def test_an_id_number_the_registration_refuses_is_refused_by_a_roster(organisation: Organisation) -> None:
    with pytest.raises(IdentityError, match=UNKNOWN_COUNTY_REASON):
        services.person_register(actor=None, name="王芳", id_number=UNKNOWN_COUNTY)
    row = roster_row(1)
    row[1] = UNKNOWN_COUNTY
    summary = roster_import(
        organisation=organisation, period=MARCH, source=xlsx([row]), filename="名册.xlsx", actor=None
    )
    assert summary.rejected == 1
    [(column, reason)] = _report_reasons(summary)
    assert column == "身份证号"
    assert UNKNOWN_COUNTY_REASON in reason
    assert not Person.objects.exists()


def test_a_roster_and_the_registration_store_the_same_person_the_same_way(
    organisation: Organisation,
) -> None:
    row = roster_row(3, name="王\u3000芳")  # a full-width space in the name
    fields = (
        "name",
        "birth_date",
        "sex",
        "hukou_division",
        "work_division",
        "district_code",
        "mobile_masked",
    )
    registered = services.person_register(
        actor=None, name="王 芳", id_number=str(row[1]).lower(), mobile=str(row[2]), work_division="320706"
    )
    seen = {f: getattr(registered, f) for f in fields} | {"hash": registered.id_number_hash}
    registered.delete()
    roster_import(
        organisation=organisation, period=MARCH, source=xlsx([row]), filename="名册.xlsx", actor=None
    )
    imported = Person.objects.get()
    assert {f: getattr(imported, f) for f in fields} | {"hash": imported.id_number_hash} == seen
    assert seen["name"] == "王芳"
    assert seen["birth_date"] == datetime.date(1990, 1, 4)  # the ID number's digits 7-14
    assert seen["sex"] == "male"  # an odd 17th digit
