"""The demo walks 王小梅's subsidy the whole way (offer → accept → case → approved by a second person →
batch → bank return → paid) and leaves work in every queue, on any day it is loaded."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from linghuo.accounts.models import Role, User
from linghuo.benefits import selectors
from linghuo.benefits.decisions import replay
from linghuo.benefits.models import Case, CaseTransition, Entitlement, EntitlementStatus, Objection, Offer
from linghuo.benefits.workflow import CaseState
from linghuo.demo import ACCOUNTS, demo_load
from linghuo.payments import ledger
from linghuo.payments.models import Payment, PaymentStatus
from linghuo.personal_data import lookup_hash
from linghuo.registry.models import Person

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 20 % of the 2025 minimum base 4,952 CNY (parameters.md §3), of which 十二 pays two thirds
MONTHLY_PREMIUM_FEN = 99_040
MONTHLY_SUBSIDY_FEN = MONTHLY_PREMIUM_FEN * 2 // 3


def _load_on(today: datetime.date, persons: int) -> None:
    with time_machine.travel(
        datetime.datetime.combine(today, datetime.time(9, 30), tzinfo=SHANGHAI), tick=False
    ):
        demo_load(persons=persons, seed=20211108)
        assert timezone.localdate() == today


def _account(role: Role, name_starts: str = "") -> User:
    return User.objects.filter(role=role, name__startswith=name_starts).get()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2026, 12, 4),
        datetime.date(2027, 1, 1),
        datetime.date(2028, 3, 1),
        datetime.date(2031, 6, 30),
    ],
    ids=str,
)
def test_it_pays_the_demo_worker_last_months_subsidy_once(today: datetime.date) -> None:
    _load_on(today, persons=0)

    person = Person.objects.get(account__mobile_hash=lookup_hash(ACCOUNTS[0].mobile))  # 王小梅
    case = Case.objects.get(person=person, measure="social_insurance_subsidy")
    assert case.state == CaseState.APPROVED
    assert case.prepared_by_id is not None
    assert case.prepared_by_id != case.approved_by_id  # maker-checker
    actions = list(CaseTransition.objects.filter(case=case).order_by("at").values_list("action", flat=True))
    assert actions == ["submit", "prepare", "approve"]
    assert Offer.objects.get(person=person).status == "accepted"
    assert case.submitted_at is not None
    assert timezone.localdate(case.submitted_at) < today

    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    (payment,) = Payment.objects.filter(person=person)
    assert (payment.period, payment.amount_fen, payment.status) == (
        f"{last_month:%Y-%m}",
        MONTHLY_SUBSIDY_FEN,
        PaymentStatus.PAID,
    )
    assert Entitlement.objects.get(person=person).status == EntitlementStatus.ACTIVE
    assert ledger.ledger_verify().ok
    assert replay().differ == 0


@pytest.mark.django_db
def test_it_leaves_work_in_every_queue() -> None:
    today = datetime.date(2026, 12, 4)
    _load_on(today, persons=1500)

    haizhou, donghai = _account(Role.CASEWORKER, "陈静"), _account(Role.CASEWORKER, "周强")
    assert selectors.queue_for(haizhou).filter(state=CaseState.SUBMITTED, district="320706").exists()
    assert selectors.queue_for(donghai).filter(state=CaseState.SUBMITTED, district="320722").exists()
    assert selectors.queue_for(_account(Role.REVIEWER)).filter(state=CaseState.PREPARED).exists()
    assert selectors.escalated_for(_account(Role.MANAGER), today=today).exists()
    unpaid = Entitlement.objects.filter(status=EntitlementStatus.ACTIVE).exclude(
        pk__in=Payment.objects.values("entitlement_id")
    )
    assert unpaid.exists()  # finance's next batch
    assert Objection.objects.filter(status="open").exists()  # the reviewer's objections page
