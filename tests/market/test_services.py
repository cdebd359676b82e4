"""The market's services (十三): who may post, the pay floor, the way of an application (apply → hire →
both confirm → completed and the registry's work evidence → both rate), declines, withdrawals,
disputes, and contact details shown only after applying."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from linghuo.audit.models import AuditEntry
from linghuo.insights.facts import person_facts_on
from linghuo.market import services
from linghuo.market.errors import ConflictError, MarketError, NotAllowedError
from linghuo.market.models import ApplicationStatus, DisputeStatus, GigApplication, PostingStatus, Side
from linghuo.market.services import PayFloorError
from linghuo.registry.models import WorkEvidence
from linghuo.registry.selectors import person_of_account
from tests.market.market_helpers import (
    CHINA,
    DONGHAI,
    DONGHAI_HOURLY_2024,
    HAIZHOU,
    HAIZHOU_HOURLY_2024,
    HAIZHOU_HOURLY_2026,
    INVALID_USCC,
    NOW,
    TODAY,
    account,
    hired,
    organisation,
    organisation_member,
    post,
    worker,
)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# ---- the pay floor: the part-time hourly minimum wage of the district on the posting's dates ------------


def test_it_refuses_an_hourly_pay_a_fen_below_haizhous_minimum_with_the_figures() -> None:
    poster, firm = organisation_member(1)
    with pytest.raises(PayFloorError) as refused:
        post(poster, firm, pay_fen=HAIZHOU_HOURLY_2024 - 1)
    check = refused.value.check
    assert (check.minimum_hourly_fen, check.hourly_equivalent_fen, check.shortfall_per_hour_fen) == (
        2200,
        2199,
        1,
    )
    assert check.tier == 2
    assert "小时最低工资22.00元" in refused.value.chinese
    assert "每小时差0.01元" in refused.value.chinese
    assert "CNY 22.00" in refused.value.english
    assert post(poster, firm, pay_fen=HAIZHOU_HOURLY_2024).minimum_hourly_fen == 2200


def test_donghais_lower_tier_admits_what_haizhou_refuses() -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm, district=DONGHAI, pay_fen=DONGHAI_HOURLY_2024)
    assert (posting.hourly_fen, posting.minimum_hourly_fen) == (2000, 2000)
    with pytest.raises(PayFloorError, match=r"20\.00元"):
        post(poster, firm, district=DONGHAI, pay_fen=DONGHAI_HOURLY_2024 - 1, title="东海保洁")
    with pytest.raises(PayFloorError):
        post(poster, firm, district=HAIZHOU, pay_fen=DONGHAI_HOURLY_2024, title="海州保洁")


def test_a_days_pay_is_divided_by_its_hours() -> None:
    poster, firm = organisation_member(1)
    with pytest.raises(PayFloorError, match=r"21\.99元"):
        post(poster, firm, pay_unit="day", pay_fen=8 * 2200 - 1, hours=8)
    assert post(poster, firm, pay_unit="day", pay_fen=8 * 2200, hours=8).hourly_fen == 2200
    with pytest.raises(MarketError, match="工作小时数"):
        post(poster, firm, pay_unit="day", pay_fen=20_000, title="日结保洁")


def test_the_floor_of_the_last_day_counts_when_the_minimum_rises_during_the_gig(
    clock: time_machine.Traveller,
) -> None:
    clock.move_to(dt.datetime(2025, 12, 20, 10, 0, tzinfo=CHINA))
    poster, firm = organisation_member(1)
    over_new_year = {"starts_on": D(2025, 12, 26), "ends_on": D(2026, 1, 5)}
    with pytest.raises(PayFloorError) as refused:
        post(poster, firm, pay_fen=2250, **over_new_year)  # 22 元 in 2025, 23 元 from 2026-01-01
    assert refused.value.check.minimum_hourly_fen == HAIZHOU_HOURLY_2026
    assert "2026-01-05" in refused.value.chinese
    assert post(poster, firm, pay_fen=2250, starts_on=D(2025, 12, 26), ends_on=D(2025, 12, 31)).pk
    assert post(poster, firm, pay_fen=HAIZHOU_HOURLY_2026, title="跨年保洁", **over_new_year).pk


# ---- who may post -------------------------------------------------------------------------------------


def test_an_individual_may_post_only_with_a_registration_in_force() -> None:
    unregistered = worker(1)
    with pytest.raises(NotAllowedError, match="灵活就业登记"):
        post(unregistered)
    registered = worker(2, registered=True)
    posting = post(registered)
    assert posting.organisation is None
    assert posting.poster_person == person_of_account(registered)


def test_an_organisation_posts_with_a_valid_credit_code_and_a_membership() -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm)
    assert (posting.organisation, posting.poster_person) == (firm, None)
    assert post(poster, title="不指定单位也按本单位发布").organisation == firm  # the member's only one
    invalid = organisation(2, uscc=INVALID_USCC)
    member_of_invalid, _ = organisation_member(2, invalid)
    with pytest.raises(NotAllowedError, match=INVALID_USCC):
        post(member_of_invalid, invalid)
    outsider, _ = organisation_member(3)
    with pytest.raises(NotAllowedError, match="不是该单位的成员"):
        post(outsider, firm)


def test_it_refuses_a_place_or_date_out_of_bounds() -> None:
    poster, firm = organisation_member(1)
    with pytest.raises(MarketError, match="现行区县代码"):
        post(poster, firm, district="320700")
    with pytest.raises(MarketError, match="结束日期已过"):
        post(poster, firm, starts_on=TODAY - dt.timedelta(days=3), ends_on=TODAY - dt.timedelta(days=1))
    with pytest.raises(MarketError, match="11位手机号"):
        post(poster, firm, contact_phone="0518-1234567")


def test_a_posting_expires_at_its_end_or_sixty_days_after_it_is_posted() -> None:
    poster, firm = organisation_member(1)
    short = post(poster, firm)
    assert short.expires_on == TODAY + dt.timedelta(days=7)
    long = post(poster, firm, title="长期保洁", ends_on=TODAY + dt.timedelta(days=200))
    assert long.expires_on == TODAY + dt.timedelta(days=60)
    assert services.postings_expire(today=TODAY + dt.timedelta(days=7)) == 0
    assert services.postings_expire(today=TODAY + dt.timedelta(days=8)) == 1
    short.refresh_from_db()
    assert short.status == PostingStatus.EXPIRED
    assert not services.is_open(long, today=TODAY + dt.timedelta(days=61))


def test_only_the_poster_closes_a_posting_and_only_once() -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm)
    with pytest.raises(NotAllowedError):
        services.posting_close(by=worker(2), posting=posting)
    assert services.posting_close(by=poster, posting=posting).status == PostingStatus.CLOSED
    with pytest.raises(ConflictError):
        services.posting_close(by=poster, posting=posting)


# ---- contact details ---------------------------------------------------------------------------------


def test_contact_details_are_shown_only_after_applying_and_each_reveal_is_audited() -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm)
    assert posting.contact_phone_masked != "13912345678"
    assert "13912345678" not in posting.contact_phone_encrypted
    someone = worker(2)
    with pytest.raises(NotAllowedError, match="报名后才能查看联系方式"):
        services.contact_for(by=someone, posting=posting)
    assert not AuditEntry.objects.filter(action="market_contact_viewed").exists()
    application = services.apply(by=someone, posting=posting)
    assert services.contact_for(by=someone, posting=posting) == ("张女士", "13912345678")
    viewed = AuditEntry.objects.filter(action="market_contact_viewed", object_id=str(posting.pk))
    assert list(viewed.values_list("actor", flat=True)) == [someone.pk]
    services.withdraw(by=someone, application=application)
    with pytest.raises(NotAllowedError):
        services.contact_for(by=someone, posting=posting)
    assert services.contact_for(by=poster, posting=posting)[1] == "13912345678"


# ---- the way: apply → hire → both confirm → completed → both rate --------------------------------------


def test_it_goes_from_application_to_work_evidence_and_both_ratings(clock: time_machine.Traveller) -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm, headcount=2)
    first, second, third = worker(2), worker(3, district=DONGHAI), worker(4)
    application = hired(poster, first, posting)
    assert application.status == ApplicationStatus.HIRED
    posting.refresh_from_db()
    assert posting.status == PostingStatus.OPEN  # one of two hired
    hired(poster, second, posting)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.FILLED
    with pytest.raises(ConflictError):
        services.apply(by=third, posting=posting)
    clock.move_to(dt.datetime(2024, 6, 12, 18, 0, tzinfo=CHINA))
    with pytest.raises(
        ConflictError, match="发布方填写实付报酬"
    ):  # the worker confirms what the poster states
        services.confirm_by_worker(by=first, application=application)
    with pytest.raises(NotAllowedError):
        services.confirm_by_poster(
            by=first,
            application=application,
            income_fen=1,
            worked_from=D(2024, 6, 4),
            worked_until=D(2024, 6, 10),
        )
    with pytest.raises(MarketError, match="完工日期不能晚于今天"):
        services.confirm_by_poster(
            by=poster,
            application=application,
            income_fen=1,
            worked_from=D(2024, 6, 4),
            worked_until=D(2024, 6, 13),
        )
    confirmed = services.confirm_by_poster(
        by=poster,
        application=application,
        income_fen=140_000,
        worked_from=D(2024, 6, 4),
        worked_until=D(2024, 6, 10),
    )
    assert confirmed.status == ApplicationStatus.HIRED
    assert not WorkEvidence.objects.exists()
    with pytest.raises(ConflictError):
        services.rate(by=poster, application=confirmed, score=5)  # not completed yet
    with pytest.raises(ConflictError, match="不能再确认"):
        services.confirm_by_poster(
            by=poster,
            application=application,
            income_fen=1,
            worked_from=D(2024, 6, 4),
            worked_until=D(2024, 6, 10),
        )
    completed = services.confirm_by_worker(by=first, application=application)
    assert completed.status == ApplicationStatus.COMPLETED
    evidence = WorkEvidence.objects.get()
    person = person_of_account(first)
    assert person is not None
    assert (evidence.person, evidence.reference) == (person, f"application:{application.pk}")
    assert (evidence.started_on, evidence.ended_on, evidence.income_fen) == (
        D(2024, 6, 4),
        D(2024, 6, 10),
        140_000,
    )
    assert (evidence.employment_form, evidence.work_division) == ("part_time", HAIZHOU)
    facts = person_facts_on(person, on=D(2024, 6, 30))  # the gig in the facts (十五)
    assert (facts["employment_form"], facts["monthly_income_fen"]) == ("part_time", 140_000)
    worker_rating = services.rate(by=first, application=completed, score=5, comment="准时结算")
    poster_rating = services.rate(by=poster, application=completed, score=4)
    assert (worker_rating.side, poster_rating.side) == (Side.WORKER, Side.POSTER)
    with pytest.raises(ConflictError, match="已评价"):
        services.rate(by=first, application=completed, score=1)
    with pytest.raises(NotAllowedError):
        services.rate(by=third, application=completed, score=1)
    with pytest.raises(MarketError, match="1至5"):
        services.rate(by=poster, application=completed, score=6)
    with pytest.raises(ConflictError):
        services.confirm_by_worker(by=first, application=completed)
    assert WorkEvidence.objects.count() == 1


def test_an_applicant_applies_once_and_never_to_their_own_posting() -> None:
    poster = worker(1, registered=True)
    posting = post(poster)
    with pytest.raises(NotAllowedError, match="自己发布"):
        services.apply(by=poster, posting=posting)
    applicant = worker(2)
    services.apply(by=applicant, posting=posting)
    with pytest.raises(ConflictError, match="已报名"):
        services.apply(by=applicant, posting=posting)
    member, _ = organisation_member(3)
    with pytest.raises(NotAllowedError, match="劳动者"):
        services.apply(by=member, posting=posting)


def test_a_declined_or_withdrawn_application_cannot_be_hired() -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm, headcount=3)
    declined = services.apply(by=worker(2), posting=posting)
    withdrawing_worker = worker(3)
    withdrawn = services.apply(by=withdrawing_worker, posting=posting)
    with pytest.raises(NotAllowedError):
        services.decline(by=withdrawing_worker, application=declined)
    with pytest.raises(NotAllowedError):
        services.withdraw(by=poster, application=withdrawn)
    assert services.decline(by=poster, application=declined).status == ApplicationStatus.DECLINED
    assert (
        services.withdraw(by=withdrawing_worker, application=withdrawn).status == ApplicationStatus.WITHDRAWN
    )
    for application in (declined, withdrawn):
        with pytest.raises(ConflictError):
            services.hire(by=poster, application=application)
    with pytest.raises(ConflictError):
        services.withdraw(by=withdrawing_worker, application=withdrawn)
    with pytest.raises(ConflictError, match="已报名"):  # a withdrawn application is not made again
        services.apply(by=withdrawing_worker, posting=posting)


def test_only_the_poster_hires_and_not_beyond_the_headcount() -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm)
    first = services.apply(by=worker(2), posting=posting)
    late = services.apply(by=worker(3), posting=posting)
    with pytest.raises(NotAllowedError):
        services.hire(by=account(9), application=first)
    services.hire(by=poster, application=first)
    with pytest.raises(ConflictError, match="录用人数已满"):
        services.hire(by=poster, application=late)
    assert GigApplication.objects.get(pk=late.pk).status == ApplicationStatus.APPLIED


def test_a_dispute_stops_completion_and_is_recorded_for_the_bureau(clock: time_machine.Traveller) -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm)
    applicant = worker(2)
    application = services.apply(by=applicant, posting=posting)
    with pytest.raises(ConflictError, match="录用后"):
        services.dispute_raise(by=applicant, application=application, text="还没录用就有争议")
    services.hire(by=poster, application=application)
    with pytest.raises(NotAllowedError):
        services.dispute_raise(by=worker(3), application=application, text="与我无关的争议内容")
    with pytest.raises(MarketError, match="5至1000"):
        services.dispute_raise(by=applicant, application=application, text="少")
    clock.move_to(dt.datetime(2024, 6, 9, 12, 0, tzinfo=CHINA))
    services.confirm_by_poster(
        by=poster,
        application=application,
        income_fen=50_000,
        worked_from=D(2024, 6, 4),
        worked_until=D(2024, 6, 8),
    )
    dispute = services.dispute_raise(
        by=applicant, application=application, text="实付报酬少于约定的每小时25元"
    )
    assert dispute.side == Side.WORKER
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DISPUTED
    with pytest.raises(ConflictError):
        services.confirm_by_worker(by=applicant, application=application)
    assert not WorkEvidence.objects.exists()
    second = services.dispute_raise(by=poster, application=application, text="劳动者提前离岗两天")
    assert second.side == Side.POSTER
    reviewer = account(20, "reviewer")
    closed = services.dispute_close(by=reviewer, dispute=dispute, resolution="双方协商补足报酬")
    assert (closed.status, closed.closed_by) == (DisputeStatus.CLOSED, reviewer)
    with pytest.raises(ConflictError):
        services.dispute_close(by=reviewer, dispute=dispute, resolution="再次处理")
    with pytest.raises(MarketError):
        services.dispute_close(by=reviewer, dispute=second, resolution="  ")


def test_a_worker_saves_a_profile_of_known_trades_districts_and_days() -> None:
    someone = worker(1)
    profile = services.profile_save(
        by=someone, trades=["cleaning", "cleaning", "care"], districts=[HAIZHOU], days=[6, 1, 1]
    )
    assert (profile.trades, profile.days) == (["cleaning", "care"], [1, 6])
    with pytest.raises(MarketError, match="工种"):
        services.profile_save(by=someone, trades=["astronaut"], districts=[HAIZHOU], days=[1])
    with pytest.raises(MarketError, match="区县代码"):
        services.profile_save(by=someone, trades=["cleaning"], districts=["320700"], days=[1])
    with pytest.raises(MarketError, match="周一至周日"):
        services.profile_save(by=someone, trades=["cleaning"], districts=[HAIZHOU], days=[0])
