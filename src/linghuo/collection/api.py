"""``/api/v1/rosters`` and ``/api/v1/contributions``: submit a file, follow its import, get its error report.

A submission is answered at once with 202 and its id; its import runs in the background (see
``linghuo.collection.jobs``) and ``GET …/{id}`` tells its status and counts. An organisation (or an
uploader of contribution records) with as many uploads waiting or importing as allowed is answered 429.
Who may see what is decided in ``linghuo.accounts.access``; a submission one may not see answers 404.
"""

from __future__ import annotations

from typing import BinaryIO, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from linghuo.accounts import access
from linghuo.accounts.access import ApiPermission, Permission
from linghuo.api_types import Id
from linghuo.collection import jobs, selectors, services
from linghuo.collection.models import Submission, SubmissionKind
from linghuo.collection.periods import period_parse
from linghuo.registry.models import Organisation
from linghuo.spreadsheets.errors import FileRejectedError, FileTooLargeError

router = Router(tags=["collection"])

SUBMIT = ApiPermission(Permission.ORGANISATION_SUBMIT)
IMPORT_CONTRIBUTIONS = ApiPermission(Permission.CONTRIBUTIONS_IMPORT)
LOGGED_IN = ApiPermission(Permission.ACCOUNT_VIEW_OWN)
# An error report is a file: 200 documents it as such (not JSON).
_XLSX = {
    "responses": {
        200: {
            "description": "the error report (.xlsx)",
            "content": {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                    "schema": {"type": "string", "format": "binary"}
                }
            },
        }
    }
}


class Problem(Schema):
    detail: str


class SubmissionOut(Schema):
    id: int
    kind: str
    status: str
    status_label: str
    finished: bool
    rows_done: int
    accepted: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    has_error_report: bool
    failure_message: str
    file_name: str
    period: str | None


def _out(submission: Submission) -> SubmissionOut:
    submission.refresh_from_db()
    return SubmissionOut.model_validate(selectors.submission_state(submission))


def _organisation(request: HttpRequest, organisation_id: int | None) -> Organisation:
    user = access.request_user(request)
    organisations = list(selectors.organisations_submitting(user))
    if organisation_id is not None:
        chosen = [o for o in organisations if o.pk == organisation_id]
        if not chosen:
            raise HttpError(
                403, "您不是该单位的成员，不能为其提交名册。/ You are not a member of that organisation."
            )
        return chosen[0]
    if len(organisations) != 1:
        raise HttpError(
            422,
            "请用 organisation_id 指明为哪个单位提交（您是多个单位的成员或尚未加入单位）。"
            " / Give organisation_id: you belong to several organisations or none.",
        )
    return organisations[0]


def _receive(
    request: HttpRequest,
    *,
    kind: SubmissionKind,
    file: UploadedFile,
    organisation: Organisation | None = None,
    period: str | None = None,
) -> Submission:
    try:
        month = period_parse(period) if period is not None else None
        submission = services.submission_receive(
            kind=kind,
            upload=cast(BinaryIO, file),
            filename=file.name or "upload",
            actor=access.request_user(request),
            organisation=organisation,
            period=month,
        )
    except ValidationError as exc:
        raise HttpError(422, "；".join(exc.messages)) from None
    except FileTooLargeError as exc:
        raise HttpError(413, exc.message) from None
    except FileRejectedError as exc:
        raise HttpError(422, exc.message) from None
    except services.SubmissionsBusyError as exc:
        raise HttpError(429, exc.message) from None
    jobs.submission_start(submission)
    return submission


@router.post(
    "/rosters",
    response={202: SubmissionOut, 403: Problem, 413: Problem, 422: Problem, 429: Problem},
    auth=SUBMIT,
    url_name="rosters_submit",
    summary="Submit a month's roster (.xlsx/.csv)",
)
def roster_submit(
    request: HttpRequest,
    file: File[UploadedFile],
    period: Form[str],
    organisation_id: Form[Id | None] = None,
) -> Status[SubmissionOut]:
    """Upload the roster of ``period`` (YYYY-MM) for the member's organisation; 202 with the submission."""
    organisation = _organisation(request, organisation_id)
    submission = _receive(
        request, kind=SubmissionKind.ROSTER, file=file, organisation=organisation, period=period
    )
    return Status(202, _out(submission))


@router.post(
    "/contributions",
    response={202: SubmissionOut, 413: Problem, 422: Problem, 429: Problem},
    auth=IMPORT_CONTRIBUTIONS,
    url_name="contributions_submit",
    summary="Submit contribution records (.xlsx/.csv)",
)
def contributions_submit(request: HttpRequest, file: File[UploadedFile]) -> Status[SubmissionOut]:
    """Upload the social-insurance agency's contribution records; 202 with the submission."""
    return Status(202, _out(_receive(request, kind=SubmissionKind.CONTRIBUTIONS, file=file)))


def _visible(request: HttpRequest, submission_id: Id, kind: SubmissionKind) -> Submission:
    try:
        return selectors.submission_for(access.request_user(request), submission_id, kind=kind)
    except Http404:
        raise HttpError(404, "没有找到该提交记录。/ No such submission.") from None


def _report(request: HttpRequest, submission: Submission) -> FileResponse:
    try:
        path, name = services.error_report_download(actor=access.request_user(request), submission=submission)
    except PermissionDenied:
        raise HttpError(403, access.MESSAGE_FORBIDDEN) from None
    except services.ErrorReportMissingError:
        raise HttpError(404, "该提交没有错误报告。/ This submission has no error report.") from None
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name)


@router.get("/rosters/{submission_id}", response={200: SubmissionOut, 404: Problem}, auth=LOGGED_IN)
def roster_status(request: HttpRequest, submission_id: Id) -> SubmissionOut:
    """A roster submission's status and counts (its organisation's members, caseworkers, managers)."""
    return _out(_visible(request, submission_id, SubmissionKind.ROSTER))


@router.get(
    "/rosters/{submission_id}/error-report",
    response={200: None, 403: Problem, 404: Problem},
    auth=LOGGED_IN,
    openapi_extra=_XLSX,
)
def roster_error_report(request: HttpRequest, submission_id: Id) -> FileResponse:
    """The roster's error report (.xlsx): for its organisation's members and its district's caseworkers."""
    return _report(request, _visible(request, submission_id, SubmissionKind.ROSTER))


@router.get("/contributions/{submission_id}", response={200: SubmissionOut, 404: Problem}, auth=LOGGED_IN)
def contributions_status(request: HttpRequest, submission_id: Id) -> SubmissionOut:
    """A contribution upload's status and counts (its uploader and administrators)."""
    return _out(_visible(request, submission_id, SubmissionKind.CONTRIBUTIONS))


@router.get(
    "/contributions/{submission_id}/error-report",
    response={200: None, 403: Problem, 404: Problem},
    auth=LOGGED_IN,
    openapi_extra=_XLSX,
)
def contributions_error_report(request: HttpRequest, submission_id: Id) -> FileResponse:
    """The contribution upload's error report (.xlsx)."""
    return _report(request, _visible(request, submission_id, SubmissionKind.CONTRIBUTIONS))
