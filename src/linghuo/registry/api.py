"""``/api/v1/``: persons (caseworkers, masked, their districts only), the worker's own registration,
memberships (caseworkers), the commitment text and one's own organisations."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from linghuo.accounts import access
from linghuo.accounts.access import ApiPermission, Permission
from linghuo.accounts.models import User
from linghuo.api_types import Fen, Id, IsoDate, Offset, PageSize
from linghuo.registry import commitment, selectors, services
from linghuo.registry.models import (
    EmploymentForm,
    EmploymentRegistration,
    GroupMembership,
    MembershipKind,
    MembershipSource,
    Organisation,
    Person,
    PlaceKind,
)

router = Router(tags=["registry"])

CASE_WORK = ApiPermission(Permission.CASE_WORK)
WORKER = ApiPermission(Permission.WORKER_SELF_SERVICE)
ORGANISATION = ApiPermission(Permission.ORGANISATION_VIEW_OWN)


class Problem(Schema):
    detail: str


class RegistrationPendingOut(Schema):
    """A registration submitted and waiting for the worker's identity to be checked."""

    status: str  # "pending_verification"
    detail: str


PENDING_VERIFICATION = "提交成功，待核验 / submitted, pending verification"


class RegistrationOut(Schema):
    id: int
    place_kind: str
    place_kind_label: str
    place_division: str
    employment_form: str
    employment_form_label: str
    monthly_income_fen: int | None
    work_township: str
    commitment_version: str
    signed_at: datetime.datetime
    registered_on: datetime.date
    ended_on: datetime.date | None
    spot_check_drawn: bool


class PersonOut(Schema):
    id: int
    name: str
    id_number_masked: str
    mobile_masked: str
    birth_date: datetime.date
    sex: str
    hukou_division: str
    district_code: str
    active_registration: RegistrationOut | None


class RegistrationIn(Schema):
    place_kind: str
    place_division: str
    employment_form: str
    commitment_version: str
    monthly_income_fen: Fen | None = None
    work_township: str = ""
    name: str = ""
    id_number: str = ""


class RegistrationEndIn(Schema):
    reason: str = ""


class MembershipOut(Schema):
    id: int
    kind: str
    kind_label: str
    valid_from: datetime.date
    valid_until: datetime.date | None
    value_number: int | None
    value_text: str
    source: str
    source_label: str
    evidence_reference: str
    evidence_note: str
    recorded_at: datetime.datetime


class MembershipIn(Schema):
    kind: str
    valid_from: IsoDate
    source: str = MembershipSource.CASEWORKER_ENTRY.value
    valid_until: IsoDate | None = None
    value_number: Fen | None = None
    value_text: str = ""
    evidence_reference: str = ""
    evidence_note: str = ""


class Commitment(Schema):
    version: str
    text: str
    place_kinds: dict[str, str]
    employment_forms: dict[str, str]


class OrganisationMemberOut(Schema):
    name: str
    mobile_masked: str
    member_role: str


class OrganisationOut(Schema):
    id: int
    uscc: str
    name: str
    kind: str
    kind_label: str
    division: str
    members: list[OrganisationMemberOut]


def _bad_request(error: ValidationError) -> HttpError:
    return HttpError(400, "；".join(error.messages))


def _person_for_caseworker(user: User, person_id: Id) -> Person:
    try:
        return selectors.person_for_caseworker(user, person_id)
    except Http404 as missing:
        raise HttpError(404, str(missing)) from None


def _organisation_for_member(user: User, organisation_id: Id) -> Organisation:
    try:
        return selectors.organisation_for_member(user, organisation_id)
    except Http404 as missing:
        raise HttpError(404, str(missing)) from None


def registration_out(registration: EmploymentRegistration) -> RegistrationOut:
    return RegistrationOut(
        id=registration.pk,
        place_kind=registration.place_kind,
        place_kind_label=str(PlaceKind(registration.place_kind).label),
        place_division=registration.place_division,
        employment_form=registration.employment_form,
        employment_form_label=str(EmploymentForm(registration.employment_form).label),
        monthly_income_fen=registration.monthly_income_fen,
        work_township=registration.work_township,
        commitment_version=registration.commitment_version,
        signed_at=registration.signed_at,
        registered_on=registration.registered_on,
        ended_on=registration.ended_on,
        spot_check_drawn=hasattr(registration, "spot_check"),
    )


def person_out(person: Person) -> PersonOut:
    active = selectors.active_registration(person)
    return PersonOut(
        id=person.pk,
        name=person.name,
        id_number_masked=person.id_number_masked,
        mobile_masked=person.mobile_masked,
        birth_date=person.birth_date,
        sex=person.sex,
        hukou_division=person.hukou_division,
        district_code=person.district_code,
        active_registration=registration_out(active) if active else None,
    )


def membership_out(membership: GroupMembership) -> MembershipOut:
    return MembershipOut(
        id=membership.pk,
        kind=membership.kind,
        kind_label=str(MembershipKind(membership.kind).label),
        valid_from=membership.valid_from,
        valid_until=membership.valid_until,
        value_number=membership.value_number,
        value_text=membership.value_text,
        source=membership.source,
        source_label=str(MembershipSource(membership.source).label),
        evidence_reference=membership.evidence_reference,
        evidence_note=membership.evidence_note,
        recorded_at=membership.recorded_at,
    )


def organisation_out(organisation: Organisation) -> OrganisationOut:
    members = organisation.memberships.select_related("user").order_by("member_role", "user__name")
    return OrganisationOut(
        id=organisation.pk,
        uscc=organisation.uscc,
        name=organisation.name,
        kind=organisation.kind,
        kind_label=organisation.get_kind_display(),
        division=organisation.division,
        members=[
            OrganisationMemberOut(
                name=m.user.name, mobile_masked=m.user.mobile_masked, member_role=m.member_role
            )
            for m in members
        ],
    )


