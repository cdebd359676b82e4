"""The casework pages: the queue of a caseworker's districts and a reviewer's second checks, a case with
its stored decision's condition trace and the actions the workflow allows this user (maker-checker on
the page as in the service), the manager's overdue cases, and the worker's home-page notice."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterator

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from linghuo.accounts.models import Role, User
from linghuo.benefits import services
from linghuo.benefits.models import Case, Offer
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.policy.measures import registry
from linghuo.registry.models import Person
from tests.benefits.conftest import own_account
from tests.insights.conftest import ON
from tests.registry.helpers import id_number

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# accepted on Monday 16 June 2025; 15 working days (casework.review_working_days) end on 7 July 2025
ACCEPTED = datetime.datetime(2025, 6, 16, 10, 0, tzinfo=SHANGHAI)
LATER = datetime.datetime(2025, 7, 21, 9, 0, tzinfo=SHANGHAI)
SUBSIDY = "social_insurance_subsidy"  # 十二: 灵活就业社会保险补贴


@pytest.fixture
def on_the_day() -> Iterator[None]:
    with time_machine.travel(ACCEPTED, tick=False):
        yield


def _client(user: User, *, english: bool = False) -> Client:
    client = Client()
    if english:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _accepted(person: Person, mobile: str = "13700000001") -> Case:
    """The person's offer of the social-insurance subsidy, found by a screening run, accepted by her."""
    offer = Offer.objects.get(person=person, measure=SUBSIDY, status="open")
    return services.offer_accept(offer, by=own_account(person, mobile))


def _screened() -> None:
    screening_run_execute(screening_run_create(on=ON, actor=None))


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_it_lists_the_cases_of_the_caseworkers_districts_only_with_id_numbers_masked(
    people: dict[str, Person], personas: dict[str, User], on_the_day: None
) -> None:
    _screened()
    haizhou = _accepted(people["subsidised"])
    donghai = _accepted(people["donghai"], "13700000002")
    page = _page(_client(personas["caseworker_320706"]), "/benefits/queue/")
    assert f"/benefits/cases/{haizhou.pk}/" in page
    assert f"/benefits/cases/{donghai.pk}/" not in page
    assert people["subsidised"].name in page
    assert people["donghai"].name not in page
    assert people["subsidised"].id_number_masked in page
    assert id_number("320706", "19880808", 1) not in page  # the full ID number never shows
    other = _page(_client(personas["caseworker_320722"]), "/benefits/queue/")
    assert f"/benefits/cases/{donghai.pk}/" in other
    assert f"/benefits/cases/{haizhou.pk}/" not in other


def test_a_case_outside_the_caseworkers_districts_is_not_found(
    people: dict[str, Person], personas: dict[str, User], on_the_day: None
) -> None:
    _screened()
    case = _accepted(people["subsidised"])
    other = _client(personas["caseworker_320722"])
    assert other.get(f"/benefits/cases/{case.pk}/").status_code == 404
    assert other.post(f"/benefits/cases/{case.pk}/", {"action": "prepare"}).status_code == 404
    assert Case.objects.get(pk=case.pk).state == "submitted"


def test_the_case_shows_its_decisions_conditions_clause_by_clause(
    people: dict[str, Person], personas: dict[str, User], on_the_day: None
) -> None:
    _screened()
    case = _accepted(people["subsidised"])
    page = _page(_client(personas["caseworker_320706"]), f"/benefits/cases/{case.pk}/")
    measure = registry()[SUBSIDY]
    assert measure.clause == "十二"  # 连政办发〔2021〕50号（十二）: the social-insurance subsidy
    stored = case.decision.trace["conditions"]  # type: ignore[union-attr]
    assert len(stored) >= len(measure.conditions)
    for condition in measure.conditions:
        assert f"<code>{condition.code}</code>" in page
        assert condition.label_zh in page
    assert page.count("措施（十二）") >= len(measure.conditions)  # each clause cited
    assert 'href="/measures/%E5%8D%81%E4%BA%8C/"' in page
    assert "事实快照" in page
    assert "si_paid_fen" in page
    assert "流转记录" in page


