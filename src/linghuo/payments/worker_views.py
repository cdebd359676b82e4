"""The applicant's page of payments: what was paid to them, when, into which account (masked), what the
bank returned and why, what they owe back after a revoked decision; and the account they are paid into."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.audit.services import audit_record
from linghuo.benefits import selectors as benefits_selectors
from linghuo.payments import services
from linghuo.payments.bankfiles import yuan
from linghuo.payments.models import BankAccount, Payment
from linghuo.payments.services import PaymentError
from linghuo.policy.measures import registry
from linghuo.site.language import chinese_or_english

BANK_ACCOUNT_SET = "payments.bank_account_set"


def _title(code: str) -> str:
    found = registry().get(code)
    return chinese_or_english(found.title, found.title_en) if found is not None else code


@access.page_requires(Permission.WORKER_SELF_SERVICE)
def mine(request: HttpRequest) -> HttpResponse:
    """我的补贴发放: every payment to me, newest first, with the account paid into (masked)."""
    person = benefits_selectors.person_of(request.user)
    payments = (
        []
        if person is None
        else list(
            # an organisation's payment (五) is the organisation's, not the member's who accepted it
            Payment.objects.filter(person=person, organisation__isnull=True).order_by("-created_at", "-pk")[
                :100
            ]
        )
    )
    account = None if person is None else BankAccount.objects.filter(person=person).first()
    context = {
        "has_person": person is not None,
        "payments": [
            (p, _title(p.measure), yuan(p.amount_fen - p.netted_fen), yuan(p.netted_fen)) for p in payments
        ],
        "paid_total": yuan(sum(p.amount_fen - p.netted_fen for p in payments if p.status == "paid")),
        "account": account,
        "owed": yuan(services.receivable_owed(person)) if person is not None else "0.00",
    }
    return render(request, "payments/mine.html", context)


@require_POST
@access.page_requires(Permission.WORKER_SELF_SERVICE)
def mine_account(request: HttpRequest) -> HttpResponse:
    """Record or correct the account I am paid into (payments the bank returned go in the next file)."""
    person = benefits_selectors.person_of(request.user)
    if person is None:
        messages.error(request, chinese_or_english("请先办理就业登记。", "Register first."))
        return redirect("payments:mine")
    holder = request.POST.get("holder_name", "").strip()
    if holder != person.name:
        messages.error(
            request,
            chinese_or_english(
                "户名须与本人姓名一致。", "The account holder must be you, by your registered name."
            ),
        )
        return redirect("payments:mine")
    try:
        account = services.bank_account_set(
            person,
            number=request.POST.get("number", ""),
            holder_name=holder,
            bank_name=request.POST.get("bank_name", ""),
        )
    except PaymentError as error:
        messages.error(request, str(error))
        return redirect("payments:mine")
    audit_record(
        actor=access.request_user(request),
        action=BANK_ACCOUNT_SET,
        obj=account,
        changes={"number": account.number_masked, "bank": account.bank_name},
    )
    messages.success(request, chinese_or_english("收款账户已保存。", "Your bank account is saved."))
    return redirect("payments:mine")
