"""Pages of the applicant: my offers, accepted with one tap (十二 符合即享受), and my cases; pages of the
staff: the caseworker's and reviewer's queue, a case with its rule trace and the actions the workflow
table allows, and the manager's overdue and escalated cases."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from linghuo import personal_data
from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.accounts.models import User
from linghuo.benefits import applications, selectors, services
from linghuo.benefits.delivery import NEEDS_BUSINESS
from linghuo.benefits.errors import BenefitsError
from linghuo.benefits.models import Case, Evidence, Offer
from linghuo.benefits.workflow import Action, CaseState, actions_from
from linghuo.policy.dsl import Condition
from linghuo.policy.facts import FACTS_BY_NAME
from linghuo.policy.measures import registry
from linghuo.site.language import chinese_or_english, is_english


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


# --- staff pages ----------------------------------------------------------------------------------

QUEUE_PER_PAGE = 25
OVERDUE_PER_PAGE = 50

ViewFunction = TypeVar("ViewFunction", bound=Callable[..., HttpResponse])


def _checker_page(view: ViewFunction) -> ViewFunction:
    """A casework page: a caseworker (``CASE_WORK``) or a reviewer (``CASE_REVIEW``); anonymous → login,
    any other role → the 403 page."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (
            access.user_has_permission(request.user, Permission.CASE_WORK)
            or access.user_has_permission(request.user, Permission.CASE_REVIEW)
        ):
            return access.forbidden_page(request)
        return view(request, *args, **kwargs)

    return cast(ViewFunction, checked)


def _row(case: Case, today: datetime.date) -> dict[str, Any]:
    return {
        "case": case,
        "title": _title(case.measure),
        "overdue": selectors.is_overdue(case, today=today),
    }


@_checker_page
def queue(request: HttpRequest) -> HttpResponse:
    """待办案件: the open cases of my scope, oldest deadline first (``selectors.queue_for``)."""
    user = access.request_user(request)
    today = timezone.localdate()
    page = Paginator(selectors.queue_for(user), QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "benefits/queue.html",
        {
            "page": page,
            "rows": [_row(c, today) for c in page],
            "districts": sorted(access.caseworker_district_codes(user)),
            "city_wide": access.user_has_permission(user, Permission.CASE_REVIEW),
        },
    )


def _labels(code: str) -> dict[str, tuple[str, str]]:
    """The Chinese and English label of each condition of measure ``code`` by its trace code (a group's
    members as ``group.member``)."""
    found = registry().get(code)
    labels: dict[str, tuple[str, str]] = {}

    def add(condition: Condition, key: str) -> None:
        labels[key] = (condition.label_zh, condition.label_en)

    for condition in found.conditions if found is not None else ():
        add(condition, condition.code)
        for member in condition.members:
            add(member, f"{condition.code}.{member.code}")
    return labels


def _trace(case: Case) -> list[dict[str, Any]]:
    """The stored decision's conditions, clause by clause, with their labels in the page's language."""
    decision = case.decision
    if decision is None:
        return []
    labels = _labels(decision.measure)
    conditions = decision.trace.get("conditions") or []
    return [
        {
            "code": str(c.get("code", "")),
            "clause": str(c.get("clause", "")),
            "passed": bool(c.get("passed")),
            "label": chinese_or_english(*labels.get(str(c.get("code", "")), ("", ""))),
            "member": "." in str(c.get("code", "")),
        }
        for c in conditions
        if isinstance(c, dict)
    ]


def _fact_value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return chinese_or_english("是", "yes") if value else chinese_or_english("否", "no")
    if name == "id_number":
        return personal_data.mask_id_number(str(value))  # never unmasked here
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _facts(case: Case) -> list[dict[str, str]]:
    """The facts snapshot the engine read, each with its catalogue label (Chinese) or name (English)."""
    decision = case.decision
    if decision is None:
        return []
    rows = []
    for name, value in decision.facts.items():
        fact = FACTS_BY_NAME.get(name)
        label = fact.label_zh if fact is not None and not is_english() else name
        rows.append({"name": name, "label": label, "value": _fact_value(name, value)})
    return rows


def _transitions(case: Case) -> list[dict[str, Any]]:
    """The case's transition log: when, what, who and why."""
    rows = []
    for t in case.transitions.select_related("by").order_by("pk"):
        known = t.action in Action.values
        rows.append(
            {
                "at": timezone.localtime(t.at),
                "label": Action(t.action).label if known else t.action,
                "by": t.by.name if t.by is not None else "",
                "reason_zh": t.reason_zh,
                "reason_en": t.reason_en,
            }
        )
    return rows


def _offered_actions(case: Case, user: User) -> list[str]:
    """The transitions the workflow table allows from the case's state that this user may take: the
    preparer is not offered the decision, nor the first decider the reconsideration."""
    offered: list[str] = []
    for action in actions_from(case.state):
        if action == Action.PREPARE:
            if access.user_may_work_district(user, case.district):
                offered.append(action)
        elif action in (Action.APPROVE, Action.REJECT):
            if case.prepared_by_id != user.pk:
                offered.append(action)
        elif action in (Action.RECONSIDER_APPROVE, Action.RECONSIDER_REJECT) and user.pk not in (
            case.prepared_by_id,
            case.rejected_by_id,
        ):
            offered.append(action)
    return offered


