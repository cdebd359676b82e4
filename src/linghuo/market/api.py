"""``/api/v1/market/…``: the gig market (十三). Anyone searches open postings and reads one (never its
contact); an organisation member or a registered worker posts; a worker applies, and then sees the
contact (audited); the two sides hire, confirm, rate and raise disputes; caseworkers handle disputes and
reports in their districts.

Every write goes through ``market.services``; a refusal is the project's one error shape with the
status of its error — 403 (not allowed), 409 (no longer possible), 422 (refused input: the pay floor with
the engine's figures, banned words, dates), 429 with ``Retry-After`` (a rate limit).
"""

from __future__ import annotations

from typing import Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Query, Router, Status
from ninja.errors import HttpError

from linghuo.accounts import access
from linghuo.accounts.access import PUBLIC, ApiPermission, Permission
from linghuo.accounts.models import User
from linghuo.api_errors import errors
from linghuo.api_types import Id, Offset, PageSize
from linghuo.bilingual import bilingual
from linghuo.market import services
from linghuo.market.api_schemas import (
    GigApplicationOut,
    GigApplyIn,
    GigConfirmIn,
    GigContactOut,
    GigDisputeIn,
    GigDisputeOut,
    GigPostingIn,
    GigPostingOut,
    GigProfileIn,
    GigProfileOut,
    GigRateIn,
    GigRatingOut,
    GigReportDecisionIn,
    GigReportIn,
    GigReportOut,
    GigResolutionIn,
    GigSearchQuery,
    application_out,
    dispute_out,
    posting_out,
    profile_out,
    report_out,
)
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
from linghuo.site import throttle


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
    return [posting_out(found[pk]) for pk in ids if pk in found]


@router.get("/market/postings/{posting_id}", response={200: GigPostingOut, **errors(404, 422)}, auth=PUBLIC)
def posting_detail(request: HttpRequest, posting_id: Id) -> GigPostingOut:
    """One posting, everything but its contact (anyone)."""
    return posting_out(_public_posting(request, posting_id))


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
    return Status(201, posting_out(posting))


@router.post(
    "/market/postings/{posting_id}/close", response={200: GigPostingOut, **errors(403, 409)}, auth=SIGNED_IN
)
def posting_close(request: HttpRequest, posting_id: Id) -> GigPostingOut:
    """The poster closes the posting (403 for anyone else, 409 when it is not open)."""
    posting = _public_posting(request, posting_id)
    try:
        return posting_out(services.posting_close(by=access.request_user(request), posting=posting))
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
    return [application_out(a) for a in rows]


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
    return Status(201, application_out(application))


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
    return Status(201, report_out(made))


# ---- mine -----------------------------------------------------------------------------------------------


@router.get("/market/mine/postings", response={200: list[GigPostingOut], **errors(401, 403)}, auth=POSTER)
def my_postings(request: HttpRequest, offset: Offset = 0, limit: PageSize = 50) -> list[GigPostingOut]:
    """The caller's postings, newest first."""
    rows = Posting.objects.filter(poster=request.user.pk).select_related("organisation").order_by("-pk")
    return [posting_out(p) for p in rows[offset : offset + limit]]


@router.get(
    "/market/mine/applications", response={200: list[GigApplicationOut], **errors(401, 403)}, auth=WORKER
)
def my_applications(
    request: HttpRequest, offset: Offset = 0, limit: PageSize = 50
) -> list[GigApplicationOut]:
    """The caller's applications with their status, newest first."""
    rows = GigApplication.objects.filter(worker=request.user.pk).select_related("person").order_by("-pk")
    return [application_out(a) for a in rows[offset : offset + limit]]


@router.get("/market/profile", response={200: GigProfileOut, **errors(404)}, auth=WORKER)
def profile_get(request: HttpRequest) -> GigProfileOut:
    """The caller's profile (404 before it is filled in)."""
    profile = WorkerProfile.objects.filter(account=request.user.pk).first()
    if profile is None:
        raise HttpError(404, MESSAGE_NO_PROFILE)
    return profile_out(profile)


@router.put("/market/profile", response={200: GigProfileOut}, auth=WORKER)
def profile_put(request: HttpRequest, payload: GigProfileIn) -> GigProfileOut:
    """Fill in or replace the caller's profile: trades, districts, ISO weekdays (1 = Monday), time slots
    (``08:00-12:00,14:00-18:00``), expected pay per hour in fen."""
    try:
        profile = services.profile_save(by=access.request_user(request), **payload.model_dump())
    except MarketError as error:
        raise _refused(error) from None
    return profile_out(profile)


# ---- the way of an application --------------------------------------------------------------------------


def _step(request: HttpRequest, application_id: int, step: str) -> GigApplicationOut:
    application = _my_application(request, application_id)
    user = access.request_user(request)
    moves = {"hire": services.hire, "decline": services.decline, "withdraw": services.withdraw}
    try:
        return application_out(moves[step](by=user, application=application))
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
    return application_out(done)


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
    return Status(201, dispute_out(dispute))


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
    return [dispute_out(d) for d in rows[offset : offset + limit]]


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
    return dispute_out(closed)


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
    return [report_out(r) for r in rows[offset : offset + limit]]


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
    return report_out(handled)
