"""Every role's home (issue 13): the home page shows the logged-in user's cards, each a count and a link,
counted from the data of that user only — a worker's own, an organisation's own, a caseworker's districts.
A visitor keeps the public home with the calculator link."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from linghuo.accounts.models import User
from linghuo.benefits.models import Case, Disclosure, Entitlement, EntitlementKind, Objection, Offer
from linghuo.benefits.workflow import CaseState
from linghuo.collection.models import RosterEntry, Submission, SubmissionKind, SubmissionStatus
from linghuo.market import services as market
from linghuo.market.models import ApplicationStatus, Dispute, PostingReport
from linghuo.payments.models import (
    BankFile,
    BankFileLine,
    BatchStatus,
    Payment,
    PaymentBatch,
    PaymentStatus,
)
from linghuo.registry.models import Person, SpotCheck
from tests.accounts.personas import personas_create
from tests.benefits.helpers import open_offer, submitted_case
from tests.market.market_helpers import NOW, TODAY, organisation_member, post, worker
from tests.registry.helpers import id_number, person_in, register

HAIZHOU, DONGHAI = "320706", "320722"
MEASURES = ("social_insurance_subsidy", "training_living_allowance", "startup_subsidy_once")
_CARD = re.compile(r'<li class="card[^"]*" data-card="(\w+)">(.*?)</li>', re.S)
_COUNT = re.compile(r'data-count="(\d+)"')


@pytest.fixture(autouse=True)
def _on_the_day() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    return personas_create()


def _home(user: User | None) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def cards(html: str) -> dict[str, int | None]:
    """Each card's key and count (None: a card without a count)."""
    found: dict[str, int | None] = {}
    for key, body in _CARD.findall(html):
        count = _COUNT.search(body)
        found[key] = int(count.group(1)) if count else None
    return found


def _case(person: Person, *, state: str = CaseState.SUBMITTED, due_on: dt.date | None = None) -> Case:
    case = submitted_case(person)
    Case.objects.filter(pk=case.pk).update(state=state, due_on=due_on or TODAY + dt.timedelta(days=10))
    case.refresh_from_db()
    return case


def _entitlement(person: Person, case: Case) -> Entitlement:
    return Entitlement.objects.create(
        person=person,
        measure=case.measure,
        district=case.district,
        kind=EntitlementKind.ONE_OFF,
        amount_fen=100_000,
        case=case,
        approved_at=timezone.now(),
    )


def _payment(entitlement: Entitlement, *, status: str, amount_fen: int, key: str) -> Payment:
    return Payment.objects.create(
        idempotency_key=key,
        entitlement=entitlement,
        person=entitlement.person,
        measure=entitlement.measure,
        district=entitlement.district,
        period="2024-05",
        amount_fen=amount_fen,
        status=status,
    )


# --- a visitor -----------------------------------------------------------------------------------------


def test_it_keeps_the_public_home_for_a_visitor(db: None) -> None:
    html = _home(None)
    assert cards(html) == {}
    assert 'class="role-home"' not in html
    assert 'href="/calculator/"' in html
    assert 'data-measure="十二"' in html


# --- a worker ------------------------------------------------------------------------------------------


def test_it_tells_a_worker_without_a_record_to_register(personas: dict[str, User]) -> None:
    html = _home(personas["worker"])
    found = cards(html)
    assert found["registration"] is None
    assert "尚未登记" in html
    assert "offers" not in found  # nothing to count without a person record
    assert 'href="/registry/me/"' in html


