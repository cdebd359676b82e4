"""The demo's gig market (十三): a living information zone — the demo platform's own postings with
applications in every state, and a few hundred synthetic postings across the city's districts.

The story: 王小梅 searched 配送, applied to the platform's lunch-rush gig, was hired, worked two days,
both sides confirmed and rated each other — the registry keeps it as work evidence. She is hired for a
second gig, has applied to a third, was not taken for a fourth and withdrew from a fifth. Four other
workers applied to the platform's loading gig: one is waiting, one is hired, one completed and one
disputes the pay, which the 海州区 caseworker sees among the market's disputes.

Everything goes through ``linghuo.market.services`` (the same checks as a poster's form), then the
records' dates are moved back so that the story reads as past weeks. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from linghuo import personal_data
from linghuo.accounts.models import MemberRole, OrganisationMembership, Role, User
from linghuo.accounts.services import user_get_or_create_demo
from linghuo.market import services, synthetic
from linghuo.market.models import GigApplication, Posting
from linghuo.registry import services as registry_services
from linghuo.registry.commitment import COMMITMENT_VERSION
from linghuo.registry.models import Organisation, Person

SYNTHETIC_POSTINGS = 400  # some already ended or expired on the day: a few hundred open
_SYNTHETIC_SEED = 13


@dataclass(frozen=True, slots=True)
class _Gig:
    title: str
    description: str
    category: str
    pay_fen: int
    unit: str
    hours: Decimal | None
    start_back: int  # days before today
    days: int
    headcount: int = 1
    time_slots: str = ""


_GIGS = (
    _Gig(
        "同城配送 午高峰骑手（日结）",
        "海州区新浦商圈午高峰配送，平台提供电动车和头盔，每天工作8小时，当天结算报酬。",
        "moving",
        22_000,
        "day",
        Decimal(8),
        21,
        60,
        headcount=3,
        time_slots="10:00-18:00",
    ),
    _Gig(
        "社区团购自提点理货员",
        "在苍梧小区自提点分拣、理货、协助居民取货，按小时计酬。",
        "logistics",
        2_600,
        "hour",
        None,
        7,
        45,
        headcount=2,
        time_slots="07:00-11:00",
    ),
    _Gig(
        "搬家助手 周末两天",
        "协助师傅打包、搬运家具，周六周日两天，每天8小时，包午餐。",
        "moving",
        26_000,
        "day",
        Decimal(8),
        2,
        30,
        headcount=2,
        time_slots="08:00-17:00",
    ),
    _Gig(
        "仓库分拣 夜班",
        "配送站夜间分拣包裹，每晚8小时，需能上夜班。",
        "logistics",
        24_000,
        "day",
        Decimal(8),
        10,
        40,
        time_slots="22:00-06:00",
    ),
    _Gig(
        "超市促销员 周末",
        "商超周末促销活动，讲解产品、整理货架，每天6小时。",
        "retail",
        18_000,
        "day",
        Decimal(6),
        5,
        30,
        time_slots="09:00-15:00",
    ),
    _Gig(
        "快递站点装卸工",
        "快递站点车辆装卸，按小时计酬，工作时间灵活。",
        "logistics",
        2_800,
        "hour",
        None,
        28,
        60,
        headcount=4,
        time_slots="06:00-10:00",
    ),
)

# Workers of the market (besides 王小梅): demo logins, password as the demo's, registered part-time.
_WORKERS = (
    ("13900000101", "李娟", "32070619880304402"),
    ("13900000102", "张伟", "32070619920716301"),
    ("13900000103", "赵敏", "32070619950222502"),
    ("13900000104", "黄磊", "32070619870909601"),
)


def market_load(*, worker: User, poster: User, agency_uscc: str, password: str, today: datetime.date) -> bool:
    """Load the story and the synthetic postings once (``False`` when the platform has postings)."""
    if Posting.objects.filter(poster=poster).exists():
        return False
    membership = OrganisationMembership.objects.filter(user=poster).select_related("organisation").first()
    if membership is None:
        raise RuntimeError("演示平台账号不属于任何单位 / the demo platform account has no organisation")
    with transaction.atomic():
        postings = [_post(poster, membership.organisation_id, gig, today) for gig in _GIGS]
        others = [_market_worker(mobile, name, base, password) for mobile, name, base in _WORKERS]
        _her_way(worker, poster, postings, today)
        _their_way(others, poster, postings[5], today)
        _backdate(postings, today)
    _synthetic_load(agency_uscc, today)
    return True


def _post(poster: User, organisation_id: int, gig: _Gig, today: datetime.date) -> Posting:
    starts = today - datetime.timedelta(days=gig.start_back)
    data = services.PostingInput(
        title=gig.title,
        description=gig.description,
        category=gig.category,
        district="320706",
        pay_fen=gig.pay_fen,
        pay_unit=gig.unit,
        hours=gig.hours,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=gig.days),
        contact_name="刘建国",
        contact_phone="13900000002",
        headcount=gig.headcount,
        time_slots=gig.time_slots,
        latitude=Decimal("34.596000"),
        longitude=Decimal("119.221000"),
        organisation_id=organisation_id,
    )
    return services.posting_create(by=poster, data=data)


def _market_worker(mobile: str, name: str, id_base: str, password: str) -> User:
    account, _ = user_get_or_create_demo(mobile=mobile, password=password, name=name, role=Role.WORKER)
    if not Person.objects.filter(account=account).exists():
        registry_services.worker_register(
            account=account,
            place_kind="work",
            place_division="320706",
            employment_form="part_time",
            commitment_version=COMMITMENT_VERSION,
            name=name,
            id_number=id_base + ric.calc_check_digit(id_base + "0"),
            rng=random.Random(0),  # noqa: S311 — no spot check drawn for the demo workers
        )
    return account


def _done(
    worker: User, poster: User, application: GigApplication, *, today: datetime.date, back: int, pay: int
) -> None:
    services.hire(by=poster, application=application)
    first = today - datetime.timedelta(days=back)
    services.confirm_by_poster(
        by=poster,
        application=application,
        income_fen=pay,
        worked_from=first,
        worked_until=first + datetime.timedelta(days=1),
    )
    services.confirm_by_worker(by=worker, application=application)


def _her_way(worker: User, poster: User, postings: list[Posting], today: datetime.date) -> None:
    lunch, sorting_point, moving, night, promotion, _ = postings
    first = services.apply(by=worker, posting=lunch, message="有电动车，熟悉新浦商圈")
    _done(worker, poster, first, today=today, back=20, pay=44_000)
    services.rate(by=worker, application=first, score=5, comment="结算及时，站长很耐心")
    services.rate(by=poster, application=first, score=5, comment="准时、认真")
    services.hire(by=poster, application=services.apply(by=worker, posting=sorting_point))
    services.apply(by=worker, posting=moving, message="周末两天都可以")
    services.decline(by=poster, application=services.apply(by=worker, posting=night))
    services.withdraw(by=worker, application=services.apply(by=worker, posting=promotion))


def _their_way(workers: list[User], poster: User, loading: Posting, today: datetime.date) -> None:
    li, zhang, zhao, huang = workers
    disputed = services.apply(by=li, posting=loading)
    services.hire(by=poster, application=disputed)
    services.dispute_raise(
        by=li, application=disputed, text="说好按每小时28元结算，实际只按25元结算了12个小时的报酬。"
    )
    completed = services.apply(by=zhang, posting=loading)
    _done(zhang, poster, completed, today=today, back=14, pay=22_400)
    services.rate(by=zhang, application=completed, score=4)
    services.hire(by=poster, application=services.apply(by=zhao, posting=loading))
    services.apply(by=huang, posting=loading, message="早上6点可以到")


def _backdate(postings: list[Posting], today: datetime.date) -> None:
    """Posted on their first day (or today), applied the day after: the story reads as past weeks."""
    now = timezone.now()
    for posting in postings:
        posted = min(now, _at(posting.starts_on, now))
        Posting.objects.filter(pk=posting.pk).update(created_at=posted)
        GigApplication.objects.filter(posting=posting).update(
            created_at=min(now, posted + datetime.timedelta(days=1))
        )


def _at(day: datetime.date, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=(timezone.localdate(now) - day).days)


def _synthetic_load(agency_uscc: str, today: datetime.date) -> int:
    """The HR agency's postings across the city, by its recruiter (an account that does not log in)."""
    agency = Organisation.objects.get(uscc=agency_uscc)
    mobile = "13900000110"
    recruiter = User.objects.filter(mobile_hash=personal_data.lookup_hash(mobile)).first()
    if recruiter is None:
        recruiter = User.objects.create_user(mobile, None, name="众诚人力招聘专员", role=Role.ORGANISATION)
        OrganisationMembership.objects.create(
            user=recruiter, organisation=agency, member_role=MemberRole.STAFF
        )
    poster = synthetic.Poster(user_id=recruiter.pk, organisation_id=agency.pk)
    return synthetic.load(SYNTHETIC_POSTINGS, _SYNTHETIC_SEED, today=today, poster=poster)
