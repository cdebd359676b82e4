"""The market's reads for the home pages: a worker's applications under way, a poster's open postings and
the applications waiting for them, and the disputes and reports waiting in a caseworker's districts."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from linghuo.accounts import access
from linghuo.accounts.models import User
from linghuo.market.models import (
    ApplicationStatus,
    Dispute,
    DisputeStatus,
    GigApplication,
    Posting,
    PostingReport,
    PostingStatus,
)

UNDER_WAY = (ApplicationStatus.APPLIED, ApplicationStatus.HIRED, ApplicationStatus.DISPUTED)


def applications_under_way(user: User) -> QuerySet[GigApplication]:
    """The worker's own applications still going: applied, hired, or disputed."""
    return GigApplication.objects.filter(worker=user, status__in=UNDER_WAY)


def postings_open_of(user: User, *, today: datetime.date) -> QuerySet[Posting]:
    """The account's own postings still recruiting and not past their date."""
    return Posting.objects.filter(poster=user, status=PostingStatus.OPEN, expires_on__gte=today)


def applications_awaiting_poster(user: User) -> QuerySet[GigApplication]:
    """Applications to the account's own postings waiting for them to hire or decline."""
    return GigApplication.objects.filter(posting__poster=user, status=ApplicationStatus.APPLIED)


def disputes_open_for_caseworker(user: User) -> QuerySet[Dispute]:
    """Open disputes of postings in the caseworker's districts (nobody else's)."""
    districts = sorted(access.caseworker_district_codes(user))
    return Dispute.objects.filter(application__posting__district__in=districts, status=DisputeStatus.OPEN)


def reports_waiting_for_caseworker(user: User) -> QuerySet[PostingReport]:
    """Reports of postings in the caseworker's districts not yet handled."""
    districts = sorted(access.caseworker_district_codes(user))
    return PostingReport.objects.filter(posting__district__in=districts, handled_at__isnull=True)
