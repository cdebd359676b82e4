"""Benefits' reads: a person's offers and cases, the caseworkers' queues by district, overdue cases."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from linghuo.accounts.access import (
    AnyUser,
    Permission,
    active_user,
    caseworker_district_codes,
    user_has_permission,
)
from linghuo.benefits.errors import NotAllowedError
from linghuo.benefits.models import Case, Entitlement, Offer, OfferStatus
from linghuo.benefits.workflow import OPEN_STATES, CaseState
from linghuo.registry.models import Person


def person_of(user: AnyUser | None) -> Person | None:
    """The registry person of a worker's account (None: no record linked)."""
    account = active_user(user)
    if account is None or not user_has_permission(account, Permission.WORKER_SELF_SERVICE):
        return None
    return Person.objects.filter(account=account).first()


def offers_open_for(person: Person, *, today: datetime.date) -> QuerySet[Offer]:
    """The person's open offers not yet past their date (the home page's notices)."""
    return Offer.objects.filter(person=person, status=OfferStatus.OPEN, expires_on__gte=today).order_by(
        "expires_on", "pk"
    )


def offers_of(person: Person) -> QuerySet[Offer]:
    return Offer.objects.filter(person=person).order_by("-pk")


def cases_of(person: Person) -> QuerySet[Case]:
    return Case.objects.filter(person=person).order_by("-pk")


def entitlements_of(person: Person) -> QuerySet[Entitlement]:
    return Entitlement.objects.filter(person=person).order_by("-pk")


def offer_for_person(person: Person, pk: int) -> Offer:
    """The person's offer ``pk`` (``Offer.DoesNotExist`` for a missing one and for somebody else's)."""
    return Offer.objects.select_related("person").get(pk=pk, person=person)


def queue_for(user: AnyUser | None) -> QuerySet[Case]:
    """The open cases a user works: a caseworker's districts (to prepare, or to check when somebody
    else prepared them); a reviewer's: every prepared case and reconsideration, city-wide. Oldest
    deadline first."""
    account = active_user(user)
    if account is None:
        return Case.objects.none()
    open_cases = Case.objects.filter(state__in=OPEN_STATES).select_related("person")
    scope = Q(pk__in=[])
    if user_has_permission(account, Permission.CASE_WORK):
        scope |= Q(district__in=caseworker_district_codes(account))
    if user_has_permission(account, Permission.CASE_REVIEW):
        scope |= Q(state__in=(CaseState.PREPARED, CaseState.RECONSIDERATION))
    return open_cases.filter(scope).order_by("due_on", "pk")


def case_for_worker(user: AnyUser | None, pk: int) -> Case:
    """Case ``pk`` from the user's queue scope (``Case.DoesNotExist`` for one outside it)."""
    account = active_user(user)
    cases = Case.objects.select_related("person", "decision")
    scope = Q(pk__in=[])
    if account is not None and user_has_permission(account, Permission.CASE_WORK):
        scope |= Q(district__in=caseworker_district_codes(account))
    if account is not None and user_has_permission(account, Permission.CASE_REVIEW):
        scope |= Q(pk=pk)
    return cases.filter(scope).get(pk=pk)


def overdue_cases(*, today: datetime.date) -> QuerySet[Case]:
    """Open cases past their deadline (flagged; those escalated to the manager have ``escalated_at``)."""
    return Case.objects.filter(state__in=OPEN_STATES, due_on__lt=today).order_by("due_on", "pk")


def escalated_for(user: AnyUser | None, *, today: datetime.date) -> QuerySet[Case]:
    """The manager's list: overdue cases escalated to them, city-wide."""
    if not user_has_permission(user, Permission.CASES_OVERSEE):
        raise NotAllowedError("只有管理人员可以查看超期上报的案件", "only managers see escalated cases")
    return overdue_cases(today=today).filter(escalated_at__isnull=False)


def is_overdue(case: Case, *, today: datetime.date) -> bool:
    return case.state in OPEN_STATES and case.due_on is not None and case.due_on < today