_YUAN = re.compile(r"^\d{1,10}(\.\d{1,2})?$")


def _fen(typed: str) -> int | None:
    """An amount typed in yuan (``3000`` or ``3000.5``) as integer fen; None when left empty."""
    text = typed.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    if not _YUAN.match(text):
        raise BenefitsError(
            "核定金额应为以元为单位的数字，最多两位小数，例如 3000 或 3000.50",
            "the amount is in yuan, a number with at most two decimals, e.g. 3000 or 3000.50",
        )
    whole, _, cents = text.partition(".")
    return int(whole) * 100 + int(cents.ljust(2, "0") or 0)


_DONE: dict[str, tuple[str, str]] = {
    Action.PREPARE: ("已完成初审，等待另一名工作人员审核。", "Checked: another person now decides."),
    Action.APPROVE: ("已批准。", "Approved."),
    Action.REJECT: ("已不予批准，理由将告知申请人。", "Rejected: the applicant is shown the reason."),
    Action.RECONSIDER_APPROVE: ("复核后已批准。", "Approved on reconsideration."),
    Action.RECONSIDER_REJECT: ("复核后维持不予批准。", "Rejection upheld on reconsideration."),
}


def _act(case: Case, action: str, user: User, data: Any) -> Case:
    """Run ``action`` on ``case`` through its service; ``BenefitsError`` when refused."""
    reason_zh, reason_en = str(data.get("reason_zh", "")), str(data.get("reason_en", ""))
    if action == Action.PREPARE:
        return services.case_prepare(
            case,
            by=user,
            business_key=str(data.get("business_key", "")),
            amount_fen=_fen(str(data.get("amount_yuan", ""))),
        )
    if action == Action.APPROVE:
        return services.case_approve(case, by=user)
    if action == Action.REJECT:
        return services.case_reject(case, by=user, reason_zh=reason_zh, reason_en=reason_en)
    if action in (Action.RECONSIDER_APPROVE, Action.RECONSIDER_REJECT):
        return services.case_reconsider(
            case,
            by=user,
            approve=action == Action.RECONSIDER_APPROVE,
            reason_zh=reason_zh,
            reason_en=reason_en,
        )
    raise BenefitsError("没有这项操作", f"no such action {action!r}")


def _evidence(case: Case, user: User) -> list[Evidence]:
    """The case's evidence files the user may open (each opening is audited where it is served)."""
    try:
        return applications.evidence_of_case(case, by=user)
    except BenefitsError:
        return []


def _case_page(
    request: HttpRequest, case: Case, user: User, *, error: str = "", status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    decision = case.decision
    amount = case.amount_fen if case.amount_fen is not None else (decision.amount_fen if decision else None)
    return render(
        request,
        "benefits/case.html",
        {
            "case": case,
            "title": _title(case.measure),
            "overdue": selectors.is_overdue(case, today=today),
            "amount_fen": amount,
            "decision": decision,
            "trace": _trace(case),
            "facts": _facts(case),
            "transitions": _transitions(case),
            "evidence": _evidence(case, user),
            "actions": _offered_actions(case, user),
            "needs_business": case.measure in NEEDS_BUSINESS,
            "preparer_waits": case.state == CaseState.PREPARED and case.prepared_by_id == user.pk,
            "error": error,
            "posted": request.POST if request.method == "POST" else {},
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@_checker_page
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A case of my scope (404 outside it): the person masked, the measure and amount, the stored
    decision's condition trace and facts, the transition log, and the forms of the actions I may take.
    A POST names the action; the service decides (maker-checker, reasons) and its refusal is shown."""
    user = access.request_user(request)
    try:
        case = selectors.case_for_worker(user, pk)
    except Case.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        action = str(request.POST.get("action", ""))
        try:
            _act(case, action, user, request.POST)
        except BenefitsError as error:
            message = chinese_or_english(error.chinese, error.english)
            return _case_page(request, case, user, error=message, status=error.status)
        messages.success(request, chinese_or_english(*_DONE[action]))
        return redirect("benefits:case", pk=case.pk)
    return _case_page(request, case, user)


def _counts(cases: Any, field: str) -> list[dict[str, Any]]:
    return list(
        cases.values(field)
        .annotate(overdue=Count("pk"), escalated=Count("pk", filter=Q(escalated_at__isnull=False)))
        .order_by(field)
    )


@access.page_requires(Permission.CASES_OVERSEE)
def overdue(request: HttpRequest) -> HttpResponse:
    """超期案件: open cases past their deadline city-wide, those escalated to the manager listed first,
    and the counts by district and by measure."""
    user = access.request_user(request)
    today = timezone.localdate()
    late = selectors.overdue_cases(today=today)
    escalated = selectors.escalated_for(user, today=today).select_related("person")
    page = Paginator(late.select_related("person"), OVERDUE_PER_PAGE).get_page(request.GET.get("page"))
    by_measure = _counts(late, "measure")
    for row in by_measure:
        row["title"] = _title(row["measure"])
    return render(
        request,
        "benefits/overdue.html",
        {
            "page": page,
            "rows": [_row(c, today) for c in page],
            "escalated": [_row(c, today) for c in escalated[:OVERDUE_PER_PAGE]],
            "escalated_count": escalated.count(),
            "by_district": _counts(late, "district"),
            "by_measure": by_measure,
            "today": today,
        },
    )
