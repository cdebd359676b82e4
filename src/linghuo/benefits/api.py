"""``/api/v1/benefits/…``: offers and cases for the applicant; the queue and decisions for caseworkers
and reviewers; overdue cases for managers. Every write goes through ``benefits.services``; a refusal is
a JSON ``{"detail": "中文 / English"}`` with the status of its error (403, 409, 422)."""

from __future__ import annotations

import datetime
from typing import Annotated

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from linghuo.accounts import access
from linghuo.accounts.access import PUBLIC, ApiPermission, Permission
from linghuo.accounts.models import User
from linghuo.api_errors import errors
from linghuo.api_types import Fen, Id, Offset, PageSize
from linghuo.benefits import applications, disclosure, extension, selectors, services
from linghuo.benefits.disclosure_views import entry_of as disclosure_entry
from linghuo.benefits.disclosure_views import objection_units
from linghuo.benefits.errors import BenefitsError
from linghuo.benefits.models import Case, Disclosure, Entitlement, EntitlementExtension, Offer
from linghuo.policy.measures import registry as measure_registry
from linghuo.registry.models import Organisation
from linghuo.site import throttle


class _CheckerPermission(ApiPermission):
    """A second check: a caseworker (in their districts) or a reviewer (city-wide); 401 and 403 as
    ``ApiPermission`` answers them."""

    def __init__(self) -> None:
        super().__init__(Permission.CASE_WORK)

    def authenticate(self, request: HttpRequest, key: str | None) -> User:
        user = request.user
        if (
            isinstance(user, User)
            and user.is_active
            and access.user_has_permission(user, Permission.CASE_REVIEW)
        ):
            return user
        return super().authenticate(request, key)


router = Router(tags=["benefits"])
WORKER = ApiPermission(Permission.WORKER_SELF_SERVICE)
CASEWORK = ApiPermission(Permission.CASE_WORK)
CHECKER = _CheckerPermission()
OVERSEE = ApiPermission(Permission.CASES_OVERSEE)
MESSAGE_NO_OFFER = "未找到该待遇告知。/ No such offer."
MESSAGE_NO_CASE = "未找到该案件。/ No such case."
MESSAGE_NO_DISCLOSURE = "未找到该公示。/ No such disclosure."


class OfferOut(Schema):
    id: int
    measure: str
    title: str
    title_en: str
    status: str
    amount_fen: int | None
    months: int | None
    expires_on: datetime.date
    case_id: int | None


class CaseOut(Schema):
    id: int
    measure: str
    title: str
    title_en: str
    state: str
    district: str
    submitted_at: datetime.datetime
    due_on: datetime.date | None
    due_on_provisional: bool
    overdue: bool
    escalated: bool
    rejection_reason_zh: str
    rejection_reason_en: str


class PrepareIn(Schema):
    business_key: str = ""
    amount_fen: Fen | None = None


class RejectIn(Schema):
    reason_zh: str
    reason_en: str


class ReconsiderIn(Schema):
    approve: bool
    reason_zh: str = ""
    reason_en: str = ""


def _titles(measure: str) -> tuple[str, str]:
    found = measure_registry().get(measure)
    return (found.title, found.title_en) if found is not None else (measure, measure)


def _offer_out(offer: Offer) -> OfferOut:
    title, title_en = _titles(offer.measure)
    case = Case.objects.filter(offer=offer).values_list("pk", flat=True).first()
    return OfferOut(
        id=offer.pk,
        measure=offer.measure,
        title=title,
        title_en=title_en,
        status=offer.status,
        amount_fen=offer.decision.amount_fen,
        months=offer.decision.months,
        expires_on=offer.expires_on,
        case_id=case,
    )


def _case_out(case: Case) -> CaseOut:
    title, title_en = _titles(case.measure)
    return CaseOut(
        id=case.pk,
        measure=case.measure,
        title=title,
        title_en=title_en,
        state=case.state,
        district=case.district,
        submitted_at=case.submitted_at,
        due_on=case.due_on,
        due_on_provisional=case.due_on_provisional,
        overdue=selectors.is_overdue(case, today=timezone.localdate()),
        escalated=case.escalated_at is not None,
        rejection_reason_zh=case.rejection_reason_zh,
        rejection_reason_en=case.rejection_reason_en,
    )


def _refused(error: BenefitsError) -> HttpError:
    status = 422 if error.status == 400 else error.status
    return HttpError(status, f"{error.chinese} / {error.english}")


