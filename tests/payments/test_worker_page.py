"""The applicant's payments page: what was paid to them and into which account (masked), what the bank
returned and why; and the account form, which takes only the applicant's own name as holder."""

from __future__ import annotations

import pytest
from django.test import Client

from linghuo.accounts.models import Role, User
from linghuo.audit.models import AuditEntry
from linghuo.benefits.models import EntitlementKind
from linghuo.payments.models import BankAccount, Payment, PaymentStatus
from linghuo.payments.services import bank_account_set, payment_accrue
from linghuo.registry.models import Person
from tests.payments.helpers import TRAINING_ALLOWANCE, entitlement, person

ACCOUNT_NUMBER = "6222021234567890123"
ALLOWANCE_FEN = 120_000  # a training living allowance of 1,200 yuan (九)


def _worker(who: Person) -> Client:
    user = User.objects.create_user("13700000009", password="x", name=who.name, role=Role.WORKER)
    Person.objects.filter(pk=who.pk).update(account=user)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_it_shows_a_payment_and_the_account_masked() -> None:
    who = person()
    bank_account_set(who, number=ACCOUNT_NUMBER, holder_name=who.name, bank_name="工商银行连云港分行")
    ent = entitlement(who, TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=ALLOWANCE_FEN)
    payment_accrue(ent, "once", amount_fen=ALLOWANCE_FEN)
    Payment.objects.filter(entitlement=ent).update(status=PaymentStatus.PAID)

    page = _worker(who).get("/payments/mine/").content.decode()

    assert "1200.00" in page
    assert "已到账" in page
    assert "6222***********0123" in page
    assert ACCOUNT_NUMBER not in page


@pytest.mark.django_db
def test_it_shows_the_banks_reason_for_a_returned_payment() -> None:
    who = person()
    ent = entitlement(who, TRAINING_ALLOWANCE, kind=EntitlementKind.ONE_OFF, amount_fen=ALLOWANCE_FEN)
    payment_accrue(ent, "once", amount_fen=ALLOWANCE_FEN)
    Payment.objects.filter(entitlement=ent).update(status=PaymentStatus.FAILED, bank_reason="账户已销户")

    page = _worker(who).get("/payments/mine/").content.decode()

    assert "银行退回" in page
    assert "账户已销户" in page


@pytest.mark.django_db
def test_it_saves_the_account_in_the_applicants_own_name_and_audits_it() -> None:
    who = person()
    client = _worker(who)

    refused = client.post(
        "/payments/mine/account/",
        {"holder_name": "别人", "number": ACCOUNT_NUMBER, "bank_name": "工商银行"},
        follow=True,
    )
    assert "户名须与本人姓名一致" in refused.content.decode()
    assert not BankAccount.objects.filter(person=who).exists()

    saved = client.post(
        "/payments/mine/account/",
        {"holder_name": who.name, "number": "6222 0212 3456 7890 123", "bank_name": "工商银行"},
        follow=True,
    )
    assert "收款账户已保存" in saved.content.decode()
    account = BankAccount.objects.get(person=who)
    assert account.number_masked == "6222***********0123"
    assert ACCOUNT_NUMBER not in account.number_encrypted
    assert AuditEntry.objects.filter(action="payments.bank_account_set", object_id=str(account.pk)).exists()


@pytest.mark.django_db
def test_it_refuses_an_account_number_that_is_not_digits() -> None:
    who = person()
    page = _worker(who).post(
        "/payments/mine/account/",
        {"holder_name": who.name, "number": "6222-abc", "bank_name": "工商银行"},
        follow=True,
    )
    assert "8至30位数字" in page.content.decode()
    assert not BankAccount.objects.filter(person=who).exists()
