"""A batch killed with SIGKILL half-way and run again pays every payee exactly once (other processes)."""

from __future__ import annotations

import datetime
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.db.models import Count

from linghuo.benefits.models import Case, CaseOrigin, Entitlement, EntitlementKind
from linghuo.benefits.workflow import CaseState
from linghuo.payments.batches import batch_create
from linghuo.payments.ledger import ledger_verify
from linghuo.payments.models import Payment, Posting
from tests.background.processes import LINGHUO, process_env
from tests.payments.helpers import APPROVED_AT, TRAINING_ALLOWANCE, month, people

PAYEES = 5000
ALLOWANCE = 120000  # 九：培训期间生活费补贴（per person, one-off)


def _entitlements(count: int) -> None:
    persons = people(count)
    cases = Case.objects.bulk_create(
        Case(
            person=p,
            measure=TRAINING_ALLOWANCE,
            origin=CaseOrigin.APPLICATION,
            district=p.district_code,
            state=CaseState.APPROVED,
            submitted_at=APPROVED_AT,
        )
        for p in persons
    )
    Entitlement.objects.bulk_create(
        Entitlement(
            person=p,
            measure=TRAINING_ALLOWANCE,
            district=p.district_code,
            kind=EntitlementKind.ONE_OFF,
            amount_fen=ALLOWANCE,
            case=c,
            approved_at=APPROVED_AT,
        )
        for p, c in zip(persons, cases, strict=True)
    )


@pytest.mark.django_db(transaction=True)
def test_it_pays_every_payee_once_when_a_killed_batch_runs_again(tmp_path: Path) -> None:
    _entitlements(PAYEES)
    batch = batch_create(period_start=month(2026, 1), period_end=datetime.date(2026, 1, 31))
    env = process_env(tmp_path)
    log = tmp_path / "batch.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [LINGHUO, "payments", "batch-run", str(batch.pk)], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 60
        while (
            Payment.objects.count() < PAYEES // 4 and time.monotonic() < deadline and process.poll() is None
        ):
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    killed_at = Payment.objects.count()
    assert 0 < killed_at < PAYEES, (
        f"killed after {killed_at} of {PAYEES}: {log.read_text('utf-8', 'replace')}"
    )
    assert process.returncode == -signal.SIGKILL

    again = subprocess.run(
        [LINGHUO, "payments", "batch-run", str(batch.pk)],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stdout + again.stderr
    per_entitlement = Payment.objects.values("entitlement").annotate(n=Count("pk"))
    assert len(per_entitlement) == PAYEES
    assert {row["n"] for row in per_entitlement} == {1}
    assert Posting.objects.filter(idempotency_key__startswith="accrue:").count() == PAYEES
    assert ledger_verify().ok
