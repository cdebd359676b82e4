"""Pages joining the registry to the rules engine: "my policies" and new urban employment statistics.

Thin views: who may see what comes from ``linghuo.accounts.access``; the facts from
``linghuo.insights.facts``; decisions from the rules engine; the counts from ``statistics``.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache

from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.insights import statistics
from linghuo.insights.facts import claim_period, month_start, person_facts_on
from linghuo.policy import engine
from linghuo.policy.engine import Decision, Measure
from linghuo.policy.measures import registry as measures
from linghuo.policy.parameters import load as load_parameters
from linghuo.registry import selectors
from linghuo.registry.models import Person
from linghuo.registry.selectors import benefits_may_flow
from linghuo.registry.templatetags.registry_format import yuan
from linghuo.site.language import is_english

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_MONTHS = 6


def today() -> datetime.date:
    """The date pages evaluate on (the local date)."""
    return timezone.localdate()


@dataclass(frozen=True)
class MeasureDecision:
    measure: Measure
    decision: Decision
    amount_basis: str = ""  # what the amount is of: "2026年1–11月实缴 … 元，按 2/3 补贴"
    unconfirmed: tuple[str, ...] = ()  # the unconfirmed parameters by what they are, in the page's language
    notes: tuple[str, ...] = ()  # the decision's notes (e.g. a possible later extension), in that language


# Listed in this order: what the person can have, what they cannot (yet), what is over.
_STATUS_ORDER = {"eligible": 0, "not_eligible": 1, "not_applicable": 1, "closed": 2}


def claim_period_text(on: datetime.date) -> str:
    """The claim period of ``on`` (``facts.claim_period``) as the page's language writes it: "2026年1–11月",
    "January–November 2026"."""
    first, last = claim_period(on)
    if is_english():
        months = calendar.month_name[first.month] + (
            f"–{calendar.month_name[last.month]}" if last.month != first.month else ""
        )
        return f"{months} {on.year}"
    months = f"{first.month}–{last.month}" if last.month != first.month else f"{first.month}"
    return f"{on.year}年{months}月"


def _amount_basis(decision: Decision, on: datetime.date) -> str:
    """For an amount computed from the premiums of the claim period (十二): the period, the premiums and
    the ratio, so the amount says what it is of."""
    figures = decision.figures
    if decision.amount_fen is None or "premiums_paid" not in figures or "ratio" not in figures:
        return ""
    return gettext("%(period)s实缴社会保险费 %(paid)s，按 %(ratio)s 补贴 %(amount)s") % {
        "period": claim_period_text(on),
        "paid": yuan(figures["premiums_paid"]),
        "ratio": figures["ratio"],
        "amount": yuan(decision.amount_fen),
    }


def _notes(measure: Measure, decision: Decision) -> tuple[str, ...]:
    english = is_english()
    return tuple(n.text_en if english else n.text_zh for n in measure.notes if n.code in decision.notes)


def _unconfirmed(decision: Decision) -> tuple[str, ...]:
    english = is_english()
    parameters = load_parameters()
    return tuple(parameters[name].described[english] for name in decision.unconfirmed_parameters)


def _policies_context(person: Person, on: datetime.date) -> dict[str, Any]:
    """Every person measure's decision for ``person`` on ``on``: eligible ones first, closed ones last."""
    evaluation = engine.evaluate_one(person_facts_on(person, on=on), on=on)
    known = measures()
    decisions = [
        MeasureDecision(known[d.code], d, _amount_basis(d, on), _unconfirmed(d), _notes(known[d.code], d))
        for d in evaluation.decisions
        if known[d.code].kind == "person"
    ]
    decisions.sort(key=lambda item: _STATUS_ORDER[item.decision.status])
    return {
        "person": person,
        "benefits_may_flow": benefits_may_flow(person),
        "evaluation": evaluation,
        "decisions": decisions,
        "eligible_count": sum(1 for item in decisions if item.decision.eligible),
        "open_count": sum(1 for item in decisions if item.decision.status != "closed"),
        "closed_count": sum(1 for item in decisions if item.decision.status == "closed"),
    }


@never_cache  # the decisions of today's facts: never a stale copy (a registration just ended)
@access.page_requires(Permission.WORKER_SELF_SERVICE)
def my_policies(request: HttpRequest) -> HttpResponse:
    """我的政策: every measure with the engine's decision for the worker today, and why. While the
    worker's claim of their ID number waits for its check, only that it is pending (the same whether
    the number was new or already had a record); a person not yet verified sees the decisions with the
    notice that benefits start once their identity is confirmed."""
    user = access.request_user(request)
    if (claim := selectors.pending_identity_claim(user)) is not None:
        return render(
            request, "registry/policies/person.html", {"person": None, "mine": True, "claim": claim}
        )
    person = selectors.person_of_account(user)
    if person is None:
        return render(request, "registry/policies/person.html", {"person": None, "mine": True})
    context = _policies_context(person, today())
    return render(request, "registry/policies/person.html", {**context, "mine": True})


@never_cache
@access.page_requires(Permission.CASE_WORK)
def person_policies(request: HttpRequest, pk: int) -> HttpResponse:
    """The same page for a person of the caseworker's districts (404 elsewhere)."""
    person = selectors.person_for_caseworker(access.request_user(request), pk)
    context = _policies_context(person, today())
    return render(request, "registry/policies/person.html", {**context, "mine": False})


def _parse_month(text: str | None) -> datetime.date | None:
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        return None


def _statistics_request(request: HttpRequest) -> tuple[dict[str, Any], HttpResponse | None]:
    """The table the request asks for, or the response refusing it (login, 403)."""
    if not request.user.is_authenticated:
        return {}, redirect_to_login(request.get_full_path())
    if not access.user_may_view_statistics(request.user):
        return {}, access.forbidden_page(request)
    day = today()
    last = _parse_month(request.GET.get("to")) or month_start(day)
    first = _parse_month(request.GET.get("from")) or month_start(last, back=DEFAULT_MONTHS - 1)
    context: dict[str, Any] = {"first": first, "last": last, "table": None, "error": ""}
    districts = access.statistics_district_codes(request.user)
    try:
        months = statistics.months_between(first, last)
        if not months:
            raise ValueError("起始月份晚于截止月份 / the first month is after the last")
        context["table"] = statistics.new_urban_employment_counts(
            months=months, districts=districts, today=day
        )
    except (ValueError, engine.PolicyDateError) as error:
        context["error"] = str(error)
    return context, None


def new_urban_employment(request: HttpRequest) -> HttpResponse:
    """城镇新增就业: people newly counted (once per spell of flexible employment) by district and month,
    and the stock at the range's end apart (managers; caseworkers: their districts)."""
    context, refused = _statistics_request(request)
    if refused is not None:
        return refused
    return render(
        request,
        "registry/policies/new_urban_employment.html",
        context,
        status=400 if context["error"] else 200,
    )


def new_urban_employment_xlsx(request: HttpRequest) -> HttpResponse:
    """The same table as an Excel file (the entries, their totals and the stock in its own column)."""
    context, refused = _statistics_request(request)
    if refused is not None:
        return refused
    if context["error"]:
        return render(request, "registry/policies/new_urban_employment.html", context, status=400)
    table: statistics.UrbanEmploymentTable = context["table"]
    response = HttpResponse(statistics.table_xlsx(table), content_type=XLSX)
    name = f"new-urban-employment-{table.months[0]:%Y%m}-{table.months[-1]:%Y%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
