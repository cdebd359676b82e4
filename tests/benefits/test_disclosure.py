"""Public disclosure (公示) of approved subsidies and objections to them: the period in Chinese working
days, masked names and ID numbers, an objection holds the payment until a reviewer resolves it."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import LazySettings, settings
from django.core.cache import cache
from django.test import Client

from linghuo import personal_data
from linghuo.accounts.models import User
from linghuo.audit.models import AuditAction, AuditEntry
from linghuo.benefits import disclosure, selectors, services
from linghuo.benefits.errors import BenefitsError, ConflictError, NotAllowedError
from linghuo.benefits.models import (
    Case,
    CaseOrigin,
    Disclosure,
    Entitlement,
    EntitlementStatus,
    Objection,
    ObjectionStatus,
)
from linghuo.payments.batches import batch_create, batch_execute
from linghuo.payments.models import Payment
from tests.registry.helpers import id_number, person_in

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
STARTUP = "startup_subsidy_once"  # 一：一次性创业补贴
AMOUNT = 500_000  # 5,000 yuan, as the preparer confirmed it
# approved on Wednesday 30 September 2026; 国庆 1–7 October are off and Saturday 10 October is worked,
# so the 5 working days (casework.disclosure_working_days) are 30 Sep, 8, 9, 10 and 12 Oct
APPROVED = datetime.datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)
LAST_DAY = datetime.date(2026, 10, 12)
DURING = datetime.datetime(2026, 10, 9, 9, 0, tzinfo=SHANGHAI)
AFTER = datetime.datetime(2026, 10, 13, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _fresh_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _approved(personas: dict[str, User], *, sequence: int = 1, name: str = "王小梅") -> Entitlement:
    """王小梅's one-time start-up subsidy, prepared by a caseworker of 海州区 and approved by a reviewer."""
    person = person_in("320706", sequence=sequence, name=name)
    case = Case.objects.create(
        person=person,
        measure=STARTUP,
        origin=CaseOrigin.APPLICATION,
        district="320706",
        submitted_at=APPROVED,
    )
    services.case_prepare(
        case,
        by=personas["caseworker_320706"],
        business_key=f"92320706MA1XXXXX{sequence}A",
        amount_fen=AMOUNT,
        now=APPROVED,
    )
    services.case_approve(case, by=personas["reviewer"], now=APPROVED)
    return Entitlement.objects.get(case=case)


def _batch_at(moment: datetime.datetime) -> int:
    """Payments a batch for the year makes when it runs at ``moment``."""
    with time_machine.travel(moment, tick=False):
        batch = batch_create(period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31))
        return batch_execute(batch).payments_made


def _object(entitlement: Entitlement, *, contact: str = "") -> Objection:
    with time_machine.travel(DURING, tick=False):
        return disclosure.objection_file(
            entitlement.disclosure, text="此人并未实际经营，营业执照已注销。", contact=contact
        )


def test_it_publishes_an_approval_for_five_working_days_across_the_national_day_holiday(
    personas: dict[str, User],
) -> None:
    published = _approved(personas).disclosure
    assert (published.published_on, published.ends_on) == (APPROVED.date(), LAST_DAY)


def test_a_disclosure_published_on_a_holiday_starts_counting_on_the_next_working_day() -> None:
    # published Thursday 1 October 2026 (国庆): 8, 9, Sat 10, 12 and 13 October
    assert disclosure.disclosure_ends_on(datetime.date(2026, 10, 1)) == datetime.date(2026, 10, 13)


def test_it_masks_names_keeping_the_first_and_last_character() -> None:
    assert personal_data.mask_name("王小梅") == "王*梅"
    assert personal_data.mask_name("李娜") == "李*"
    assert personal_data.mask_name("欧阳小梅") == "欧**梅"


def test_the_public_page_shows_masked_names_and_id_numbers_grouped_by_measure_and_district(
    personas: dict[str, User],
) -> None:
    _approved(personas)
    with time_machine.travel(DURING, tick=False):
        page = Client().get("/benefits/disclosure/")
    assert page.status_code == 200
    text = page.content.decode()
    full_id = id_number("320706", "19880808", 1)
    assert "王*梅" in text
    assert "王小梅" not in text
    assert full_id not in text
    assert full_id[:4] + "*" * 10 + full_id[-4:] in text
    assert "一次性创业补贴" in text
    assert "海州区" in text
    assert "5000.00" in text
    assert "2026-09-30 – 2026-10-12" in text


def test_the_public_page_lists_nothing_once_the_period_has_ended(personas: dict[str, User]) -> None:
    _approved(personas)
    with time_machine.travel(AFTER, tick=False):
        text = Client().get("/benefits/disclosure/").content.decode()
    assert "王*梅" not in text
    assert "目前没有公示中的补贴" in text


