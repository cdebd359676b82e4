"""Applications with evidence where the rules need facts the registry lacks (一 the one-time start-up
subsidy with its business licence, 九 the training living allowance with its certificate)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client

from linghuo.accounts.models import User
from linghuo.benefits import applications, decisions, services
from linghuo.benefits.errors import BenefitsError, ConflictError
from linghuo.benefits.models import Case, Entitlement, Evidence
from linghuo.registry import services as registry_services
from linghuo.registry.models import MembershipKind, MembershipSource, Person
from tests.benefits.application_helpers import BUSINESS_FACTS, NOW, licence, upload
from tests.benefits.conftest import own_account
from tests.insights.conftest import found_business
from tests.web.test_english_pages import chinese_outside_lang_zh

STARTUP = "startup_subsidy_once"
ALLOWANCE = "training_living_allowance"


def _names(person: Person, measure: str) -> list[str]:
    spec = applications.spec_for(measure)
    return [f.name for f in applications.missing_facts(person, spec, on=NOW.date())]


def test_it_asks_only_the_facts_the_registry_lacks(people: dict[str, Person]) -> None:
    person = people["subsidised"]
    assert _names(person, STARTUP) == [
        "business_founded_on",
        "business_non_agricultural",
        "business_employees",
    ]
    found_business(person)  # the registry now holds the founding date
    assert _names(person, STARTUP) == ["business_non_agricultural", "business_employees"]
    with pytest.raises(BenefitsError, match="不需要填写"):
        applications.application_submit(
            person,
            STARTUP,
            by=own_account(person),
            facts=BUSINESS_FACTS,
            files=[upload()],
            business_key=licence(),
            now=NOW,
        )


def test_an_eligible_application_is_submitted_with_its_evidence_and_its_decision_replays(
    people: dict[str, Person],
) -> None:
    person = people["subsidised"]  # 一: a 就业困难人员 founding a business qualifies
    with time_machine.travel(NOW, tick=False):
        result = applications.application_submit(
            person,
            STARTUP,
            by=own_account(person),
            facts=BUSINESS_FACTS,
            files=[upload()],
            business_key=licence().lower(),
            now=NOW,
        )
    assert result.decision.eligible
    case = result.case
    assert case is not None
    assert (case.state, case.origin, case.business_key) == ("submitted", "application", licence())
    assert case.decision is not None
    assert case.decision.facts["business_founded_on"] == "2024-01-10"  # the given fact is in the snapshot
    assert Evidence.objects.filter(case=case, kind="business_licence").count() == 1
    assert decisions.replay().differ == 0


def test_an_application_that_does_not_qualify_is_shown_clause_by_clause_and_not_submitted(
    people: dict[str, Person],
) -> None:
    person = people["candidate"]  # not certified hard to employ, in none of 一's groups
    result = applications.application_submit(
        person,
        STARTUP,
        by=own_account(person),
        facts=BUSINESS_FACTS,
        files=[upload()],
        business_key=licence(),
    )
    assert result.case is None
    assert not result.decision.eligible
    failed = [c.code for c in result.decision.conditions if not c.passed and "." not in c.code]
    assert failed == ["target_group"]
    assert not Case.objects.exists()
    assert not Evidence.objects.exists()


def test_a_second_application_with_the_same_licence_number_is_refused_by_the_database(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    """一: "一次性创业补贴" — once per business, ever: two founders naming one licence get it once."""
    key = licence()
    cases = []
    for key_person, worker_mobile in (("subsidised", "13700000001"), ("donghai", "13700000002")):
        person = people[key_person]
        result = applications.application_submit(
            person,
            STARTUP,
            by=own_account(person, mobile=worker_mobile),
            facts=BUSINESS_FACTS,
            files=[upload()],
            business_key=key,
            now=NOW,
        )
        assert result.case is not None
        cases.append(result.case)
    first, second = cases
    services.case_prepare(first, by=personas["caseworker_320706"], amount_fen=500_000, now=NOW)
    services.case_approve(first, by=personas["reviewer"], now=NOW)
    services.case_prepare(second, by=personas["caseworker_320722"], amount_fen=500_000, now=NOW)
    with pytest.raises(ConflictError, match="只能享受一次"):
        services.case_approve(second, by=personas["reviewer"], now=NOW)
    assert list(Entitlement.objects.values_list("business_key", flat=True)) == [key]
    with pytest.raises(IntegrityError), transaction.atomic():
        Entitlement.objects.create(
            person=people["donghai"],
            measure=STARTUP,
            district="320722",
            kind="one_off",
            amount_fen=500_000,
            case=second,
            approved_at=NOW,
            business_key=key,
        )
    with pytest.raises(ConflictError, match="已享受过"):  # and a third application is refused at once
        applications.application_submit(
            people["low_income"],
            STARTUP,
            by=own_account(people["low_income"], mobile="13700000004"),
            facts=BUSINESS_FACTS,
            files=[upload()],
            business_key=key,
        )


def test_a_licence_number_with_a_wrong_check_character_is_refused(people: dict[str, Person]) -> None:
    person = people["subsidised"]
    good = licence()
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(BenefitsError, match="统一社会信用代码不正确"):
        applications.application_submit(
            person,
            STARTUP,
            by=own_account(person),
            facts=BUSINESS_FACTS,
            files=[upload()],
            business_key=wrong,
        )


def test_an_application_without_its_evidence_is_refused(people: dict[str, Person]) -> None:
    person = people["subsidised"]
    with pytest.raises(BenefitsError, match="请上传营业执照"):
        applications.application_submit(
            person, STARTUP, by=own_account(person), facts=BUSINESS_FACTS, files=[], business_key=licence()
        )


def _rural_school_leaver(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(hukou_rural=True)
    registry_services.membership_record(
        actor=None,
        person=person,
        kind=MembershipKind.SCHOOL_LEAVER_NOT_CONTINUING,
        valid_from=datetime.date(2023, 7, 1),
        source=MembershipSource.EDUCATION_EXCHANGE,
        evidence_reference="测试",
    )


def test_the_training_allowance_asks_whether_the_training_is_subsidised_with_the_certificate(
    people: dict[str, Person],
) -> None:
    """九: "农村未继续升学初高中毕业生 … 按规定给予培训期间生活费补贴" — in subsidised training."""
    person = people["candidate"]
    _rural_school_leaver(person)
    worker = own_account(person)
    assert _names(person, ALLOWANCE) == ["in_subsidised_training"]
    not_training = applications.application_submit(
        person, ALLOWANCE, by=worker, facts={"in_subsidised_training": ""}, files=[upload()], now=NOW
    )
    assert not_training.case is None
    failed = [c.code for c in not_training.decision.conditions if not c.passed and "." not in c.code]
    assert failed == ["in_subsidised_training"]
    result = applications.application_submit(
        person, ALLOWANCE, by=worker, facts={"in_subsidised_training": "on"}, files=[upload()], now=NOW
    )
    assert result.case is not None
    assert Evidence.objects.get(case=result.case).kind == "training_certificate"


def test_the_page_asks_the_missing_facts_and_shows_the_decision_clause_by_clause(
    people: dict[str, Person],
) -> None:
    person = people["subsidised"]
    client = Client()
    client.force_login(own_account(person))
    with time_machine.travel(NOW, tick=False):
        form = client.get("/benefits/apply/startup_subsidy_once/")
        assert form.status_code == 200
        assert "营业执照成立日期" in form.content.decode()
        data = {**BUSINESS_FACTS, "business_key": licence(), "evidence": upload()}
        answer = client.post("/benefits/apply/startup_subsidy_once/", data)
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "申请已提交" in page
    assert "（一）" in page  # each condition with its clause
    assert Case.objects.filter(person=person, measure=STARTUP, state="submitted").count() == 1
    index = client.get("/benefits/apply/")
    assert "一次性创业补贴" in index.content.decode()
    assert client.get("/benefits/apply/social_insurance_subsidy/").status_code == 404


def test_the_decision_page_speaks_english_in_english_mode(people: dict[str, Person]) -> None:
    person = people["subsidised"]
    client = Client()
    client.force_login(own_account(person))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(NOW, tick=False):
        assert (
            chinese_outside_lang_zh(client.get("/benefits/apply/startup_subsidy_once/").content.decode())
            == []
        )
        data = {**BUSINESS_FACTS, "business_key": licence(), "evidence": upload()}
        page = client.post("/benefits/apply/startup_subsidy_once/", data).content.decode()
    assert "submitted" in page
    assert chinese_outside_lang_zh(page) == []