def test_it_counts_only_the_workers_own_offers_cases_payments_and_gigs(personas: dict[str, User]) -> None:
    me = personas["worker"]
    mine = person_in(HAIZHOU, sequence=1, account=me, name="王灵工")
    register(mine)
    other = person_in(HAIZHOU, sequence=2, name="李他人")
    for person, measure in ((mine, MEASURES[0]), (mine, MEASURES[1]), *((other, m) for m in MEASURES)):
        Offer.objects.filter(pk=open_offer(person, measure).pk).update(
            expires_on=TODAY + dt.timedelta(days=5)
        )
    expired = open_offer(mine, MEASURES[2])
    Offer.objects.filter(pk=expired.pk).update(expires_on=TODAY - dt.timedelta(days=1))
    _case(mine)
    _case(other)
    _case(other)
    paid = _entitlement(mine, _case(mine, state=CaseState.APPROVED))
    _payment(paid, status=PaymentStatus.PAID, amount_fen=62_000, key="mine-1")
    _payment(paid, status=PaymentStatus.SENT, amount_fen=10_000, key="mine-2")  # not yet received
    theirs = _entitlement(other, _case(other, state=CaseState.APPROVED))
    _payment(theirs, status=PaymentStatus.PAID, amount_fen=99_000, key="other-1")
    poster, organisation = organisation_member(31)
    posting = post(poster, organisation)
    market.apply(by=me, posting=posting)
    market.apply(by=worker(32), posting=posting)

    html = _home(me)
    found = cards(html)

    assert found["offers"] == 2
    assert found["applications"] == 1  # the open case; the approved one is done
    assert found["payments"] == 1
    assert "合计 620.00 元" in html
    assert found["gig_applications"] == 1
    assert found["registration"] is None
    assert "已登记（" in html
    assert {"policies", "recommended_gigs"} <= set(found)
    assert "李他人" not in html


def test_a_worker_never_sees_another_workers_counts(personas: dict[str, User]) -> None:
    """The same data, seen by the other worker: only their own rows count."""
    mine = person_in(HAIZHOU, sequence=1, account=personas["worker"])
    someone = worker(41)
    theirs = Person.objects.get(account=someone)
    open_offer(mine)
    Offer.objects.filter(person=mine).update(expires_on=TODAY + dt.timedelta(days=5))
    _case(mine)
    _case(mine)

    found = cards(_home(someone))

    assert found["offers"] == 0
    assert found["applications"] == 0
    assert found["payments"] == 0
    assert theirs.pk != mine.pk


# --- an organisation -----------------------------------------------------------------------------------


def _roster(organisation_pk: int, period: dt.date, status: str = SubmissionStatus.DONE) -> Submission:
    return Submission.objects.create(
        kind=SubmissionKind.ROSTER,
        organisation_id=organisation_pk,
        period=period,
        file_name="roster.xlsx",
        file_sha256="0" * 64,
        status=status,
        created=2,
        rejected=1,
    )


def _entry(organisation_pk: int, period: dt.date, person: Person, end: dt.date | None = None) -> None:
    RosterEntry.objects.create(
        organisation_id=organisation_pk,
        period=period,
        person=person,
        employment_form="platform",
        work_division=HAIZHOU,
        monthly_income_fen=300_000,
        social_insurance=True,
        start_date=dt.date(2024, 1, 1),
        end_date=end,
    )


def test_it_shows_an_organisation_its_last_rosters_workers_with_their_status(db: None) -> None:
    member, organisation = organisation_member(51)
    _, elsewhere = organisation_member(52)
    april, may = dt.date(2024, 4, 1), dt.date(2024, 5, 1)
    staying = person_in(HAIZHOU, sequence=3, name="张在岗")
    leaving = person_in(HAIZHOU, sequence=4, name="刘离岗")
    earlier = person_in(HAIZHOU, sequence=5, name="陈上月")
    stranger = person_in(HAIZHOU, sequence=6, name="周别家")
    _roster(organisation.pk, april)
    _entry(organisation.pk, april, earlier)
    _roster(organisation.pk, may)
    _entry(organisation.pk, may, staying)
    _entry(organisation.pk, may, leaving, end=dt.date(2024, 5, 20))
    _roster(organisation.pk, dt.date(2024, 6, 1), status=SubmissionStatus.FAILED)
    _roster(elsewhere.pk, may)
    _entry(elsewhere.pk, may, stranger)
    post(member, organisation)
    post(member, organisation, title="小区绿化养护")
    applicant = worker(53)
    market.apply(by=applicant, posting=post(member, organisation, title="仓库分拣员"))

    html = _home(member)
    found = cards(html)

    assert found["organisations"] == 1
    assert found["submissions"] == 3
    assert "未能导入 1 份" in html
    assert found["postings"] == 3
    assert found["posting_applications"] == 1
    assert 'data-roster="2024-05"' in html
    statuses = dict(re.findall(r'<tr data-row-status="([^"]+)"><td lang="zh">([^<]+)</td>', html))
    assert {name: status for status, name in statuses.items()} == {
        "张在岗": "在岗",
        "刘离岗": "已离岗（2024-05-20）",
    }
    assert "陈上月" not in html  # an earlier month's roster
    assert "周别家" not in html  # another organisation's
    assert staying.id_number_masked in html
    assert id_number(HAIZHOU, "19880808", 3) not in html  # masked only


