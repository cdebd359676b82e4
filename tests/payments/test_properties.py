"""Whatever the order of payments, bank answers, corrected accounts, reversals, revocations, repayments and
batch reruns, the ledger balances and no person passes a limit (Hypothesis stateful test)."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from linghuo.benefits.models import Entitlement, EntitlementKind, EntitlementStatus
from linghuo.payments import ledger
from linghuo.payments.bankfiles import FAILED, PAID, file_export, return_csv, return_reconcile
from linghuo.payments.batches import batch_create
from linghuo.payments.models import BankFileLine, LineStatus, PaidMonth, Payment, PaymentBatch, PaymentStatus
from linghuo.payments.services import (
    PaymentError,
    bank_account_set,
    entitlement_overpaid,
    payment_accrue,
    payment_reverse,
    receivable_owed,
    receivable_repay,
)
from linghuo.registry.models import GroupMembership, MembershipKind, MembershipSource, Person
from tests.payments.helpers import SHANGHAI, TRAINING_ALLOWANCE, entitlement, month, person

pytestmark = pytest.mark.django_db

CAP = 4  # a small months cap, so that runs reach it
SUBSIDY = 80000
ALLOWANCE = 120000
UNEMPLOYED_MONTH = month(2026, 5)  # person 0 draws unemployment benefit in May 2026


class Payments(RuleBasedStateMachine):
    persons: list[Person]
    periodic: list[Entitlement]
    one_off: list[Entitlement]

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.batch = batch_create(period_start=month(2026, 1), period_end=datetime.date(2026, 12, 31))
        self.repaid = 0

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @rule(who=st.integers(0, 1), claim=st.integers(0, 1), number=st.integers(1, 8))
    def pay_a_month(self, who: int, claim: int, number: int) -> None:
        ent = Entitlement.objects.get(pk=self.periodic[2 * who + claim].pk)
        if ent.status == EntitlementStatus.ACTIVE:
            payment_accrue(ent, f"2026-{number:02d}", [(month(2026, number), SUBSIDY)], batch=self.batch)

    @rule(who=st.integers(0, 1))
    def pay_the_allowance(self, who: int) -> None:
        ent = Entitlement.objects.get(pk=self.one_off[who].pk)
        if ent.status == EntitlementStatus.ACTIVE:
            payment_accrue(ent, "once", amount_fen=ALLOWANCE, batch=self.batch)

    @rule()
    def export(self) -> None:
        file_export(PaymentBatch.objects.get(pk=self.batch.pk))

    @rule(paid=st.booleans(), data=st.data())
    def bank_answers(self, paid: bool, data: st.DataObject) -> None:
        waiting = list(BankFileLine.objects.filter(status=LineStatus.SENT).select_related("file"))
        if waiting:
            line = data.draw(st.sampled_from(waiting))
            reference = f"{line.file.name}-{line.line_no:06d}"
            status, reason = (PAID, "") if paid else (FAILED, "户名不符")
            return_reconcile(return_csv([(reference, line.amount_fen, status, reason)]))

    @rule(who=st.integers(0, 1))
    def correct_account(self, who: int) -> None:
        p = self.persons[who]
        bank_account_set(p, number=f"621700000000{who:04d}", holder_name=p.name, bank_name="建设银行")

    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        payments = list(Payment.objects.order_by("pk"))
        if payments:
            with contextlib.suppress(PaymentError):  # sent or paid: refused
                payment_reverse(data.draw(st.sampled_from(payments)), reason="冲销")

    @rule(index=st.integers(0, 5), day=st.integers(1, 300))
    def revoke(self, index: int, day: int) -> None:
        ent = Entitlement.objects.get(pk=(self.periodic + self.one_off)[index].pk)
        if ent.revoked_at is None:
            ent.status = EntitlementStatus.REVOKED
            ent.revoked_at = datetime.datetime(2026, 1, 1, 12, tzinfo=SHANGHAI) + datetime.timedelta(days=day)
            ent.save()
        entitlement_overpaid(ent)

    @rule(who=st.integers(0, 1), fen=st.integers(1, 200000))
    def repay(self, who: int, fen: int) -> None:
        self.repaid += 1
        with contextlib.suppress(PaymentError):  # more than owed, or nothing owed
            receivable_repay(self.persons[who], fen, reference=f"R{self.repaid}")

    @invariant()
    def the_ledger_balances(self) -> None:
        assert ledger.ledger_verify().ok

    @invariant()
    def no_person_passes_a_limit(self) -> None:
        for p in self.persons:
            months = list(PaidMonth.objects.filter(person=p).values_list("month", flat=True))
            assert len(months) <= CAP
            assert len(months) == len(set(months))
            if p.pk == self.persons[0].pk:
                assert UNEMPLOYED_MONTH not in months
            assert receivable_owed(p) >= 0
        live = Payment.objects.exclude(status=PaymentStatus.REVERSED)
        assert live.filter(entitlement__in=self.one_off).count() <= len(self.one_off)

    @invariant()
    def clearing_holds_what_is_at_the_bank(self) -> None:
        in_flight = sum(
            BankFileLine.objects.filter(status=LineStatus.SENT).values_list("amount_fen", flat=True)
        )
        assert ledger.account_balance(ledger.CLEARING) == -in_flight


def test_it_keeps_the_ledger_balanced_and_every_limit_whatever_the_order() -> None:
    persons = [person(1), person(2)]
    GroupMembership.objects.create(
        person=persons[0],
        kind=MembershipKind.RECEIVING_UNEMPLOYMENT_BENEFIT,
        valid_from=datetime.date(2026, 5, 3),
        valid_until=datetime.date(2026, 5, 28),
        source=MembershipSource.HRSS_RECORDS,
    )
    periodic = [entitlement(p, months_cap=CAP) for p in persons for _ in range(2)]
    one_off = [
        entitlement(p, TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=ALLOWANCE)
        for p in persons
    ]

    class Machine(Payments):
        pass

    Machine.persons, Machine.periodic, Machine.one_off = persons, periodic, one_off
    options: Any = settings(
        max_examples=30,
        stateful_step_count=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    run_state_machine_as_test(Machine, settings=options)
