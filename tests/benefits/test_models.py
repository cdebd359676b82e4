"""The limits the database keeps whatever code writes the rows."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from linghuo.accounts.models import User
from linghuo.benefits.models import (
    STARTUP_SUBSIDY,
    Case,
    Entitlement,
    EntitlementKind,
    Offer,
    OfferStatus,
)
from tests.benefits.helpers import open_offer, submitted_case
from tests.registry.helpers import person_in

pytestmark = pytest.mark.django_db


_MOBILES = {"maker": "13911110001", "checker": "13911110002"}


def _user(name: str) -> User:
    return User.objects.create_user(_MOBILES[name], password="x", name=name)


def test_it_refuses_a_second_open_offer_of_the_same_entitlement() -> None:
    person = person_in("320706")
    open_offer(person)
    with pytest.raises(IntegrityError), transaction.atomic():
        open_offer(person)


def test_it_allows_a_new_offer_once_the_earlier_one_is_answered() -> None:
    person = person_in("320706")
    first = open_offer(person)
    Offer.objects.filter(pk=first.pk).update(status=OfferStatus.DECLINED)
    open_offer(person)
    assert Offer.objects.filter(person=person).count() == 2


def test_it_refuses_an_approver_who_prepared_the_case_on_a_raw_update() -> None:
    maker = _user("maker")
    case = submitted_case(person_in("320706"))
    Case.objects.filter(pk=case.pk).update(prepared_by=maker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(approved_by=maker, state="approved")


def test_it_refuses_a_rejecter_who_prepared_the_case_on_a_raw_update() -> None:
    maker = _user("maker")
    case = submitted_case(person_in("320706"))
    Case.objects.filter(pk=case.pk).update(prepared_by=maker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(rejected_by=maker)


def test_it_refuses_a_reconsideration_by_the_first_decider() -> None:
    checker = _user("checker")
    case = submitted_case(person_in("320706"))
    Case.objects.filter(pk=case.pk).update(prepared_by=_user("maker"), rejected_by=checker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(reconsidered_by=checker)


def _startup(business_key: str, case: Case) -> Entitlement:
    return Entitlement.objects.create(
        person=case.person,
        measure=STARTUP_SUBSIDY,
        district=case.district,
        kind=EntitlementKind.ONE_OFF,
        amount_fen=500_000,
        case=case,
        approved_at=timezone.now(),
        business_key=business_key,
    )


def test_it_gives_the_one_time_startup_subsidy_once_per_person_even_after_a_revocation() -> None:
    person = person_in("320706")
    first = _startup("91320706MA1XXXXXX1", submitted_case(person, STARTUP_SUBSIDY))
    Entitlement.objects.filter(pk=first.pk).update(status="revoked")
    with pytest.raises(IntegrityError), transaction.atomic():
        _startup("91320706MA1XXXXXX2", submitted_case(person, STARTUP_SUBSIDY))


def test_it_gives_the_one_time_startup_subsidy_once_per_business() -> None:
    one, other = person_in("320706", sequence=1), person_in("320706", sequence=2)
    _startup("91320706MA1XXXXXX1", submitted_case(one, STARTUP_SUBSIDY))
    with pytest.raises(IntegrityError), transaction.atomic():
        _startup("91320706MA1XXXXXX1", submitted_case(other, STARTUP_SUBSIDY))


def test_it_refuses_the_one_time_startup_subsidy_without_a_business() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        _startup("", submitted_case(person_in("320706"), STARTUP_SUBSIDY))


def test_it_allows_other_measures_more_than_once_per_person() -> None:
    person = person_in("320706")
    for _ in range(2):
        case = submitted_case(person, "training_living_allowance")
        Entitlement.objects.create(
            person=person,
            measure="training_living_allowance",
            district=case.district,
            kind=EntitlementKind.ONE_OFF,
            case=case,
            approved_at=timezone.now(),
        )
    assert Entitlement.objects.filter(person=person).count() == 2
