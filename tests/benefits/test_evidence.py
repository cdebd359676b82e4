"""Evidence files: PDF, JPEG or PNG by their bytes, within the limit, kept under the data directory, and
served only to the applicant, the case's caseworkers and reviewers — every opening audited."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.conf import LazySettings, settings
from django.db import IntegrityError, transaction
from django.test import Client

from linghuo.accounts.models import User
from linghuo.audit.models import AuditEntry
from linghuo.benefits import applications
from linghuo.benefits.errors import BenefitsError
from linghuo.benefits.models import Case, Evidence
from linghuo.registry.models import Person
from tests.benefits.application_helpers import BUSINESS_FACTS, JPEG, NOW, PDF, PNG, licence, upload
from tests.benefits.conftest import own_account


def _applied(person: Person, worker: User, content: bytes = PDF) -> Case:
    result = applications.application_submit(
        person,
        "startup_subsidy_once",
        by=worker,
        facts=BUSINESS_FACTS,
        files=[upload(content)],
        business_key=licence(),
        now=NOW,
    )
    assert result.case is not None
    return result.case


@pytest.mark.parametrize(
    ("content", "kind"), [(PDF, "application/pdf"), (JPEG, "image/jpeg"), (PNG, "image/png")]
)
def test_it_tells_the_type_by_the_first_bytes_not_the_name(content: bytes, kind: str) -> None:
    assert applications.evidence_check(upload(content, name="材料.pdf")).content_type == kind


def test_it_refuses_a_file_that_is_not_a_pdf_jpeg_or_png_whatever_its_name() -> None:
    for content in (b"MZ\x90\x00 an executable", b"<html><script>alert(1)</script>", b"PK\x03\x04 a zip"):
        with pytest.raises(BenefitsError, match="不是PDF、JPEG或PNG"):
            applications.evidence_check(upload(content, name="营业执照.pdf"))
    with pytest.raises(BenefitsError, match="空的"):
        applications.evidence_check(upload(b"", name="空.pdf"))


def test_it_refuses_a_file_above_the_limit(settings: LazySettings) -> None:
    settings.LINGHUO_MAX_UPLOAD_BYTES = 1_000
    assert applications.evidence_max_bytes() == 1_000
    applications.evidence_check(upload(PDF + b"0" * (1_000 - len(PDF))))  # exactly at the limit
    with pytest.raises(BenefitsError, match="超过"):
        applications.evidence_check(upload(PDF + b"0" * (1_001 - len(PDF))))
    settings.LINGHUO_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
    assert applications.evidence_max_bytes() == 10 * 1024 * 1024  # its own, smaller limit


def test_the_file_is_kept_under_the_data_directory_with_its_digest(people: dict[str, Person]) -> None:
    person = people["subsidised"]
    evidence = Evidence.objects.get(case=_applied(person, own_account(person)))
    path = Path(evidence.file.path)
    assert path.is_relative_to(Path(settings.DATA_DIR) / "evidence")
    assert "营业执照" not in path.name  # stored under a random name; the original name is kept apart
    assert (evidence.original_name, evidence.size, evidence.content_type) == (
        "营业执照.pdf",
        len(PDF),
        "application/pdf",
    )
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_database_refuses_evidence_of_another_type(people: dict[str, Person]) -> None:
    person = people["subsidised"]
    case = _applied(person, own_account(person))
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(
            case=case,
            kind="business_licence",
            file="x.html",
            original_name="x.html",
            size=10,
            sha256="0" * 64,
            content_type="text/html",
        )


def test_it_is_served_to_the_applicant_the_caseworker_and_the_reviewer_only_and_each_opening_is_audited(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    person = people["subsidised"]  # of 海州区 (320706)
    worker = own_account(person)
    evidence = Evidence.objects.get(case=_applied(person, worker))
    url = f"/benefits/evidence/{evidence.pk}/"
    answers = {}
    for key, user in {
        "applicant": worker,
        "caseworker_320706": personas["caseworker_320706"],
        "reviewer": personas["reviewer"],
        "caseworker_320722": personas["caseworker_320722"],
        "worker": personas["worker"],
        "organisation": personas["organisation"],
        "finance": personas["finance"],
        "manager": personas["manager"],
    }.items():
        client = Client()
        client.force_login(user)
        response = client.get(url)
        answers[key] = response.status_code
        if response.status_code == 200:
            assert response.getvalue() == PDF
            assert response["Content-Type"] == "application/pdf"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Content-Disposition"].startswith("attachment")
    assert answers == {
        "applicant": 200,
        "caseworker_320706": 200,
        "reviewer": 200,
        "caseworker_320722": 404,
        "worker": 404,
        "organisation": 404,
        "finance": 404,
        "manager": 404,
    }
    opened = AuditEntry.objects.filter(action="benefits.evidence_opened", object_id=str(evidence.pk))
    assert opened.count() == 3
    assert Client().get(url).status_code == 302  # anonymous: to the login page


def test_the_case_page_lists_the_evidence_for_the_caseworker_to_open(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    person = people["subsidised"]  # of 海州区 (320706)
    case = _applied(person, own_account(person))
    evidence = Evidence.objects.get(case=case)
    client = Client()
    client.force_login(personas["caseworker_320706"])

    page = client.get(f"/benefits/cases/{case.pk}/").content.decode()

    assert "申请材料" in page
    assert f'href="/benefits/evidence/{evidence.pk}/"' in page
    assert evidence.original_name in page
