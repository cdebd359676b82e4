"""统计看板 (managers, admins): the platform's figures by month for a district or the whole city, each a
chart with its table, each table downloadable as Excel (``?format=xlsx&block=…``)."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from linghuo import divisions
from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.insights import statistics
from linghuo.insights.facts import month_start
from linghuo.policy import clauses
from linghuo.registry.forms import NamesSelect
from linghuo.web import dashboard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_MONTHS = 12


def _district_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("全市")), *((c.code, c.name) for c in divisions.counties())]


class MonthInput(forms.TextInput):
    input_type = "month"


class DashboardForm(forms.Form):
    district = forms.ChoiceField(
        label=_("区县"),
        choices=_district_choices,
        required=False,
        widget=NamesSelect,
        error_messages={"invalid_choice": _("请选择本市的一个区县")},
    )
    start = forms.CharField(
        label=_("起始月份"), widget=MonthInput, error_messages={"required": _("请填写起始月份")}
    )
    end = forms.CharField(
        label=_("截止月份"), widget=MonthInput, error_messages={"required": _("请填写截止月份")}
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def _month(self, name: str) -> datetime.date:
        try:
            return statistics.month_parse(self.cleaned_data[name])
        except ValueError:
            raise forms.ValidationError(_("月份应写成 YYYY-MM（如 2024-03）")) from None

    def clean_start(self) -> datetime.date:
        first = self._month("start")
        policy = month_start(clauses.document().in_force_from)
        if first < policy:
            raise forms.ValidationError(
                _("起始月份不能早于政策施行的月份（%(month)s）") % {"month": f"{policy:%Y-%m}"}
            )
        return first

    def clean_end(self) -> datetime.date:
        last = self._month("end")
        if last > month_start(self.today):
            raise forms.ValidationError(_("截止月份不能晚于本月"))
        return last

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("start"), data.get("end")
        if isinstance(first, datetime.date) and isinstance(last, datetime.date):
            if first > last:
                self.add_error("end", _("截止月份不能早于起始月份"))
            elif len(statistics.months_between(first, last)) > dashboard.MAX_MONTHS:
                self.add_error("start", _("一次最多统计 %(months)s 个月") % {"months": dashboard.MAX_MONTHS})
        return data

    def filters(self) -> dashboard.Filters:
        data = self.cleaned_data
        return dashboard.Filters(first=data["start"], last=data["end"], district=data["district"] or None)


def _table(block: dashboard.Block) -> dict[str, Any]:
    """The block for the template: its cells as text (yuan, percentages) beside the chart's numbers."""

    def shown(row: tuple[dashboard.Cell, ...]) -> list[str]:
        return [_shown(v, c.kind) for v, c in zip(row, block.columns, strict=True)]

    return {
        "block": block,
        "rows": [shown(r) for r in block.rows],
        "total": shown(block.total) if block.total is not None else None,
        "chart": block.chart_data(),
    }


def _shown(value: dashboard.Cell, kind: dashboard.Kind) -> str:
    if value is None:
        return "—"
    if kind == "yuan":
        whole, cents = divmod(abs(int(value)), 100)
        return f"{'-' if int(value) < 0 else ''}{whole:,}.{cents:02d}"
    if kind == "share":
        return f"{float(value) * 100:.1f}%"
    return str(value)


@require_GET
@access.page_requires(Permission.INSIGHTS_VIEW)
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """统计看板: every block for the range and district asked for (the last twelve months by default)."""
    today = timezone.localdate()
    last = month_start(today)
    defaults = {"start": f"{month_start(last, back=DEFAULT_MONTHS - 1):%Y-%m}", "end": f"{last:%Y-%m}"}
    asked = request.GET.get("start") is not None or request.GET.get("end") is not None
    form = DashboardForm(request.GET if asked else {**defaults, "district": ""}, today=today)
    context: dict[str, Any] = {"form": form, "blocks": [], "query": ""}
    if not form.is_valid():
        return render(request, "insights/dashboard.html", context, status=400)
    filters = form.filters()
    if request.GET.get("format") == "xlsx":
        return _xlsx(request.GET.get("block", ""), filters, today)
    context["blocks"] = [_table(b) for b in dashboard.blocks(filters, today=today)]
    context["filters"] = filters
    context["query"] = (
        f"start={filters.first:%Y-%m}&end={filters.last:%Y-%m}&district={filters.district or ''}"
    )
    context["scope"] = dashboard.district_label(filters.district) if filters.district else _t("全市")
    context["charts"] = [t["chart"] for t in context["blocks"]]
    return render(request, "insights/dashboard.html", context)


def _xlsx(key: str, filters: dashboard.Filters, today: datetime.date) -> HttpResponse:
    if key not in dashboard.BLOCKS:
        raise Http404(_t("没有这个统计项"))
    found = dashboard.block(key, filters, today=today)
    response = HttpResponse(dashboard.block_xlsx(found, filters), content_type=XLSX)
    name = f"{found.title}-{filters.first:%Y%m}-{filters.last:%Y%m}.xlsx"
    ascii_name = f"dashboard-{key}-{filters.first:%Y%m}-{filters.last:%Y%m}.xlsx"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return response
