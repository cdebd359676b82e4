"""Fifty concurrent attempts to pay one entitlement for one period post exactly one payment.

Each thread has its own connection. PostgreSQL: the unique index on the payment's idempotency key makes
every other attempt wait for the first and then find its payment; SQLite: IMMEDIATE transactions serialise
the writers. Both end with one payment, one accrual posting and one paid month.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from linghuo.benefits.models import Entitlement
from linghuo.payments.ledger import account_balance, ledger_verify, payable_code
from linghuo.payments.models import PaidMonth, Payment, Posting
from linghuo.payments.services import Accrued, payment_accrue
from tests.payments.helpers import entitlement, month, person

ATTEMPTS = 50
SUBSIDY = 80000


def _attempt(entitlement_id: int, start: threading.Barrier, outcomes: list[object]) -> None:
    try:
        ent = Entitlement.objects.get(pk=entitlement_id)
        start.wait()
        outcomes.append(payment_accrue(ent, "2026-03", [(month(2026, 3), SUBSIDY)]))
    except BaseException as exc:  # reported to the main thread
        outcomes.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_it_posts_one_payment_for_fifty_concurrent_attempts_of_one_entitlement_period() -> None:
    ent = entitlement(person())
    outcomes: list[object] = []
    start = threading.Barrier(ATTEMPTS)
    threads = [threading.Thread(target=_attempt, args=(ent.pk, start, outcomes)) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert errors == []
    assert all(isinstance(o, Accrued) for o in outcomes)
    assert sum(1 for o in outcomes if isinstance(o, Accrued) and o.created) == 1
    assert Payment.objects.count() == 1
    assert (
        Posting.objects.filter(idempotency_key="accrue:" + Payment.objects.get().idempotency_key).count() == 1
    )
    assert PaidMonth.objects.count() == 1
    assert account_balance(payable_code(ent.person_id)) == -SUBSIDY
    assert ledger_verify().ok
