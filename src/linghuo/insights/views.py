"""Pages: the registry screening runs (progress polled from the API), one run's figures and the people
newly eligible in it, and the managers' what-if page with charts and an Excel download."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from linghuo import divisions
from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.insights import jobs, selectors, services, whatif
from linghuo.insights.forms import WhatIfForm
from linghuo.policy.measures import registry
from linghuo.screening import simulation_report
from linghuo.screening.benefits import no_amount_reason
from linghuo.screening.errors import ScreeningError
from linghuo.screening.simulation import Simulation
from linghuo.site.language import chinese_or_english

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _title(code: str) -> str:
    found = registry().get(code)
    return chinese_or_english(found.title, found.title_en) if found is not None else code


def _district_name(code: str) -> str:
    return divisions.district_name(code) or code


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _reason(count: int | None, unset: Any) -> str:
    """Why ``count`` eligible people have no amount ("" when there are none), in the page's language."""
    return no_amount_reason(tuple(unset), english=_english()) if count else ""


def _may_view(request: HttpRequest) -> HttpResponse | None:
    if not access.user_may_view_screening(request.user):
        return access.forbidden_page(request)
    return None


@access.page_requires(Permission.ACCOUNT_VIEW_OWN)
def run_list(request: HttpRequest) -> HttpResponse:
    """筛查批次: every run with status and a progress bar; managers and admins may start one."""
    if (refused := _may_view(request)) is not None:
        return refused
    runs = [(run, selectors.run_state(run)) for run in selectors.runs_recent()]
    context = {
        "runs": runs,
        "may_start": access.user_has_permission(request.user, Permission.INSIGHTS_VIEW),
        "busy": selectors.run_in_progress() is not None,
        "today": timezone.localdate(),
    }
    return render(request, "insights/run_list.html", context)


@require_POST
@access.page_requires(Permission.INSIGHTS_VIEW)
def run_start(request: HttpRequest) -> HttpResponse:
    """Start a run of the whole registry as of today (managers, admins); one at a time."""
    try:
        run = services.screening_run_create(on=timezone.localdate(), actor=access.request_user(request))
    except services.ScreeningBusyError as error:
        context = {"message": str(error)}
        return render(request, "insights/busy.html", context, status=409)
    jobs.screening_run_start(run)
    return redirect("insights:runs")


@access.page_requires(Permission.ACCOUNT_VIEW_OWN)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One run: eligible people and amounts by measure and district (caseworkers: their districts'),
    and for caseworkers the people of their districts newly eligible in this run."""
    if (refused := _may_view(request)) is not None:
        return refused
    run = selectors.run_for(pk)
    figures = selectors.run_figures(run, request.user)
    for row in figures["by_measure"]:
        row["title"] = _title(row["code"])
        row["no_amount_reason"] = _reason(row["no_amount"], row["unset_parameters"])
    for district in figures["by_district"]:
        district["name"] = _district_name(district["district"])
        for row in district["measures"]:
            row["title"] = _title(row["code"])
            row["no_amount_reason"] = _reason(row["no_amount"], row["unset_parameters"])
    newly = None
    if access.user_has_permission(request.user, Permission.CASE_WORK):
        page = Paginator(selectors.newly_eligible_for(run, request.user), 50).get_page(
            request.GET.get("page")
        )
        newly = page
        for result in page.object_list:
            result.measure_titles = [_title(c) for c in selectors.result_measures(run, result.newly_eligible)]
    context = {"run": run, "state": selectors.run_state(run), "figures": figures, "newly": newly}
    return render(request, "insights/run_detail.html", context)


def _chart_data(result: Simulation) -> dict[str, Any]:
    by_measure = [
        r for r in result.by_measure.iter_rows(named=True) if r["eligible_before"] or r["eligible_after"]
    ]
    by_month = result.by_month
    months = [d.isoformat() for d in result.dates]
    spending = {
        "before": [
            int(by_month.filter(date=d)["spending_before_fen"].fill_null(0).sum()) / 100 for d in result.dates
        ],
        "after": [
            int(by_month.filter(date=d)["spending_after_fen"].fill_null(0).sum()) / 100 for d in result.dates
        ],
    }
    return {
        "measures": [_title(r["measure"]) for r in by_measure],
        "eligible_before": [r["eligible_before"] for r in by_measure],
        "eligible_after": [r["eligible_after"] for r in by_measure],
        "gained": [r["gained"] for r in by_measure],
        "lost": [r["lost"] for r in by_measure],
        "months": months,
        "spending": spending,
    }


def _rows(table: Any, result: Simulation) -> list[dict[str, Any]]:
    rows = []
    for row in table.iter_rows(named=True):
        if "measure" in row:
            row["title"] = _title(row["measure"])
            before, after = (u.get(row["measure"], ()) for u in (result.unset_before, result.unset_after))
            row["no_amount_reason_before"] = _reason(row["no_amount_before"], before)
            row["no_amount_reason_after"] = _reason(row["no_amount_after"], after)
        if "district" in row:
            row["district_name"] = _district_name(row["district"])
        rows.append(row)
    return rows


def _simulate(form: WhatIfForm, fields: list[whatif.ParameterField], data: Any) -> Simulation:
    overrides = whatif.overrides_from(data, fields)
    return whatif.simulate_registry(
        on=form.cleaned_data["on"],
        overrides=overrides,
        district=form.cleaned_data["district"] or None,
        months=form.cleaned_data["months"],
    )


@access.page_requires(Permission.INSIGHTS_VIEW)
def what_if(request: HttpRequest) -> HttpResponse:
    """假设分析 (managers, admins): change parameters, compare with the current rules on the registry."""
    data = request.POST if request.method == "POST" else None
    form = WhatIfForm(data, initial={"on": timezone.localdate(), "months": 1})
    on = _form_date(form)
    fields = whatif.parameter_fields(on)
    context: dict[str, Any] = {"form": form, "fields": fields, "values": dict(data.items()) if data else {}}
    if data is not None and form.is_valid():
        try:
            result = _simulate(form, fields, data)
        except ScreeningError as error:
            context["error"] = chinese_or_english(error.zh, error.en)
        else:
            context.update(
                result=result,
                by_measure=_rows(result.by_measure, result),
                by_district=[
                    r
                    for r in _rows(result.by_district, result)
                    if r["eligible_before"] or r["eligible_after"]
                ],
                by_month=_rows(result.by_month, result),
                chart=_chart_data(result),
                gained=int(result.by_measure["gained"].sum()),
                lost=int(result.by_measure["lost"].sum()),
                overrides_json=json.dumps(result.overrides, ensure_ascii=False),
            )
    return render(request, "insights/what_if.html", context)


def _form_date(form: WhatIfForm) -> datetime.date:
    if form.is_bound and form.is_valid():
        day: datetime.date = form.cleaned_data["on"]
        return day
    return timezone.localdate()


@require_POST
@access.page_requires(Permission.INSIGHTS_VIEW)
def what_if_xlsx(request: HttpRequest) -> HttpResponse:
    """The same comparison as an Excel workbook (every text cell formula-safe)."""
    form = WhatIfForm(request.POST)
    if not form.is_valid():
        return what_if(request)
    fields = whatif.parameter_fields(form.cleaned_data["on"])
    try:
        result = _simulate(form, fields, request.POST)
    except ScreeningError:
        return what_if(request)
    response = HttpResponse(simulation_report.as_excel(result), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E5%81%87%E8%AE%BE%E5%88%86%E6%9E%90.xlsx"
    return response
