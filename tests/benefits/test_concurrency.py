"""Fifty concurrent approvals of one case make one approval, one entitlement and, paid, one payment a
period (threads, each with its own connection; PostgreSQL locks the case row, SQLite's IMMEDIATE
transactions serialise the writers)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connections

from linghuo.accounts.models import User
from linghuo.benefits import services
from linghuo.benefits.errors import BenefitsError
from linghuo.benefits.models import Case, CaseTransition, Entitlement, Offer
from linghuo.insights.services import screening_run_create, screening_run_execute
from linghuo.payments.batches import batch_create, batch_execute
from linghuo.payments.models import PaidMonth, Payment
from linghuo.registry.models import Person
from tests.benefits.conftest import own_account
from tests.benefits.test_services import NOW
from tests.insights.conftest import ON

THREADS = 50


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_of_one_case_approve_it_once(
    people: dict[str, Person], personas: dict[str, User]
) -> None:
    screening_run_execute(screening_run_create(on=ON, actor=None))
    person = people["subsidised"]
    offer = Offer.objects.get(person=person, measure="social_insurance_subsidy")
    case = services.offer_accept(offer, by=own_account(person), now=NOW)
    services.case_prepare(case, by=personas["caseworker_320706"], now=NOW)
    reviewer = personas["reviewer"]
    refused: list[BenefitsError] = []
    other: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def approve() -> None:
        try:
            start.wait()
            services.case_approve(Case.objects.get(pk=case.pk), by=reviewer, now=NOW)
        except BenefitsError as error:
            refused.append(error)
        except BaseException as error:  # reported to the main thread
            other.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert other == []
    assert len(refused) == THREADS - 1
    assert Entitlement.objects.filter(case=case).count() == 1
    assert CaseTransition.objects.filter(case=case, action="approve").count() == 1
    # paid: the batch of the subsidy's months, run twice, pays each month once
    entitlement = Entitlement.objects.get(case=case)
    first_half = (datetime.date(2024, 1, 1), datetime.date(2024, 6, 30))
    for _ in range(2):
        batch_execute(batch_create(period_start=first_half[0], period_end=first_half[1]))
    periods = list(Payment.objects.filter(entitlement=entitlement).values_list("period", flat=True))
    assert periods
    assert len(periods) == len(set(periods))
    assert PaidMonth.objects.filter(person=person, measure="social_insurance_subsidy").count() == len(periods)
