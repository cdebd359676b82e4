"""The social-insurance subsidy's extension (十二): "就业困难人员享受灵活就业社保补贴政策期满仍未实现稳定就业
的，根据实际情况将社保补贴享受期限一次性延长，延长期不超过1年" — a caseworker's own decision, prepared by one
and approved by another, once, at most 12 months, for the hard to employ only."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client

from linghuo.accounts.models import User
from linghuo.audit.models import AuditEntry
from linghuo.benefits import extension, services
from linghuo.benefits.errors import BenefitsError, ConflictError, MakerCheckerError, NotAllowedError
from linghuo.benefits.models import Case, CaseOrigin, Entitlement, EntitlementExtension
from linghuo.registry.models import Person
from tests.benefits.application_helpers import NOW
from tests.benefits.conftest import own_account
from tests.benefits.helpers import stored_decision

SUBSIDY = "social_insurance_subsidy"
REASON = "享受期满，仍在平台灵活就业，未实现稳定就业"


def _entitlement(person: Person, personas: dict[str, User]) -> Entitlement:
    """The subsidy of a 就业困难人员 (36 months, 十二), applied for, prepared and approved."""
    with time_machine.travel(NOW, tick=False):
        case = services.case_apply(person, SUBSIDY, by=own_account(person), now=NOW)
        services.case_prepare(case, by=personas["caseworker_320706"], now=NOW)
        services.case_approve(case, by=personas["reviewer"], now=NOW)
    return Entitlement.objects.get(case=case)


def test_it_raises_the_cap_by_at_most_a_year_once_a_second_person_approves(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    entitlement = _entitlement(people["subsidised"], personas)
    assert entitlement.months_cap == 36
    maker = personas["caseworker_320706"]
    prepared = extension.entitlement_extend(
        entitlement, by=maker, months=12, reason=REASON, months_paid=36, now=NOW
    )
    entitlement.refresh_from_db()
    assert (prepared.status, entitlement.months_cap) == ("prepared", 36)  # nothing changes before approval
    with pytest.raises(MakerCheckerError):
        extension.extension_approve(prepared, by=maker, now=NOW)
    approved = extension.extension_approve(prepared, by=personas["reviewer"], now=NOW)
    entitlement.refresh_from_db()
    assert (approved.status, entitlement.months_cap) == ("approved", 48)
    assert AuditEntry.objects.filter(action__startswith="benefits.extension_").count() == 2
    with pytest.raises(ConflictError):
        extension.extension_approve(prepared, by=personas["reviewer"], now=NOW)


def test_more_than_a_year_is_refused_by_the_service_and_the_database(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    entitlement = _entitlement(people["subsidised"], personas)
    maker = personas["caseworker_320706"]
    for months in (13, 0):
        with pytest.raises(BenefitsError, match="延长期为1至12个月"):
            extension.entitlement_extend(entitlement, by=maker, months=months, reason=REASON, now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        EntitlementExtension.objects.create(
            entitlement=entitlement,
            months=13,
            reason=REASON,
            months_cap_before=36,
            prepared_by=maker,
            prepared_at=NOW,
        )


def test_it_is_extended_once_only_and_never_approved_by_its_preparer_in_the_database(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    entitlement = _entitlement(people["subsidised"], personas)
    maker = personas["caseworker_320706"]
    prepared = extension.entitlement_extend(
        entitlement, by=maker, months=6, reason=REASON, months_paid=36, now=NOW
    )
    with pytest.raises(ConflictError, match="一次性延长"):
        extension.entitlement_extend(entitlement, by=maker, months=6, reason=REASON, months_paid=36, now=NOW)
    with pytest.raises(IntegrityError), transaction.atomic():
        EntitlementExtension.objects.filter(pk=prepared.pk).update(
            status="approved", approved_by=maker, approved_at=NOW
        )


def test_a_reason_is_required_and_only_the_districts_caseworker_prepares_it(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    entitlement = _entitlement(people["subsidised"], personas)
    with pytest.raises(BenefitsError, match="写明"):
        extension.entitlement_extend(
            entitlement, by=personas["caseworker_320706"], months=12, reason=" ", now=NOW
        )
    with pytest.raises(NotAllowedError):
        extension.entitlement_extend(
            entitlement, by=personas["caseworker_320722"], months=12, reason=REASON, now=NOW
        )


def test_a_graduates_subsidy_has_no_extension(people: dict[str, Person], personas: dict[str, User]) -> None:
    """十二: the extension is for "就业困难人员"; a graduate within 2 years of leaving college has none."""
    person = people["candidate"]
    decision = stored_decision(person, SUBSIDY)
    decision.facts = {"college_left_on": "2023-07-01", "hard_to_employ_since": None}
    decision.save(update_fields=["facts"])
    case = Case.objects.create(
        person=person,
        measure=SUBSIDY,
        origin=CaseOrigin.APPLICATION,
        decision=decision,
        district="320706",
        submitted_at=NOW,
        state="approved",
    )
    graduate = Entitlement.objects.create(
        person=person,
        measure=SUBSIDY,
        district="320706",
        kind="periodic",
        months_cap=24,
        period="monthly",
        case=case,
        approved_at=NOW,
    )
    with pytest.raises(BenefitsError, match="只适用于就业困难人员"):
        extension.entitlement_extend(
            graduate, by=personas["caseworker_320706"], months=12, reason=REASON, now=NOW
        )


def test_the_api_prepares_and_a_second_person_approves(
    people: dict[str, Person], personas: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    entitlement = _entitlement(people["subsidised"], personas)
    maker, checker = Client(), Client()
    maker.force_login(personas["caseworker_320706"])
    checker.force_login(personas["reviewer"])
    url = f"/api/v1/benefits/entitlements/{entitlement.pk}/extension"
    with time_machine.travel(NOW, tick=False):
        too_long = maker.post(url, {"months": 18, "reason": REASON}, content_type="application/json")
        assert too_long.status_code == 422
        assert "不超过1年" in too_long.json()["detail"]
        # nothing paid yet (payments counts the months): the term is not over, 期满 not reached
        too_early = maker.post(url, {"months": 12, "reason": REASON}, content_type="application/json")
        assert too_early.status_code == 409
        assert "36个月未发放" in too_early.json()["detail"]
        monkeypatch.setattr(extension, "_months_paid_source", [lambda e: e.months_cap or 0])
        prepared = maker.post(url, {"months": 12, "reason": REASON}, content_type="application/json")
        assert prepared.status_code == 200
        body = prepared.json()
        assert (body["status"], body["months_cap"]) == ("prepared", 36)
        approve = f"/api/v1/benefits/extensions/{body['id']}/approve"
        assert maker.post(approve).status_code == 403  # the preparer
        approved = checker.post(approve)
        assert approved.status_code == 200
        assert approved.json()["months_cap"] == 48
        assert (
            maker.post(url, {"months": 1, "reason": REASON}, content_type="application/json").status_code
            == 409
        )


def test_it_is_prepared_only_in_the_last_month_of_the_term(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    """十二 "享受……政策期满仍未实现稳定就业的": while 2 of the 36 months remain unpaid it is refused; with 1
    left (the parameter's lead, so that the extension follows the term without a gap) it is prepared."""
    entitlement = _entitlement(people["subsidised"], personas)
    maker = personas["caseworker_320706"]
    with pytest.raises(ConflictError, match="尚有2个月未发放"):
        extension.entitlement_extend(entitlement, by=maker, months=12, reason=REASON, months_paid=34, now=NOW)
    assert not EntitlementExtension.objects.exists()
    prepared = extension.entitlement_extend(
        entitlement,
        by=maker,
        months=12,
        reason=REASON,
        months_paid=lambda e: (e.months_cap or 0) - 1,
        now=NOW,
    )
    assert prepared.status == "prepared"


def test_the_months_paid_are_those_payments_counted_when_none_are_given(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    from linghuo.payments.services import payment_accrue

    entitlement = _entitlement(people["subsidised"], personas)
    maker = personas["caseworker_320706"]
    with pytest.raises(ConflictError, match="尚有36个月未发放"):
        extension.entitlement_extend(entitlement, by=maker, months=12, reason=REASON, now=NOW)
    months = [datetime.date(2021 + (11 + n) // 12, (11 + n) % 12 + 1, 1) for n in range(35)]
    with time_machine.travel(NOW, tick=False):
        payment_accrue(entitlement, "back", [(month, 10_000) for month in months])
    assert extension.entitlement_extend(entitlement, by=maker, months=12, reason=REASON, now=NOW).pk
