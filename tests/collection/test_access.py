"""Pages and API: who submits, who sees a submission and who downloads its error report."""

from __future__ import annotations

import io

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from linghuo.accounts.models import User
from linghuo.audit.models import AuditEntry
from linghuo.collection.models import ContributionRecord, RosterEntry, Submission, SubmissionStatus
from linghuo.collection.services import CollectionAction
from linghuo.registry.models import Organisation
from tests.collection.files import CONTRIBUTION_HEADERS, contribution_row, csv_bytes, roster_row, xlsx


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _bad_and_good() -> bytes:
    return xlsx([roster_row(0), roster_row(1, income="不详"), roster_row(2)])


def _upload_page(
    client: Client, content: bytes, period: str = "2024-03", name: str = "名册.xlsx"
) -> Submission:
    response = client.post(
        "/collection/rosters/", {"period": period, "file": SimpleUploadedFile(name, content)}, follow=False
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Submission.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


@pytest.mark.django_db
def test_a_member_uploads_the_roster_and_sees_the_result(
    personas: dict[str, User], organisation: Organisation
) -> None:
    client = _client(personas["organisation"])

    page = client.get("/collection/rosters/")
    assert page.status_code == 200
    assert "/collection/templates/roster.xlsx" in page.content.decode()
    submission = _upload_page(client, _bad_and_good())

    assert (submission.organisation, submission.status) == (organisation, SubmissionStatus.DONE)
    assert (submission.accepted, submission.rejected) == (2, 1)
    result = client.get(f"/collection/submissions/{submission.pk}/").content.decode()
    assert "下载错误报告" in result
    history = client.get("/collection/rosters/").content.decode()
    assert f"/collection/submissions/{submission.pk}/" in history


@pytest.mark.django_db
def test_the_member_and_the_district_caseworker_download_the_error_report(
    personas: dict[str, User], organisation: Organisation
) -> None:
    submission = _upload_page(_client(personas["organisation"]), _bad_and_good())

    for key in ("organisation", "caseworker_320706"):
        response = _client(personas[key]).get(f"/collection/submissions/{submission.pk}/error-report/")
        assert response.status_code == 200, key
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["月收入（元）"]
    downloads = AuditEntry.objects.filter(action=CollectionAction.ERROR_REPORT_DOWNLOADED)
    assert downloads.count() == 2


@pytest.mark.django_db
def test_a_manager_sees_the_submission_but_not_the_rows_in_its_error_report(
    personas: dict[str, User], organisation: Organisation
) -> None:
    submission = _upload_page(_client(personas["organisation"]), _bad_and_good())
    manager = _client(personas["manager"])

    assert (
        f"/collection/submissions/{submission.pk}/"
        in manager.get("/collection/submissions/").content.decode()
    )
    assert manager.get(f"/collection/submissions/{submission.pk}/").status_code == 200
    assert manager.get(f"/collection/submissions/{submission.pk}/error-report/").status_code == 403


@pytest.mark.django_db
def test_a_caseworker_of_another_district_sees_nothing_of_it(
    personas: dict[str, User], organisation: Organisation
) -> None:
    submission = _upload_page(_client(personas["organisation"]), _bad_and_good())
    elsewhere = _client(personas["caseworker_320722"])

    listing = elsewhere.get("/collection/submissions/").content.decode()
    assert f"/collection/submissions/{submission.pk}/" not in listing
    assert "暂无报送记录" in listing
    for url in ("/", "/status.json", "/error-report/"):
        assert elsewhere.get(f"/collection/submissions/{submission.pk}{url}").status_code == 404, url
    assert elsewhere.get(f"/api/v1/rosters/{submission.pk}").status_code == 404


@pytest.fixture
def rival(db: None, other_organisation: Organisation) -> User:
    """A member of another organisation (in 320722)."""
    from linghuo.accounts.models import Role
    from linghuo.accounts.services import user_get_or_create_demo

    user, _ = user_get_or_create_demo(
        mobile="13900000099",
        password="rival-密码-2021",
        name="周对手",
        role=Role.ORGANISATION,
        organisation=other_organisation,
    )
    return user


@pytest.mark.django_db
def test_a_member_of_another_organisation_cannot_see_or_submit_for_yours(
    personas: dict[str, User], organisation: Organisation, rival: User
) -> None:
    submission = _upload_page(_client(personas["organisation"]), _bad_and_good())
    client = _client(rival)

    for url in ("/", "/status.json", "/error-report/"):
        assert client.get(f"/collection/submissions/{submission.pk}{url}").status_code == 404, url
    assert client.get(f"/api/v1/rosters/{submission.pk}").status_code == 404
    assert client.get(f"/api/v1/rosters/{submission.pk}/error-report").status_code == 404
    assert client.get(f"/collection/rosters/?organisation={organisation.pk}").status_code == 404
    refused = client.post(
        "/api/v1/rosters",
        {"period": "2024-03", "organisation_id": organisation.pk, "file": SimpleUploadedFile("r.csv", b"x")},
    )
    assert refused.status_code == 403
    assert Submission.objects.filter(organisation=organisation).count() == 1


@pytest.mark.django_db
def test_the_api_takes_a_roster_and_tells_its_status(
    personas: dict[str, User], organisation: Organisation
) -> None:
    client = _client(personas["organisation"])
    content = csv_bytes([roster_row(0), roster_row(1)])

    created = client.post(
        "/api/v1/rosters", {"period": "2024-03", "file": SimpleUploadedFile("名册.csv", content)}
    )
    again = client.post(
        "/api/v1/rosters", {"period": "2024-03", "file": SimpleUploadedFile("名册.csv", content)}
    )

    assert created.status_code == 202
    status = client.get(f"/api/v1/rosters/{created.json()['id']}").json()
    assert (status["status"], status["accepted"], status["rejected"], status["period"]) == (
        "done",
        2,
        0,
        "2024-03",
    )
    assert (again.json()["accepted"], again.json()["unchanged"]) == (0, 2)
    assert client.get(f"/api/v1/rosters/{created.json()['id']}/error-report").status_code == 404


@pytest.mark.django_db
def test_the_api_error_report_is_an_excel_file(personas: dict[str, User], organisation: Organisation) -> None:
    client = _client(personas["organisation"])
    created = client.post(
        "/api/v1/rosters", {"period": "2024-03", "file": SimpleUploadedFile("名册.xlsx", _bad_and_good())}
    )

    report = client.get(f"/api/v1/rosters/{created.json()['id']}/error-report")

    assert report.status_code == 200
    assert load_workbook(io.BytesIO(b"".join(report.streaming_content))).active is not None  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_the_api_refuses_an_oversized_upload_with_a_clear_message(
    personas: dict[str, User], organisation: Organisation, settings: LazySettings
) -> None:
    settings.LINGHUO_MAX_UPLOAD_BYTES = 512
    content = csv_bytes([roster_row(i) for i in range(20)])

    response = _client(personas["organisation"]).post(
        "/api/v1/rosters", {"period": "2024-03", "file": SimpleUploadedFile("名册.csv", content)}
    )

    assert response.status_code == 413
    assert "文件过大" in response.json()["detail"]
    assert Submission.objects.count() == 0


@pytest.mark.django_db
def test_the_page_shows_why_a_file_was_refused(personas: dict[str, User], organisation: Organisation) -> None:
    client = _client(personas["organisation"])

    submission = _upload_page(client, b"PK\x03\x04 broken", name="名册.xlsx")
    page = client.get(f"/collection/submissions/{submission.pk}/").content.decode()

    assert submission.status == SubmissionStatus.FAILED
    assert "不是有效的 Excel" in page
    wrong_type = client.post(
        "/collection/rosters/", {"period": "2024-03", "file": SimpleUploadedFile("名册.pdf", b"%PDF-1.4")}
    )
    assert wrong_type.status_code == 200
    assert "只接受 .xlsx 和 .csv" in wrong_type.content.decode()
    bad_period = client.post(
        "/collection/rosters/", {"period": "2024-13", "file": SimpleUploadedFile("名册.csv", b"x")}
    )
    assert "格式不对" in bad_period.content.decode()


@pytest.mark.django_db
def test_a_caseworker_uploads_contribution_records(personas: dict[str, User]) -> None:
    client = _client(personas["caseworker_320722"])
    content = xlsx([contribution_row(0), contribution_row(1)], headers=CONTRIBUTION_HEADERS)

    response = client.post("/collection/contributions/", {"file": SimpleUploadedFile("缴费.xlsx", content)})
    by_api = client.post("/api/v1/contributions", {"file": SimpleUploadedFile("缴费.xlsx", content)})

    assert response.status_code == 302
    assert ContributionRecord.objects.count() == 2
    assert (by_api.status_code, by_api.json()["unchanged"]) == (202, 2)
    assert client.get(f"/api/v1/contributions/{by_api.json()['id']}").json()["status"] == "done"
    other = _client(personas["caseworker_320706"])
    assert other.get(f"/api/v1/contributions/{by_api.json()['id']}").status_code == 404
    assert _client(personas["admin"]).get(f"/api/v1/contributions/{by_api.json()['id']}").status_code == 200


@pytest.mark.django_db
def test_the_templates_are_real_files_with_the_published_headers() -> None:
    from linghuo.spreadsheets import ROSTER

    workbook = load_workbook(io.BytesIO(Client().get("/collection/templates/roster.xlsx").content))
    sheet = workbook.worksheets[0]
    csv_text = Client().get("/collection/templates/contributions.csv").content.decode("utf-8-sig")

    assert [c.value for c in sheet[1]] == list(ROSTER.headers)
    assert csv_text.splitlines()[0].split(",") == list(CONTRIBUTION_HEADERS)
    assert Client().get("/collection/templates/other.xlsx").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_is_imported_in_the_background_and_its_progress_polled(
    personas: dict[str, User], organisation: Organisation, settings: LazySettings
) -> None:
    import time

    settings.LINGHUO_IMPORT_IN_BACKGROUND = True
    client = _client(personas["organisation"])
    submission = _upload_page(client, csv_bytes([roster_row(i) for i in range(2500)]), name="名册.csv")

    state: dict[str, object] = {}
    for _ in range(600):
        state = client.get(f"/collection/submissions/{submission.pk}/status.json").json()
        if state["finished"]:
            break
        time.sleep(0.05)
    assert state["finished"] is True
    assert (state["status"], state["rows_done"], state["accepted"]) == ("done", 2500, 2500)
    assert RosterEntry.objects.filter(organisation=organisation).count() == 2500


@pytest.mark.django_db
def test_a_caseworker_sees_an_organisation_registered_under_a_retired_code_of_their_district(
    personas: dict[str, User],
) -> None:
    import datetime as dt

    from linghuo.collection.services import roster_import
    from linghuo.registry.models import OrganisationKind

    xinpu = Organisation.objects.create(
        uscc="91320705MA1WWWWW0C", name="新浦老字号配送", kind=OrganisationKind.EMPLOYER, division="320705"
    )
    summary = roster_import(
        organisation=xinpu,
        period=dt.date(2024, 3, 1),
        source=xlsx([roster_row(0)]),
        filename="r.xlsx",
        actor=None,
    )

    haizhou = _client(personas["caseworker_320706"]).get("/collection/submissions/").content.decode()
    donghai = _client(personas["caseworker_320722"]).get("/collection/submissions/").content.decode()

    assert f"/collection/submissions/{summary.submission_id}/" in haizhou
    assert f"/collection/submissions/{summary.submission_id}/" not in donghai
