"""One way to hand out an error report, for rosters and contribution records alike, page and API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from linghuo.accounts.models import User
from linghuo.audit.models import AuditEntry
from linghuo.collection.models import Submission
from linghuo.collection.services import (
    CollectionAction,
    ErrorReportMissingError,
    contributions_import,
    error_report_download,
    error_report_downloadable,
    roster_import,
)
from linghuo.registry.models import Organisation
from tests.collection.files import CONTRIBUTION_HEADERS, contribution_row, roster_row, xlsx

pytestmark = pytest.mark.django_db

KINDS = ("rosters", "contributions")


def _uploader(personas: dict[str, User], kind: str) -> User:
    return personas["organisation" if kind == "rosters" else "caseworker_320722"]


def _submission(personas: dict[str, User], organisation: Organisation, kind: str, *, bad: bool) -> Submission:
    """An import of two rows, the second one bad (an income or a payment that is no amount) if ``bad``."""
    user = _uploader(personas, kind)
    if kind == "rosters":
        rows = [roster_row(0), roster_row(1, income="不详" if bad else "3,500.00")]
        summary = roster_import(
            organisation=organisation,
            period=dt.date(2024, 3, 1),
            source=xlsx(rows),
            filename="名册.xlsx",
            actor=user,
        )
    else:
        rows = [contribution_row(0), contribution_row(1, paid="不详" if bad else "975.80")]
        summary = contributions_import(
            source=xlsx(rows, headers=CONTRIBUTION_HEADERS), filename="缴费.xlsx", actor=user
        )
    assert summary.rejected == (1 if bad else 0)
    return Submission.objects.get(pk=summary.submission_id)


def _downloads() -> int:
    return AuditEntry.objects.filter(action=CollectionAction.ERROR_REPORT_DOWNLOADED).count()


@pytest.mark.parametrize("kind", KINDS)
def test_it_hands_the_uploader_the_report_and_records_the_download(
    kind: str, personas: dict[str, User], organisation: Organisation
) -> None:
    submission = _submission(personas, organisation, kind, bad=True)
    uploader = _uploader(personas, kind)

    assert error_report_downloadable(uploader, submission)
    path, name = error_report_download(actor=uploader, submission=submission)

    assert path.is_file()
    assert name == f"错误报告-{submission.pk}.xlsx"
    assert _downloads() == 1


@pytest.mark.parametrize("kind", KINDS)
def test_it_refuses_the_report_to_a_manager_and_records_nothing(
    kind: str, personas: dict[str, User], organisation: Organisation
) -> None:
    submission = _submission(personas, organisation, kind, bad=True)

    assert not error_report_downloadable(personas["manager"], submission)
    with pytest.raises(PermissionDenied):
        error_report_download(actor=personas["manager"], submission=submission)
    assert _downloads() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_it_says_there_is_no_report_when_every_row_was_good(
    kind: str, personas: dict[str, User], organisation: Organisation
) -> None:
    submission = _submission(personas, organisation, kind, bad=False)
    uploader = _uploader(personas, kind)

    assert not error_report_downloadable(uploader, submission)
    with pytest.raises(ErrorReportMissingError):
        error_report_download(actor=uploader, submission=submission)
    assert _downloads() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_the_page_and_the_api_give_the_same_report_under_the_same_name(
    kind: str, personas: dict[str, User], organisation: Organisation
) -> None:
    submission = _submission(personas, organisation, kind, bad=True)
    client = Client()
    client.force_login(_uploader(personas, kind))

    page = client.get(f"/collection/submissions/{submission.pk}/error-report/")
    api = client.get(f"/api/v1/{kind}/{submission.pk}/error-report")

    assert (page.status_code, api.status_code) == (200, 200)
    assert page.content == b"".join(api.streaming_content)  # type: ignore[attr-defined]
    assert page["Content-Disposition"] == api["Content-Disposition"].replace("utf-8''", "UTF-8''")
    assert _downloads() == 2