def _my_offer(request: HttpRequest, offer_id: int) -> Offer:
    person = selectors.person_of(request.user)
    try:
        if person is None:
            raise Offer.DoesNotExist
        return selectors.offer_for_person(person, offer_id)
    except Offer.DoesNotExist:
        raise HttpError(404, MESSAGE_NO_OFFER) from None


def _worked_case(request: HttpRequest, case_id: int) -> Case:
    try:
        return selectors.case_for_worker(request.user, case_id)
    except Case.DoesNotExist:
        raise HttpError(404, MESSAGE_NO_CASE) from None


@router.get("/benefits/offers", response={200: list[OfferOut], **errors(401, 403)}, auth=WORKER)
def offers_mine(request: HttpRequest) -> list[OfferOut]:
    """My offers, open ones first (a worker without a registry record has none)."""
    person = selectors.person_of(request.user)
    if person is None:
        return []
    offers = selectors.offers_of(person).select_related("decision")
    return sorted((_offer_out(o) for o in offers), key=lambda o: (o.status != "open", -o.id))


@router.post(
    "/benefits/offers/{offer_id}/accept",
    response={200: CaseOut, **errors(401, 403, 404, 409)},
    auth=WORKER,
)
def offer_accept(request: HttpRequest, offer_id: Id) -> CaseOut:
    """Accept my offer with one tap: the case is submitted (accepting again gives the same case)."""
    offer = _my_offer(request, offer_id)
    try:
        case = services.offer_accept(offer, by=access.request_user(request))
    except BenefitsError as error:
        raise _refused(error) from None
    return _case_out(case)


@router.post(
    "/benefits/offers/{offer_id}/decline",
    response={200: OfferOut, **errors(401, 403, 404, 409)},
    auth=WORKER,
)
def offer_decline(request: HttpRequest, offer_id: Id) -> OfferOut:
    """Decline my offer (recorded)."""
    offer = _my_offer(request, offer_id)
    try:
        declined = services.offer_decline(offer, by=access.request_user(request))
    except BenefitsError as error:
        raise _refused(error) from None
    return _offer_out(declined)


@router.get("/benefits/cases/mine", response={200: list[CaseOut], **errors(401, 403)}, auth=WORKER)
def cases_mine(request: HttpRequest) -> list[CaseOut]:
    """My cases, with their state, deadline and any rejection's reason."""
    person = selectors.person_of(request.user)
    return [] if person is None else [_case_out(c) for c in selectors.cases_of(person)]


@router.post(
    "/benefits/cases/{case_id}/reconsideration",
    response={200: CaseOut, **errors(401, 403, 404, 409)},
    auth=WORKER,
)
def case_reconsideration(request: HttpRequest, case_id: Id) -> CaseOut:
    """Ask for reconsideration (复核) of my rejected case, within the window."""
    person = selectors.person_of(request.user)
    case = selectors.cases_of(person).filter(pk=case_id).first() if person is not None else None
    if case is None:
        raise HttpError(404, MESSAGE_NO_CASE)
    try:
        return _case_out(services.case_request_reconsideration(case, by=access.request_user(request)))
    except BenefitsError as error:
        raise _refused(error) from None


@router.get("/benefits/queue", response={200: list[CaseOut], **errors(401, 403)}, auth=CHECKER)
def queue(request: HttpRequest) -> list[CaseOut]:
    """The open cases I work: a caseworker's districts, a reviewer's second checks; oldest deadline first."""
    return [_case_out(c) for c in selectors.queue_for(request.user)[:500]]


@router.post(
    "/benefits/cases/{case_id}/prepare",
    response={200: CaseOut, **errors(401, 403, 404, 409, 422)},
    auth=CASEWORK,
)
def case_prepare(request: HttpRequest, case_id: Id, payload: PrepareIn) -> CaseOut:
    """The first check of a submitted case (the maker): the business's licence number, the amount."""
    case = _worked_case(request, case_id)
    try:
        prepared = services.case_prepare(
            case,
            by=access.request_user(request),
            business_key=payload.business_key,
            amount_fen=payload.amount_fen,
        )
    except BenefitsError as error:
        raise _refused(error) from None
    return _case_out(prepared)


@router.post(
    "/benefits/cases/{case_id}/approve",
    response={200: CaseOut, **errors(401, 403, 404, 409)},
    auth=CHECKER,
)
def case_approve(request: HttpRequest, case_id: Id) -> CaseOut:
    """Approve a prepared case: a second person, never its preparer (403 for the preparer)."""
    case = _worked_case(request, case_id)
    try:
        return _case_out(services.case_approve(case, by=access.request_user(request)))
    except BenefitsError as error:
        raise _refused(error) from None


