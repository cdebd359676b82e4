"""The market API's schemas (each name unique in the project's OpenAPI document) and the conversions of
the market's records into them. A posting's schema never carries its contact: that is
``GigContactOut``, answered only by ``/market/postings/{id}/contact``."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field

from linghuo.api_types import Fen, Id, IsoDate, Offset, PageSize
from linghuo.market import categories
from linghuo.market.models import Dispute, GigApplication, Posting, PostingReport, WorkerProfile

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


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def posting_out(posting: Posting) -> GigPostingOut:
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


def application_out(application: GigApplication) -> GigApplicationOut:
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


def dispute_out(dispute: Dispute) -> GigDisputeOut:
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


def report_out(report: PostingReport) -> GigReportOut:
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


def profile_out(profile: WorkerProfile) -> GigProfileOut:
    return GigProfileOut(
        trades=list(profile.trades),
        districts=list(profile.districts),
        days=list(profile.days),
        skills=profile.skills,
        time_slots=profile.time_slots,
        expected_hourly_fen=profile.expected_hourly_fen,
        updated_at=profile.updated_at,
    )
