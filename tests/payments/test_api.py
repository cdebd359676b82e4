"""Finance's API: a batch built, its payment file made and downloaded, the return file uploaded."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from linghuo.accounts.models import User
from linghuo.audit.models import AuditEntry
from linghuo.benefits.models import EntitlementKind
from linghuo.payments.bankfiles import FAILED, PAID, return_csv
from linghuo.payments.services import bank_account_set
from tests.accounts.personas import personas_create
from tests.payments.helpers import TRAINING_ALLOWANCE, entitlement, person

pytestmark = pytest.mark.django_db

ALLOWANCE = 120000


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    return personas_create()


def test_it_lets_finance_pay_a_batch_through_the_bank_and_reconcile_it(
    personas: dict[str, User], settings: Any
) -> None:
    settings.LINGHUO_PAYMENTS_IN_BACKGROUND = False
    payees = [person(1), person(2)]
    for who in payees:
        entitlement(who, TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=ALLOWANCE)
        bank_account_set(
            who, number=f"62220212345678{who.pk:05d}", holder_name=who.name, bank_name="工商银行"
        )
    client = Client()
    client.force_login(personas["finance"])

    made = client.post(
        "/api/v1/payments/batches",
        {"period_start": "2026-01-01", "period_end": "2026-01-31"},
        content_type="application/json",
    )
    assert made.status_code == 202, made.content
    batch = made.json()
    assert (batch["status"], batch["payments_made"]) == ("done", 2)

    bank_file = client.post(f"/api/v1/payments/batches/{batch['id']}/files")
    assert bank_file.status_code == 201
    assert (bank_file.json()["line_count"], bank_file.json()["total_fen"]) == (2, 2 * ALLOWANCE)
    assert client.post(f"/api/v1/payments/batches/{batch['id']}/files").status_code == 409

    download = client.get(f"/api/v1/payments/files/{bank_file.json()['id']}")
    assert download.status_code == 200
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8"))))
    assert rows[-1][:3] == ["TOTAL", "2", "2400.00"]

    answer = return_csv([(rows[1][0], ALLOWANCE, PAID, ""), (rows[2][0], ALLOWANCE, FAILED, "户名不符")])
    upload = SimpleUploadedFile("return.csv", answer.encode("utf-8"), content_type="text/csv")
    reconciled = client.post("/api/v1/payments/returns", {"file": upload})
    assert reconciled.status_code == 200, reconciled.content
    assert reconciled.json() == {"paid": 1, "failed": 1, "already": 0, "problems": []}

    summary = client.get(f"/api/v1/payments/batches/{batch['id']}/reconciliation").json()
    assert {(s["status"], s["count"]) for s in summary["payments"]} == {("paid", 1), ("failed", 1)}
    assert AuditEntry.objects.filter(action__startswith="payments_").count() == 4
    assert datetime.date.fromisoformat(client.get("/api/v1/payments/batches").json()[0]["period_end"]) == (
        datetime.date(2026, 1, 31)
    )


def test_it_refuses_an_upside_down_period(personas: dict[str, User]) -> None:
    client = Client()
    client.force_login(personas["finance"])
    answer = client.post(
        "/api/v1/payments/batches",
        {"period_start": "2026-02-01", "period_end": "2026-01-31"},
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert "截止日期不能早于起始日期" in answer.json()["detail"]