@router.post(
    "/benefits/cases/{case_id}/reject",
    response={200: CaseOut, **errors(401, 403, 404, 409, 422)},
    auth=CHECKER,
)
def case_reject(request: HttpRequest, case_id: Id, payload: RejectIn) -> CaseOut:
    """Reject a prepared case with its reason in Chinese and English (shown to the applicant)."""
    case = _worked_case(request, case_id)
    try:
        rejected = services.case_reject(
            case, by=access.request_user(request), reason_zh=payload.reason_zh, reason_en=payload.reason_en
        )
    except BenefitsError as error:
        raise _refused(error) from None
    return _case_out(rejected)


@router.post(
    "/benefits/cases/{case_id}/reconsider",
    response={200: CaseOut, **errors(401, 403, 404, 409, 422)},
    auth=CHECKER,
)
def case_reconsider(request: HttpRequest, case_id: Id, payload: ReconsiderIn) -> CaseOut:
    """Decide a reconsideration: by someone other than the first decider."""
    case = _worked_case(request, case_id)
    try:
        decided = services.case_reconsider(
            case,
            by=access.request_user(request),
            approve=payload.approve,
            reason_zh=payload.reason_zh,
            reason_en=payload.reason_en,
        )
    except BenefitsError as error:
        raise _refused(error) from None
    return _case_out(decided)


@router.get("/benefits/overdue", response={200: list[CaseOut], **errors(401, 403)}, auth=OVERSEE)
def overdue(request: HttpRequest) -> list[CaseOut]:
    """Overdue open cases city-wide (escalated ones flagged), for the manager."""
    return [_case_out(c) for c in selectors.overdue_cases(today=timezone.localdate())[:500]]


# --- public disclosure (公示) and objections (benefits.disclosure) ----------------------------------


class DisclosureOut(Schema):
    id: int
    measure: str
    title: str
    title_en: str
    district: str
    name_masked: str
    id_number_masked: str
    amount_fen: int | None
    months_cap: int | None
    published_on: datetime.date
    ends_on: datetime.date


class ObjectionIn(Schema):
    text: str
    contact: str = ""


class ObjectionOut(Schema):
    id: int
    disclosure_id: int
    status: str
    created_at: datetime.datetime


def _disclosure_out(item: Disclosure) -> DisclosureOut:
    entry = disclosure_entry(item)
    title, title_en = _titles(item.entitlement.measure)
    return DisclosureOut(
        id=item.pk,
        measure=item.entitlement.measure,
        title=title,
        title_en=title_en,
        district=item.entitlement.district,
        name_masked=entry.name,
        id_number_masked=entry.id_number,
        amount_fen=None if entry.months_cap else item.entitlement.amount_fen,
        months_cap=entry.months_cap,
        published_on=item.published_on,
        ends_on=item.ends_on,
    )


@router.get("/benefits/disclosure", response={200: list[DisclosureOut], **errors(422, 429)}, auth=PUBLIC)
def disclosure_list(
    request: HttpRequest, offset: Offset = 0, limit: PageSize = 50
) -> list[DisclosureOut] | HttpResponse:
    """The subsidies in public disclosure (公示) today, names and ID numbers masked, by measure and
    district (anyone; throttled like the other public endpoints)."""
    try:
        throttle.charge(request, int(settings.LINGHUO_THROTTLE_MEASURES_UNITS))
    except throttle.ThrottledError as error:
        return throttle.too_many_requests(error)
    rows = selectors.disclosures_public(on=timezone.localdate())[offset : offset + limit]
    return [_disclosure_out(item) for item in rows]


@router.post(
    "/benefits/disclosure/{disclosure_id}/objections",
    response={201: ObjectionOut, **errors(404, 409, 422, 429)},
    auth=PUBLIC,
)
def objection_new(
    request: HttpRequest, disclosure_id: Id, payload: ObjectionIn
) -> Status[ObjectionOut] | HttpResponse:
    """Object to a disclosed subsidy during its disclosure (anyone): the text is required, a contact
    phone optional (stored encrypted). The payment is held until a reviewer resolves it. 409 outside
    the disclosure period; 422 without a text or with a malformed phone; 429 when throttled."""
    item = Disclosure.objects.filter(pk=disclosure_id).first()
    if item is None:
        raise HttpError(404, MESSAGE_NO_DISCLOSURE)
    try:
        throttle.charge(request, objection_units(), scope="objection")
    except throttle.ThrottledError as error:
        return throttle.too_many_requests(error)
    try:
        objection = disclosure.objection_file(item, text=payload.text, contact=payload.contact)
    except BenefitsError as error:
        raise _refused(error) from None
    return Status(
        201,
        ObjectionOut(
            id=objection.pk, disclosure_id=item.pk, status=objection.status, created_at=objection.created_at
        ),
    )


