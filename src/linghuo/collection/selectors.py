"""Reads of information collection: whose submissions a user sees, and a submission's progress."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from linghuo import divisions
from linghuo.accounts import access
from linghuo.accounts.models import User
from linghuo.collection import access as collection_access
from linghuo.collection.models import RosterEntry, Submission, SubmissionKind, SubmissionStatus
from linghuo.registry.models import Organisation

HISTORY_LIMIT = 100
STALL_AFTER = datetime.timedelta(minutes=10)


def organisations_submitting(user: User) -> QuerySet[Organisation]:
    """The organisations a member submits rosters for."""
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def organisation_submissions(organisation: Organisation) -> QuerySet[Submission]:
    """An organisation's roster submissions, newest first."""
    return Submission.objects.filter(kind=SubmissionKind.ROSTER, organisation=organisation).order_by(
        "-created_at"
    )[:HISTORY_LIMIT]


def _with_historical(codes: frozenset[str]) -> set[str]:
    """County codes with the retired codes that now belong to them (an organisation may carry one)."""
    retired = {old for old, (_, successor) in divisions.HISTORICAL_CODES.items() if successor in codes}
    return set(codes) | retired


def roster_submissions_overseen(user: User) -> QuerySet[Submission]:
    """Roster submissions a caseworker (organisations in their districts) or a city-wide role sees."""
    rosters = Submission.objects.filter(kind=SubmissionKind.ROSTER).select_related(
        "organisation", "uploaded_by"
    )
    if not access.user_may_oversee_all_submissions(user):
        rosters = rosters.filter(
            organisation__division__in=_with_historical(access.caseworker_district_codes(user))
        )
    return rosters.order_by("-created_at")


def contribution_submissions(user: User) -> QuerySet[Submission]:
    """Contribution uploads a user sees: their own; all of them for an administrator."""
    uploads = Submission.objects.filter(kind=SubmissionKind.CONTRIBUTIONS).select_related("uploaded_by")
    if not access.user_may_oversee_all_submissions(user):
        uploads = uploads.filter(Q(uploaded_by=user))
    return uploads.order_by("-created_at")[:HISTORY_LIMIT]


def submission_for(user: User, pk: int, *, kind: str | None = None) -> Submission:
    """A submission the user may see, or 404 (also for one that exists but is not theirs to see)."""
    submission = Submission.objects.select_related("organisation", "uploaded_by").filter(pk=pk).first()
    if submission is None or (kind is not None and submission.kind != kind):
        raise Http404("没有找到该提交记录 / no such submission")
    if not collection_access.user_may_view_submission(user, submission):
        raise Http404("没有找到该提交记录 / no such submission")
    return submission


def submission_stalled(submission: Submission, *, now: datetime.datetime | None = None) -> bool:
    """An import that stopped reporting progress (its server was stopped) for longer than ``STALL_AFTER``."""
    if submission.is_finished:
        return False
    last = submission.progress_at or submission.started_at or submission.created_at
    return (now or timezone.now()) - last > STALL_AFTER


def submission_state(submission: Submission) -> dict[str, object]:
    """A submission's status and counts, as the status endpoint and the API return them."""
    return {
        "id": submission.pk,
        "kind": submission.kind,
        "status": SubmissionStatus.FAILED.value if submission_stalled(submission) else submission.status,
        "status_label": gettext("导入中断，请重新上传")
        if submission_stalled(submission)
        else submission.get_status_display(),
        "finished": submission.is_finished,
        "rows_done": submission.rows_done,
        "accepted": submission.accepted,
        "created": submission.created,
        "updated": submission.updated,
        "unchanged": submission.unchanged,
        "rejected": submission.rejected,
        "has_error_report": bool(submission.error_report_path),
        "failure_message": submission.failure_message,
        "file_name": submission.file_name,
        "period": f"{submission.period:%Y-%m}" if submission.period else None,
    }


def latest_roster(organisation: Organisation) -> Submission | None:
    """The organisation's latest roster that was imported (``done``), for its home page."""
    return (
        Submission.objects.filter(
            kind=SubmissionKind.ROSTER, organisation=organisation, status=SubmissionStatus.DONE
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def roster_entries_of(organisation: Organisation, period: datetime.date) -> QuerySet[RosterEntry]:
    """The workers an organisation reported for one month, by name."""
    return (
        RosterEntry.objects.filter(organisation=organisation, period=period)
        .select_related("person")
        .order_by("person__name", "pk")
    )
