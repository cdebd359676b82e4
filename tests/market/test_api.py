"""``/api/v1/market/…`` (十三), the whole way through the API: a posting refused below the minimum wage
with the engine's figures, then posted; found by a two-character query; its detail never carries the
contact, which opens (audited) once the worker has applied; hired, confirmed by both, rated by both,
and the registry's work evidence; every refusal in the one error shape with its status (403, 404, 409,
422, 429 with ``Retry-After``); the bureau's disputes and reports scoped to a caseworker's districts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from linghuo.accounts.models import Role, User
from linghuo.accounts.services import caseworker_scope_set
from linghuo.audit.models import AuditEntry
from linghuo.market import safety, services
from linghuo.market.models import ApplicationStatus, Posting, PostingStatus
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

API = "/api/v1/market"
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


def send(client: Client, path: str, body: dict[str, Any] | None = None, *, method: str = "post") -> Any:
    call = getattr(client, method)
    return call(f"{API}{path}", json.dumps(body or {}), content_type="application/json")


def body(**changes: Any) -> dict[str, Any]:
    data = {
        "title": "家庭保洁阿姨",
        "description": "海州区新浦街道，三室两厅日常保洁，自带工具优先。",
        "category": "cleaning",
        "district": HAIZHOU,
        "pay_fen": 2500,
        "pay_unit": "hour",
        "starts_on": (TODAY + dt.timedelta(days=1)).isoformat(),
        "ends_on": (TODAY + dt.timedelta(days=7)).isoformat(),
        "contact_name": "张女士",
        "contact_phone": PHONE,
    }
    return {**data, **changes}


def detail(response: Any) -> str:
    payload = response.json()
    assert set(payload) <= {"detail", "errors"}, payload
    return str(payload["detail"])


def test_it_goes_from_a_refused_posting_to_ratings_and_work_evidence(clock: time_machine.Traveller) -> None:
    member, firm = organisation_member(1)
    poster = logged_in(member)

    below = send(poster, "/postings", body(pay_fen=1500, organisation_id=firm.pk))
    assert below.status_code == 422
    refused = detail(below)
    assert "岗位报酬折合每小时15.00元" in refused
    assert "非全日制用工小时最低工资22.00元" in refused
    assert "每小时差7.00元" in refused
    assert "below the minimum by CNY 7.00 an hour" in refused
    assert below.json()["errors"][0]["message_zh"].startswith("岗位报酬折合每小时15.00元")

    created = send(poster, "/postings", body(organisation_id=firm.pk))
    assert created.status_code == 201
    posting = created.json()
    assert (posting["poster_kind"], posting["organisation_name"], posting["hourly_fen"]) == (
        "organisation",
        firm.name,
        2500,
    )
    assert posting["minimum_hourly_fen"] == 2200

    anonymous = logged_in()
    found = anonymous.get(f"{API}/postings", {"q": "保洁"})
    assert [p["id"] for p in found.json()] == [posting["id"]]
    assert anonymous.get(f"{API}/postings", {"q": "月嫂"}).json() == []
    assert anonymous.get(f"{API}/postings", {"q": "保洁", "district": DONGHAI}).json() == []
    assert anonymous.get(f"{API}/postings", {"min_hourly_fen": 2600}).json() == []
    nearest = anonymous.get(
        f"{API}/postings", {"q": "保洁", "order": "nearest", "lat": "34.6", "lng": "119.2"}
    )
    assert [p["id"] for p in nearest.json()] == [posting["id"]]

    shown = anonymous.get(f"{API}/postings/{posting['id']}")
    assert shown.status_code == 200
    assert PHONE not in shown.content.decode()
    assert not {"contact_name", "contact_phone", "contact_phone_masked"} & set(shown.json())

    someone = worker(2)
    applicant = logged_in(someone)
    before = applicant.get(f"{API}/postings/{posting['id']}/contact")
    assert before.status_code == 403
    assert detail(before) == "报名后才能查看联系方式 / contact details are shown once you have applied"

    applied = send(applicant, f"/postings/{posting['id']}/applications", {"message": "明天就能到"})
    assert applied.status_code == 201
    application = applied.json()
    assert application["status"] == ApplicationStatus.APPLIED
    contact = applicant.get(f"{API}/postings/{posting['id']}/contact")
    assert contact.json() == {"name": "张女士", "phone": PHONE}
    assert AuditEntry.objects.filter(action="market_contact_viewed", actor=someone).count() == 1

    listed = poster.get(f"{API}/postings/{posting['id']}/applications").json()
    assert [a["id"] for a in listed] == [application["id"]]
    assert applicant.get(f"{API}/postings/{posting['id']}/applications").status_code == 403
    path = f"/applications/{application['id']}"
    assert send(poster, f"{path}/hire").json()["status"] == ApplicationStatus.HIRED
    assert Posting.objects.get(pk=posting["id"]).status == PostingStatus.FILLED

    clock.move_to(NOW + dt.timedelta(days=8))  # the work done; both log in again (sessions expire)
    poster, applicant = logged_in(member), logged_in(someone)
    missing = send(poster, f"{path}/confirm", {})
    assert missing.status_code == 422
    worked = {"income_fen": 105_000, "worked_from": "2024-06-04", "worked_until": "2024-06-10"}
    assert send(poster, f"{path}/confirm", worked).json()["income_fen"] == 105_000
    mine = applicant.get(f"{API}/mine/applications").json()
    assert (mine[0]["id"], mine[0]["income_fen"]) == (application["id"], 105_000)
    done = send(applicant, f"{path}/confirm")
    assert done.json()["status"] == ApplicationStatus.COMPLETED
    evidence = WorkEvidence.objects.get(reference=f"application:{application['id']}")
    assert (evidence.income_fen, evidence.started_on, evidence.ended_on) == (
        105_000,
        dt.date(2024, 6, 4),
        dt.date(2024, 6, 10),
    )

    assert send(applicant, f"{path}/ratings", {"score": 5, "comment": "准时结算"}).status_code == 201
    assert send(poster, f"{path}/ratings", {"score": 4}).json()["side"] == "poster"
    twice = send(poster, f"{path}/ratings", {"score": 1})
    assert twice.status_code == 409
    assert detail(twice) == "您已评价过 / you have already rated"
    assert send(poster, f"{path}/ratings", {"score": 6}).status_code == 422


def test_it_refuses_banned_words_and_duplicates_in_the_one_shape() -> None:
    member, firm = organisation_member(1)
    poster = logged_in(member)
    fee = send(poster, "/postings", body(organisation_id=firm.pk, description="入职先交押金200元"))
    assert fee.status_code == 422
    assert "岗位信息含有禁止内容（押金）" in detail(fee)
    assert send(poster, "/postings", body(organisation_id=firm.pk)).status_code == 201
    duplicate = send(poster, "/postings", body(organisation_id=firm.pk))
    assert duplicate.status_code == 409
    assert detail(duplicate) == "已有相同内容的岗位在招募中，请勿重复发布 / the same posting is already open"
    past = send(poster, "/postings", body(organisation_id=firm.pk, title="过期岗位", ends_on="2024-06-01"))
    assert past.status_code == 422
    assert send(poster, "/postings", body(starts_on="2024-6-4")).status_code == 422  # not YYYY-MM-DD


def test_an_individual_posts_only_with_a_registration_in_force() -> None:
    refused = send(logged_in(worker(2)), "/postings", body())
    assert refused.status_code == 403
    assert detail(refused).startswith("个人发布岗位须先办理灵活就业登记")
    created = send(logged_in(worker(3, registered=True)), "/postings", body())
    assert created.status_code == 201
    assert created.json()["poster_kind"] == "individual"
    assert send(logged_in(account(9, Role.FINANCE)), "/postings", body()).status_code == 403
    assert send(logged_in(), "/postings", body()).status_code == 401


def test_it_answers_the_rate_limits_with_429_and_retry_after() -> None:
    member, firm = organisation_member(1)
    for n in range(safety.POSTINGS_PER_DAY):
        post(member, firm, title=f"保洁岗位{n:02d}")
    limited = send(logged_in(member), "/postings", body(organisation_id=firm.pk, title="又一个保洁岗位"))
    assert limited.status_code == 429
    assert limited["Retry-After"] == "3600"
    assert (
        detail(limited) == "24小时内发布岗位已达20次，请稍后再试 / 20 postings in 24 hours: try again later"
    )

    someone = worker(2)
    postings = Posting.objects.order_by("pk")
    for posting in postings[: safety.APPLICATIONS_PER_DAY]:
        services.apply(by=someone, posting=posting)
    second, _ = organisation_member(3)
    more = [post(second, title=f"护工岗位{n:02d}", category="care") for n in range(11)]
    for posting in more[:10]:
        services.apply(by=someone, posting=posting)
    over = send(logged_in(someone), f"/postings/{more[10].pk}/applications")
    assert over.status_code == 429
    assert over["Retry-After"] == "3600"
    assert "24小时内报名已达30次" in detail(over)


def test_a_worker_without_a_registry_record_cannot_apply() -> None:
    member, firm = organisation_member(1)
    posting = post(member, firm)
    refused = send(logged_in(account(5, Role.WORKER)), f"/postings/{posting.pk}/applications")
    assert refused.status_code == 403
    assert detail(refused).startswith("请先以劳动者身份完成实名登记再报名")
    assert send(logged_in(member), f"/postings/{posting.pk}/applications").status_code == 403  # a role


def test_a_closed_posting_takes_no_application_and_leaves_the_search() -> None:
    member, firm = organisation_member(1)
    posting = post(member, firm)
    assert send(logged_in(worker(3)), f"/postings/{posting.pk}/close").status_code == 403
    assert send(logged_in(member), f"/postings/{posting.pk}/close").json()["status"] == "closed"
    late = send(logged_in(worker(2)), f"/postings/{posting.pk}/applications")
    assert late.status_code == 409
    assert detail(late) == "岗位已不在招募中 / the posting is no longer open"
    assert logged_in().get(f"{API}/postings", {"q": "保洁"}).json() == []


def test_an_application_is_answered_only_to_its_two_sides() -> None:
    member, firm = organisation_member(1)
    application = services.apply(by=worker(2), posting=post(member, firm))
    other = send(logged_in(worker(3)), f"/applications/{application.pk}/hire")
    assert other.status_code == 404
    assert set(other.json()) == {"detail"}
    withdrawn = send(logged_in(application.worker), f"/applications/{application.pk}/withdraw")
    assert withdrawn.json()["status"] == ApplicationStatus.WITHDRAWN
    late = send(logged_in(member), f"/applications/{application.pk}/hire")
    assert late.status_code == 409


def test_a_worker_puts_and_gets_a_profile() -> None:
    client = logged_in(worker(2))
    assert client.get(f"{API}/profile").status_code == 404
    saved = send(
        client,
        "/profile",
        {"trades": ["cleaning"], "districts": [HAIZHOU], "days": [6, 7], "expected_hourly_fen": 2500},
        method="put",
    )
    assert saved.status_code == 200
    assert client.get(f"{API}/profile").json()["days"] == [6, 7]
    unknown = send(client, "/profile", {"trades": ["astronaut"]}, method="put")
    assert unknown.status_code == 422
    assert detail(unknown) == "请选择至少一个有效工种 / choose at least one valid trade"
    assert send(client, "/profile", {"trades": ["cleaning"], "days": [8]}, method="put").status_code == 422


def test_a_report_and_a_dispute_reach_the_caseworker_of_the_district_only() -> None:
    member, firm = organisation_member(1)
    someone = worker(2)
    posting = post(member, firm)
    application = hired(member, someone, posting)
    reported = send(
        logged_in(someone), f"/postings/{posting.pk}/reports", {"reason": "fee", "note": "要先交钱"}
    )
    assert reported.status_code == 201
    assert send(logged_in(someone), f"/postings/{posting.pk}/reports", {"reason": "fee"}).status_code == 409
    short = send(logged_in(someone), f"/applications/{application.pk}/disputes", {"text": "没"})
    assert short.status_code == 422
    raised = send(
        logged_in(someone), f"/applications/{application.pk}/disputes", {"text": "报酬未按约定结算"}
    )
    assert raised.status_code == 201

    haizhou = account(10, Role.CASEWORKER)
    caseworker_scope_set(actor=None, user=haizhou, district_codes=[HAIZHOU])
    donghai = account(11, Role.CASEWORKER)
    caseworker_scope_set(actor=None, user=donghai, district_codes=[DONGHAI])
    assert logged_in(donghai).get(f"{API}/disputes").json() == []
    assert logged_in(donghai).get(f"{API}/reports").json() == []
    [dispute] = logged_in(haizhou).get(f"{API}/disputes").json()
    [report] = logged_in(haizhou).get(f"{API}/reports").json()
    assert (
        send(logged_in(donghai), f"/disputes/{dispute['id']}/close", {"resolution": "x"}).status_code == 404
    )
    closed = send(logged_in(haizhou), f"/disputes/{dispute['id']}/close", {"resolution": "已调解"})
    assert closed.json()["status"] == "closed"
    assert (
        send(logged_in(haizhou), f"/disputes/{dispute['id']}/close", {"resolution": "再次"}).status_code
        == 409
    )
    handled = send(logged_in(haizhou), f"/reports/{report['id']}/handle", {"upheld": True})
    assert handled.json()["upheld"] is True
    assert logged_in().get(f"{API}/postings/{posting.pk}").status_code == 404  # taken off the market
    assert logged_in(someone).get(f"{API}/disputes").status_code == 403