@router.get("/registry/commitment", response=Commitment, auth=None)
def commitment_get(request: HttpRequest) -> Commitment:
    """The commitment (承诺书) a worker signs today, its version, and the choices of the registration form."""
    version, text = commitment.commitment_current()
    return Commitment(
        version=version,
        text=text,
        place_kinds={k: str(v) for k, v in PlaceKind.choices},
        employment_forms={k: str(v) for k, v in EmploymentForm.choices},
    )


@router.get("/registry/persons", response=list[PersonOut], auth=CASE_WORK)
def persons_list(
    request: HttpRequest,
    q: str = "",
    offset: Offset = 0,
    limit: PageSize = 50,
) -> list[PersonOut]:
    """Persons of the caseworker's districts (ID and mobile masked); ``q`` is a name or a full ID number."""
    user = access.request_user(request)
    persons = selectors.persons_for_caseworker(user, query=q)
    return [person_out(p) for p in persons[offset : offset + limit]]


@router.get("/registry/persons/{person_id}", response={200: PersonOut, 404: Problem}, auth=CASE_WORK)
def persons_get(request: HttpRequest, person_id: Id) -> PersonOut:
    """One person of the caseworker's districts (masked); 404 for anyone else's."""
    return person_out(_person_for_caseworker(access.request_user(request), person_id))


@router.get(
    "/registry/persons/{person_id}/memberships",
    response={200: list[MembershipOut], 404: Problem},
    auth=CASE_WORK,
)
def memberships_list(request: HttpRequest, person_id: Id) -> list[MembershipOut]:
    """A person's group memberships and dated facts with their evidence."""
    person = _person_for_caseworker(access.request_user(request), person_id)
    return [membership_out(m) for m in selectors.person_memberships(person)]


@router.post(
    "/registry/persons/{person_id}/memberships",
    response={201: MembershipOut, 400: Problem, 404: Problem},
    auth=CASE_WORK,
)
def memberships_create(request: HttpRequest, person_id: Id, payload: MembershipIn) -> Status[MembershipOut]:
    """Record a membership for a person of the caseworker's districts."""
    user = access.request_user(request)
    person = _person_for_caseworker(user, person_id)
    try:
        membership = services.membership_record(actor=user, person=person, **payload.dict())
    except ValidationError as error:
        raise _bad_request(error) from None
    except PermissionDenied:
        raise HttpError(403, access.MESSAGE_FORBIDDEN) from None
    return Status(201, membership_out(membership))


@router.get("/registry/registrations/mine", response={200: RegistrationOut, 404: Problem}, auth=WORKER)
def registration_mine(request: HttpRequest) -> RegistrationOut:
    """The worker's active employment registration; 404 when there is none."""
    user = access.request_user(request)
    if selectors.pending_identity_claim(user) is not None:
        raise HttpError(404, PENDING_VERIFICATION)
    person = selectors.person_of_account(user)
    active = selectors.active_registration(person) if person else None
    if active is None:
        raise HttpError(404, "您没有有效的就业登记 / no active registration")
    return registration_out(active)


@router.post(
    "/registry/registrations",
    response={201: RegistrationOut, 202: RegistrationPendingOut, 400: Problem},
    auth=WORKER,
)
def registration_create(
    request: HttpRequest, payload: RegistrationIn
) -> Status[RegistrationOut] | Status[RegistrationPendingOut]:
    """Register on the signed commitment (send the ``commitment_version`` shown); a worker without a
    person record also sends ``name`` and ``id_number``, and gets 202: submitted, pending the check of
    their identity (the same answer whether the number was new or already known)."""
    try:
        submitted = services.worker_register(account=access.request_user(request), **payload.dict())
    except ValidationError as error:
        raise _bad_request(error) from None
    if submitted.pending or submitted.registration is None:
        return Status(202, RegistrationPendingOut(status="pending_verification", detail=PENDING_VERIFICATION))
    return Status(201, registration_out(submitted.registration))


@router.post(
    "/registry/registrations/mine/end",
    response={200: RegistrationOut, 400: Problem, 404: Problem},
    auth=WORKER,
)
def registration_end(request: HttpRequest, payload: RegistrationEndIn) -> RegistrationOut:
    """End the worker's active registration today."""
    user = access.request_user(request)
    if selectors.pending_identity_claim(user) is not None:
        raise HttpError(404, PENDING_VERIFICATION)
    person = selectors.person_of_account(user)
    active = selectors.active_registration(person) if person else None
    if active is None:
        raise HttpError(404, "您没有有效的就业登记 / no active registration")
    try:
        return registration_out(
            services.registration_end(actor=user, registration=active, reason=payload.reason)
        )
    except ValidationError as error:
        raise _bad_request(error) from None


@router.get("/registry/organisations/mine", response=list[OrganisationOut], auth=ORGANISATION)
def organisations_mine(request: HttpRequest) -> list[OrganisationOut]:
    """The organisations the member acts for, with their members (mobiles masked)."""
    return [organisation_out(o) for o in selectors.organisations_of_member(access.request_user(request))]


@router.get(
    "/registry/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: Problem},
    auth=ORGANISATION,
)
def organisations_get(request: HttpRequest, organisation_id: Id) -> OrganisationOut:
    """One of the member's organisations; 404 for any other."""
    return organisation_out(_organisation_for_member(access.request_user(request), organisation_id))
