"""Offers from screening runs and facts changes, their answers, and the casework (clause 十二)."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from linghuo.accounts.models import User
from linghuo.benefits import services
from linghuo.benefits.errors import BenefitsError, MakerCheckerError, NotAllowedError
from linghuo.benefits.models import (
    Case,
    CaseTransition,
    Decision,
    Entitlement,
    Offer,
    OfferStatus,
    OutboxMessage,
)
from linghuo.benefits.workflow import CaseState, TransitionError
from linghuo.insights.models import ScreeningRun
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.registry.models import Person
from tests.benefits.conftest import own_account
from tests.insights.conftest import ON, make_hard_to_employ

SUBSIDY = "social_insurance_subsidy"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# a Monday in a normal working week (no holiday in the next three weeks)
NOW = datetime.datetime(2024, 6, 17, 10, 0, tzinfo=SHANGHAI)


def _run() -> ScreeningRun:
    return screening_run_execute(screening_run_create(on=ON, actor=None), chunk_size=2)


def _offer(person: Person) -> Offer:
    return Offer.objects.get(person=person, measure=SUBSIDY, status=OfferStatus.OPEN)


def test_it_offers_the_subsidy_to_the_person_a_run_finds_newly_eligible(people: dict[str, Person]) -> None:
    _run()
    offer = _offer(people["subsidised"])
    assert offer.decision.eligible
    assert offer.decision.on == ON
    assert offer.decision.trace["conditions"], "the full condition trace is stored"
    assert not Offer.objects.filter(person=people["candidate"]).exists()  # not yet certified
    assert OutboxMessage.objects.filter(offer=offer, kind="offer").count() == 1


def test_it_keeps_one_open_offer_however_many_runs_find_it(people: dict[str, Person]) -> None:
    first = _run()
    _run()
    services.offers_from_run(first)  # the same run's results again
    services.offers_from_run(first)
    assert Offer.objects.filter(person=people["subsidised"], measure=SUBSIDY, status="open").count() == 1


def test_a_change_of_facts_offers_once_and_again_only_after_it_was_not_eligible(
    people: dict[str, Person],
) -> None:
    person = people["subsidised"]
    made = services.offers_for_person(person, on=ON)
    again = services.offers_for_person(person, on=ON)
    assert [o.measure for o in made] == [SUBSIDY]
    assert again == []


def test_accepting_twice_gives_one_case(people: dict[str, Person]) -> None:
    _run()
    person = people["subsidised"]
    worker = own_account(person)
    offer = _offer(person)
    first = services.offer_accept(offer, by=worker, now=NOW)
    second = services.offer_accept(offer, by=worker, now=NOW)
    assert first.pk == second.pk
    assert Case.objects.filter(person=person).count() == 1
    assert first.state == CaseState.SUBMITTED
    assert first.origin == "offer"
    assert first.due_on == datetime.date(2024, 7, 8)  # 15 working days after Monday 17 June


def test_somebody_else_cannot_accept_an_offer(people: dict[str, Person]) -> None:
    _run()
    stranger = own_account(people["candidate"], mobile="13700000002")
    with pytest.raises(NotAllowedError):
        services.offer_accept(_offer(people["subsidised"]), by=stranger, now=NOW)


def test_declining_is_recorded_and_an_expired_offer_cannot_be_accepted(people: dict[str, Person]) -> None:
    _run()
    worker = own_account(people["subsidised"])
    declined = services.offer_decline(_offer(people["subsidised"]), by=worker, now=NOW)
    assert declined.status == OfferStatus.DECLINED
    assert declined.responded_at == NOW
    donghai = people["donghai"]
    other = own_account(donghai, mobile="13700000003")
    offer = _offer(donghai)
    after = offer.expires_on + datetime.timedelta(days=1)
    assert services.offers_expire(today=after) == 1
    with pytest.raises(BenefitsError):
        services.offer_accept(offer, by=other, now=NOW)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.EXPIRED


def _submitted(people: dict[str, Person]) -> Case:
    _run()
    person = people["subsidised"]
    return services.offer_accept(_offer(person), by=own_account(person), now=NOW)


def test_the_preparer_cannot_approve_their_own_case(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    maker = personas["caseworker_320706"]
    case = services.case_prepare(_submitted(people), by=maker, now=NOW)
    with pytest.raises(MakerCheckerError):
        services.case_approve(case, by=maker, now=NOW)
    case.refresh_from_db()
    assert case.state == CaseState.PREPARED
    assert not Entitlement.objects.exists()


def test_a_second_person_approves_and_the_periodic_entitlement_is_created(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    case = services.case_prepare(_submitted(people), by=personas["caseworker_320706"], now=NOW)
    approved = services.case_approve(case, by=personas["reviewer"], now=NOW)
    assert approved.state == CaseState.APPROVED
    entitlement = Entitlement.objects.get(case=case)
    assert (entitlement.kind, entitlement.period, entitlement.district) == ("periodic", "monthly", "320706")
    assert entitlement.months_cap == 36  # 十二: 36 months for the hard to employ, none used yet
    assert list(CaseTransition.objects.filter(case=case).values_list("action", flat=True)) == [
        "submit",
        "prepare",
        "approve",
    ]
    with pytest.raises(TransitionError):
        services.case_approve(case, by=personas["reviewer"], now=NOW)  # approving twice
    assert Entitlement.objects.filter(case=case).count() == 1


def test_a_caseworker_of_another_district_may_not_prepare(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    with pytest.raises(NotAllowedError):
        services.case_prepare(_submitted(people), by=personas["caseworker_320722"], now=NOW)


def test_a_rejection_without_a_reason_is_refused(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    case = services.case_prepare(_submitted(people), by=personas["caseworker_320706"], now=NOW)
    with pytest.raises(BenefitsError, match="理由"):
        services.case_reject(case, by=personas["reviewer"], reason_zh=" ", reason_en="", now=NOW)
    with pytest.raises(BenefitsError):
        services.case_reject(case, by=personas["reviewer"], reason_zh="缴费记录有误", reason_en="", now=NOW)
    case.refresh_from_db()
    assert case.state == CaseState.PREPARED


def test_a_rejection_is_reconsidered_on_request_by_someone_other_than_the_first_decider(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    case = services.case_prepare(_submitted(people), by=personas["caseworker_320706"], now=NOW)
    rejected = services.case_reject(
        case,
        by=personas["reviewer"],
        reason_zh="缴费记录与社保经办机构不一致",
        reason_en="the premiums do not match the agency's records",
        now=NOW,
    )
    assert rejected.rejection_reason_zh.startswith("缴费记录")
    applicant = User.objects.get(person=people["subsidised"])
    later = NOW + datetime.timedelta(days=7)
    asked = services.case_request_reconsideration(case, by=applicant, now=later)
    assert asked.state == CaseState.RECONSIDERATION
    with pytest.raises(MakerCheckerError):
        services.case_reconsider(case, by=personas["reviewer"], approve=True, now=later)
    # the maker is no checker of their own case either; a second caseworker of the district decides
    with pytest.raises(MakerCheckerError):
        services.case_reconsider(case, by=personas["caseworker_320706"], approve=True, now=later)


def test_reconsideration_after_the_window_is_refused(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    case = services.case_prepare(_submitted(people), by=personas["caseworker_320706"], now=NOW)
    services.case_reject(case, by=personas["reviewer"], reason_zh="不符合", reason_en="not met", now=NOW)
    applicant = User.objects.get(person=people["subsidised"])
    # 15 working days after Monday 17 June 2024 is Monday 8 July; 9 July is too late
    too_late = datetime.datetime(2024, 7, 9, 10, 0, tzinfo=SHANGHAI)
    with pytest.raises(BenefitsError, match="期限"):
        services.case_request_reconsideration(case, by=applicant, now=too_late)
    in_time = datetime.datetime(2024, 7, 8, 10, 0, tzinfo=SHANGHAI)
    assert services.case_request_reconsideration(case, by=applicant, now=in_time).state == "reconsideration"


def test_an_overdue_case_is_flagged_and_escalated_once(people: dict[str, Person]) -> None:
    case = _submitted(people)
    assert case.due_on is not None
    assert services.cases_escalate_overdue(today=case.due_on) == 0  # due today: not overdue yet
    assert services.cases_escalate_overdue(today=case.due_on + datetime.timedelta(days=1)) == 1
    assert services.cases_escalate_overdue(today=case.due_on + datetime.timedelta(days=2)) == 0


def test_the_one_time_startup_subsidy_is_refused_a_second_time_for_the_same_business(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    maker, checker = personas["caseworker_320706"], personas["reviewer"]
    licence = "92320706MA1XXXXX1A"
    for key in ("subsidised", "candidate"):
        case = Case.objects.create(
            person=people[key],
            measure="startup_subsidy_once",
            origin="application",
            district="320706",
            submitted_at=NOW,
            amount_fen=500_000,
        )
        services.case_prepare(case, by=maker, business_key=licence, now=NOW)
        if key == "subsidised":
            services.case_approve(case, by=checker, now=NOW)
        else:
            with pytest.raises(BenefitsError, match="只能享受一次"):
                services.case_approve(case, by=checker, now=NOW)
    assert Entitlement.objects.filter(business_key=licence).count() == 1


def test_the_startup_subsidy_cannot_be_prepared_without_the_business_licence(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    case = Case.objects.create(
        person=people["subsidised"],
        measure="startup_subsidy_once",
        origin="application",
        district="320706",
        submitted_at=NOW,
    )
    with pytest.raises(BenefitsError, match="统一社会信用代码"):
        services.case_prepare(case, by=personas["caseworker_320706"], now=NOW)


def test_a_caseworkers_record_that_makes_her_eligible_makes_the_offer_once_committed(
    people: dict[str, Person], django_capture_on_commit_callbacks: Any
) -> None:
    candidate = people["candidate"]  # pays her premiums, not yet certified hard to employ
    with time_machine.travel(datetime.datetime(2024, 6, 15, 10, 0, tzinfo=SHANGHAI), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            make_hard_to_employ(candidate)
        assert Offer.objects.filter(person=candidate, measure=SUBSIDY, status="open").count() == 1


def test_an_application_stores_the_decision_on_todays_facts_and_is_submitted_once(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    person = people["subsidised"]
    worker = own_account(person)
    with time_machine.travel(NOW, tick=False):
        case = services.case_apply(
            person, "startup_subsidy_once", by=worker, business_key="92320706MA1XXXXX1A"
        )
        decision = case.decision
        assert decision is not None
        assert (case.origin, case.state, decision.source) == ("application", "submitted", "application")
        assert decision.on == NOW.date()
        with pytest.raises(BenefitsError, match="已有办理中"):
            services.case_apply(person, "startup_subsidy_once", by=worker)
        with pytest.raises(NotAllowedError):
            services.case_apply(people["donghai"], "startup_subsidy_once", by=worker)


def test_a_pair_that_got_an_open_offer_meanwhile_is_left_out_and_the_others_are_offered(
    people: dict[str, Person],
) -> None:
    _run()
    taken = _offer(people["subsidised"]).decision
    fresh = _offer(people["donghai"])
    Offer.objects.filter(pk=fresh.pk).update(status=OfferStatus.DECLINED)
    again = [
        Decision(**{f.name: getattr(d, f.name) for f in Decision._meta.concrete_fields if f.name != "id"})
        for d in (taken, fresh.decision)
    ]
    made = services._make_offers(again, today=ON)
    assert [o.person_id for o in made] == [people["donghai"].pk]
    assert Offer.objects.filter(person=people["subsidised"], status="open").count() == 1
