"""``/api/v1/market/…``: the gig market (十三). Anyone searches open postings and reads one (never its
contact); an organisation member or a registered worker posts; a worker applies, and then sees the
contact (audited); the two sides hire, confirm, rate and raise disputes; caseworkers handle disputes and
reports in their districts.

Every write goes through ``market.services``; a refusal is the project's one error shape with the
status of its error — 403 (not allowed), 409 (no longer possible), 422 (refused input: the pay floor with
the engine's figures, banned words, dates), 429 with ``Retry-After`` (a rate limit).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from linghuo.accounts import access
from linghuo.accounts.access import PUBLIC, ApiPermission, Permission
from linghuo.accounts.models import User
from linghuo.api_errors import errors
from linghuo.api_types import Fen, Id, IsoDate, Offset, PageSize
from linghuo.bilingual import bilingual
from linghuo.market import categories, services
from linghuo.market.errors import MarketError, TooManyError
from linghuo.market.models import (
    Dispute,
    DisputeStatus,
    GigApplication,
    Posting,
    PostingReport,
    PostingStatus,
    Rating,
    WorkerProfile,
)
from linghuo.market.search import search_postings
from linghuo.web import throttle


class _PosterPermission(ApiPermission):
    """A poster: an organisation member (``ORGANISATION_SUBMIT``) or a worker (``WORKER_SELF_SERVICE``);
    401 and 403 as ``ApiPermission`` answers them (whom they may post for, the services decide)."""

    def __init__(self) -> None:
        super().__init__(Permission.ORGANISATION_SUBMIT)

    def authenticate(self, request: HttpRequest, key: str | None) -> User:
        user = request.user
        if (
            isinstance(user, User)
            and user.is_active
            and access.user_has_permission(user, Permission.WORKER_SELF_SERVICE)
        ):
            return user
        return super().authenticate(request, key)


router = Router(tags=["market"])
POSTER = _PosterPermission()
WORKER = ApiPermission(Permission.WORKER_SELF_SERVICE)
SIGNED_IN = ApiPermission(Permission.ACCOUNT_VIEW_OWN)
CASEWORK = ApiPermission(Permission.CASE_WORK)
MESSAGE_NO_POSTING = bilingual("未找到该岗位", "no such posting")
MESSAGE_NO_APPLICATION = bilingual("未找到该报名", "no such application")
MESSAGE_NO_PROFILE = bilingual("尚未填写求职意向", "no profile yet")
MESSAGE_NO_DISPUTE = bilingual("未找到该争议", "no such dispute")
MESSAGE_NO_REPORT = bilingual("未找到该举报", "no such report")

Text60 = Annotated[str, Field(max_length=60)]
Text200 = Annotated[str, Field(max_length=200)]
Text1000 = Annotated[str, Field(max_length=1000)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class GigPostingOut(Schema):
    """A posting as anyone sees it: never its contact."""

    id: int
    title: str
    description: str
    category: str
    category_label: str
    category_label_en: str
    district: str
    township: str
    latitude: float | None
    longitude: float | None
    pay_fen: int
    pay_unit: str
    hours: float | None
    pieces: int | None
    hourly_fen: int
    minimum_hourly_fen: int
    starts_on: datetime.date
    ends_on: datetime.date
    time_slots: str
    headcount: int
    status: str
    expires_on: datetime.date
    poster_kind: Literal["organisation", "individual"]
    organisation_name: str | None
    created_at: datetime.datetime


class GigPostingIn(Schema):
    title: Text60
    description: Annotated[str, Field(max_length=2000)]
    category: Annotated[str, Field(max_length=24)]
    district: Annotated[str, Field(max_length=6)]
    pay_fen: Annotated[int, Field(ge=1, le=10**10)]
    pay_unit: Literal["hour", "day", "piece", "month"]
    starts_on: IsoDate
    ends_on: IsoDate
    contact_name: Annotated[str, Field(max_length=32)]
    contact_phone: Annotated[str, Field(max_length=11)]
    headcount: Annotated[int, Field(ge=1, le=999)] = 1
    hours: Annotated[Decimal, Field(gt=0, le=9999, decimal_places=2)] | None = None
    pieces: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    township: Annotated[str, Field(max_length=9)] = ""
    time_slots: Annotated[str, Field(max_length=100)] = ""
    latitude: Annotated[Decimal, Field(ge=-90, le=90, decimal_places=6)] | None = None
    longitude: Annotated[Decimal, Field(ge=-180, le=180, decimal_places=6)] | None = None
    expires_on: IsoDate | None = None
    organisation_id: Id | None = None


class GigContactOut(Schema):
    name: str
    phone: str


class GigApplyIn(Schema):
    message: Text200 = ""


class GigApplicationOut(Schema):
    id: int
    posting_id: int
    status: str
    worker_name: str
    message: str
    created_at: datetime.datetime
    poster_confirmed_at: datetime.datetime | None
    worker_confirmed_at: datetime.datetime | None
    completed_at: datetime.datetime | None
    worked_from: datetime.date | None
    worked_until: datetime.date | None
    income_fen: int | None


class GigConfirmIn(Schema):
    """The poster gives the pay actually paid and the dates worked; the worker sends nothing."""

    income_fen: Fen | None = None
    worked_from: IsoDate | None = None
    worked_until: IsoDate | None = None


class GigRateIn(Schema):
    score: Annotated[int, Field(ge=1, le=5)]
    comment: Text200 = ""


class GigRatingOut(Schema):
    id: int
    application_id: int
    side: str
    score: int
    comment: str


class GigDisputeIn(Schema):
    text: Text1000


class GigDisputeOut(Schema):
    id: int
    application_id: int
    posting_id: int
    district: str
    side: str
    text: str
    status: str
    created_at: datetime.datetime
    resolution: str
    closed_at: datetime.datetime | None


class GigResolutionIn(Schema):
    resolution: Text200


class GigReportIn(Schema):
    reason: Literal["fee", "false", "spam", "illegal", "other"]
    note: Text200 = ""


class GigReportOut(Schema):
    id: int
    posting_id: int
    district: str
    reason: str
    note: str
    created_at: datetime.datetime
    handled_at: datetime.datetime | None
    upheld: bool | None


class GigReportDecisionIn(Schema):
    upheld: bool


class GigProfileIn(Schema):
    trades: Annotated[list[Annotated[str, Field(max_length=24)]], Field(min_length=1, max_length=30)]
    districts: Annotated[list[Annotated[str, Field(max_length=6)]], Field(max_length=10)] = Field(
        default_factory=list
    )
    days: Annotated[list[Annotated[int, Field(ge=1, le=7)]], Field(max_length=7)] = Field(
        default_factory=list
    )
    skills: Text200 = ""
    time_slots: Annotated[str, Field(max_length=100)] = ""
    expected_hourly_fen: Annotated[int, Field(ge=1, le=10**8)] | None = None


class GigProfileOut(Schema):
    trades: list[str]
    districts: list[str]
    days: list[int]
    skills: str
    time_slots: str
    expected_hourly_fen: int | None
    updated_at: datetime.datetime


def _refused(error: MarketError) -> HttpError:
    status = 422 if error.status == 400 else error.status
    return HttpError(status, bilingual(error.chinese, error.english))


def _too_many(error: TooManyError) -> JsonResponse:
    response = JsonResponse(
        {"detail": bilingual(error.chinese, error.english)},
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _posting_out(posting: Posting) -> GigPostingOut:
    category = categories.CATEGORIES.get(posting.category)
    return GigPostingOut(
        id=posting.pk,
        title=posting.title,
        description=posting.description,
        category=posting.category,
        category_label=category.zh if category else posting.category,
        category_label_en=category.en if category else posting.category,
        district=posting.district,
        township=posting.township,
        latitude=_float(posting.latitude),
        longitude=_float(posting.longitude),
        pay_fen=posting.pay_fen,
        pay_unit=posting.pay_unit,
        hours=_float(posting.hours),
        pieces=posting.pieces,
        hourly_fen=posting.hourly_fen,
        minimum_hourly_fen=posting.minimum_hourly_fen,
        starts_on=posting.starts_on,
        ends_on=posting.ends_on,
        time_slots=posting.time_slots,
        headcount=posting.headcount,
        status=posting.status,
        expires_on=posting.expires_on,
        poster_kind="organisation" if posting.organisation_id else "individual",
        organisation_name=posting.organisation.name if posting.organisation else None,
        created_at=posting.created_at,
    )


def _application_out(application: GigApplication) -> GigApplicationOut:
    return GigApplicationOut(
        id=application.pk,
        posting_id=application.posting_id,
        status=application.status,
        worker_name=application.person.name,
        message=application.message,
        created_at=application.created_at,
        poster_confirmed_at=application.poster_confirmed_at,
        worker_confirmed_at=application.worker_confirmed_at,
        completed_at=application.completed_at,
        worked_from=application.worked_from,
        worked_until=application.worked_until,
        income_fen=application.income_fen,
    )


def _dispute_out(dispute: Dispute) -> GigDisputeOut:
    return GigDisputeOut(
        id=dispute.pk,
        application_id=dispute.application_id,
        posting_id=dispute.application.posting_id,
        district=dispute.application.posting.district,
        side=dispute.side,
        text=dispute.text,
        status=dispute.status,
        created_at=dispute.created_at,
        resolution=dispute.resolution,
        closed_at=dispute.closed_at,
    )


def _report_out(report: PostingReport) -> GigReportOut:
    return GigReportOut(
        id=report.pk,
        posting_id=report.posting_id,
        district=report.posting.district,
        reason=report.reason,
        note=report.note,
        created_at=report.created_at,
        handled_at=report.handled_at,
        upheld=report.upheld,
    )


def _profile_out(profile: WorkerProfile) -> GigProfileOut:
    return GigProfileOut(
        trades=list(profile.trades),
        districts=list(profile.districts),
        days=list(profile.days),
        skills=profile.skills,
        time_slots=profile.time_slots,
        expected_hourly_fen=profile.expected_hourly_fen,
        updated_at=profile.updated_at,
    )


def _public_posting(request: HttpRequest, posting_id: int) -> Posting:
    """A posting anyone may read; one taken off the market only by its poster and the bureau (404)."""
    posting = Posting.objects.select_related("organisation").filter(pk=posting_id).first()
    if posting is None or (
        posting.status == PostingStatus.REMOVED
        and posting.poster_id != request.user.pk
        and not access.user_may_work_district(request.user, posting.district)
    ):
        raise HttpError(404, MESSAGE_NO_POSTING)
    return posting


def _my_application(request: HttpRequest, application_id: int) -> GigApplication:
    """An application of the caller's, as its worker or its posting's poster; 404 for anyone else."""
    application = GigApplication.objects.select_related("posting", "person").filter(pk=application_id).first()
    user = request.user
    if application is None or user.pk not in (application.worker_id, application.posting.poster_id):
        raise HttpError(404, MESSAGE_NO_APPLICATION)
    return application


# ---- the information zone (anyone) ----------------------------------------------------------------------


class GigSearchQuery(Schema):
    q: Annotated[str, Field(max_length=100)] = ""
    district: Annotated[str, Field(max_length=6)] | None = None
    category: Annotated[str, Field(max_length=24)] | None = None
    min_hourly_fen: Fen | None = None
    on: IsoDate | None = None
    order: Literal["newest", "nearest"] = "newest"
    lat: Latitude | None = None
    lng: Longitude | None = None
    offset: Offset = 0
    limit: PageSize = 20


@router.get("/market/postings", response={200: list[GigPostingOut], **errors(422, 429)}, auth=PUBLIC)
def postings_search(request: HttpRequest, query: Query[GigSearchQuery]) -> list[GigPostingOut] | HttpResponse:
    """Open postings containing every word of ``q`` (any length: 保洁 is two characters), with the
    filters; newest first, or nearest to ``lat``/``lng`` (newest when no position is given). Anyone;
    throttled like the other public endpoints."""
    try:
        throttle.charge(request, int(settings.LINGHUO_THROTTLE_MEASURES_UNITS), scope="market")
    except throttle.ThrottledError as error:
        return throttle.too_many_requests(error)
    lat, lng = query.lat, query.lng
    near = (lat, lng) if query.order == "nearest" and lat is not None and lng is not None else None
    ids = search_postings(
        query.q,
        district=query.district or None,
        category=query.category or None,
        min_hourly_fen=query.min_hourly_fen,
        on=query.on,
        order="nearest" if near is not None else "newest",
        near=near,
        limit=query.limit,
        offset=query.offset,
    )
    found = Posting.objects.select_related("organisation").in_bulk(ids)
    return [_posting_out(found[pk]) for pk in ids if pk in found]


@router.get("/market/postings/{posting_id}", response={200: GigPostingOut, **errors(404, 422)}, auth=PUBLIC)
def posting_detail(request: HttpRequest, posting_id: Id) -> GigPostingOut:
    """One posting, everything but its contact (anyone)."""
    return _posting_out(_public_posting(request, posting_id))


@router.post("/market/postings", response={201: GigPostingOut, **errors(403, 409, 422, 429)}, auth=POSTER)
def posting_create(request: HttpRequest, payload: GigPostingIn) -> Status[GigPostingOut] | HttpResponse:
    """Post a gig, free: for an organisation of the caller's (``organisation_id``; verified by its
    unified social credit code) or as an individual (an employment registration in force). 422 below the
    part-time hourly minimum wage (the engine's explanation and figures), with banned words or wrong
    dates; 409 for a duplicate; 429 (``Retry-After``) past the rate limit."""
    data = services.PostingInput(**payload.model_dump())
    try:
        posting = services.posting_create(by=access.request_user(request), data=data)
    except TooManyError as error:
        return _too_many(error)
    except MarketError as error:
        raise _refused(error) from None
    return Status(201, _posting_out(posting))


@router.post(
    "/market/postings/{posting_id}/close", response={200: GigPostingOut, **errors(403, 409)}, auth=SIGNED_IN
)
def posting_close(request: HttpRequest, posting_id: Id) -> GigPostingOut:
    """The poster closes the posting (403 for anyone else, 409 when it is not open)."""
    posting = _public_posting(request, posting_id)
    try:
        return _posting_out(services.posting_close(by=access.request_user(request), posting=posting))
    except MarketError as error:
        raise _refused(error) from None


@router.get(
    "/market/postings/{posting_id}/contact", response={200: GigContactOut, **errors(403)}, auth=SIGNED_IN
)
def posting_contact(request: HttpRequest, posting_id: Id) -> GigContactOut:
    """The poster's contact, for the poster and a worker who has applied (403 before applying); each
    answer audited."""
    posting = _public_posting(request, posting_id)
    try:
        name, phone = services.contact_for(by=access.request_user(request), posting=posting)
    except MarketError as error:
        raise _refused(error) from None
    return GigContactOut(name=name, phone=phone)


@router.get(
    "/market/postings/{posting_id}/applications",
    response={200: list[GigApplicationOut], **errors(403)},
    auth=SIGNED_IN,
)
def posting_applications(request: HttpRequest, posting_id: Id) -> list[GigApplicationOut]:
    """The applications to a posting, for its poster (403 for anyone else)."""
    posting = _public_posting(request, posting_id)
    if posting.poster_id != request.user.pk:
        raise HttpError(403, bilingual("只有岗位发布者可以查看报名", "only the poster sees the applications"))
    rows = GigApplication.objects.filter(posting=posting).select_related("person").order_by("pk")
    return [_application_out(a) for a in rows]


@router.post(
    "/market/postings/{posting_id}/applications",
    response={201: GigApplicationOut, **errors(403, 409, 429)},
    auth=WORKER,
)
def posting_apply(
    request: HttpRequest, posting_id: Id, payload: GigApplyIn
) -> Status[GigApplicationOut] | HttpResponse:
    """Apply (free, once per posting); the contact then opens to the worker. 403 without a registry
    record; 409 when the posting is no longer open or already applied to; 429 past the rate limit."""
    posting = _public_posting(request, posting_id)
    try:
        application = services.apply(
            by=access.request_user(request), posting=posting, message=payload.message
        )
    except TooManyError as error:
        return _too_many(error)
    except MarketError as error:
        raise _refused(error) from None
    return Status(201, _application_out(application))


@router.post(
    "/market/postings/{posting_id}/reports", response={201: GigReportOut, **errors(409)}, auth=SIGNED_IN
)
def posting_report(request: HttpRequest, posting_id: Id, payload: GigReportIn) -> Status[GigReportOut]:
    """Report a posting to the bureau (once per person; several reports take it off the market until
    reviewed)."""
    posting = _public_posting(request, posting_id)
    try:
        made = services.report(
            by=access.request_user(request), posting=posting, reason=payload.reason, note=payload.note
        )
    except MarketError as error:
        raise _refused(error) from None
    return Status(201, _report_out(made))


# ---- mine -----------------------------------------------------------------------------------------------


@router.get("/market/mine/postings", response={200: list[GigPostingOut], **errors(401, 403)}, auth=POSTER)
def my_postings(request: HttpRequest, offset: Offset = 0, limit: PageSize = 50) -> list[GigPostingOut]:
    """The caller's postings, newest first."""
    rows = Posting.objects.filter(poster=request.user.pk).select_related("organisation").order_by("-pk")
    return [_posting_out(p) for p in rows[offset : offset + limit]]


@router.get(
    "/market/mine/applications", response={200: list[GigApplicationOut], **errors(401, 403)}, auth=WORKER
)
def my_applications(
    request: HttpRequest, offset: Offset = 0, limit: PageSize = 50
) -> list[GigApplicationOut]:
    """The caller's applications with their status, newest first."""
    rows = GigApplication.objects.filter(worker=request.user.pk).select_related("person").order_by("-pk")
    return [_application_out(a) for a in rows[offset : offset + limit]]


@router.get("/market/profile", response={200: GigProfileOut, **errors(404)}, auth=WORKER)
def profile_get(request: HttpRequest) -> GigProfileOut:
    """The caller's profile (404 before it is filled in)."""
    profile = WorkerProfile.objects.filter(account=request.user.pk).first()
    if profile is None:
        raise HttpError(404, MESSAGE_NO_PROFILE)
    return _profile_out(profile)


@router.put("/market/profile", response={200: GigProfileOut}, auth=WORKER)
def profile_put(request: HttpRequest, payload: GigProfileIn) -> GigProfileOut:
    """Fill in or replace the caller's profile: trades, districts, ISO weekdays (1 = Monday), time slots
    (``08:00-12:00,14:00-18:00``), expected pay per hour in fen."""
    try:
        profile = services.profile_save(by=access.request_user(request), **payload.model_dump())
    except MarketError as error:
        raise _refused(error) from None
    return _profile_out(profile)


# ---- the way of an application --------------------------------------------------------------------------


def _step(request: HttpRequest, application_id: int, step: str) -> GigApplicationOut:
    application = _my_application(request, application_id)
    user = access.request_user(request)
    moves = {"hire": services.hire, "decline": services.decline, "withdraw": services.withdraw}
    try:
        return _application_out(moves[step](by=user, application=application))
    except MarketError as error:
        raise _refused(error) from None


@router.post(
    "/market/applications/{application_id}/hire",
    response={200: GigApplicationOut, **errors(403, 409)},
    auth=SIGNED_IN,
)
def application_hire(request: HttpRequest, application_id: Id) -> GigApplicationOut:
    """The poster hires the applicant (the posting is filled once its headcount is hired)."""
    return _step(request, application_id, "hire")


@router.post(
    "/market/applications/{application_id}/decline",
    response={200: GigApplicationOut, **errors(403, 409)},
    auth=SIGNED_IN,
)
def application_decline(request: HttpRequest, application_id: Id) -> GigApplicationOut:
    """The poster declines the applicant."""
    return _step(request, application_id, "decline")


@router.post(
    "/market/applications/{application_id}/withdraw",
    response={200: GigApplicationOut, **errors(403, 409)},
    auth=SIGNED_IN,
)
def application_withdraw(request: HttpRequest, application_id: Id) -> GigApplicationOut:
    """The worker withdraws the application."""
    return _step(request, application_id, "withdraw")


@router.post(
    "/market/applications/{application_id}/confirm",
    response={200: GigApplicationOut, **errors(403, 409)},
    auth=SIGNED_IN,
)
def application_confirm(request: HttpRequest, application_id: Id, payload: GigConfirmIn) -> GigApplicationOut:
    """Confirm completion: the poster with ``income_fen``, ``worked_from`` and ``worked_until`` (the pay
    actually paid and the dates), then the worker (nothing to send). On both, the gig is completed and
    the registry records it as employment and income evidence."""
    application = _my_application(request, application_id)
    user = access.request_user(request)
    try:
        if application.posting.poster_id == user.pk:
            if payload.income_fen is None or payload.worked_from is None or payload.worked_until is None:
                raise MarketError("请填写实付报酬和工作日期", "give income_fen, worked_from and worked_until")
            done = services.confirm_by_poster(
                by=user,
                application=application,
                income_fen=payload.income_fen,
                worked_from=payload.worked_from,
                worked_until=payload.worked_until,
            )
        else:
            done = services.confirm_by_worker(by=user, application=application)
    except MarketError as error:
        raise _refused(error) from None
    return _application_out(done)


@router.post(
    "/market/applications/{application_id}/ratings",
    response={201: GigRatingOut, **errors(403, 409)},
    auth=SIGNED_IN,
)
def application_rate(request: HttpRequest, application_id: Id, payload: GigRateIn) -> Status[GigRatingOut]:
    """Rate the other side (1–5) once the gig is completed, once per side."""
    application = _my_application(request, application_id)
    try:
        rating: Rating = services.rate(
            by=access.request_user(request),
            application=application,
            score=payload.score,
            comment=payload.comment,
        )
    except MarketError as error:
        raise _refused(error) from None
    return Status(
        201,
        GigRatingOut(
            id=rating.pk,
            application_id=application.pk,
            side=rating.side,
            score=rating.score,
            comment=rating.comment,
        ),
    )


@router.post(
    "/market/applications/{application_id}/disputes",
    response={201: GigDisputeOut, **errors(403, 409)},
    auth=SIGNED_IN,
)
def application_dispute(
    request: HttpRequest, application_id: Id, payload: GigDisputeIn
) -> Status[GigDisputeOut]:
    """Record a dispute for the bureau (either side, once hired)."""
    application = _my_application(request, application_id)
    try:
        dispute = services.dispute_raise(
            by=access.request_user(request), application=application, text=payload.text
        )
    except MarketError as error:
        raise _refused(error) from None
    return Status(201, _dispute_out(dispute))


# ---- the bureau -----------------------------------------------------------------------------------------


@router.get("/market/disputes", response={200: list[GigDisputeOut], **errors(401, 403)}, auth=CASEWORK)
def disputes(
    request: HttpRequest, status: Literal["open", "closed"] = "open", offset: Offset = 0, limit: PageSize = 50
) -> list[GigDisputeOut]:
    """The disputes of postings in the caseworker's districts."""
    rows = (
        Dispute.objects.filter(
            application__posting__district__in=access.caseworker_district_codes(request.user),
            status=DisputeStatus(status),
        )
        .select_related("application__posting")
        .order_by("pk")
    )
    return [_dispute_out(d) for d in rows[offset : offset + limit]]


@router.post(
    "/market/disputes/{dispute_id}/close", response={200: GigDisputeOut, **errors(409)}, auth=CASEWORK
)
def dispute_close(request: HttpRequest, dispute_id: Id, payload: GigResolutionIn) -> GigDisputeOut:
    """Record how a dispute in the caseworker's districts ended (404 outside them)."""
    dispute = Dispute.objects.select_related("application__posting").filter(pk=dispute_id).first()
    if dispute is None or not access.user_may_work_district(
        request.user, dispute.application.posting.district
    ):
        raise HttpError(404, MESSAGE_NO_DISPUTE)
    try:
        closed = services.dispute_close(
            by=access.request_user(request), dispute=dispute, resolution=payload.resolution
        )
    except MarketError as error:
        raise _refused(error) from None
    return _dispute_out(closed)


@router.get("/market/reports", response={200: list[GigReportOut], **errors(401, 403)}, auth=CASEWORK)
def reports(
    request: HttpRequest,
    status: Literal["open", "handled"] = "open",
    offset: Offset = 0,
    limit: PageSize = 50,
) -> list[GigReportOut]:
    """Reports of postings in the caseworker's districts, waiting or handled."""
    rows = (
        PostingReport.objects.filter(
            posting__district__in=access.caseworker_district_codes(request.user),
            handled_at__isnull=status == "open",
        )
        .select_related("posting")
        .order_by("pk")
    )
    return [_report_out(r) for r in rows[offset : offset + limit]]


@router.post("/market/reports/{report_id}/handle", response={200: GigReportOut, **errors(409)}, auth=CASEWORK)
def report_handle(request: HttpRequest, report_id: Id, payload: GigReportDecisionIn) -> GigReportOut:
    """Decide a report in the caseworker's districts: upheld takes the posting off the market."""
    found = PostingReport.objects.select_related("posting").filter(pk=report_id).first()
    if found is None or not access.user_may_work_district(request.user, found.posting.district):
        raise HttpError(404, MESSAGE_NO_REPORT)
    try:
        handled = services.report_handle(
            by=access.request_user(request), report_=found, upheld=payload.upheld
        )
    except MarketError as error:
        raise _refused(error) from None
    return _report_out(handled)