def test_a_batch_pays_nothing_during_the_disclosure_and_pays_once_it_has_ended(
    personas: dict[str, User],
) -> None:
    entitlement = _approved(personas)
    on_last_day = datetime.datetime(2026, 10, 12, 16, 0, tzinfo=SHANGHAI)
    assert selectors.payment_held(entitlement, on=LAST_DAY)
    assert _batch_at(on_last_day) == 0
    assert not selectors.payment_held(entitlement, on=AFTER.date())
    assert _batch_at(AFTER) == 1


def test_an_objection_holds_the_payment_until_a_reviewer_dismisses_it(personas: dict[str, User]) -> None:
    entitlement = _approved(personas)
    objection = _object(entitlement)
    assert selectors.payment_held(entitlement, on=AFTER.date())  # the period ended, the objection is open
    assert _batch_at(AFTER) == 0
    disclosure.objection_resolve(
        objection,
        by=personas["reviewer"],
        upheld=False,
        reason_zh="经核实，营业执照有效，经营正常。",
        reason_en="Checked: the business licence is valid and the business trades.",
        now=AFTER,
    )
    objection.refresh_from_db()
    assert (objection.status, objection.resolved_by) == (ObjectionStatus.DISMISSED, personas["reviewer"])
    assert _batch_at(AFTER) == 1
    assert Payment.objects.filter(entitlement=entitlement).count() == 1


def test_an_upheld_objection_revokes_the_entitlement_and_nothing_is_paid(personas: dict[str, User]) -> None:
    entitlement = _approved(personas)
    objection = _object(entitlement)
    disclosure.objection_resolve(
        objection,
        by=personas["reviewer"],
        upheld=True,
        reason_zh="经核实，营业执照已注销。",
        reason_en="Checked: the business licence was cancelled.",
        now=AFTER,
    )
    entitlement.refresh_from_db()
    assert entitlement.status == EntitlementStatus.REVOKED
    assert "营业执照已注销" in entitlement.revocation_reason
    assert _batch_at(AFTER) == 0
    assert not Payment.objects.exists()


@pytest.mark.parametrize("who", ["caseworker_320706", "finance", "manager", "worker"])
def test_only_a_reviewer_resolves_an_objection(personas: dict[str, User], who: str) -> None:
    objection = _object(_approved(personas))
    with pytest.raises(NotAllowedError):
        disclosure.objection_resolve(
            objection, by=personas[who], upheld=True, reason_zh="理由", reason_en="reason", now=AFTER
        )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN


def test_resolving_needs_a_reason_in_both_languages_and_happens_once(personas: dict[str, User]) -> None:
    objection = _object(_approved(personas))
    reviewer = personas["reviewer"]
    with pytest.raises(BenefitsError, match="理由"):
        disclosure.objection_resolve(objection, by=reviewer, upheld=False, reason_zh="不成立", reason_en="")
    disclosure.objection_resolve(objection, by=reviewer, upheld=False, reason_zh="不成立", reason_en="no")
    with pytest.raises(ConflictError):
        disclosure.objection_resolve(objection, by=reviewer, upheld=True, reason_zh="成立", reason_en="yes")


def test_an_objection_needs_a_text_and_is_taken_only_during_the_disclosure(personas: dict[str, User]) -> None:
    published = _approved(personas).disclosure
    with time_machine.travel(DURING, tick=False), pytest.raises(BenefitsError, match="异议内容"):
        disclosure.objection_file(published, text="   ")
    with time_machine.travel(AFTER, tick=False), pytest.raises(ConflictError, match="公示期"):
        disclosure.objection_file(published, text="有异议")
    assert not Objection.objects.exists()


def test_the_contact_is_stored_encrypted_and_kept_out_of_the_audit_log(personas: dict[str, User]) -> None:
    objection = _object(_approved(personas), contact="138 1234 5678")
    stored = Objection.objects.get(pk=objection.pk)
    assert "13812345678" not in stored.contact_encrypted
    assert personal_data.decrypt(stored.contact_encrypted) == "13812345678"
    assert stored.contact_masked == "138****5678"
    filed = AuditEntry.objects.get(action="benefits.objection_filed")
    assert "contact" not in filed.changed_fields


def test_a_reviewer_sees_the_full_contact_on_request_and_every_reveal_is_audited(
    personas: dict[str, User],
) -> None:
    objection = _object(_approved(personas), contact="13812345678")
    reviewer = Client()
    reviewer.force_login(personas["reviewer"])
    assert "13812345678" not in reviewer.get("/benefits/objections/").content.decode()
    shown = reviewer.post(f"/benefits/objections/{objection.pk}/contact/")
    assert shown.status_code == 200
    assert "13812345678" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    with pytest.raises(NotAllowedError):
        disclosure.objection_contact_reveal(objection, by=personas["finance"])
    reveals = AuditEntry.objects.filter(object_id=str(objection.pk), object_type="benefits.objection")
    assert sorted(reveals.values_list("action", flat=True)) == [
        "benefits.objection_filed",
        AuditAction.PERSONAL_DATA_VIEW_REFUSED,
        AuditAction.PERSONAL_DATA_VIEWED,
    ]


