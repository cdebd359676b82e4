"""Registry reads: what holds for a person on a date, and what a user may see.

Lists and look-ups for caseworkers are scoped to their districts here, so a view or endpoint cannot
forget it: a person of another district is simply not found.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from linghuo import personal_data
from linghuo.accounts import access
from linghuo.accounts.models import User
from linghuo.registry import access as registry_access
from linghuo.registry.identity import id_number_normalise
from linghuo.registry.models import (
    EmploymentRegistration,
    GroupMembership,
    IdentityClaim,
    IdentityClaimStatus,
    MembershipKind,
    Organisation,
    Person,
    SpotCheck,
    SpotCheckOutcome,
    WorkEvidence,
)

FactScalar = bool | int | str | datetime.date


@dataclass(frozen=True)
class MembershipsOn:
    """The memberships of a person that hold on ``on``, and the fact value each gives.

    ``values`` maps a fact name (a ``MembershipKind`` value) to its value on that date: ``True`` for a
    group, the date for a date fact, the number or text otherwise. A kind that does not hold is absent.
    When several memberships of one kind hold, the one starting last counts.
    """

    on: datetime.date
    memberships: tuple[GroupMembership, ...]
    values: dict[str, FactScalar] = field(default_factory=dict)

    def holds(self, kind: str) -> bool:
        """Whether a membership of ``kind`` holds on the date."""
        return kind in self.values

    def value(self, kind: str) -> FactScalar | None:
        """The fact value of ``kind`` on the date, or None."""
        return self.values.get(kind)


def memberships_on(
    memberships: list[GroupMembership] | tuple[GroupMembership, ...], on: datetime.date
) -> MembershipsOn:
    """Pick, from already-loaded ``memberships`` of one person, what holds on ``on`` (no query)."""
    holding = sorted(
        (m for m in memberships if m.holds_on(on)), key=lambda m: (m.kind, m.valid_from, m.pk or 0)
    )
    values: dict[str, FactScalar] = {}
    for membership in holding:  # later starts overwrite earlier ones of the same kind
        value = membership.fact_value
        if value is not None:
            values[membership.kind] = value
    return MembershipsOn(on=on, memberships=tuple(holding), values=values)


def person_memberships_on(person: Person, *, on: datetime.date) -> MembershipsOn:
    """What ``person``'s group memberships and dated facts are on ``on``."""
    rows = GroupMembership.objects.filter(person=person, valid_from__lte=on).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )
    return memberships_on(list(rows), on)


def memberships_by_person_on(person_ids: list[int], *, on: datetime.date) -> dict[int, MembershipsOn]:
    """``person_memberships_on`` for many people in one query per 900 ids (for batch evaluation);
    every id is in the result, with no memberships when none holds."""
    rows: dict[int, list[GroupMembership]] = {pk: [] for pk in person_ids}
    for start in range(0, len(person_ids), 900):
        chunk = person_ids[start : start + 900]
        holding = GroupMembership.objects.filter(person_id__in=chunk, valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )
        for membership in holding:
            rows[membership.person_id].append(membership)
    return {pk: memberships_on(found, on) for pk, found in rows.items()}


def registration_in_force(on: datetime.date) -> Q:
    """The rule for an employment registration in force on ``on``: registered by then and not ended by
    then — from the day it is ended (``ended_on``) it no longer counts, so one ended today is not in force
    today. ``active_registration`` applies it to one person, ``insights.facts`` to many at once."""
    return Q(registered_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))


def active_registration(person: Person, *, on: datetime.date | None = None) -> EmploymentRegistration | None:
    """The registration of ``person`` in force on ``on`` (``registration_in_force``; the latest when
    several, as ``insights.facts`` takes it), or, with no date, the one not ended: at most one, the one
    the person may end, which keeps them from registering again."""
    if person.pk is None:
        return None
    registrations = EmploymentRegistration.objects.filter(person=person).select_related("spot_check")
    if on is None:
        return registrations.filter(ended_on__isnull=True).first()
    return registrations.filter(registration_in_force(on)).order_by("-registered_on", "-pk").first()


def person_employment_form_on(person: Person, *, on: datetime.date) -> str | None:
    """The ``employment_form`` fact on ``on``: the registration's form while one is in force, else the
    recorded status (``MembershipKind.EMPLOYMENT_FORM``), else None (unknown)."""
    registration = active_registration(person, on=on)
    if registration is not None:
        return registration.employment_form
    value = person_memberships_on(person, on=on).value(MembershipKind.EMPLOYMENT_FORM)
    return str(value) if value else None


def person_of_account(user: User) -> Person | None:
    """The person record of a worker's account."""
    return Person.objects.filter(account=user).first()


def person_login_mobile_masked(person: Person) -> str:
    """For a person with no recorded mobile, the masked number their account logs in with (else empty)."""
    if person.mobile_masked or person.account is None:
        return ""
    return person.account.mobile_masked


