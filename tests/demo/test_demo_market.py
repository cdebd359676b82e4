"""The demo has a living gig market (十三): the platform's postings with applications in every state, 王小梅's
completed gig kept by the registry as work evidence, a dispute for the 海州区 caseworker, and a few hundred
synthetic postings across the districts — on any day it is loaded, and loaded once."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from linghuo.demo import ACCOUNTS, demo_load
from linghuo.insights.facts import person_facts_on
from linghuo.market.models import ApplicationStatus, Dispute, GigApplication, Posting, PostingStatus, Rating
from linghuo.market.search import search_postings
from linghuo.personal_data import lookup_hash
from linghuo.registry.models import Person, WorkEvidence

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _load_on(today: datetime.date) -> None:
    with time_machine.travel(
        datetime.datetime.combine(today, datetime.time(9, 30), tzinfo=SHANGHAI), tick=False
    ):
        demo_load(persons=0, seed=20211108)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today", [datetime.date(2026, 12, 8), datetime.date(2028, 2, 29), datetime.date(2031, 6, 30)], ids=str
)
def test_the_demo_market_has_applications_in_every_state_and_her_completed_gig_as_evidence(
    today: datetime.date,
) -> None:
    _load_on(today)

    she = Person.objects.get(account__mobile_hash=lookup_hash(ACCOUNTS[0].mobile))
    hers = dict(GigApplication.objects.filter(person=she).values_list("posting__title", "status"))
    assert sorted(hers.values()) == sorted(
        [
            ApplicationStatus.COMPLETED,
            ApplicationStatus.HIRED,
            ApplicationStatus.APPLIED,
            ApplicationStatus.DECLINED,
            ApplicationStatus.WITHDRAWN,
        ]
    )
    assert set(GigApplication.objects.values_list("status", flat=True)) == set(ApplicationStatus.values)
    completed = GigApplication.objects.get(person=she, status=ApplicationStatus.COMPLETED)
    assert Rating.objects.filter(application=completed).count() == 2  # both sides rated
    evidence = WorkEvidence.objects.get(person=she, reference=f"application:{completed.pk}")
    assert (evidence.income_fen, evidence.work_division) == (44_000, "320706")
    assert evidence.ended_on <= today
    # the dispute is the bureau's, in the posting's district
    dispute = Dispute.objects.get()
    assert dispute.application.posting.district == "320706"
    # a few hundred open postings, and her first search finds the lunch-rush gig among them
    open_postings = Posting.objects.filter(status=PostingStatus.OPEN, expires_on__gte=today)
    assert open_postings.count() >= 200  # a few hundred
    assert len(set(open_postings.values_list("district", flat=True))) >= 5
    assert completed.posting_id in search_postings("配送", limit=1000, today=today)
    # her facts still come from her registration and roster, which say more than a gig
    assert person_facts_on(she, on=today)["employment_form"] == "platform"


@pytest.mark.django_db
def test_loading_the_demo_market_twice_changes_nothing() -> None:
    today = datetime.date(2026, 12, 8)
    _load_on(today)
    counts = (Posting.objects.count(), GigApplication.objects.count(), WorkEvidence.objects.count())
    _load_on(today)
    assert (Posting.objects.count(), GigApplication.objects.count(), WorkEvidence.objects.count()) == counts