def test_a_malformed_contact_is_refused(personas: dict[str, User]) -> None:
    published = _approved(personas).disclosure
    with time_machine.travel(DURING, tick=False), pytest.raises(BenefitsError, match="联系电话"):
        disclosure.objection_file(published, text="有异议", contact="call me maybe")


def test_anyone_objects_on_the_public_page_and_the_reviewer_sees_and_resolves_it(
    personas: dict[str, User],
) -> None:
    entitlement = _approved(personas)
    with time_machine.travel(DURING, tick=False):
        answer = Client().post(
            f"/benefits/disclosure/{entitlement.disclosure.pk}/objection/",
            {"text": "此人已在外地就业。", "contact": "13812345678"},
        )
    assert (answer.status_code, answer["Location"]) == (302, "/benefits/disclosure/")
    objection = Objection.objects.get()
    reviewer = Client()
    reviewer.force_login(personas["reviewer"])
    listed = reviewer.get("/benefits/objections/").content.decode()
    assert "此人已在外地就业。" in listed
    assert "138****5678" in listed
    assert "王*梅" in listed
    reviewer.post(
        f"/benefits/objections/{objection.pk}/resolve/",
        {"decision": "dismissed", "reason_zh": "经核实不属实。", "reason_en": "Checked: not so."},
    )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED
    caseworker = Client()
    caseworker.force_login(personas["caseworker_320706"])
    assert caseworker.get("/benefits/objections/").status_code == 403


def test_objections_from_one_client_are_throttled(personas: dict[str, User], settings: LazySettings) -> None:
    settings.LINGHUO_THROTTLE_ANONYMOUS_UNITS = 10  # an objection costs a fifth: five a window
    published = _approved(personas).disclosure
    client = Client()
    with time_machine.travel(DURING, tick=False):
        answers = [
            client.post(f"/benefits/disclosure/{published.pk}/objection/", {"text": f"异议{n}"}).status_code
            for n in range(6)
        ]
    assert answers == [302] * 5 + [429]
    assert Objection.objects.count() == 5


def test_the_pages_speak_english_in_english_mode(personas: dict[str, User]) -> None:
    entitlement = _approved(personas)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(DURING, tick=False):
        text = client.get("/benefits/disclosure/").content.decode()
        refused = client.post(f"/benefits/disclosure/{entitlement.disclosure.pk}/objection/", {"text": ""})
        after = client.get(refused["Location"]).content.decode()
    assert "Public disclosure" in text
    assert "One-time start-up subsidy" in text
    assert "王*梅" in text
    assert "please write what the objection is" in after
    _object(entitlement)
    reviewer = Client()
    reviewer.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    reviewer.force_login(personas["reviewer"])
    assert "Objections to disclosures" in reviewer.get("/benefits/objections/").content.decode()


def test_the_api_lists_the_disclosure_masked_and_takes_an_objection(personas: dict[str, User]) -> None:
    entitlement = _approved(personas)
    client = Client()
    with time_machine.travel(DURING, tick=False):
        listed = client.get("/api/v1/benefits/disclosure").json()
        filed = client.post(
            f"/api/v1/benefits/disclosure/{entitlement.disclosure.pk}/objections",
            {"text": "有异议"},
            content_type="application/json",
        )
        empty = client.post(
            f"/api/v1/benefits/disclosure/{entitlement.disclosure.pk}/objections",
            {"text": ""},
            content_type="application/json",
        )
    with time_machine.travel(AFTER, tick=False):
        late = client.post(
            f"/api/v1/benefits/disclosure/{entitlement.disclosure.pk}/objections",
            {"text": "有异议"},
            content_type="application/json",
        )
    assert [(d["name_masked"], d["amount_fen"], d["ends_on"]) for d in listed] == [
        ("王*梅", AMOUNT, "2026-10-12")
    ]
    assert "王小梅" not in str(listed)
    assert (filed.status_code, filed.json()["status"]) == (201, "open")
    assert (empty.status_code, late.status_code) == (422, 409)
    assert "公示期" in late.json()["detail"]
    assert Disclosure.objects.get().objections.count() == 1


def test_the_disclosure_is_in_everyones_navigation_and_the_objections_in_the_reviewers(
    personas: dict[str, User],
) -> None:
    def nav(client: Client) -> str:
        return client.get("/").content.decode().split('<nav class="site-nav"')[1].split("</nav>")[0]

    visitor, reviewer, caseworker = Client(), Client(), Client()
    reviewer.force_login(personas["reviewer"])
    caseworker.force_login(personas["caseworker_320706"])
    assert all('href="/benefits/disclosure/"' in nav(c) for c in (visitor, reviewer, caseworker))
    assert 'href="/benefits/objections/"' in nav(reviewer)
    assert 'href="/benefits/objections/"' not in nav(caseworker)
