"""Upload bombs end as failed with their reason; error reports stay bounded; an organisation has at most a
few uploads waiting or importing at once, on the page and the API alike."""

from __future__ import annotations

import datetime as dt
import io
from typing import BinaryIO, cast

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.test import Client, RequestFactory
from openpyxl import load_workbook

from linghuo.accounts.models import Role, User
from linghuo.accounts.services import user_get_or_create_demo
from linghuo.collection import jobs
from linghuo.collection.models import RosterEntry, Submission, SubmissionKind, SubmissionStatus
from linghuo.collection.services import (
    SubmissionsBusyError,
    data_path,
    roster_import,
    submission_receive,
    upload_check,
)
from linghuo.registry.models import Organisation
from linghuo.spreadsheets.errors import FileTooLargeError
from tests.collection.files import csv_bytes, roster_row
from tests.spreadsheets.files import crafted_xlsx

MARCH = dt.date(2024, 3, 1)
TOO_MANY_ROWS = "行数超过上限"
BUSY = "已有 2 个文件在等待或正在导入"


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _receive(
    user: User, organisation: Organisation | None, content: bytes, name: str = "名册.csv"
) -> Submission:
    return submission_receive(
        kind=SubmissionKind.ROSTER if organisation else SubmissionKind.CONTRIBUTIONS,
        upload=io.BytesIO(content),
        filename=name,
        actor=user,
        organisation=organisation,
        period=MARCH if organisation else None,
    )


@pytest.mark.django_db
def test_it_ends_a_million_row_upload_as_failed_with_the_reason_on_its_page(
    personas: dict[str, User], organisation: Organisation
) -> None:
    """The default bounds: 1,000,000 tiny rows in a small workbook are refused before they are parsed."""
    submission = _receive(personas["organisation"], organisation, crafted_xlsx(1_000_000), "名册.xlsx")
    jobs.submission_start(submission)  # in the request here, as on the queue

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.FAILED
    assert TOO_MANY_ROWS in submission.failure_message
    assert (submission.rows_done, submission.error_report_path, submission.stored_path) == (0, "", "")
    assert RosterEntry.objects.count() == 0
    page = _client(personas["organisation"]).get(f"/collection/submissions/{submission.pk}/")
    assert TOO_MANY_ROWS in page.content.decode()


@pytest.mark.django_db
def test_it_refuses_a_roster_beyond_the_row_setting_and_writes_none_of_it(
    personas: dict[str, User], organisation: Organisation, settings: LazySettings
) -> None:
    settings.LINGHUO_MAX_UPLOAD_ROWS = 5
    client = _client(personas["organisation"])

    response = client.post(
        "/collection/rosters/",
        {
            "period": "2024-03",
            "file": SimpleUploadedFile("名册.csv", csv_bytes([roster_row(i) for i in range(8)])),
        },
        follow=True,
    )

    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.FAILED
    assert "最多 5 行数据" in submission.failure_message
    assert "最多 5 行数据" in response.content.decode()
    assert RosterEntry.objects.count() == 0
    assert client.get(f"/api/v1/rosters/{submission.pk}").json()["status"] == "failed"


@pytest.mark.django_db
def test_it_lists_at_most_the_bound_of_rejected_rows_and_counts_the_rest(
    organisation: Organisation, settings: LazySettings
) -> None:
    settings.LINGHUO_MAX_ERROR_REPORT_ROWS = 3
    rows = [roster_row(i, income="三千元") for i in range(8)] + [roster_row(100)]

    summary = roster_import(
        organisation=organisation, period=MARCH, source=csv_bytes(rows), filename="名册.csv", actor=None
    )

    assert (summary.accepted, summary.rejected) == (1, 8)
    assert summary.error_report is not None
    lines = list(load_workbook(summary.error_report).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [line[0] for line in lines[:3]] == [2, 3, 4]
    assert [line[0] for line in lines[3:]] == ["另有 5 行错误未列出 / 5 more rows with errors not listed"]
    assert Submission.objects.get(pk=summary.submission_id).rejected == 8


@pytest.mark.django_db
def test_an_organisation_has_at_most_two_uploads_waiting_on_the_page_and_the_api(
    personas: dict[str, User],
    organisation: Organisation,
    other_organisation: Organisation,
    settings: LazySettings,
) -> None:
    settings.LINGHUO_MAX_ACTIVE_SUBMISSIONS = 2
    member = personas["organisation"]
    waiting = [_receive(member, organisation, csv_bytes([roster_row(i)])) for i in range(2)]  # not started
    client = _client(member)
    upload = {"period": "2024-03"}

    page = client.post("/collection/rosters/", {**upload, "file": SimpleUploadedFile("名册.csv", b"x")})
    api = client.post("/api/v1/rosters", {**upload, "file": SimpleUploadedFile("名册.csv", b"x")})

    assert page.status_code == 200
    assert BUSY in page.content.decode()
    assert api.status_code == 429
    assert BUSY in api.json()["detail"]
    assert "already waiting or importing" in api.json()["detail"]
    assert Submission.objects.count() == 2
    assert sorted(p.name for p in data_path("uploads").iterdir()) == sorted(
        data_path(s.stored_path).name for s in waiting
    )
    rival, _ = user_get_or_create_demo(
        mobile="13900000099",
        password="rival-密码-2021",
        name="周对手",
        role=Role.ORGANISATION,
        organisation=other_organisation,
    )
    _receive(rival, other_organisation, csv_bytes([roster_row(50)]))  # another organisation: its own count

    Submission.objects.filter(pk=waiting[0].pk).update(status=SubmissionStatus.DONE)
    assert _receive(member, organisation, csv_bytes([roster_row(60)])).status == SubmissionStatus.PENDING


@pytest.mark.django_db
def test_a_caseworker_has_at_most_two_contribution_uploads_waiting(
    personas: dict[str, User], settings: LazySettings
) -> None:
    settings.LINGHUO_MAX_ACTIVE_SUBMISSIONS = 2
    caseworker = personas["caseworker_320722"]
    for _ in range(2):
        _receive(caseworker, None, b"x")

    with pytest.raises(SubmissionsBusyError, match="您已有 2 个文件"):
        _receive(caseworker, None, b"x")
    _receive(personas["caseworker_320706"], None, b"x")  # another uploader: their own count
    assert Submission.objects.filter(uploaded_by=caseworker).count() == 2


def test_it_keeps_no_more_of_an_uploaded_file_than_one_byte_past_the_limit(settings: LazySettings) -> None:
    settings.LINGHUO_MAX_UPLOAD_BYTES = 100_000
    request = RequestFactory().post(
        "/collection/rosters/", {"file": SimpleUploadedFile("名册.csv", b"x" * 10_000_000)}
    )

    kept = request.FILES["file"]
    assert isinstance(kept, UploadedFile)

    assert kept.size == 100_001  # refused as too large by the upload check, never spooled whole
    assert len(kept.read()) == 100_001
    with pytest.raises(FileTooLargeError, match="文件过大（超过"):
        upload_check(cast(BinaryIO, kept), "名册.csv")
