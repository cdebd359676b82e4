"""Pages of the applicant: my offers, accepted with one tap (十二 符合即享受), and my cases."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.benefits import selectors, services
from linghuo.benefits.errors import BenefitsError
from linghuo.benefits.models import Offer
from linghuo.policy.measures import registry
from linghuo.web.language import chinese_or_english


def _title(code: str) -> str:
    found = registry().get(code)
    return chinese_or_english(found.title, found.title_en) if found is not None else code


def _yuan(fen: int | None) -> str:
    return "" if not fen else f"{fen // 100}.{fen % 100:02d}"


@access.page_requires(Permission.WORKER_SELF_SERVICE)
def offers(request: HttpRequest) -> HttpResponse:
    """我的待遇: open offers with one-tap accept and decline, then my cases."""
    person = selectors.person_of(request.user)
    today = timezone.localdate()
    open_offers = (
        []
        if person is None
        else list(selectors.offers_open_for(person, today=today).select_related("decision"))
    )
    cases = [] if person is None else list(selectors.cases_of(person)[:50])
    context = {
        "offers": [(o, _title(o.measure), _yuan(o.decision.amount_fen)) for o in open_offers],
        "cases": [
            (c, _title(c.measure), chinese_or_english(c.rejection_reason_zh, c.rejection_reason_en))
            for c in cases
        ],
        "has_person": person is not None,
    }
    return render(request, "benefits/offers.html", context)


def _my_offer(request: HttpRequest, pk: int) -> Offer:
    person = selectors.person_of(request.user)
    try:
        if person is None:
            raise Offer.DoesNotExist
        return selectors.offer_for_person(person, pk)
    except Offer.DoesNotExist:
        raise Http404 from None


@require_POST
@access.page_requires(Permission.WORKER_SELF_SERVICE)
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _my_offer(request, pk)
    try:
        services.offer_accept(offer, by=access.request_user(request))
    except BenefitsError as error:
        messages.error(request, chinese_or_english(error.chinese, error.english))
    else:
        messages.success(
            request, chinese_or_english("已确认，正在办理。", "Accepted: your case is under way.")
        )
    return redirect("benefits:offers")


@require_POST
@access.page_requires(Permission.WORKER_SELF_SERVICE)
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _my_offer(request, pk)
    try:
        services.offer_decline(offer, by=access.request_user(request))
    except BenefitsError as error:
        messages.error(request, chinese_or_english(error.chinese, error.english))
    return redirect("benefits:offers")
