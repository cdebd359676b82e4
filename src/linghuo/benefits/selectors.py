"""Benefits' reads: a person's offers and cases, the caseworkers' queues by district, overdue cases."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from linghuo.accounts.access import (
    AnyUser,
    Permission,
    active_user,
    caseworker_district_codes,
    user_has_permission,
)
from linghuo.benefits.errors import NotAllowedError
from linghuo.benefits.models import (
    Case,
    Disclosure,
    Entitlement,
    EntitlementStatus,
    Objection,
    ObjectionStatus,
    Offer,
    OfferStatus,
)
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


# --- disclosure (公示) and the payment hold -------------------------------------------------------


def _held(on: datetime.date) -> Q:
    disclosed = Exists(Disclosure.objects.filter(entitlement=OuterRef("pk"), ends_on__gte=on))
    objected = Exists(
        Objection.objects.filter(disclosure__entitlement=OuterRef("pk"), status=ObjectionStatus.OPEN)
    )
    return Q(disclosed) | Q(objected)


def entitlements_payable(rows: QuerySet[Entitlement], *, on: datetime.date) -> QuerySet[Entitlement]:
    """``rows`` without the entitlements payments hold on ``on`` (see :func:`payment_held`)."""
    return rows.exclude(_held(on))


def payment_held(entitlement: Entitlement, *, on: datetime.date) -> bool:
    """Whether nothing may be paid on ``entitlement`` on ``on``: its disclosure (公示) has not ended by
    then (``ends_on`` is its last day), or an objection to it is open. An entitlement approved before
    disclosures began (none published) is not held."""
    return Entitlement.objects.filter(pk=entitlement.pk).filter(_held(on)).exists()


def disclosures_public(*, on: datetime.date) -> QuerySet[Disclosure]:
    """The disclosures running on ``on`` (published by then, not yet ended) of entitlements not revoked,
    ordered for the public page: by measure, district, then publication."""
    return (
        Disclosure.objects.filter(published_on__lte=on, ends_on__gte=on)
        .exclude(entitlement__status=EntitlementStatus.REVOKED)
        .select_related("entitlement__person")
        .order_by("entitlement__measure", "entitlement__district", "published_on", "pk")
    )


def objections_open() -> QuerySet[Objection]:
    """Open objections, oldest first (the reviewer's list)."""
    return (
        Objection.objects.filter(status=ObjectionStatus.OPEN)
        .select_related("disclosure__entitlement__person")
        .order_by("created_at", "pk")
    )