# --- a caseworker --------------------------------------------------------------------------------------


def test_a_caseworkers_counts_are_of_their_districts_only(personas: dict[str, User]) -> None:
    haizhou = [person_in(HAIZHOU, sequence=n) for n in (11, 12, 13)]
    donghai = [person_in(DONGHAI, sequence=n) for n in (21, 22)]
    _case(haizhou[0])
    _case(haizhou[1], due_on=TODAY - dt.timedelta(days=1))
    _case(haizhou[2], state=CaseState.APPROVED, due_on=TODAY - dt.timedelta(days=30))  # closed
    _case(donghai[0], due_on=TODAY - dt.timedelta(days=2))
    for person in (haizhou[0], haizhou[1], donghai[0]):
        registration = register(person)
        SpotCheck.objects.get_or_create(registration=registration, defaults={"drawn_at": NOW})
    poster, organisation = organisation_member(61)
    here = post(poster, organisation)
    there = post(poster, organisation, district=DONGHAI, title="东海县果园采摘")
    hired_here = market.hire(by=poster, application=market.apply(by=worker(62), posting=here))
    Dispute.objects.create(
        application=hired_here, side="worker", raised_by=hired_here.worker, text="报酬未付"
    )
    reporter = worker(63)
    PostingReport.objects.create(posting=here, reporter=reporter, reason="fee")
    PostingReport.objects.create(posting=there, reporter=reporter, reason="fee")
    PostingReport.objects.create(posting=there, reporter=worker(64), reason="spam")

    haizhou_cards = cards(_home(personas["caseworker_320706"]))
    donghai_cards = cards(_home(personas["caseworker_320722"]))

    assert haizhou_cards["queue"] == 2
    assert haizhou_cards["overdue"] == 1
    assert (
        haizhou_cards["spot_checks"]
        == SpotCheck.objects.filter(registration__place_division=HAIZHOU, outcome="pending").count()
    )
    assert haizhou_cards["spot_checks"] == 2
    assert haizhou_cards["disputes"] == 1
    assert haizhou_cards["reports"] == 1
    assert haizhou_cards["identity_checks"] == 0
    assert donghai_cards["queue"] == 1
    assert donghai_cards["overdue"] == 1
    assert donghai_cards["spot_checks"] == 1
    assert donghai_cards["disputes"] == 0
    assert donghai_cards["reports"] == 2
    assert hired_here.status == ApplicationStatus.HIRED


# --- the reviewer, finance, the manager, the administrator ---------------------------------------------


