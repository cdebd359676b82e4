"""Pages of the public disclosure (公示) and its objections.

- ``/benefits/disclosure/``: anyone, signed in or not. The subsidies in disclosure today, names and ID
  numbers masked (王*梅, 3207**********1234), grouped by measure and district, a page at a time; under
  each an objection form (what is wrong, required; a contact phone, optional). Objections are throttled
  per client (``web.throttle``, their own budget: a fifth of a visitor's units each).
- ``/benefits/objections/``: reviewers (``Permission.CASE_REVIEW``): the open objections, oldest first,
  each resolved upheld (the entitlement is revoked) or dismissed (the hold is released) with a reason;
  the objector's phone is shown masked, in full on request (audited, never cached).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from linghuo import personal_data
from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.accounts.models import User
from linghuo.benefits import disclosure, selectors
from linghuo.benefits.errors import BenefitsError
from linghuo.benefits.models import Disclosure, Entitlement, EntitlementKind, Objection
from linghuo.policy.measures import registry
from linghuo.site import throttle
from linghuo.site.language import chinese_or_english, in_active_language

PER_PAGE = 50
OBJECTIONS_PER_PAGE = 50


def _title(code: str) -> str:
    found = registry().get(code)
    return chinese_or_english(found.title, found.title_en) if found is not None else code


def _yuan(fen: int | None) -> str:
    return "" if not fen else f"{fen // 100}.{fen % 100:02d}"


@dataclass(frozen=True)
class Entry:
    """One disclosed subsidy as the public sees it."""

    disclosure: Disclosure
    name: str  # masked
    id_number: str  # masked
    amount_yuan: str
    months_cap: int | None


@dataclass(frozen=True)
class Group:
    title: str
    district: str
    entries: list[Entry]


def entry_of(item: Disclosure) -> Entry:
    entitlement: Entitlement = item.entitlement
    person = entitlement.person
    periodic = entitlement.kind == EntitlementKind.PERIODIC
    return Entry(
        disclosure=item,
        name=personal_data.mask_name(person.name),
        id_number=person.id_number_masked,
        amount_yuan="" if periodic else _yuan(entitlement.amount_fen),
        months_cap=entitlement.months_cap if periodic else None,
    )


def _groups(items: list[Disclosure]) -> list[Group]:
    return [
        Group(title=_title(measure), district=district, entries=[entry_of(item) for item in rows])
        for (measure, district), rows in itertools.groupby(
            items, key=lambda d: (d.entitlement.measure, d.entitlement.district)
        )
    ]


def _throttled(error: throttle.ThrottledError) -> HttpResponse:
    response = HttpResponse(
        in_active_language(throttle.too_many_requests_message(error.retry_after)),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(error.retry_after)
    return response


def disclosure_list(request: HttpRequest) -> HttpResponse:
    """公示: today's disclosures, masked, by measure and district, with an objection form each."""
    try:
        throttle.charge(request, int(settings.LINGHUO_THROTTLE_MEASURES_UNITS))
    except throttle.ThrottledError as error:
        return _throttled(error)
    today = timezone.localdate()
    page = Paginator(selectors.disclosures_public(on=today), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "groups": _groups(list(page.object_list)),
        "page": page,
        "today": today,
        "days": disclosure.disclosure_days(today),
    }
    return render(request, "benefits/disclosure.html", context)


def objection_units() -> int:
    """What one objection costs of a client's budget (its own scope): a fifth of a visitor's units."""
    return max(1, int(settings.LINGHUO_THROTTLE_ANONYMOUS_UNITS) // 5)


@require_POST
def objection_new(request: HttpRequest, pk: int) -> HttpResponse:
    """File an objection to disclosure ``pk`` (anyone); its payment is held until a reviewer decides."""
    try:
        item = Disclosure.objects.get(pk=pk)
    except Disclosure.DoesNotExist:
        raise Http404 from None
    try:
        throttle.charge(request, objection_units(), scope="objection")
    except throttle.ThrottledError as error:
        return _throttled(error)
    user = request.user
    try:
        disclosure.objection_file(
            item,
            text=str(request.POST.get("text", "")),
            contact=str(request.POST.get("contact", "")),
            by=user if isinstance(user, User) else None,
        )
    except BenefitsError as error:
        messages.error(request, chinese_or_english(error.chinese, error.english))
    else:
        messages.success(
            request,
            chinese_or_english(
                "异议已收到。处理完毕前暂停发放该项补贴，复核人员将核实处理。",
                "Objection received. The subsidy is not paid until a reviewer has looked into it.",
            ),
        )
    return redirect("benefits:disclosure")


def _objections_page(request: HttpRequest, revealed: tuple[int, str] | None = None) -> HttpResponse:
    page = Paginator(selectors.objections_open(), OBJECTIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        (objection, entry_of(objection.disclosure), _title(objection.disclosure.entitlement.measure))
        for objection in page.object_list
    ]
    revealed_pk, revealed_phone = revealed or (None, "")
    context = {"rows": rows, "page": page, "revealed_pk": revealed_pk, "revealed_phone": revealed_phone}
    return render(request, "benefits/objections.html", context)


@access.page_requires(Permission.CASE_REVIEW)
def objections(request: HttpRequest) -> HttpResponse:
    """The reviewer's open objections, oldest first, with the resolve form."""
    return _objections_page(request)


@require_POST
@access.page_requires(Permission.CASE_REVIEW)
def objection_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The list again with one objection's full contact phone (audited; never cached)."""
    try:
        objection = Objection.objects.get(pk=pk)
    except Objection.DoesNotExist:
        raise Http404 from None
    try:
        phone = disclosure.objection_contact_reveal(objection, by=access.request_user(request))
    except BenefitsError:
        return access.forbidden_page(request)
    response = _objections_page(request, (objection.pk, phone))
    add_never_cache_headers(response)
    return response


@require_POST
@access.page_requires(Permission.CASE_REVIEW)
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        objection = Objection.objects.get(pk=pk)
    except Objection.DoesNotExist:
        raise Http404 from None
    decision = str(request.POST.get("decision", ""))
    if decision not in ("upheld", "dismissed"):
        messages.error(
            request,
            chinese_or_english(
                "请选择异议成立或不成立", "choose whether the objection is upheld or dismissed"
            ),
        )
        return redirect("benefits:objections")
    try:
        disclosure.objection_resolve(
            objection,
            by=access.request_user(request),
            upheld=decision == "upheld",
            reason_zh=str(request.POST.get("reason_zh", "")),
            reason_en=str(request.POST.get("reason_en", "")),
        )
    except BenefitsError as error:
        messages.error(request, chinese_or_english(error.chinese, error.english))
    else:
        messages.success(
            request,
            chinese_or_english("异议成立，已撤销该项待遇。", "Objection upheld: the entitlement is revoked.")
            if decision == "upheld"
            else chinese_or_english(
                "异议不成立，该项补贴恢复发放。", "Objection dismissed: the subsidy may be paid."
            ),
        )
    return redirect("benefits:objections")