def test_a_second_person_approves_what_the_first_prepared_and_the_preparer_is_not_offered_it(
    people: dict[str, Person], personas: dict[str, User], on_the_day: None
) -> None:
    _screened()
    case = _accepted(people["subsidised"])
    url = f"/benefits/cases/{case.pk}/"
    maker = _client(personas["caseworker_320706"])
    assert 'value="prepare"' in _page(maker, url)
    assert maker.post(url, {"action": "prepare", "amount_yuan": ""}).status_code == 302
    assert Case.objects.get(pk=case.pk).state == "prepared"
    mine = _page(maker, url)
    assert "已完成初审" in mine
    assert 'value="approve"' not in mine
    assert 'value="reject"' not in mine
    assert "须由另一名工作人员批准" in mine
    refused = maker.post(url, {"action": "approve"})
    assert refused.status_code == 403
    assert "初审人不能批准或驳回自己初审的案件" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).state == "prepared"
    checker = _client(personas["reviewer"])
    assert f"/benefits/cases/{case.pk}/" in _page(checker, "/benefits/queue/")
    assert 'value="approve"' in _page(checker, url)
    assert checker.post(url, {"action": "approve"}).status_code == 302
    approved = Case.objects.get(pk=case.pk)
    assert (approved.state, approved.prepared_by, approved.approved_by) == (
        "approved",
        personas["caseworker_320706"],
        personas["reviewer"],
    )
    log = _page(checker, url)
    assert personas["caseworker_320706"].name in log
    assert personas["reviewer"].name in log
    assert 'value="approve"' not in log  # nothing left to do


def test_an_amount_typed_in_yuan_is_kept_in_fen_and_a_bad_one_is_refused(
    people: dict[str, Person], personas: dict[str, User], on_the_day: None
) -> None:
    _screened()
    case = _accepted(people["subsidised"])
    url = f"/benefits/cases/{case.pk}/"
    maker = _client(personas["caseworker_320706"])
    bad = maker.post(url, {"action": "prepare", "amount_yuan": "三千"})
    assert bad.status_code == 400
    assert "核定金额应为以元为单位的数字" in bad.content.decode()
    assert maker.post(url, {"action": "prepare", "amount_yuan": "1,234.5"}).status_code == 302
    assert Case.objects.get(pk=case.pk).amount_fen == 123_450


def test_a_rejection_without_a_reason_is_refused_in_chinese_and_with_one_it_is_recorded(
    people: dict[str, Person], personas: dict[str, User], on_the_day: None
) -> None:
    _screened()
    case = _accepted(people["subsidised"])
    url = f"/benefits/cases/{case.pk}/"
    _client(personas["caseworker_320706"]).post(url, {"action": "prepare"})
    checker = _client(personas["reviewer"])
    empty = checker.post(url, {"action": "reject", "reason_zh": "", "reason_en": ""})
    assert empty.status_code == 400
    body = empty.content.decode()
    assert "不予批准须写明理由（中文和英文），理由将告知申请人" in body
    assert "a rejection needs a reason" not in body
    assert Case.objects.get(pk=case.pk).state == "prepared"
    reason = {"reason_zh": "缴费记录与社保经办机构不一致", "reason_en": "the premiums do not match"}
    assert checker.post(url, {"action": "reject", **reason}).status_code == 302
    rejected = Case.objects.get(pk=case.pk)
    assert (rejected.state, rejected.rejection_reason_zh) == ("rejected", "缴费记录与社保经办机构不一致")
    assert "缴费记录与社保经办机构不一致" in _page(checker, url)


def test_the_pages_speak_english_in_english_mode(
    people: dict[str, Person], personas: dict[str, User], on_the_day: None
) -> None:
    _screened()
    case = _accepted(people["subsidised"])
    url = f"/benefits/cases/{case.pk}/"
    maker = _client(personas["caseworker_320706"], english=True)
    queue = _page(maker, "/benefits/queue/")
    assert "Case queue" in queue
    assert registry()[SUBSIDY].title_en in queue
    assert "待办案件" not in queue
    page = _page(maker, url)
    assert "Condition trace" in page
    assert "Measure 12" in page
    maker.post(url, {"action": "prepare"})
    refused = maker.post(url, {"action": "approve"})
    assert refused.status_code == 403
    assert "the person who prepared a case may not approve or reject it" in refused.content.decode()
    empty = _client(personas["reviewer"], english=True).post(url, {"action": "reject"})
    assert "a rejection needs a reason, in Chinese and in English" in empty.content.decode()


def test_a_deadline_in_a_year_without_published_holidays_says_it_counts_monday_to_friday(
    people: dict[str, Person], personas: dict[str, User], on_the_day: None
) -> None:
    _screened()
    case = _accepted(people["subsidised"])
    queue = _page(_client(personas["caseworker_320706"]), "/benefits/queue/")
    assert "暂按周一至周五计算" not in queue  # 2025's arrangement is published
    Case.objects.filter(pk=case.pk).update(due_on=datetime.date(2099, 1, 5))
    later = _page(_client(personas["caseworker_320706"]), "/benefits/queue/")
    assert "节假日安排尚未公布，暂按周一至周五计算" in later


