"""What keeps the market safe (十三, free for everyone): banned content refused, duplicates caught by
poster or contact phone, rate limits on posting (20 a day) and applying (30 a day), and reports —
three reporters hide a posting until the bureau decides."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from linghuo.market import safety, services
from linghuo.market.errors import ConflictError, MarketError, TooManyError
from linghuo.market.models import Posting, PostingStatus
from tests.market.market_helpers import NOW, account, organisation_member, post, worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


# ---- banned content ---------------------------------------------------------------------------------


def test_it_refuses_a_posting_asking_the_worker_for_money_with_the_words_and_why() -> None:
    poster, firm = organisation_member(1)
    with pytest.raises(MarketError) as refused:
        post(poster, firm, description="日结工资，入职需交押金200元和服装费")
    assert "押金、服装费" in refused.value.chinese
    assert "不得向劳动者收取任何费用" in refused.value.chinese
    assert "charges the worker a fee" in refused.value.english
    assert not Posting.objects.exists()


def test_spacing_and_full_width_do_not_hide_a_banned_word() -> None:
    poster, firm = organisation_member(1)
    for text in ("兼职刷 单，日结", "先交　钱再上岗", "报名费ＯＫ"):
        with pytest.raises(MarketError, match="禁止内容"):
            post(poster, firm, description=text)
    with pytest.raises(MarketError, match="违法或欺诈性工作"):
        post(poster, firm, title="网上刷单日结")


def test_an_honest_posting_near_a_banned_word_is_published() -> None:
    poster, firm = organisation_member(1)
    assert post(poster, firm, description="工资日结，不收任何费用，包工作餐").pk


# ---- duplicates ---------------------------------------------------------------------------------------


def test_the_same_posting_again_from_the_same_poster_is_a_duplicate() -> None:
    poster, firm = organisation_member(1)
    first = post(poster, firm)
    with pytest.raises(ConflictError, match="请勿重复发布"):
        post(poster, firm, title=" 家庭 保洁阿姨 ", contact_phone="13900001111")  # spaces do not make it new
    assert post(poster, firm, title="家庭保洁阿姨（周末）").pk  # other content is not a duplicate
    services.posting_close(by=poster, posting=first)
    assert post(poster, firm).pk  # the first is no longer open


def test_the_same_posting_from_another_account_with_the_same_phone_is_a_duplicate() -> None:
    poster, firm = organisation_member(1)
    post(poster, firm)
    other, other_firm = organisation_member(2)
    with pytest.raises(ConflictError):
        post(other, other_firm)  # the same contact phone
    assert post(other, other_firm, contact_phone="13900002222").pk


def test_an_expired_posting_is_no_duplicate(clock: time_machine.Traveller) -> None:
    poster, firm = organisation_member(1)
    first = post(poster, firm, ends_on=NOW.date() + dt.timedelta(days=2))
    clock.shift(dt.timedelta(days=3))
    assert post(poster, firm, ends_on=NOW.date() + dt.timedelta(days=9)).pk != first.pk


# ---- rate limits ----------------------------------------------------------------------------------------


def test_a_poster_posts_twenty_times_in_twenty_four_hours_and_no_more(
    clock: time_machine.Traveller,
) -> None:
    assert safety.POSTINGS_PER_DAY == 20
    poster, firm = organisation_member(1)
    for n in range(20):
        post(poster, firm, title=f"保洁岗位{n}")
        clock.shift(dt.timedelta(minutes=30))
    with pytest.raises(TooManyError) as refused:
        post(poster, firm, title="保洁岗位20")
    assert (refused.value.status, refused.value.retry_after) == (429, 3600)
    assert "20" in refused.value.chinese
    other, other_firm = organisation_member(2)
    assert post(other, other_firm, title="保洁岗位20", contact_phone="13900002222").pk  # per account
    clock.move_to(NOW + dt.timedelta(days=1, seconds=1))  # the first has left the window
    assert post(poster, firm, title="保洁岗位20").pk
    with pytest.raises(TooManyError):
        post(poster, firm, title="保洁岗位21")


def test_a_worker_applies_thirty_times_in_twenty_four_hours_and_no_more(
    clock: time_machine.Traveller,
) -> None:
    assert safety.APPLICATIONS_PER_DAY == 30
    postings = []
    for member in (1, 2):
        poster, firm = organisation_member(member)
        postings += [
            post(poster, firm, title=f"保洁{member}-{n}", contact_phone=f"139000{member:02d}{n:03d}")
            for n in range(16)
        ]
    applicant = worker(3)
    for posting in postings[:30]:
        services.apply(by=applicant, posting=posting)
        clock.shift(dt.timedelta(minutes=10))
    with pytest.raises(TooManyError):
        services.apply(by=applicant, posting=postings[30])
    assert services.apply(by=worker(4), posting=postings[30]).pk  # per worker
    clock.move_to(NOW + dt.timedelta(hours=24, minutes=1))
    assert services.apply(by=applicant, posting=postings[30]).pk


# ---- reports ------------------------------------------------------------------------------------------


def test_three_reporters_hide_a_posting_and_one_reporter_counts_once() -> None:
    assert safety.REPORTS_TO_HIDE == 3
    poster, firm = organisation_member(1)
    posting = post(poster, firm)
    first, second, third = account(11), account(12), account(13)
    services.report(by=first, posting=posting, reason="fee")
    with pytest.raises(ConflictError, match="已举报"):
        services.report(by=first, posting=posting, reason="spam")
    services.report(by=second, posting=posting, reason="false")
    posting.refresh_from_db()
    assert posting.status == PostingStatus.OPEN
    services.report(by=third, posting=posting, reason="fee", note="电话里要求先交钱")
    posting.refresh_from_db()
    assert posting.status == PostingStatus.REMOVED
    assert "待人社部门核查" in posting.removed_reason
    with pytest.raises(MarketError, match="未知的举报原因"):
        services.report(by=account(14), posting=posting, reason="dislike")


def test_reports_not_upheld_put_a_hidden_posting_back() -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm)
    reports = [services.report(by=account(10 + n), posting=posting, reason="spam") for n in range(3)]
    reviewer = account(20, "reviewer")
    for made in reports[:2]:
        services.report_handle(by=reviewer, report_=made, upheld=False)
        posting.refresh_from_db()
        assert posting.status == PostingStatus.REMOVED  # one report still waits
    services.report_handle(by=reviewer, report_=reports[2], upheld=False)
    posting.refresh_from_db()
    assert (posting.status, posting.removed_reason) == (PostingStatus.OPEN, "")
    with pytest.raises(ConflictError, match="已处理"):
        services.report_handle(by=reviewer, report_=reports[2], upheld=True)


def test_a_report_upheld_removes_the_posting_with_its_reason() -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm)
    made = services.report(by=account(10), posting=posting, reason="fee")
    services.report_handle(by=account(20, "reviewer"), report_=made, upheld=True)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.REMOVED
    assert posting.removed_reason == "举报属实：向劳动者收费"
    assert not services.is_open(posting)


def test_a_posting_removed_for_an_upheld_report_stays_removed_when_the_others_are_not_upheld() -> None:
    poster, firm = organisation_member(1)
    posting = post(poster, firm)
    reports = [services.report(by=account(10 + n), posting=posting, reason="fee") for n in range(3)]
    reviewer = account(20, "reviewer")
    services.report_handle(by=reviewer, report_=reports[0], upheld=True)
    for made in reports[1:]:
        services.report_handle(by=reviewer, report_=made, upheld=False)
    posting.refresh_from_db()
    assert posting.status == PostingStatus.REMOVED
    assert posting.removed_reason == "举报属实：向劳动者收费"
