"""Accounts, organisations and postings for the market's tests, built through the services."""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import replace
from typing import Any

from stdnum.cn import uscc as stdnum_uscc

from linghuo.accounts.models import MemberRole, Role, User
from linghuo.accounts.services import membership_add, user_create
from linghuo.market import services
from linghuo.market.models import GigApplication, Posting
from linghuo.market.services import PostingInput
from linghuo.registry import commitment
from linghuo.registry import services as registry_services
from linghuo.registry.models import Organisation, OrganisationKind
from tests.registry.helpers import person_in

CHINA = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2024, 6, 3, 10, 0, tzinfo=CHINA)  # a Monday
TODAY = NOW.date()
HAIZHOU, DONGHAI = "320706", "320722"
# 非全日制用工小时最低工资标准 from 2024-01-01 (minimum_wage.yaml: 江苏省人力资源和社会保障厅2023年12月29日
# 调整最低工资标准的通知; parameters.md §1): tier 1 24 元, tier 2 22 元, tier 3 20 元; 海州区 is tier 2,
# 东海县 tier 3 (苏人社发〔2021〕72号's classification, kept). From 2026-01-01: tier 2 23 元.
HAIZHOU_HOURLY_2024, DONGHAI_HOURLY_2024, HAIZHOU_HOURLY_2026 = 2200, 2000, 2300
INVALID_USCC = "91320706MA1PQ2R30A"  # the check character of 91320706MA1PQ2R30 is Q (GB 32100)
PASSWORD = "market-测试-2024"


def account(n: int, role: str = Role.WORKER, name: str = "") -> User:
    return user_create(
        mobile=f"1370000{n:04d}",
        password=PASSWORD,
        name=name or f"用户{n}",
        role=role,
        check_password_strength=False,
    )


def worker(n: int, *, district: str = HAIZHOU, registered: bool = False) -> User:
    """A worker's account with its person record (and an employment registration in force)."""
    user = account(n, Role.WORKER, f"劳动者{n}")
    person = person_in(district, sequence=n, account=user)
    if registered:
        registry_services.registration_create(
            actor=None,
            person=person,
            place_kind="work",
            place_division=district,
            employment_form="part_time",
            commitment_version=commitment.COMMITMENT_VERSION,
            monthly_income_fen=300_000,
            signed_at=NOW - dt.timedelta(days=30),
            rng=random.Random(0),
        )
    return user


def valid_uscc(number: int) -> str:
    """A unified social credit code with its GB 32100 check character."""
    first17 = f"91320706MA1PQ{number:04d}"
    return first17 + stdnum_uscc.calc_check_digit(first17)


def organisation(number: int = 1, *, uscc: str | None = None) -> Organisation:
    return Organisation.objects.create(
        uscc=uscc or valid_uscc(number),
        name=f"连云港家政服务有限公司{number}",
        kind=OrganisationKind.EMPLOYER,
        division=HAIZHOU,
    )


def organisation_member(n: int, organisation_: Organisation | None = None) -> tuple[User, Organisation]:
    """An organisation's administrator (a new organisation with a valid code unless one is given)."""
    chosen = organisation_ or organisation(n)
    user = account(n, Role.ORGANISATION, f"单位成员{n}")
    membership_add(actor=None, user=user, organisation=chosen, member_role=MemberRole.ADMINISTRATOR)
    return user, chosen


def posting_input(**changes: Any) -> PostingInput:
    """A week of house cleaning in Haizhou at 25 元 an hour, from tomorrow."""
    data = PostingInput(
        title="家庭保洁阿姨",
        description="海州区新浦街道，三室两厅日常保洁，自带工具优先。",
        category="cleaning",
        district=HAIZHOU,
        pay_fen=2500,
        pay_unit="hour",
        starts_on=TODAY + dt.timedelta(days=1),
        ends_on=TODAY + dt.timedelta(days=7),
        contact_name="张女士",
        contact_phone="13912345678",
    )
    return replace(data, **changes)


def post(by: User, organisation_: Organisation | None = None, **changes: Any) -> Posting:
    if organisation_ is not None:
        changes.setdefault("organisation_id", organisation_.pk)
    return services.posting_create(by=by, data=posting_input(**changes))


def hired(poster: User, worker_: User, posting: Posting) -> GigApplication:
    return services.hire(by=poster, application=services.apply(by=worker_, posting=posting))
