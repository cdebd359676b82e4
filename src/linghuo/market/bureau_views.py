"""The bureau's market pages: disputes (零工争议) and reports of postings (举报) in a caseworker's districts.

A caseworker (``CASE_WORK``) sees and handles those of postings in the districts they are scoped to
(``access.caseworker_district_codes``; each write checked again with ``user_may_work_district``), as the
benefits queue is scoped; anyone else gets the 403 page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.bilingual import bilingual
from linghuo.market import forms, services
from linghuo.market.errors import MarketError
from linghuo.market.models import Dispute, DisputeStatus, PostingReport
from linghuo.market.views import category_label, refusal

LIMIT = 200


def _tab(request: HttpRequest, values: tuple[str, str]) -> str:
    chosen = request.GET.get("status", values[0])
    return chosen if chosen in values else values[0]


@access.page_requires(Permission.CASE_WORK)
def disputes(request: HttpRequest) -> HttpResponse:
    """零工争议: the disputes of postings in my districts, open (oldest first) or closed (newest first)."""
    districts = access.caseworker_district_codes(request.user)
    status = _tab(request, (DisputeStatus.OPEN, DisputeStatus.CLOSED))
    rows = (
        Dispute.objects.filter(application__posting__district__in=districts, status=status)
        .select_related("application__posting", "application__person")
        .order_by("pk" if status == DisputeStatus.OPEN else "-pk")[:LIMIT]
    )
    context = {
        "rows": [(d, category_label(d.application.posting.category)) for d in rows],
        "status": status,
    }
    return render(request, "market/disputes.html", context)


@require_POST
@access.page_requires(Permission.CASE_WORK)
def dispute_close(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = Dispute.objects.select_related("application__posting").filter(pk=pk).first()
    if dispute is None or not access.user_may_work_district(
        request.user, dispute.application.posting.district
    ):
        raise Http404("未找到该争议 / no such dispute")
    form = forms.ResolutionForm(request.POST)
    try:
        if not form.is_valid():
            raise MarketError("请填写处理结果", "give the resolution")
        services.dispute_close(
            by=access.request_user(request), dispute=dispute, resolution=form.cleaned_data["resolution"]
        )
    except MarketError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, bilingual("争议已处理。", "The dispute is closed."))
    return redirect("market:disputes")


@access.page_requires(Permission.CASE_WORK)
def reports(request: HttpRequest) -> HttpResponse:
    """举报: reports of postings in my districts, waiting (oldest first) or handled (newest first)."""
    districts = access.caseworker_district_codes(request.user)
    status = _tab(request, ("open", "handled"))
    rows = (
        PostingReport.objects.filter(posting__district__in=districts, handled_at__isnull=status == "open")
        .select_related("posting")
        .order_by("pk" if status == "open" else "-pk")[:LIMIT]
    )
    context = {"rows": [(r, category_label(r.posting.category)) for r in rows], "status": status}
    return render(request, "market/reports.html", context)


@require_POST
@access.page_requires(Permission.CASE_WORK)
def report_handle(request: HttpRequest, pk: int) -> HttpResponse:
    found = PostingReport.objects.select_related("posting").filter(pk=pk).first()
    if found is None or not access.user_may_work_district(request.user, found.posting.district):
        raise Http404("未找到该举报 / no such report")
    form = forms.ReportDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise MarketError("请选择举报是否属实", "say whether the report is upheld")
        services.report_handle(
            by=access.request_user(request), report_=found, upheld=form.cleaned_data["upheld"]
        )
    except MarketError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, bilingual("举报已处理。", "The report is handled."))
    return redirect("market:reports")
