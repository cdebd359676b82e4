"""Matching (``market.matching``): hand-made postings and profiles whose order and reasons (匹配原因) follow
from the rules of the module's docstring — trade 40, skills 5 a word (at most 15), district 20 or the
distance (25 within 3 km, 15 within 10, 5 within 30), a weekday ahead 10, overlapping hours 10, pay at
least the expected 15."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from linghuo.accounts.models import User
from linghuo.market import matching, services
from linghuo.market.matching import recommend_gigs, recommend_workers
from linghuo.market.models import Posting, WorkerProfile
from tests.market.market_helpers import DONGHAI, HAIZHOU, NOW, TODAY, organisation_member, post, worker

pytestmark = pytest.mark.django_db

D = dt.date
TUESDAY, THURSDAY, SATURDAY, SUNDAY = D(2024, 6, 4), D(2024, 6, 6), D(2024, 6, 8), D(2024, 6, 9)
# TODAY is Monday 3 June 2024


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def profile(
    user: User,
    *,
    trades: list[str],
    districts: list[str],
    days: list[int] | None = None,
    skills: str = "",
    slots: str = "",
    expected: int | None = None,
    at: tuple[str, str] | None = None,
) -> WorkerProfile:
    saved = services.profile_save(
        by=user,
        trades=trades,
        districts=districts,
        days=days or [],
        skills=skills,
        time_slots=slots,
        expected_hourly_fen=expected,
    )
    if at is not None:
        WorkerProfile.objects.filter(pk=saved.pk).update(latitude=Decimal(at[0]), longitude=Decimal(at[1]))
        saved.refresh_from_db()
    return saved


def weekend_cleaner(n: int = 1) -> tuple[User, WorkerProfile]:
    """Cleaning in Haizhou, at weekends in the morning, tidying and windows, 24 元 an hour expected."""
    user = worker(n)
    made = profile(
        user,
        trades=["cleaning"],
        districts=[HAIZHOU],
        days=[6, 7],
        skills="收纳、擦玻璃",
        slots="08:00-12:00",
        expected=2400,
    )
    return user, made


def codes(found: list[matching.Match]) -> list[tuple[str, int, tuple[str, ...]]]:
    return [(m.posting.title, m.score, tuple(r.code for r in m.reasons)) for m in found]


def test_it_recommends_open_gigs_best_first_with_their_reasons() -> None:
    poster, firm = organisation_member(50)
    user, _ = weekend_cleaner()
    full = post(
        poster,
        firm,
        title="周末家庭保洁",
        description="三室两厅，需整理收纳",
        pay_fen=2500,
        starts_on=TUESDAY,
        ends_on=SUNDAY,
        time_slots="09:00-11:00",
    )
    post(
        poster,
        firm,
        title="东海开荒保洁",
        description="新房擦玻璃、收纳柜清洁",
        district=DONGHAI,
        pay_fen=2400,
        starts_on=TUESDAY,
        ends_on=THURSDAY,
        time_slots="13:00-17:00",
        contact_phone="13900000002",
    )
    post(
        poster,
        firm,
        title="海州陪护老人",
        description="周末白天陪护",
        category="care",
        pay_fen=3000,
        starts_on=SATURDAY,
        ends_on=SUNDAY,
        time_slots="08:00-12:00",
        contact_phone="13900000003",
    )
    post(
        poster,
        firm,
        title="东海钟点保洁",
        description="工作日",
        district=DONGHAI,
        pay_fen=2300,
        ends_on=THURSDAY,
    )
    post(poster, firm, title="东海水电维修", description="上门维修", category="repair", district=DONGHAI)
    found = recommend_gigs(user, today=TODAY)
    assert codes(found) == [
        ("周末家庭保洁", 100, ("trade", "skills", "district", "days", "hours", "pay")),
        ("东海开荒保洁", 65, ("trade", "skills", "pay")),  # 收纳 and 擦玻璃: 10
        ("海州陪护老人", 55, ("district", "days", "hours", "pay")),
        ("东海钟点保洁", 40, ("trade",)),  # below the 24 元 expected; no weekend, no slots
    ]
    assert [r.zh for r in found[0].reasons] == [
        "工种对口：保洁/家政",
        "技能相符：收纳",
        "区县相符：海州区",
        "6月8日（周六）可工作",
        "时段重合：09:00-11:00",
        "折合每小时25.00元，不低于期望的24.00元",
    ]
    assert found[0].reasons_en == (
        "same trade: Cleaning / housekeeping; skills in the posting: 收纳; "
        "in district 320706 (海州区), one of the worker's; available on Saturday 2024-06-08; "
        "hours overlap: 09:00-11:00; CNY 25.00 an hour, at least the CNY 24.00 expected"
    )
    assert found[0].posting_id == full.pk
    assert found[1].reasons[1].zh == "技能相符：收纳、擦玻璃"  # in the profile's order
    assert [m.posting.title for m in recommend_gigs(user, limit=2, today=TODAY)] == [
        "周末家庭保洁",
        "东海开荒保洁",
    ]
    with translation.override("en"):
        assert str(found[0].reasons[0]) == "same trade: Cleaning / housekeeping"
    assert str(found[0].reasons[0]) == "工种对口：保洁/家政"


def test_closed_expired_applied_and_own_postings_are_not_recommended() -> None:
    poster, firm = organisation_member(50)
    user, _ = weekend_cleaner()
    closed = post(poster, firm, title="保洁一", contact_phone="13900000001")
    services.posting_close(by=poster, posting=closed)
    expired = post(poster, firm, title="保洁二", contact_phone="13900000002")
    Posting.objects.filter(pk=expired.pk).update(expires_on=TODAY - dt.timedelta(days=1))
    applied = post(poster, firm, title="保洁三", contact_phone="13900000003")
    services.apply(by=user, posting=applied)
    kept = post(poster, firm, title="保洁四", contact_phone="13900000004")
    registered = worker(2, registered=True)
    profile(registered, trades=["cleaning"], districts=[HAIZHOU])
    own = post(registered, title="保洁五", contact_phone="13900000005")
    assert [m.posting for m in recommend_gigs(user, today=TODAY)] == [own, kept]  # equal scores: newest first
    assert [m.posting for m in recommend_gigs(registered, today=TODAY)] == [kept, applied]
    assert recommend_gigs(worker(3), today=TODAY) == []  # no profile, no recommendation


def test_of_equal_scores_the_newest_posting_comes_first() -> None:
    poster, firm = organisation_member(50)
    user, _ = weekend_cleaner()
    older = post(poster, firm, title="保洁甲", contact_phone="13900000001")
    newer = post(poster, firm, title="保洁乙", contact_phone="13900000002")
    found = recommend_gigs(user, today=TODAY)
    assert [m.posting for m in found] == [newer, older]
    assert found[0].score == found[1].score == 40 + 20 + 10 + 15  # tomorrow to a week on holds a Saturday


def test_only_the_days_still_ahead_count() -> None:
    poster, firm = organisation_member(50)
    user, _ = weekend_cleaner()
    post(poster, firm, starts_on=D(2024, 6, 1), ends_on=TUESDAY)  # from a Saturday, but that is past
    [found] = recommend_gigs(user, today=TODAY)
    assert "days" not in [r.code for r in found.reasons]
    [on_saturday] = recommend_gigs(user, today=D(2024, 6, 1))
    assert on_saturday.reasons[2].zh == "6月1日（周六）可工作"


def test_the_distance_decides_the_place_when_both_have_coordinates() -> None:
    poster, firm = organisation_member(50)
    user = worker(1)
    profile(user, trades=["moving"], districts=[HAIZHOU], at=("34.600000", "119.220000"))
    near = {"latitude": Decimal("34.610000"), "longitude": Decimal("119.230000")}  # about 1.4 km
    far_in_haizhou = {"latitude": Decimal("34.600000"), "longitude": Decimal("119.600000")}  # about 35 km
    post(poster, firm, title="海州搬家", category="moving", contact_phone="13900000001", **near)
    post(poster, firm, title="远处搬家", category="moving", contact_phone="13900000002", **far_in_haizhou)
    post(poster, firm, title="没有坐标的搬家", category="moving", contact_phone="13900000003")
    post(poster, firm, title="附近的保洁", contact_phone="13900000004", **near)
    found = recommend_gigs(user, today=TODAY)
    assert codes(found) == [
        ("海州搬家", 40 + 25, ("trade", "distance")),
        ("没有坐标的搬家", 40 + 20, ("trade", "district")),
        ("远处搬家", 40, ("trade",)),  # in the worker's district, but 35 km away: the distance says so
        ("附近的保洁", 25, ("distance",)),
    ]
    assert found[0].reasons[1].zh == "距离约1.4公里"
    assert found[0].reasons[1].en == "about 1.4 km away"


@pytest.mark.parametrize(
    ("km_east", "points"),
    [(Decimal("0.02"), 25), (Decimal("0.1"), 15), (Decimal("0.3"), 5), (Decimal("0.4"), 0)],
)
def test_the_distance_bands(km_east: Decimal, points: int) -> None:
    # 0.01° of longitude at 34.6° N is 0.916 km: 1.8, 9.2, 27.5 and 36.6 km
    poster, firm = organisation_member(50)
    user = worker(1)
    profile(user, trades=["moving"], districts=[], at=("34.600000", "119.000000"))
    post(poster, firm, category="moving", latitude=Decimal("34.6"), longitude=Decimal("119.0") + km_east)
    [found] = recommend_gigs(user, today=TODAY)
    assert found.score == 40 + points


def test_it_recommends_workers_for_a_posting_best_first() -> None:
    poster, firm = organisation_member(50)
    posting = post(
        poster,
        firm,
        title="周末家庭保洁",
        description="三室两厅，需整理收纳",
        pay_fen=2500,
        starts_on=TUESDAY,
        ends_on=SUNDAY,
        time_slots="09:00-11:00",
    )
    best, best_profile = weekend_cleaner(1)
    donghai = worker(2)
    donghai_profile = profile(donghai, trades=["cleaning"], districts=[DONGHAI], expected=2000)
    carer = worker(3)
    carer_profile = profile(carer, trades=["care"], districts=[HAIZHOU], expected=2600)
    profile(worker(4), trades=["care", "repair"], districts=[DONGHAI])  # nothing in common
    applied = worker(5)
    profile(applied, trades=["cleaning"], districts=[HAIZHOU])
    services.apply(by=applied, posting=posting)
    profile(poster, trades=["cleaning"], districts=[HAIZHOU])  # the poster is no candidate
    found = recommend_workers(posting, today=TODAY)
    assert [(m.profile, m.score) for m in found] == [
        (best_profile, 100),
        (donghai_profile, 55),
        (carer_profile, 20),
    ]
    assert [r.code for r in found[1].reasons] == ["trade", "pay"]
    assert all(m.posting == posting for m in found)
    assert found[0].profile_id == best_profile.pk
    assert recommend_workers(posting, limit=1, today=TODAY)[0].profile.account == best
    services.posting_close(by=poster, posting=posting)
    posting.refresh_from_db()
    assert recommend_workers(posting, today=TODAY) == []


def test_time_slots_overlap_by_a_shared_moment_and_run_past_midnight() -> None:
    assert matching.slots_overlap("22:00-02:00", "01:00-03:00")
    assert matching.slots_overlap("08:00-12:00,18:00-20:00", "19:30-21:00")
    assert not matching.slots_overlap("08:00-12:00", "12:00-13:00")
    assert not matching.slots_overlap("08:00-12:00", "")
    assert not matching.slots_overlap("8点到12点", "08:00-12:00")  # not written as the form writes it


def test_it_reads_a_bounded_number_of_candidates_in_two_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    poster, firm = organisation_member(50)
    user, _ = weekend_cleaner()
    made = [post(poster, firm, title=f"保洁{n}", contact_phone=f"1390000000{n}") for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        assert len(recommend_gigs(user, today=TODAY)) == 5
    assert len(queries.captured_queries) == 2  # the profile, the candidates
    monkeypatch.setattr(matching, "CANDIDATES", 2)
    assert [m.posting for m in recommend_gigs(user, today=TODAY)] == [made[4], made[3]]
