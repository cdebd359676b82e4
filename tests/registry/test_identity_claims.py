"""A worker's ID number is checked before any benefit flows, and the registration form never tells
whether a number is already registered (issue 14, "Claiming an ID number").

Clause 十五 lets a worker register on a signed commitment without proof of employment; it does not make
the ID number they type theirs. A number typed online stays unverified until a caseworker of the
person's district, or the commitment's spot check, confirms it.
"""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo

import pytest
import time_machine
from django.conf import LazySettings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from linghuo.accounts.models import Role, User
from linghuo.accounts.services import user_get_or_create_demo
from linghuo.audit.models import AuditEntry
from linghuo.registry import commitment, services
from linghuo.registry.models import (
    EmploymentRegistration,
    IdentityClaim,
    IdentityVerification,
    Person,
    SpotCheck,
    SpotCheckOutcome,
)
from linghuo.registry.selectors import benefits_may_flow
from tests.accounts.personas import PERSONA_PASSWORD
from tests.registry.helpers import id_number

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOON = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=SHANGHAI)
# Two numbers of 海州区 that mask alike (the first 4 and last 4 characters are kept): born on different
# days, with the same sequence and the same check digit, so the pages may be compared byte for byte.
TAKEN = id_number("320706", "19900101", 12)  # already has a person record
FREE = next(
    number
    for day in range(2, 29)
    if (number := id_number("320706", f"199001{day:02d}", 12))[-4:] == TAKEN[-4:]
)


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _another_worker() -> User:
    worker, _ = user_get_or_create_demo(
        mobile="13900000011", password=PERSONA_PASSWORD, name="李灵工", role=Role.WORKER
    )
    return worker


def _form(number: str, name: str = "王灵工") -> dict[str, str]:
    return {
        "name": name,
        "id_number": number,
        "place_kind": "work",
        "place_division": "320706",
        "employment_form": "platform",
        "monthly_income_yuan": "3000",
        "work_township": "",
        "commitment_version": commitment.COMMITMENT_VERSION,
        "agree": "on",
    }


def _submit(worker: User, number: str) -> IdentityClaim:
    services.worker_register(
        account=worker,
        name="王灵工",
        id_number=number,
        place_kind="work",
        place_division="320706",
        employment_form="platform",
        commitment_version=commitment.COMMITMENT_VERSION,
        monthly_income_fen=300_000,
    )
    return IdentityClaim.objects.get(account=worker)


def _pending_card(html: str) -> str:
    found = re.search(r'<section class="registry-card identity-pending">.*?</section>', html, re.S)
    assert found, "no pending card on the page"
    return found.group(0)


def _taken_by_a_roster() -> Person:
    """The record an employer's roster made for someone (name, number, no mobile)."""
    return services.person_register(
        actor=None,
        name="张真人",
        id_number=TAKEN,
        work_division="320706",
        verification=IdentityVerification.ROSTER,
    )