def test_it_shows_the_reviewer_prepared_cases_reconsiderations_and_objections(
    personas: dict[str, User],
) -> None:
    people = [
        person_in(district, sequence=n) for n, district in enumerate((HAIZHOU, DONGHAI, HAIZHOU, DONGHAI), 71)
    ]
    _case(people[0], state=CaseState.PREPARED)
    _case(people[1], state=CaseState.PREPARED)
    _case(people[2], state=CaseState.RECONSIDERATION)
    _case(people[3])  # submitted: the caseworker's
    entitlement = _entitlement(people[0], _case(people[0], state=CaseState.APPROVED))
    disclosure = Disclosure.objects.create(
        entitlement=entitlement, published_on=TODAY, ends_on=TODAY + dt.timedelta(days=7)
    )
    Objection.objects.create(disclosure=disclosure, text="此人不符合条件")

    found = cards(_home(personas["reviewer"]))

    assert found == {"prepared": 2, "reconsiderations": 1, "objections": 1}


def test_it_shows_finance_what_waits_for_a_batch_and_for_the_bank(personas: dict[str, User]) -> None:
    people = [person_in(HAIZHOU, sequence=n) for n in (81, 82, 83)]
    _entitlement(people[0], _case(people[0], state=CaseState.APPROVED))  # never paid
    paid = _entitlement(people[1], _case(people[1], state=CaseState.APPROVED))
    ready = _payment(paid, status=PaymentStatus.READY, amount_fen=30_000, key="p-ready")
    sent = _payment(paid, status=PaymentStatus.SENT, amount_fen=30_000, key="p-sent")
    Entitlement.objects.create(
        person=people[2],
        measure="business_loan",
        district=HAIZHOU,
        kind=EntitlementKind.REFERRAL,
        case=_case(people[2], state=CaseState.APPROVED),
        approved_at=timezone.now(),
    )  # a bank referral: no batch pays it
    batch = PaymentBatch.objects.create(period_start=dt.date(2024, 5, 1), period_end=dt.date(2024, 5, 31))
    PaymentBatch.objects.create(
        period_start=dt.date(2024, 4, 1), period_end=dt.date(2024, 4, 30), status=BatchStatus.DONE
    )
    bank_file = BankFile.objects.create(batch=batch, name="PAY-1.csv", line_count=1, total_fen=30_000)
    BankFileLine.objects.create(
        file=bank_file,
        line_no=1,
        payment=sent,
        amount_fen=30_000,
        holder_name="某人",
        bank_name="某银行",
        number_encrypted="x",
        number_masked="6222********1234",
    )

    found = cards(_home(personas["finance"]))

    assert found["never_paid"] == 1
    assert found["batches"] == 1
    assert found["ready"] == 1
    assert found["bank_returns"] == 1
    assert ready.status == PaymentStatus.READY


def test_it_shows_the_manager_overdue_and_escalated_cases_and_the_dashboards(
    personas: dict[str, User],
) -> None:
    people = [person_in(district, sequence=n) for n, district in enumerate((HAIZHOU, DONGHAI, HAIZHOU), 91)]
    _case(people[0], due_on=TODAY - dt.timedelta(days=1))
    escalated = _case(people[1], due_on=TODAY - dt.timedelta(days=9))
    Case.objects.filter(pk=escalated.pk).update(escalated_at=NOW)
    _case(people[2])

    html = _home(personas["manager"])
    found = cards(html)

    assert found["overdue"] == 2
    assert found["escalated"] == 1
    assert {"dashboard", "statistics", "spending", "audit"} <= set(found)
    assert 'href="/insights/dashboard/"' in html
    assert 'href="/registry/statistics/new-urban-employment/"' in html


def test_it_shows_the_administrator_users_and_roles_and_links_them_in_the_menu(
    personas: dict[str, User],
) -> None:
    html = _home(personas["admin"])
    found = cards(html)

    assert found["users"] == User.objects.filter(is_active=True).count() == 8
    assert "经办人员 2" in html
    nav = html.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/accounts/users/"' in nav
    assert 'href="/audit/"' in nav
    assert found["audit"] is None


def test_the_audit_page_runs_the_verification(personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["admin"])
    html = client.get("/audit/").content.decode()
    assert 'data-ok="true"' in html
    assert "审计日志完整" in html
    forbidden = Client()
    forbidden.force_login(personas["worker"])
    assert forbidden.get("/audit/").status_code == 403