def test_the_manager_sees_the_overdue_and_escalated_cases_counted_by_district_and_measure(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    with time_machine.travel(ACCEPTED, tick=False):
        _screened()
        haizhou = _accepted(people["subsidised"])
        _accepted(people["donghai"], "13700000002")
    assert haizhou.due_on == datetime.date(2025, 7, 7)
    manager = _client(personas["manager"])
    with time_machine.travel(datetime.datetime(2025, 7, 7, 17, 0, tzinfo=SHANGHAI), tick=False):
        assert "没有超期案件" in _page(manager, "/benefits/overdue/")  # due today: not late yet
    with time_machine.travel(LATER, tick=False):
        services.cases_escalate_overdue(today=LATER.date())
        page = _page(manager, "/benefits/overdue/")
        caseworker = _page(_client(personas["caseworker_320706"]), "/benefits/queue/")
    assert "全市超过办理时限的案件共 2 件，其中已上报 2 件" in page
    assert "海州区" in page
    assert "东海县" in page
    assert registry()[SUBSIDY].title in page
    name = people["subsidised"].name
    assert f"{name[0]}*{name[-1]}" in page  # names masked for the manager
    assert name not in page
    assert people["subsidised"].id_number_masked in page
    assert "已超期" in caseworker
    assert _client(personas["caseworker_320706"]).get("/benefits/overdue/").status_code == 403


def test_a_worker_with_open_offers_sees_how_many_on_the_home_page(
    people: dict[str, Person], on_the_day: None
) -> None:
    _screened()
    person = people["subsidised"]
    worker = _client(own_account(person))
    home = _page(worker, "/")
    assert "您有1项待遇可领取" in home
    assert 'href="/benefits/offers/"' in home
    assert "您有" not in _page(Client(), "/")
    english = _client(own_account(people["donghai"], "13700000002"), english=True)
    assert "Benefits waiting for you to claim: 1" in _page(english, "/")
    services.offer_accept(Offer.objects.get(person=person), by=person.account)
    assert "项待遇可领取" not in _page(worker, "/")


def test_the_menu_links_each_role_to_its_casework_page(personas: dict[str, User]) -> None:
    for key, present, absent in (
        ("caseworker_320706", "/benefits/queue/", "/benefits/overdue/"),
        ("reviewer", "/benefits/queue/", "/benefits/overdue/"),
        ("manager", "/benefits/overdue/", "/benefits/queue/"),
        ("admin", None, "/benefits/queue/"),
        ("worker", None, "/benefits/queue/"),
    ):
        nav = _page(_client(personas[key]), "/")
        if present:
            assert f'href="{present}"' in nav, key
        assert f'href="{absent}"' not in nav, key


def test_the_worker_is_told_her_tap_was_taken(people: dict[str, Person], on_the_day: None) -> None:
    _screened()
    person = people["subsidised"]
    worker = _client(own_account(person))
    offer = Offer.objects.get(person=person)
    answer = worker.post(f"/benefits/offers/{offer.pk}/accept/", follow=True)
    assert "已确认，正在办理。" in answer.content.decode()


def test_a_reconsideration_is_decided_on_the_page_by_someone_other_than_the_first_decider(
    people: dict[str, Person], personas: dict[str, User], on_the_day: None
) -> None:
    _screened()
    case = _accepted(people["subsidised"])
    url = f"/benefits/cases/{case.pk}/"
    _client(personas["caseworker_320706"]).post(url, {"action": "prepare"})
    first = _client(personas["reviewer"])
    reason = {"reason_zh": "缴费记录与社保经办机构不一致", "reason_en": "the premiums do not match"}
    first.post(url, {"action": "reject", **reason})
    services.case_request_reconsideration(case, by=people["subsidised"].account)  # type: ignore[arg-type]
    mine = _page(first, url)
    assert "复核中" in mine
    assert 'value="reconsider_approve"' not in mine
    refused = first.post(url, {"action": "reconsider_approve"})
    assert refused.status_code == 403
    assert "复核须由原决定人以外的工作人员办理" in refused.content.decode()
    second = _client(User.objects.create_user("13900000055", password="x", name="李复核", role=Role.REVIEWER))
    assert 'value="reconsider_approve"' in _page(second, url)
    assert second.post(url, {"action": "reconsider_approve"}).status_code == 302
    decided = Case.objects.get(pk=case.pk)
    assert (decided.state, decided.reconsidered_by.name) == ("approved", "李复核")  # type: ignore[union-attr]