def persons_for_caseworker(user: User, *, query: str = "") -> QuerySet[Person]:
    """Persons of the caseworker's districts, searched by name (contains) or exact ID number (hash)."""
    districts = (
        access.caseworker_district_codes(user)
        if access.user_has_permission(user, access.Permission.CASE_WORK)
        else frozenset()
    )
    persons = Person.objects.filter(district_code__in=sorted(districts)).order_by("name", "pk")
    text = query.strip()
    if not text:
        return persons
    number = id_number_normalise(text)
    if len(number) == 18 and number[:17].isdigit():
        return persons.filter(id_number_hash=personal_data.lookup_hash(number))
    return persons.filter(name__contains=text)


def person_for_caseworker(user: User, pk: int) -> Person:
    """A person of the caseworker's districts, or Http404 (never a hint that it exists elsewhere)."""
    person = Person.objects.filter(pk=pk).first()
    if person is None or not registry_access.user_may_work_person(user, person):
        raise Http404("未找到该人员 / no such person")
    return person


def person_memberships(person: Person) -> QuerySet[GroupMembership]:
    """All of a person's memberships, newest first."""
    return person.memberships.select_related("recorded_by").order_by("-valid_from", "-pk")


def person_work_evidence(person: Person) -> QuerySet[WorkEvidence]:
    """A person's work evidence (gigs completed in the market, 十三/十五), the latest first."""
    return person.work_evidence.order_by("-ended_on", "-pk")


def spot_checks_for_caseworker(user: User, *, pending_only: bool = True) -> QuerySet[SpotCheck]:
    """Spot checks of registrations in the caseworker's districts."""
    districts = sorted(access.caseworker_district_codes(user))
    checks = SpotCheck.objects.filter(registration__place_division__in=districts).select_related(
        "registration__person"
    )
    if pending_only:
        checks = checks.filter(outcome=SpotCheckOutcome.PENDING)
    return checks.order_by("drawn_at", "pk")


def spot_check_for_caseworker(user: User, pk: int) -> SpotCheck:
    """A spot check of the caseworker's districts, or Http404."""
    check = SpotCheck.objects.select_related("registration__person").filter(pk=pk).first()
    if check is None or not access.user_may_work_district(user, check.registration.place_division):
        raise Http404("未找到该抽查 / no such spot check")
    return check


def pending_identity_claim(user: User) -> IdentityClaim | None:
    """The worker's claim of an ID number waiting for its check, if any (at most one)."""
    return IdentityClaim.objects.filter(account=user, status=IdentityClaimStatus.PENDING).first()


def latest_identity_claim(user: User) -> IdentityClaim | None:
    """The worker's latest claim of an ID number, whatever its status."""
    return IdentityClaim.objects.filter(account=user).order_by("-created_at", "-pk").first()


def identity_claims_for_caseworker(user: User, *, pending_only: bool = True) -> QuerySet[IdentityClaim]:
    """Workers' claims of ID numbers whose person is in the caseworker's districts, oldest first."""
    districts = (
        sorted(access.caseworker_district_codes(user))
        if access.user_has_permission(user, access.Permission.CASE_WORK)
        else []
    )
    claims = IdentityClaim.objects.filter(person__district_code__in=districts).select_related(
        "person", "account", "decided_by"
    )
    if pending_only:
        claims = claims.filter(status=IdentityClaimStatus.PENDING)
    return claims.order_by("created_at", "pk")


def identity_claim_for_caseworker(user: User, pk: int) -> IdentityClaim:
    """A claim whose person is in the caseworker's districts, or Http404."""
    claim = IdentityClaim.objects.select_related("person", "account").filter(pk=pk).first()
    if claim is None or not registry_access.user_may_work_person(user, claim.person):
        raise Http404("未找到该身份核验 / no such identity check")
    return claim


def person_identity_claims(person: Person) -> QuerySet[IdentityClaim]:
    """Every claim of a person's ID number, newest first."""
    return person.identity_claims.select_related("account", "decided_by").order_by("-created_at", "-pk")


def organisations_of_member(user: User) -> QuerySet[Organisation]:
    """The organisations an organisation member acts for."""
    if not access.user_has_permission(user, access.Permission.ORGANISATION_VIEW_OWN):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name", "pk").distinct()


def organisation_for_member(user: User, pk: int) -> Organisation:
    """One of the member's organisations, or Http404."""
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not registry_access.user_may_act_for_organisation(user, organisation):
        raise Http404("未找到该单位 / no such organisation")
    return organisation


def benefits_may_flow(person: Person) -> bool:
    """Whether anything may be delivered to ``person`` — an offer, a subsidy paid, a place granted.

    Only once the bureau knows the ID number is theirs (``Person.identity_verification``): a person from
    a roster or data file, entered by a caseworker, or self-registered and then confirmed by a caseworker
    of their district or by the commitment's spot check. A worker who registered online with a number
    nobody had checked yet (``services.worker_register``) may see what they would qualify for, but
    nothing flows until then. Every code path that marks someone to receive a benefit asks this first.
    """
    return person.identity_verified
