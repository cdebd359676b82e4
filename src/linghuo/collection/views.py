"""Pages: an organisation's roster upload and history, caseworkers' and managers' list of submissions,
contribution uploads, one submission's result with live progress, the templates and error reports.

Uploads are kept and imported in the background (``jobs``): the page answers at once and the result
page polls ``status.json`` for progress, so a 100,000-row file never holds a request open.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.accounts.models import User
from linghuo.collection import jobs, selectors, services
from linghuo.collection.forms import ContributionUploadForm, RosterUploadForm
from linghuo.collection.models import SubmissionKind
from linghuo.collection.periods import period_text
from linghuo.registry.models import Organisation
from linghuo.spreadsheets import (
    CONTRIBUTIONS,
    ROSTER,
    FileRejectedError,
    TableSpec,
    template_csv,
    template_xlsx,
)

TEMPLATES: dict[str, tuple[TableSpec[Any], str]] = {
    "roster": (ROSTER, "平台从业人员名册模板"),
    "contributions": (CONTRIBUTIONS, "社会保险缴费记录模板"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _add_errors(form: Form, error: ValidationError | FileRejectedError) -> None:
    messages = [error.message] if isinstance(error, FileRejectedError) else error.messages
    for message in messages:
        form.add_error(None, message)


def _receive(
    form: Form,
    *,
    kind: SubmissionKind,
    user: User,
    organisation: Organisation | None = None,
    period: datetime.date | None = None,
) -> HttpResponse | None:
    """Keep the form's upload and start its import: the result page, which follows it; or, for a refused
    file (``services.upload_check``) or an organisation with as many uploads waiting as allowed, ``None``
    with the reason on the form."""
    upload = form.cleaned_data["file"]
    try:
        submission = services.submission_receive(
            kind=kind,
            upload=upload,
            filename=upload.name,
            actor=user,
            organisation=organisation,
            period=period,
        )
    except FileRejectedError as exc:
        _add_errors(form, exc)
        return None
    except services.SubmissionsBusyError as exc:
        form.add_error(None, exc.message)
        return None
    jobs.submission_start(submission)
    return redirect("collection:submission", pk=submission.pk)


def template_download(request: HttpRequest, name: str) -> HttpResponse:
    """A published template: ``roster.xlsx``/``.csv`` or ``contributions.xlsx``/``.csv``."""
    stem, _, suffix = name.partition(".")
    if stem not in TEMPLATES or suffix not in ("xlsx", "csv"):
        raise Http404("没有这个模板 / no such template")
    spec, title = TEMPLATES[stem]
    content, content_type = (
        (template_xlsx(spec), XLSX) if suffix == "xlsx" else (template_csv(spec), "text/csv; charset=utf-8")
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(title)}.{suffix}"
    return response


def _max_upload_mb() -> int:
    return int(settings.LINGHUO_MAX_UPLOAD_BYTES) // (1024 * 1024)


def _quoted(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


@access.page_requires(Permission.ORGANISATION_SUBMIT)
def roster_upload(request: HttpRequest) -> HttpResponse:
    """上传名册: the member's organisation, the month, the file; below, the organisation's history."""
    user = access.request_user(request)
    organisations = list(selectors.organisations_submitting(user))
    chosen = request.GET.get("organisation") or request.POST.get("organisation")
    organisation = next(
        (o for o in organisations if str(o.pk) == chosen), organisations[0] if organisations else None
    )
    if chosen and organisation is not None and str(organisation.pk) != chosen:
        raise Http404("没有找到该单位 / no such organisation")
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and organisation is not None and form.is_valid():
        received = _receive(
            form,
            kind=SubmissionKind.ROSTER,
            user=user,
            organisation=organisation,
            period=form.cleaned_data["period"],
        )
        if received is not None:
            return received
    context: dict[str, Any] = {
        "form": form,
        "organisation": organisation,
        "organisations": organisations,
        "history": selectors.organisation_submissions(organisation) if organisation else [],
        "max_upload_mb": _max_upload_mb(),
    }
    return render(request, "collection/roster_upload.html", context)


@access.page_requires(Permission.CONTRIBUTIONS_IMPORT)
def contribution_upload(request: HttpRequest) -> HttpResponse:
    """上传缴费记录 (from the social-insurance agency): caseworkers and administrators."""
    user = access.request_user(request)
    form = ContributionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        received = _receive(form, kind=SubmissionKind.CONTRIBUTIONS, user=user)
        if received is not None:
            return received
    context = {
        "form": form,
        "history": selectors.contribution_submissions(user),
        "max_upload_mb": _max_upload_mb(),
    }
    return render(request, "collection/contribution_upload.html", context)


@access.page_requires(Permission.SUBMISSIONS_OVERSEE)
def submission_list(request: HttpRequest) -> HttpResponse:
    """名册提交情况: caseworkers see their districts' organisations, managers and admins all."""
    user = access.request_user(request)
    page = Paginator(selectors.roster_submissions_overseen(user), 50).get_page(request.GET.get("page"))
    return render(request, "collection/submission_list.html", {"page": page})


@access.page_requires(Permission.ACCOUNT_VIEW_OWN)
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One submission's result; while it runs, its progress (polled)."""
    user = access.request_user(request)
    submission = selectors.submission_for(user, pk)
    context = {
        "submission": submission,
        "state": selectors.submission_state(submission),
        "may_download": services.error_report_downloadable(user, submission),
        "period": period_text(submission.period) if submission.period else "",
    }
    return render(request, "collection/submission_detail.html", context)


@access.page_requires(Permission.ACCOUNT_VIEW_OWN)
def submission_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The submission's status and counts as JSON, for the result page's progress."""
    submission = selectors.submission_for(access.request_user(request), pk)
    return JsonResponse(selectors.submission_state(submission))


@access.page_requires(Permission.ACCOUNT_VIEW_OWN)
def error_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The error report (.xlsx): the organisation's members and its district's caseworkers (logged)."""
    user = access.request_user(request)
    submission = selectors.submission_for(user, pk)
    try:
        path, name = services.error_report_download(actor=user, submission=submission)
    except PermissionDenied:
        return access.forbidden_page(request)
    except services.ErrorReportMissingError:
        raise Http404("该提交没有错误报告 / no error report") from None
    response = HttpResponse(path.read_bytes(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quoted(name)}"
    return response
