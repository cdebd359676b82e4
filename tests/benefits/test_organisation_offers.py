"""The incubator construction subsidy (五): "每年遴选认定一批市级创业孵化基地，按每家最高20万元给予建设补贴" —
offered to a base selected that year, once a year, accepted by a member of the organisation, decided by
two people in the organisation's district."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from linghuo.accounts.models import Role, User
from linghuo.accounts.services import membership_add
from linghuo.benefits import applications, decisions, services
from linghuo.benefits.errors import BenefitsError, NotAllowedError
from linghuo.benefits.models import Case, Entitlement, OfferStatus, OrganisationOffer
from linghuo.registry.models import Organisation, OrganisationKind
from tests.benefits.application_helpers import NOW, licence
from tests.registry.helpers import person_in

INCUBATOR = "incubator_construction_subsidy"
TODAY = NOW.date()


@pytest.fixture
def base(db: None) -> Organisation:
    return Organisation.objects.create(
        uscc=licence("12320706MB1D9E2F6"),
        name="海州区大学生创业孵化基地",
        kind=OrganisationKind.INCUBATOR,
        division="320706",
    )


def _member(organisation: Organisation, mobile: str = "13600000001", *, real_name: bool = True) -> User:
    user = User.objects.create_user(mobile, password="x", name="孵化基地经办人", role=Role.ORGANISATION)
    membership_add(actor=None, user=user, organisation=organisation)
    if real_name:
        person_in("320706", sequence=77, name="孵化基地经办人", account=user)
    return user


def test_a_base_selected_this_year_gets_one_offer_up_to_the_maximum(
    base: Organisation, personas: dict[str, User]
) -> None:
    caseworker = personas["caseworker_320706"]
    offer = applications.incubator_selection_record(base, year=2024, by=caseworker, on=TODAY, now=NOW)
    assert offer is not None
    assert (offer.status, offer.year, offer.amount_max_fen) == ("open", 2024, 20_000_000)  # 最高20万元
    again = applications.incubator_selection_record(base, year=2024, by=caseworker, on=TODAY, now=NOW)
    assert again is not None
    assert again.pk == offer.pk
    assert OrganisationOffer.objects.filter(organisation=base).count() == 1


def test_a_base_selected_in_an_earlier_year_is_not_offered_this_years_subsidy(
    base: Organisation, personas: dict[str, User]
) -> None:
    """五 "每年遴选认定一批": a base selected in 2023 is not in 2024's batch."""
    caseworker = personas["caseworker_320706"]
    assert applications.incubator_selection_record(base, year=2023, by=caseworker, on=TODAY) is None
    assert not OrganisationOffer.objects.exists()


def test_a_caseworker_of_another_district_may_not_record_the_selection(
    base: Organisation, personas: dict[str, User]
) -> None:
    with pytest.raises(NotAllowedError):
        applications.incubator_selection_record(base, year=2024, by=personas["caseworker_320722"], on=TODAY)


def test_a_member_accepts_and_two_people_of_the_district_decide_it(
    base: Organisation, personas: dict[str, User]
) -> None:
    offer = applications.incubator_selection_record(
        base, year=2024, by=personas["caseworker_320706"], on=TODAY, now=NOW
    )
    assert offer is not None
    member = _member(base)
    case = applications.organisation_offer_accept(offer, by=member, now=NOW)
    assert applications.organisation_offer_accept(offer, by=member, now=NOW).pk == case.pk  # a double tap
    offer.refresh_from_db()
    assert (offer.status, offer.case_id) == (OfferStatus.ACCEPTED, case.pk)
    assert (case.organisation_id, case.district, case.state) == (base.pk, "320706", "submitted")
    services.case_prepare(case, by=personas["caseworker_320706"], amount_fen=15_000_000, now=NOW)
    services.case_approve(case, by=personas["reviewer"], now=NOW)
    entitlement = Entitlement.objects.get(case=case)
    assert (entitlement.organisation_id, entitlement.kind, entitlement.amount_fen) == (
        base.pk,
        "one_off",
        15_000_000,
    )
    assert decisions.replay().differ == 0  # the organisation's decision replays from its facts


def test_only_a_member_with_a_real_name_record_accepts(base: Organisation, personas: dict[str, User]) -> None:
    offer = applications.incubator_selection_record(
        base, year=2024, by=personas["caseworker_320706"], on=TODAY
    )
    assert offer is not None
    with pytest.raises(NotAllowedError, match="只有该单位的成员"):
        applications.organisation_offer_accept(
            offer, by=personas["organisation"], now=NOW
        )  # another organisation's
    with pytest.raises(NotAllowedError, match="实名"):
        applications.organisation_offer_accept(offer, by=_member(base, real_name=False), now=NOW)
    assert not Case.objects.exists()


def test_the_organisation_page_shows_the_offer_and_accepts_it_with_one_tap(
    base: Organisation, personas: dict[str, User]
) -> None:
    offer = applications.incubator_selection_record(
        base, year=2024, by=personas["caseworker_320706"], on=TODAY
    )
    assert offer is not None
    client = Client()
    client.force_login(_member(base))
    other = Client()
    other.force_login(personas["organisation"])
    with time_machine.travel(NOW, tick=False):
        page = client.get("/benefits/organisation/").content.decode()
        assert "海州区大学生创业孵化基地" in page
        assert "200000.00" in page  # 最高20万元
        assert other.post(f"/benefits/organisation/offers/{offer.pk}/accept/").status_code == 404
        assert client.post(f"/benefits/organisation/offers/{offer.pk}/accept/").status_code == 302
        assert Case.objects.filter(organisation=base, measure=INCUBATOR).count() == 1
        assert "已受理" in client.get("/benefits/organisation/").content.decode()


def test_the_api_records_the_selection_for_a_caseworker_of_the_district(
    base: Organisation, personas: dict[str, User]
) -> None:
    client = Client()
    client.force_login(personas["caseworker_320706"])
    url = f"/api/v1/benefits/organisations/{base.pk}/incubator-selection"
    with time_machine.travel(NOW, tick=False):
        answer = client.post(url, {"year": 2024}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json()["eligible"] is True
    before_the_policy = client.post(url, {"year": 2020}, content_type="application/json")
    assert before_the_policy.status_code == 422
    elsewhere = Client()
    elsewhere.force_login(personas["caseworker_320722"])
    assert elsewhere.post(url, {"year": 2024}, content_type="application/json").status_code == 404


def test_it_refuses_to_approve_a_grant_above_the_maximum_of_200000_yuan(
    base: Organisation, personas: dict[str, User]
) -> None:
    """五 "按每家最高20万元给予建设补贴": 20万元 and a fen more is refused; 20万元 itself is approved."""
    offer = applications.incubator_selection_record(
        base, year=2024, by=personas["caseworker_320706"], on=TODAY, now=NOW
    )
    assert offer is not None
    case = applications.organisation_offer_accept(offer, by=_member(base), now=NOW)
    services.case_prepare(case, by=personas["caseworker_320706"], amount_fen=20_000_001, now=NOW)
    with pytest.raises(BenefitsError, match="上限"):
        services.case_approve(case, by=personas["reviewer"], now=NOW)
    case.refresh_from_db()
    assert case.state == "prepared"
    assert not Entitlement.objects.filter(case=case).exists()
    Case.objects.filter(pk=case.pk).update(amount_fen=20_000_000)
    services.case_approve(case, by=personas["reviewer"], now=NOW)
    assert Entitlement.objects.get(case=case).amount_fen == 20_000_000