def test_it_leaves_a_worker_claiming_an_unknown_number_unverified(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    claim = _submit(personas["worker"], FREE)
    person = Person.objects.get(account=personas["worker"])
    assert person.identity_verification == ""
    assert person.identity_verified_at is None
    assert benefits_may_flow(person) is False
    assert (claim.kind, claim.status, claim.person) == ("new", "pending", person)
    assert EmploymentRegistration.objects.get().person == person  # 十五: the registration itself stands


def test_people_from_a_roster_or_a_caseworker_are_verified_by_that_source(db: None) -> None:
    roster = _taken_by_a_roster()
    counter = services.person_register(actor=None, name="钱柜台", id_number=FREE)
    assert (roster.identity_verification, benefits_may_flow(roster)) == ("roster", True)
    assert (counter.identity_verification, benefits_may_flow(counter)) == ("caseworker_entry", True)


def test_an_already_registered_number_is_answered_as_a_new_one(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    taken = _taken_by_a_roster()
    before = Person.objects.filter(pk=taken.pk).values().get()
    claimant = _another_worker()
    new_client, taken_client = _client(personas["worker"]), _client(claimant)
    with time_machine.travel(NOON, tick=False):
        new = new_client.post("/registry/me/register/", _form(FREE), follow=True)
        claimed = taken_client.post("/registry/me/register/", _form(TAKEN), follow=True)
        new_policies = new_client.get("/registry/my-policies/").content.decode()
        taken_policies = taken_client.get("/registry/my-policies/").content.decode()
    assert new.redirect_chain == claimed.redirect_chain == [("/registry/me/", 302)]
    new_card, taken_card = _pending_card(new.content.decode()), _pending_card(claimed.content.decode())
    assert "提交成功，待核验" in new_card
    assert taken_card == new_card
    assert _pending_card(taken_policies) == _pending_card(new_policies)
    assert "已登记" not in claimed.content.decode()
    assert "张真人" not in claimed.content.decode() + taken_policies
    # no link, nothing of the record changed, the claim waits for a caseworker
    assert not Person.objects.filter(account=claimant).exists()
    assert Person.objects.filter(pk=taken.pk).values().get() == before
    claim = IdentityClaim.objects.get(person=taken)
    assert (claim.kind, claim.status, claim.submission["employment_form"]) == (
        "conflict",
        "pending",
        "platform",
    )


def test_the_api_answers_an_already_registered_number_as_a_new_one(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    _taken_by_a_roster()
    answers = []
    for worker, number in ((personas["worker"], FREE), (_another_worker(), TAKEN)):
        body = {k: v for k, v in _form(number).items() if k not in {"agree", "monthly_income_yuan"}}
        client = _client(worker)
        posted = client.post(
            "/api/v1/registry/registrations", json.dumps(body), content_type="application/json"
        )
        mine = client.get("/api/v1/registry/registrations/mine")
        answers.append((posted.status_code, posted.content, mine.status_code, mine.content))
    assert answers[0] == answers[1]
    assert answers[0][0] == 202


def test_a_caseworker_of_the_district_confirms_and_benefits_may_flow(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    claim = _submit(personas["worker"], FREE)
    caseworker = _client(personas["caseworker_320706"])
    queue = caseworker.get("/registry/identity-checks/").content.decode()
    assert claim.id_number_masked in queue
    response = caseworker.post(
        f"/registry/identity-checks/{claim.pk}/confirm/", {"note": "本人持身份证到窗口核验"}
    )
    assert response.status_code == 302
    person = Person.objects.get(account=personas["worker"])
    assert benefits_may_flow(person) is True
    assert (person.identity_verification, person.identity_verified_by) == (
        "caseworker",
        personas["caseworker_320706"],
    )
    claim.refresh_from_db()
    assert (claim.status, claim.reason) == ("confirmed", "本人持身份证到窗口核验")
    assert AuditEntry.objects.filter(action="identity_confirmed").exists()
    assert "提交成功，待核验" not in _client(personas["worker"]).get("/registry/me/").content.decode()


def test_a_caseworker_of_another_district_can_neither_see_nor_confirm(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    claim = _submit(personas["worker"], FREE)
    other = _client(personas["caseworker_320722"])
    assert claim.id_number_masked not in other.get("/registry/identity-checks/").content.decode()
    assert other.post(f"/registry/identity-checks/{claim.pk}/confirm/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.identity_confirm(actor=personas["caseworker_320722"], claim=claim)
    assert benefits_may_flow(Person.objects.get(account=personas["worker"])) is False


def test_a_confirmed_spot_check_confirms_the_identity(
    personas: dict[str, User], settings: LazySettings
) -> None:
    settings.LINGHUO_SPOT_CHECK_SHARE = 1.0
    claim = _submit(personas["worker"], FREE)
    check = SpotCheck.objects.get()
    services.spot_check_record(
        actor=personas["caseworker_320706"], spot_check=check, outcome="discrepancy", note="无"
    )
    assert benefits_may_flow(Person.objects.get(pk=claim.person_id)) is False
    check.outcome = SpotCheckOutcome.PENDING
    services.spot_check_record(actor=personas["caseworker_320706"], spot_check=check, outcome="confirmed")
    person = Person.objects.get(pk=claim.person_id)
    assert (benefits_may_flow(person), person.identity_verification) == (True, "spot_check")
    claim.refresh_from_db()
    assert claim.status == "confirmed"


def test_a_rejection_needs_a_reason_and_takes_the_record_from_the_worker(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    claim = _submit(personas["worker"], FREE)
    caseworker = personas["caseworker_320706"]
    with pytest.raises(ValidationError, match="请填写驳回原因"):
        services.identity_reject(actor=caseworker, claim=claim, reason=" ")
    refused = _client(caseworker).post(f"/registry/identity-checks/{claim.pk}/reject/", {"reason": ""})
    assert "请填写驳回原因" in refused.content.decode()
    services.identity_reject(actor=caseworker, claim=claim, reason="身份证照片与本人不符")
    person = Person.objects.get(pk=claim.person_id)
    assert person.account is None
    assert benefits_may_flow(person) is False
    assert EmploymentRegistration.objects.get().ended_on is not None
    me = _client(personas["worker"]).get("/registry/me/").content.decode()
    assert "身份核验未通过" in me
    assert "身份证照片与本人不符" in me


def test_confirming_a_claim_of_a_registered_number_links_the_worker_and_registers_them(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    taken = _taken_by_a_roster()
    worker = _another_worker()
    claim = _submit(worker, TAKEN)
    services.identity_confirm(actor=personas["caseworker_320706"], claim=claim, note="本人到窗口核验")
    taken.refresh_from_db()
    assert taken.account == worker
    assert (taken.identity_verification, benefits_may_flow(taken)) == ("caseworker", True)
    registration = EmploymentRegistration.objects.get(person=taken)
    assert (registration.employment_form, registration.monthly_income_fen) == ("platform", 300_000)


def test_a_worker_on_a_roster_with_their_mobile_is_linked_at_once(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    roster = services.person_register(
        actor=None,
        name="王灵工",
        id_number=TAKEN,
        mobile="13900000001",  # the worker persona logs in with it
        work_division="320706",
        verification=IdentityVerification.ROSTER,
    )
    submitted = services.worker_register(
        account=personas["worker"],
        name="王灵工",
        id_number=TAKEN,
        place_kind="work",
        place_division="320706",
        employment_form="platform",
        commitment_version=commitment.COMMITMENT_VERSION,
    )
    roster.refresh_from_db()
    assert roster.account == personas["worker"]
    assert submitted.claim is None
    assert submitted.registration is not None
    assert benefits_may_flow(roster) is True


def test_a_roster_record_without_the_mobile_is_not_linked(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    roster = services.person_register(
        actor=None,
        name="王灵工",
        id_number=TAKEN,
        work_division="320706",
        verification=IdentityVerification.ROSTER,
    )
    claim = _submit(personas["worker"], TAKEN)
    roster.refresh_from_db()
    assert roster.account is None
    assert (claim.kind, claim.person) == ("conflict", roster)


def test_my_policies_says_benefits_start_once_identity_is_confirmed(
    client: Client, personas: dict[str, User], no_spot_checks: None
) -> None:
    claim = _submit(personas["worker"], FREE)
    client.force_login(personas["worker"])
    pending = client.get("/registry/my-policies/").content.decode()
    assert "提交成功，待核验" in pending
    assert "核验后开始享受扶持政策" in pending
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/registry/my-policies/").content.decode()
    assert "Benefits start once your identity is confirmed" in english
    caseworker = _client(personas["caseworker_320706"])
    unverified = caseworker.get(f"/registry/persons/{claim.person_id}/policies/").content.decode()
    assert "身份核验前不得发放任何待遇" in unverified
    services.identity_confirm(actor=personas["caseworker_320706"], claim=claim)
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    confirmed = client.get("/registry/my-policies/").content.decode()
    assert "待核验" not in confirmed
    assert 'id="employment_registration"' in confirmed


def test_a_worker_cannot_submit_twice_while_the_check_is_pending(
    personas: dict[str, User], no_spot_checks: None
) -> None:
    _submit(personas["worker"], FREE)
    with pytest.raises(ValidationError, match="正在核验身份"):
        _submit(personas["worker"], TAKEN)
    assert _client(personas["worker"]).get("/registry/me/register/").status_code == 302


def test_the_demo_worker_is_verified_and_shown_her_subsidy_with_its_amount(client: Client, db: None) -> None:
    from linghuo.demo import ACCOUNTS, demo_load
    from linghuo.personal_data import lookup_hash

    day = datetime.datetime(2026, 11, 26, 9, 30, tzinfo=SHANGHAI)
    with time_machine.travel(day, tick=False):
        demo_load(persons=0, seed=1)
        worker = User.objects.get(mobile_hash=lookup_hash(ACCOUNTS[0].mobile))  # 王小梅
        person = Person.objects.get(account=worker)
        assert (benefits_may_flow(person), person.identity_verification) == (True, "caseworker")
        client.force_login(worker)
        page = client.get("/registry/my-policies/").content.decode()
    assert "待核验" not in page
    subsidy = page[page.index('id="social_insurance_subsidy"') :]
    subsidy = subsidy[: subsidy.index("</section>")]
    assert (
        "policy-yes"
        in page[
            page.index('id="social_insurance_subsidy"') - 80 : page.index('id="social_insurance_subsidy"')
        ]
    )
    assert re.search(r"按 2/3 补贴 [\d,]+\.\d\d 元", subsidy)


def test_a_number_recorded_while_the_worker_registers_is_answered_as_a_known_one(
    personas: dict[str, User], no_spot_checks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = _taken_by_a_roster()
    monkeypatch.setattr(services, "_person_with_number", lambda number_hash: None)  # looked up just before
    claim = _submit(personas["worker"], TAKEN)
    assert (claim.kind, claim.person) == ("conflict", taken)
    assert not Person.objects.filter(account=personas["worker"]).exists()
