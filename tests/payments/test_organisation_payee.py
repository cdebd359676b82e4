"""五 "按每家最高20万元给予建设补贴": the incubator construction subsidy is the base's. An organisation's
entitlement carries the member who accepted it as its person (every case has one), but the payment goes to
the organisation — its own payable, its own bank account, its name on the bank file — never to the
member's account; without an account of the organisation it waits, as a person's does."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.test import Client

from linghuo import personal_data
from linghuo.accounts.models import Role, User
from linghuo.accounts.services import membership_add
from linghuo.audit.models import AuditEntry
from linghuo.benefits.models import Case, Entitlement, EntitlementKind
from linghuo.payments import ledger
from linghuo.payments.bankfiles import FAILED, PAID, file_csv, file_export, return_csv, return_reconcile
from linghuo.payments.batches import batch_create, batch_execute
from linghuo.payments.models import (
    Account,
    BankAccount,
    OrganisationBankAccount,
    Payment,
    PaymentBatch,
    PaymentStatus,
)
from linghuo.payments.services import (
    Accrued,
    PaymentError,
    bank_account_set,
    organisation_bank_account_set,
    payment_accrue,
    payment_recover,
    receivable_owed,
)
from linghuo.registry.models import Organisation, OrganisationKind, Person
from tests.payments.helpers import entitlement, month, person

pytestmark = pytest.mark.django_db

INCUBATOR = "incubator_construction_subsidy"  # （五）
GRANT = 15_000_000  # 15万元, within 五's "每家最高20万元"
MEMBER_ACCOUNT = "6222021234567890123"
BASE_ACCOUNT = "6217001234000099887"


def _base() -> Organisation:
    return Organisation.objects.create(
        uscc="12320706MB1D9E2F6X",
        name="海州区大学生创业孵化基地",
        kind=OrganisationKind.INCUBATOR,
        division="320706",
    )


def _grant(base: Organisation, member: Person) -> Entitlement:
    granted = entitlement(member, INCUBATOR, kind=EntitlementKind.ONE_OFF, amount_fen=GRANT)
    Entitlement.objects.filter(pk=granted.pk).update(organisation=base)
    Case.objects.filter(pk=granted.case_id).update(organisation=base)
    granted.refresh_from_db()
    return granted


def _batch() -> PaymentBatch:
    batch = batch_create(period_start=month(2026, 1), period_end=datetime.date(2026, 1, 31))
    batch_execute(batch)
    return batch


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_it_pays_the_organisations_account_and_never_the_members() -> None:
    base, member = _base(), person()
    bank_account_set(member, number=MEMBER_ACCOUNT, holder_name=member.name, bank_name="工商银行")
    organisation_bank_account_set(base, number=BASE_ACCOUNT, bank_name="建设银行连云港分行")
    _grant(base, member)
    batch = _batch()
    payment = Payment.objects.get(batch=batch)
    assert (payment.organisation_id, payment.amount_fen) == (base.pk, GRANT)
    bank_file = file_export(batch)
    assert bank_file is not None
    line = bank_file.lines.get()
    assert (line.holder_name, line.bank_name, line.number_masked) == (
        "海州区大学生创业孵化基地",
        "建设银行连云港分行",
        "6217***********9887",
    )
    rows = _rows(file_csv(bank_file))
    assert rows[1][1:4] == [BASE_ACCOUNT, "海州区大学生创业孵化基地", "建设银行连云港分行"]
    assert MEMBER_ACCOUNT not in file_csv(bank_file)
    # the organisation's payable carried the money; the member's was never touched
    assert ledger.account_balance(ledger.payable_code(member.pk)) == 0
    assert ledger.account_balance(ledger.organisation_payable_code(base.pk)) == 0  # accrued, then sent
    assert Account.objects.get(code=ledger.organisation_payable_code(base.pk)).organisation_id == base.pk
    result = return_reconcile(return_csv([(f"{bank_file.name}-000001", GRANT, PAID, "")]))
    assert (result.paid, result.problems) == (1, [])
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert ledger.ledger_verify().ok


def test_it_keeps_the_organisations_number_encrypted_and_masked() -> None:
    base = _base()
    account = organisation_bank_account_set(base, number="6217 0012 3400 0099 887", bank_name="建设银行")
    stored = OrganisationBankAccount.objects.values_list("number_encrypted", "number_masked").get(
        pk=account.pk
    )
    assert BASE_ACCOUNT not in stored[0]
    assert personal_data.decrypt(stored[0]) == BASE_ACCOUNT
    assert stored[1] == "6217***********9887"
    assert account.holder_name == base.name  # held in the organisation's registered name
    with pytest.raises(PaymentError):
        organisation_bank_account_set(base, number="12ab", bank_name="建设银行")


def test_without_an_account_of_the_organisation_the_payment_waits_even_if_the_member_has_one() -> None:
    base, member = _base(), person()
    bank_account_set(member, number=MEMBER_ACCOUNT, holder_name=member.name, bank_name="工商银行")
    _grant(base, member)
    batch = _batch()
    assert file_export(batch) is None
    assert Payment.objects.get(batch=batch).status == PaymentStatus.READY
    organisation_bank_account_set(base, number=BASE_ACCOUNT, bank_name="建设银行")
    bank_file = file_export(batch)
    assert bank_file is not None
    assert bank_file.lines.get().number_masked == "6217***********9887"


def test_what_the_member_owes_is_not_netted_against_the_organisations_payment() -> None:
    base, member = _base(), person()
    own = entitlement(member, "training_living_allowance", kind=EntitlementKind.ONE_OFF, amount_fen=120_000)
    bank_account_set(member, number=MEMBER_ACCOUNT, holder_name=member.name, bank_name="工商银行")
    paid = payment_accrue(own, "once", amount_fen=120_000)
    assert isinstance(paid, Accrued)
    Payment.objects.filter(pk=paid.payment.pk).update(status=PaymentStatus.PAID)
    payment_recover(Payment.objects.get(pk=paid.payment.pk), reason="多发")
    assert receivable_owed(member) == 120_000
    accrued = payment_accrue(_grant(base, member), "once", amount_fen=GRANT)
    assert isinstance(accrued, Accrued)
    assert accrued.payment.netted_fen == 0  # netting is per person
    assert receivable_owed(member) == 120_000
    assert ledger.account_balance(ledger.organisation_payable_code(base.pk)) == -GRANT


def test_an_organisations_overpayment_is_owed_by_the_organisation_not_the_member() -> None:
    base, member = _base(), person()
    accrued = payment_accrue(_grant(base, member), "once", amount_fen=GRANT)
    assert isinstance(accrued, Accrued)
    Payment.objects.filter(pk=accrued.payment.pk).update(status=PaymentStatus.PAID)
    payment_recover(Payment.objects.get(pk=accrued.payment.pk), reason="认定撤销")
    assert receivable_owed(member) == 0
    assert ledger.account_balance(ledger.organisation_receivable_code(base.pk)) == GRANT


def _administrator(organisation: Organisation, mobile: str = "13600000001") -> Client:
    user = User.objects.create_user(mobile, password="x", name="孵化基地经办人", role=Role.ORGANISATION)
    membership_add(actor=None, user=user, organisation=organisation)
    client = Client()
    client.force_login(user)
    return client


def test_the_organisations_administrator_sets_its_account_masked_and_audited() -> None:
    base, member = _base(), person()
    payment_accrue(_grant(base, member), "once", amount_fen=GRANT)
    client = _administrator(base)
    answer = client.post(
        "/payments/organisation/account/save/",
        {"organisation": str(base.pk), "number": BASE_ACCOUNT, "bank_name": "建设银行连云港分行"},
    )
    assert answer.status_code == 302
    account = OrganisationBankAccount.objects.get(organisation=base)
    assert (account.holder_name, account.number_masked) == (base.name, "6217***********9887")
    entry = AuditEntry.objects.get(action="payments.organisation_bank_account_set")
    assert (entry.object_id, entry.actor_id) == (str(account.pk), answer.wsgi_request.user.pk)
    page = client.get("/payments/organisation/account/").content.decode()
    assert "6217***********9887" in page
    assert BASE_ACCOUNT not in page
    assert "150000.00" in page  # the organisation's payment, listed on its page


def test_an_administrator_may_not_set_another_organisations_account() -> None:
    base = _base()
    other = Organisation.objects.create(
        uscc="91320700MA1YYYYY1B", name="另一家单位", kind=OrganisationKind.EMPLOYER, division="320706"
    )
    client = _administrator(other, mobile="13600000002")
    answer = client.post(
        "/payments/organisation/account/save/",
        {"organisation": str(base.pk), "number": BASE_ACCOUNT, "bank_name": "建设银行"},
    )
    assert answer.status_code == 404
    assert not OrganisationBankAccount.objects.exists()


def test_a_returned_payment_is_reissued_to_the_organisations_corrected_account() -> None:
    base, member = _base(), person()
    organisation_bank_account_set(base, number="6217001234000011111", bank_name="建设银行")
    _grant(base, member)
    batch = _batch()
    first = file_export(batch)
    assert first is not None
    return_reconcile(return_csv([(f"{first.name}-000001", GRANT, FAILED, "账户已销户")]))
    finance = User.objects.create_user("13600000009", password="x", name="财务", role=Role.FINANCE)
    client = Client()
    client.force_login(finance)
    payment = Payment.objects.get(batch=batch)
    answer = client.post(
        f"/payments/payments/{payment.pk}/account/",
        {"number": BASE_ACCOUNT, "bank_name": "建设银行连云港分行"},
    )
    assert answer.status_code == 302
    assert not BankAccount.objects.filter(person=member).exists()  # never the member's
    again = file_export(batch)
    assert again is not None
    assert (again.lines.get().number_masked, again.lines.get().holder_name) == (
        "6217***********9887",
        base.name,
    )
