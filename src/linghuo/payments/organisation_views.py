"""An organisation's own bank account (五: the incubator construction subsidy is paid to the base, never to
the member who accepted it): its administrator records or corrects it, for their own organisations only,
audited, the number shown masked; and what was paid to the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.audit.services import audit_record
from linghuo.payments import services
from linghuo.payments.bankfiles import yuan
from linghuo.payments.models import OrganisationBankAccount, Payment
from linghuo.payments.services import PaymentError
from linghuo.policy.measures import registry
from linghuo.registry.selectors import organisation_for_member, organisations_of_member
from linghuo.site.language import chinese_or_english

ORGANISATION_BANK_ACCOUNT_SET = "payments.organisation_bank_account_set"


def _title(code: str) -> str:
    found = registry().get(code)
    return chinese_or_english(found.title, found.title_en) if found is not None else code


@access.page_requires(Permission.ORGANISATION_SUBMIT)
@require_GET
def organisation_account(request: HttpRequest) -> HttpResponse:
    """单位收款账户: each of my organisations with its account (masked) and the form, then its payments."""
    organisations = list(organisations_of_member(access.request_user(request)))
    accounts = {
        a.organisation_id: a for a in OrganisationBankAccount.objects.filter(organisation__in=organisations)
    }
    payments = Payment.objects.filter(organisation__in=organisations).select_related("organisation")
    context = {
        "organisations": [(o, accounts.get(o.pk)) for o in organisations],
        "payments": [
            (p, _title(p.measure), yuan(p.net_fen)) for p in payments.order_by("-created_at", "-pk")[:100]
        ],
    }
    return render(request, "payments/organisation_account.html", context)


@access.page_requires(Permission.ORGANISATION_SUBMIT)
@require_POST
def organisation_account_save(request: HttpRequest) -> HttpResponse:
    """Record or correct an organisation's account (its payments the bank returned go in the next file);
    another organisation's answers 404."""
    raw = request.POST.get("organisation", "").strip()
    if not raw.isdigit():
        raise Http404("未找到该单位 / no such organisation")
    organisation = organisation_for_member(access.request_user(request), int(raw))
    try:
        account = services.organisation_bank_account_set(
            organisation,
            number=request.POST.get("number", ""),
            bank_name=request.POST.get("bank_name", ""),
        )
    except PaymentError as error:
        messages.error(request, str(error))
        return redirect("payments:organisation_account")
    audit_record(
        actor=access.request_user(request),
        action=ORGANISATION_BANK_ACCOUNT_SET,
        obj=account,
        changes={"organisation": organisation.pk, "number": account.number_masked, "bank": account.bank_name},
    )
    messages.success(
        request, chinese_or_english("单位收款账户已保存。", "The organisation's bank account is saved.")
    )
    return redirect("payments:organisation_account")