# --- the social-insurance subsidy's extension (十二) and an incubator's selection (五) ---------------

MESSAGE_NO_ENTITLEMENT = "未找到该待遇。/ No such entitlement."
MESSAGE_NO_EXTENSION = "未找到该延长申请。/ No such extension."
MESSAGE_NO_ORGANISATION = "未找到该单位。/ No such organisation."


class ExtensionIn(Schema):
    months: Annotated[int, Field(ge=0, le=1200)]
    reason: Annotated[str, Field(max_length=2000)]


class ExtensionOut(Schema):
    id: int
    entitlement_id: int
    months: int
    reason: str
    status: str
    months_cap_before: int
    months_cap: int | None


class SelectionIn(Schema):
    year: Annotated[int, Field(ge=2021, le=2100)]  # the policy is in force from 2021-11-08


class SelectionOut(Schema):
    eligible: bool
    offer_id: int | None


def _extension_out(item: EntitlementExtension) -> ExtensionOut:
    item.entitlement.refresh_from_db(fields=["months_cap"])
    return ExtensionOut(
        id=item.pk,
        entitlement_id=item.entitlement_id,
        months=item.months,
        reason=item.reason,
        status=item.status,
        months_cap_before=item.months_cap_before,
        months_cap=item.entitlement.months_cap,
    )


@router.post(
    "/benefits/entitlements/{entitlement_id}/extension",
    response={200: ExtensionOut, **errors(401, 403, 404, 409, 422)},
    auth=CASEWORK,
)
def entitlement_extend(request: HttpRequest, entitlement_id: Id, payload: ExtensionIn) -> ExtensionOut:
    """Prepare the social-insurance subsidy's one-time extension (十二: at most a year, for the hard to
    employ still not in stable employment; the reason is required). Takes effect once another person
    approves it. 404 outside my districts; 409 when already extended or while more than the parameter's
    months of the term remain unpaid (十二 "期满"); 422 for months out of range."""
    found = Entitlement.objects.filter(pk=entitlement_id).select_related("person").first()
    if found is None or not access.user_may_work_district(request.user, found.district):
        raise HttpError(404, MESSAGE_NO_ENTITLEMENT)
    try:
        prepared = extension.entitlement_extend(
            found, by=access.request_user(request), months=payload.months, reason=payload.reason
        )
    except BenefitsError as error:
        raise _refused(error) from None
    return _extension_out(prepared)


@router.post(
    "/benefits/extensions/{extension_id}/approve",
    response={200: ExtensionOut, **errors(401, 403, 404, 409)},
    auth=CHECKER,
)
def extension_approve(request: HttpRequest, extension_id: Id) -> ExtensionOut:
    """Approve a prepared extension: a second person, never its preparer (403 for the preparer); the
    entitlement's months cap is raised."""
    item = EntitlementExtension.objects.filter(pk=extension_id).select_related("entitlement").first()
    user = access.request_user(request)
    if item is None or not (
        access.user_has_permission(user, Permission.CASE_REVIEW)
        or access.user_may_work_district(user, item.entitlement.district)
    ):
        raise HttpError(404, MESSAGE_NO_EXTENSION)
    try:
        return _extension_out(extension.extension_approve(item, by=user))
    except BenefitsError as error:
        raise _refused(error) from None


@router.post(
    "/benefits/organisations/{organisation_id}/incubator-selection",
    response={200: SelectionOut, **errors(401, 403, 404, 422)},
    auth=CASEWORK,
)
def incubator_selection(request: HttpRequest, organisation_id: Id, payload: SelectionIn) -> SelectionOut:
    """Record that an organisation was selected a city-level incubation base in ``year`` (五); when the
    engine finds it eligible, its members get the construction subsidy's offer (one a year). 404 for an
    organisation outside my districts."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not access.user_may_work_district(request.user, organisation.division):
        raise HttpError(404, MESSAGE_NO_ORGANISATION)
    try:
        offer = applications.incubator_selection_record(
            organisation, year=payload.year, by=access.request_user(request)
        )
    except BenefitsError as error:
        raise _refused(error) from None
    return SelectionOut(eligible=offer is not None, offer_id=offer.pk if offer is not None else None)
