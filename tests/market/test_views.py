"""The market's pages (十三), the whole way with the test client: an organisation posts (refused below the
minimum wage, then posted, free), a worker finds it by a two-character query, applies with one tap and
only then sees the contact, is hired, both confirm completion (the worker sees the pay the poster
stated), both rate, and the registry holds the gig as work evidence; every refusal in clear Chinese;
the bureau's disputes and reports scoped to a caseworker's districts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from linghuo.accounts.models import Role, User
from linghuo.accounts.services import caseworker_scope_set
from linghuo.audit.models import AuditEntry
from linghuo.market import safety, services
from linghuo.market.models import (
    ApplicationStatus,
    Dispute,
    DisputeStatus,
    GigApplication,
    Posting,
    PostingReport,
    PostingStatus,
    Rating,
    WorkerProfile,
)
from linghuo.registry.models import WorkEvidence
from tests.market.market_helpers import (
    DONGHAI,
    HAIZHOU,
    NOW,
    TODAY,
    account,
    hired,
    organisation_member,
    post,
    worker,
)

pytestmark = pytest.mark.django_db

PHONE = "13912345678"


@pytest.fixture(autouse=True)
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def logged_in(user: User | None = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def form(organisation_id: int | None = None, **changes: str) -> dict[str, str]:
    """The posting form as a phone sends it: a week of house cleaning in Haizhou at 25 元 an hour."""
    data = {
        "title": "家庭保洁阿姨",
        "description": "海州区新浦街道，三室两厅日常保洁，自带工具优先。",
        "category": "cleaning",
        "district": HAIZHOU,
        "pay_yuan": "25.00",
        "pay_unit": "hour",
        "starts_on": (TODAY + dt.timedelta(days=1)).isoformat(),
        "ends_on": (TODAY + dt.timedelta(days=7)).isoformat(),
        "headcount": "1",
        "contact_name": "张女士",
        "contact_phone": PHONE,
        "organisation": "" if organisation_id is None else str(organisation_id),
    }
    return {**data, **changes}


def text(response: Any) -> str:
    return str(response.content.decode())


def caseworker(n: int, district: str) -> User:
    user = account(n, Role.CASEWORKER, f"经办{n}")
    caseworker_scope_set(actor=None, user=user, district_codes=[district])
    return user


# ---- the whole way ----------------------------------------------------------------------------------------


def test_it_goes_from_a_refused_posting_to_ratings_and_work_evidence(clock: time_machine.Traveller) -> None:
    member, firm = organisation_member(1)
    poster = logged_in(member)
    assert poster.get("/market/post/").status_code == 200

    # 十三 and the minimum wage: 15 元 an hour is below 海州区's 22 元 (2024, tier 2): refused, with figures
    below = poster.post("/market/post/", form(firm.pk, pay_yuan="15.00"))
    assert below.status_code == 422
    page = text(below)
    assert "报酬低于最低工资标准，不予发布" in page
    assert "15.00 元" in page
    assert "22.00 元" in page
    assert "7.00 元" in page  # the shortfall per hour
    assert "第2档非全日制用工小时最低工资22.00元" in page  # the engine's explanation
    assert not Posting.objects.exists()

    published = poster.post("/market/post/", form(firm.pk))
    assert published.status_code == 302
    posting = Posting.objects.get()
    assert published["Location"] == f"/market/postings/{posting.pk}/"
    assert posting.organisation == firm

    # anyone finds it by a two-character query, and not by another trade's
    anonymous = logged_in()
    assert posting.title in text(anonymous.get("/market/", {"q": "保洁"}))
    assert posting.title not in text(anonymous.get("/market/", {"q": "月嫂"}))
    assert posting.title in text(anonymous.get("/market/", {"q": "保洁", "district": HAIZHOU}))
    assert posting.title not in text(anonymous.get("/market/", {"q": "保洁", "district": DONGHAI}))
    assert posting.title not in text(anonymous.get("/market/", {"min_yuan": "30"}))

    # the contact is hidden from anyone who has not applied
    someone = worker(2)
    applicant = logged_in(someone)
    for client in (anonymous, applicant):
        detail = client.get(f"/market/postings/{posting.pk}/")
        assert detail.status_code == 200
        assert PHONE not in text(detail)
        assert "报名后可查看联系方式" in text(detail)

    applied = applicant.post(f"/market/postings/{posting.pk}/apply/", follow=True)
    assert "报名成功" in text(applied)
    assert PHONE in text(applied)
    assert "no-store" in applied["Cache-Control"]
    assert AuditEntry.objects.filter(action="market_contact_viewed", actor=someone).exists()
    application = GigApplication.objects.get(posting=posting, worker=someone)

    mine = poster.get("/market/mine/postings/")
    assert "测试人员" in text(mine)  # the applicant's name (the registry's)
    assert poster.post(f"/market/applications/{application.pk}/hire/", {"next": "mine"}).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED

    # the worker confirms only after the poster has stated the pay
    early = applicant.post(f"/market/applications/{application.pk}/confirm/", follow=True)
    assert "请等发布方填写实付报酬后再确认" in text(early)

    clock.move_to(NOW + dt.timedelta(days=8))  # the work done; both log in again (sessions expire)
    poster, applicant = logged_in(member), logged_in(someone)
    worked = {"income_yuan": "1050.00", "worked_from": "2024-06-04", "worked_until": "2024-06-10"}
    confirmed = poster.post(f"/market/applications/{application.pk}/confirm/", worked, follow=True)
    assert "已确认完工" in text(confirmed)
    page = text(applicant.get(f"/market/applications/{application.pk}/"))
    assert "发布方填写的实付报酬为 1,050.00 元" in page
    applicant.post(f"/market/applications/{application.pk}/confirm/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.COMPLETED

    evidence = WorkEvidence.objects.get(person=application.person)
    assert (evidence.income_fen, evidence.started_on, evidence.ended_on) == (
        105_000,
        dt.date(2024, 6, 4),
        dt.date(2024, 6, 10),
    )
    assert evidence.work_division == HAIZHOU

    applicant.post(f"/market/applications/{application.pk}/rate/", {"score": "5", "comment": "准时结算"})
    poster.post(f"/market/applications/{application.pk}/rate/", {"score": "4"})
    assert sorted(Rating.objects.values_list("side", "score")) == [("poster", 4), ("worker", 5)]
    again = applicant.post(f"/market/applications/{application.pk}/rate/", {"score": "1"}, follow=True)
    assert "您已评价过" in text(again)
    assert "收费" not in text(applicant.get(f"/market/applications/{application.pk}/")).replace(
        "不得向劳动者收取任何费用", ""
    )


# ---- refusals, each in clear Chinese ---------------------------------------------------------------------


def test_it_refuses_banned_words_a_duplicate_and_an_unregistered_individual() -> None:
    member, firm = organisation_member(1)
    poster = logged_in(member)
    fee = poster.post("/market/post/", form(firm.pk, description="日结工资，入职需交押金200元"))
    assert fee.status_code == 422
    assert "岗位信息含有禁止内容（押金）" in text(fee)
    assert "不得向劳动者收取任何费用" in text(fee)

    assert poster.post("/market/post/", form(firm.pk)).status_code == 302
    duplicate = poster.post("/market/post/", form(firm.pk))
    assert duplicate.status_code == 422
    assert "已有相同内容的岗位在招募中，请勿重复发布" in text(duplicate)

    unregistered = logged_in(worker(2))
    refused = unregistered.post("/market/post/", form())
    assert refused.status_code == 422
    assert "个人发布岗位须先办理灵活就业登记" in text(refused)
    registered = logged_in(worker(3, registered=True))
    assert registered.post("/market/post/", form(title="小区搬家帮手", category="moving")).status_code == 302
    assert Posting.objects.filter(poster_person__isnull=False).count() == 1


def test_it_answers_the_posting_rate_limit_with_429_and_retry_after() -> None:
    member, firm = organisation_member(1)
    for n in range(safety.POSTINGS_PER_DAY):
        post(member, firm, title=f"保洁岗位{n:02d}")
    limited = logged_in(member).post("/market/post/", form(firm.pk, title="又一个保洁岗位"))
    assert limited.status_code == 429
    assert limited["Retry-After"] == "3600"
    assert "24小时内发布岗位已达20次，请稍后再试" in text(limited)


def test_it_shows_a_form_mistake_and_keeps_what_was_typed() -> None:
    member, firm = organisation_member(1)
    response = logged_in(member).post("/market/post/", form(firm.pk, pay_yuan="", title="门店促销员"))
    assert response.status_code == 422
    assert 'value="门店促销员"' in text(response)
    assert not Posting.objects.exists()


def test_a_worker_without_a_registry_record_is_told_how_to_apply() -> None:
    member, firm = organisation_member(1)
    posting = post(member, firm)
    stranger = logged_in(account(5, Role.WORKER))
    answer = stranger.post(f"/market/postings/{posting.pk}/apply/", follow=True)
    assert "请先以劳动者身份完成实名登记再报名" in text(answer)
    assert PHONE not in text(answer)
    assert not GigApplication.objects.exists()


def test_a_worker_applies_once_and_may_withdraw() -> None:
    member, firm = organisation_member(1)
    posting = post(member, firm)
    applicant = logged_in(worker(2))
    applicant.post(f"/market/postings/{posting.pk}/apply/")
    twice = applicant.post(f"/market/postings/{posting.pk}/apply/", follow=True)
    assert "您已报名过这个岗位" in text(twice)
    application = GigApplication.objects.get()
    assert "已报名" in text(applicant.get("/market/mine/applications/"))
    applicant.post(f"/market/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert PHONE not in text(applicant.get(f"/market/postings/{posting.pk}/"))


def test_only_the_two_sides_see_an_application() -> None:
    member, firm = organisation_member(1)
    application = services.apply(by=worker(2), posting=post(member, firm))
    other = logged_in(worker(3))
    assert other.get(f"/market/applications/{application.pk}/").status_code == 404
    assert other.post(f"/market/applications/{application.pk}/hire/").status_code == 404
    assert logged_in(member).get(f"/market/applications/{application.pk}/").status_code == 200


def test_the_poster_closes_a_posting_and_it_leaves_the_search() -> None:
    member, firm = organisation_member(1)
    posting = post(member, firm)
    assert logged_in(member).post(f"/market/postings/{posting.pk}/close/").status_code == 302
    posting.refresh_from_db()
    assert posting.status == PostingStatus.CLOSED
    assert posting.title not in text(logged_in().get("/market/", {"q": "保洁"}))


def test_a_report_is_taken_once_per_person() -> None:
    member, firm = organisation_member(1)
    posting = post(member, firm)
    reporter = logged_in(worker(2))
    done = reporter.post(f"/market/postings/{posting.pk}/report/", {"reason": "fee"}, follow=True)
    assert "已收到举报" in text(done)
    again = reporter.post(f"/market/postings/{posting.pk}/report/", {"reason": "fee"}, follow=True)
    assert "您已举报过这个岗位" in text(again)
    assert PostingReport.objects.count() == 1
    anonymous = logged_in().post(f"/market/postings/{posting.pk}/report/", {"reason": "fee"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")


def test_a_worker_fills_in_a_profile_with_checkboxes() -> None:
    user = worker(2)
    client = logged_in(user)
    assert client.get("/market/profile/").status_code == 200
    empty = client.post("/market/profile/", {"districts": [HAIZHOU]})
    assert empty.status_code == 422
    saved = client.post(
        "/market/profile/",
        {
            "trades": ["cleaning", "care"],
            "districts": [HAIZHOU],
            "days": ["1", "3", "6"],
            "slots": ["08:00-12:00", "18:00-22:00"],
            "expected_yuan": "25",
        },
    )
    assert saved.status_code == 302
    profile = WorkerProfile.objects.get(account=user)
    assert (profile.trades, profile.districts, profile.days) == (["cleaning", "care"], [HAIZHOU], [1, 3, 6])
    assert (profile.time_slots, profile.expected_hourly_fen) == ("08:00-12:00,18:00-22:00", 2500)
    assert 'value="care" checked' in text(client.get("/market/profile/"))


# ---- the bureau ------------------------------------------------------------------------------------------


def test_a_caseworker_sees_and_closes_the_disputes_of_their_districts() -> None:
    member, firm = organisation_member(1)
    someone = worker(2)
    application = hired(member, someone, post(member, firm))
    services.dispute_raise(by=someone, application=application, text="说好的报酬没有按时结算")
    haizhou, donghai = caseworker(10, HAIZHOU), caseworker(11, DONGHAI)
    assert "说好的报酬没有按时结算" in text(logged_in(haizhou).get("/market/disputes/"))
    assert "说好的报酬没有按时结算" not in text(logged_in(donghai).get("/market/disputes/"))
    dispute = Dispute.objects.get()
    assert (
        logged_in(donghai).post(f"/market/disputes/{dispute.pk}/close/", {"resolution": "x"}).status_code
        == 404
    )
    logged_in(haizhou).post(f"/market/disputes/{dispute.pk}/close/", {"resolution": "已调解，补发报酬"})
    dispute.refresh_from_db()
    assert (dispute.status, dispute.resolution) == (DisputeStatus.CLOSED, "已调解，补发报酬")
    assert "已调解，补发报酬" in text(logged_in(haizhou).get("/market/disputes/", {"status": "closed"}))
    assert logged_in(someone).get("/market/disputes/").status_code == 403


def test_a_caseworker_upholds_a_report_and_the_posting_leaves_the_market() -> None:
    member, firm = organisation_member(1)
    posting = post(member, firm)
    services.report(by=worker(2), posting=posting, reason="fee", note="电话里要求先交钱")
    haizhou, donghai = caseworker(10, HAIZHOU), caseworker(11, DONGHAI)
    assert "电话里要求先交钱" not in text(logged_in(donghai).get("/market/reports/"))
    assert "电话里要求先交钱" in text(logged_in(haizhou).get("/market/reports/"))
    report = PostingReport.objects.get()
    logged_in(haizhou).post(f"/market/reports/{report.pk}/handle/", {"upheld": "1"})
    posting.refresh_from_db()
    assert posting.status == PostingStatus.REMOVED
    assert logged_in().get(f"/market/postings/{posting.pk}/").status_code == 404
    assert logged_in(haizhou).get(f"/market/postings/{posting.pk}/").status_code == 200


def test_the_menus_link_the_market() -> None:
    member, _ = organisation_member(1)
    assert 'href="/market/"' in text(logged_in().get("/"))
    worker_menu = text(logged_in(worker(2)).get("/"))
    assert 'href="/market/mine/applications/"' in worker_menu
    organisation_menu = text(logged_in(member).get("/"))
    assert 'href="/market/post/"' in organisation_menu
    assert 'href="/market/mine/postings/"' in organisation_menu
    bureau_menu = text(logged_in(caseworker(10, HAIZHOU)).get("/"))
    assert 'href="/market/disputes/"' in bureau_menu
    assert 'href="/market/reports/"' in bureau_menu


def test_a_worker_with_a_profile_sees_recommended_gigs_with_their_reasons() -> None:
    member, firm = organisation_member(1)
    cleaning = post(member, firm)
    post(member, firm, title="东海县仓库装卸工", category="logistics", district=DONGHAI)
    someone = worker(2)
    client = logged_in(someone)
    assert "推荐岗位" not in text(client.get("/market/"))  # no profile yet
    services.profile_save(by=someone, trades=["cleaning"], districts=[HAIZHOU], days=[])
    page = text(client.get("/market/"))
    recommended = page[page.index("推荐岗位") : page.index("<h2>岗位</h2>")]
    assert cleaning.title in recommended
    assert "东海县仓库装卸工" not in recommended
    assert "工种对口：保洁/家政" in recommended  # 匹配原因
