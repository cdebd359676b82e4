"""One upload check for rosters and contribution records, on the page, the API and the command line."""

from __future__ import annotations

import datetime as dt
import functools
import io
from typing import TYPE_CHECKING

import pytest
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from linghuo.accounts.models import User
from linghuo.collection.models import Submission, SubmissionKind
from linghuo.collection.services import contributions_import, roster_import, submission_receive, upload_check
from linghuo.registry.models import Organisation
from linghuo.spreadsheets import FileRejectedError
from linghuo.spreadsheets.errors import FileTooLargeError
from tests.collection.files import CONTRIBUTION_HEADERS, contribution_row, csv_bytes, roster_row

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

KINDS = ("rosters", "contributions")
NOT_A_SPREADSHEET = "只接受 .xlsx 和 .csv"
TOO_LARGE = "文件过大"
LIMIT = 512


def _many_rows(kind: str) -> bytes:
    """A valid file of either kind, well above ``LIMIT``."""
    if kind == "rosters":
        return csv_bytes([roster_row(i) for i in range(20)])
    return csv_bytes([contribution_row(i) for i in range(20)], headers=CONTRIBUTION_HEADERS)


def _post(client: Client, url: str, kind: str, name: str, content: bytes) -> _MonkeyPatchedWSGIResponse:
    data = {"period": "2024-03"} if kind == "rosters" else {}
    return client.post(url, {**data, "file": SimpleUploadedFile(name, content)})


def _uploader(personas: dict[str, User], kind: str) -> Client:
    client = Client()
    client.force_login(personas["organisation" if kind == "rosters" else "caseworker_320722"])
    return client


def test_it_refuses_a_file_that_is_not_a_spreadsheet_whatever_its_content() -> None:
    with pytest.raises(FileRejectedError, match=NOT_A_SPREADSHEET) as refused:
        upload_check(b"name,id\n", "名册.pdf")
    assert not isinstance(refused.value, FileTooLargeError)
    upload_check(b"name,id\n", "名册.CSV")  # the suffix in any case


def test_it_refuses_an_oversized_file_as_too_large(settings: LazySettings) -> None:
    settings.LINGHUO_MAX_UPLOAD_BYTES = LIMIT
    with pytest.raises(FileTooLargeError, match=TOO_LARGE):
        upload_check(io.BytesIO(b"x" * (LIMIT + 1)), "名册.csv")
    upload_check(io.BytesIO(b"x" * LIMIT), "名册.csv")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_the_page_and_the_api_refuse_a_file_that_is_not_a_spreadsheet(
    kind: str, personas: dict[str, User], organisation: Organisation
) -> None:
    client = _uploader(personas, kind)

    page = _post(client, f"/collection/{kind}/", kind, "名册.pdf", b"%PDF-1.4")
    api = _post(client, f"/api/v1/{kind}", kind, "名册.pdf", b"%PDF-1.4")

    assert (page.status_code, api.status_code) == (200, 422)
    assert NOT_A_SPREADSHEET in page.content.decode()
    assert NOT_A_SPREADSHEET in api.json()["detail"]
    assert Submission.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_the_page_and_the_api_refuse_an_oversized_file(
    kind: str, personas: dict[str, User], organisation: Organisation, settings: LazySettings
) -> None:
    settings.LINGHUO_MAX_UPLOAD_BYTES = LIMIT
    client = _uploader(personas, kind)

    page = _post(client, f"/collection/{kind}/", kind, "名册.csv", _many_rows(kind))
    api = _post(client, f"/api/v1/{kind}", kind, "名册.csv", _many_rows(kind))

    assert (page.status_code, api.status_code) == (200, 413)
    assert TOO_LARGE in page.content.decode()
    assert TOO_LARGE in api.json()["detail"]
    assert Submission.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_a_kept_upload_and_a_direct_import_refuse_the_same_file_alike(
    kind: str, personas: dict[str, User], organisation: Organisation
) -> None:
    user = personas["organisation"]
    with pytest.raises(FileRejectedError) as kept:
        submission_receive(
            kind=SubmissionKind.ROSTER if kind == "rosters" else SubmissionKind.CONTRIBUTIONS,
            upload=io.BytesIO(b"%PDF-1.4"),
            filename="名册.pdf",
            actor=user,
            organisation=organisation,
            period=dt.date(2024, 3, 1),
        )
    direct_import = (
        functools.partial(roster_import, organisation=organisation, period=dt.date(2024, 3, 1))
        if kind == "rosters"
        else contributions_import
    )
    with pytest.raises(FileRejectedError) as direct:
        direct_import(source=b"%PDF-1.4", filename="名册.pdf", actor=user)
    assert kept.value.message == direct.value.message
    assert NOT_A_SPREADSHEET in kept.value.message
    assert Submission.objects.count() == 0
