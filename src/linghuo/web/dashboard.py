"""The manager's dashboard: the platform's figures over a range of months, for the city or one district.

Each figure is a *block*: a table of numbers (every row a month, a measure or a district) that the page
shows as a chart and as a table, and that downloads as an Excel workbook. Every block is read with
aggregate queries (counts and sums grouped by month and district in the database), whatever the number
of rows, over at most ``MAX_MONTHS`` months:

- **registrations**: employment registrations (承诺制就业登记) by the month of their date, in the district
  of the place registered;
- **new urban employment**: the statistic of :mod:`linghuo.insights.statistics` (entries, the flow);
- **offers**: benefits offered without applying (十二), by the month they were made, and how many of
  them were accepted (the take-up rate), in the person's district;
- **spending**: the budget accounts' posted lines (net: payments less reversals and overpayments
  raised), by the month of posting, by measure and by district — the figures of the spending page
  (:func:`linghuo.payments.selectors.spending`) limited to the range;
- **deadlines**: cases first decided in the month (approved or not), and how many of them were decided
  within the review deadline counted from the day they were submitted (working days,
  :func:`linghuo.benefits.deadlines.review_due_on`), in the case's district;
- **market**: the gig market's postings published, applications made and gigs completed, by month, in
  the posting's district.

Money is integer fen; the page shows it in yuan and the workbook writes yuan as exact decimals.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from django.db.models import Count, DateField, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from linghuo import divisions
from linghuo.benefits import deadlines
from linghuo.benefits.models import CaseTransition, Offer, OfferStatus
from linghuo.benefits.workflow import Action
from linghuo.insights import statistics
from linghuo.insights.facts import month_start
from linghuo.market.models import GigApplication, Posting
from linghuo.payments.models import AccountKind, Line, PostingState
from linghuo.policy.measures import registry
from linghuo.registry.models import EmploymentRegistration
from linghuo.site.language import chinese_or_english
from linghuo.spreadsheets import formula_safe

MAX_MONTHS = statistics.MAX_MONTHS  # new urban employment is counted month by month: the same bound
Kind = Literal["text", "count", "yuan", "share"]
Cell = str | int | float | None


@dataclass(frozen=True)
class Filters:
    """The months from ``first``'s to ``last``'s (first days) and a current county code, or None for the
    whole city."""

    first: datetime.date
    last: datetime.date
    district: str | None = None

    @property
    def months(self) -> list[datetime.date]:
        return statistics.months_between(self.first, self.last)

    @property
    def starts(self) -> datetime.datetime:
        return _midnight(month_start(self.first))

    @property
    def ends(self) -> datetime.datetime:
        """The moment the range ends (midnight starting the month after the last), excluded."""
        return _midnight(month_start(month_start(self.last).replace(day=28) + datetime.timedelta(days=4)))

    def codes(self) -> set[str] | None:
        """The division codes counted as the district (its historical codes with it), None for all."""
        return None if self.district is None else district_codes(self.district)


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def district_codes(district: str) -> set[str]:
    """``district`` and the retired codes that count as it (``320706`` → also ``320705``, 新浦区)."""
    return {district, *(old for old, (_name, new) in divisions.HISTORICAL_CODES.items() if new == district)}


def district_of(code: str) -> str:
    """The current county of a division code (the city's code stays the city's; others as they are)."""
    if code == divisions.CITY_CODE or not divisions.is_in_city(code):
        return code
    return divisions.current_county_code(code)


def district_label(code: str) -> str:
    return divisions.district_name(code) or code or "—"


def measure_title(code: str) -> str:
    found = registry().get(code)
    return chinese_or_english(found.title, found.title_en) if found is not None else code


@dataclass(frozen=True)
class Column:
    label: str | Promise
    kind: Kind = "count"


@dataclass(frozen=True)
class Series:
    label: str | Promise
    column: int  # the column of the rows it draws


@dataclass(frozen=True)
class Block:
    """One figure: its table (``rows`` of cells, the first column naming the row; a total row apart) and
    how the chart draws it (``series`` over the rows' first column)."""

    key: str
    title: str | Promise
    columns: tuple[Column, ...]
    rows: list[tuple[Cell, ...]]
    series: tuple[Series, ...]
    chart: Literal["bar", "line", "hbar"] = "bar"
    total: tuple[Cell, ...] | None = None
    note: str | Promise = ""
    names_in_chinese: bool = False  # the rows' names are Chinese in every language (district names)

    def chart_data(self) -> dict[str, Any]:
        """The chart's numbers (money in yuan, shares in percent), as plain JSON."""
        return {
            "key": self.key,
            "type": self.chart,
            "labels": [str(r[0]) for r in self.rows],
            "series": [
                {
                    "label": str(s.label),
                    "data": [_chart_number(r[s.column], self.columns[s.column].kind) for r in self.rows],
                }
                for s in self.series
            ],
        }


def _chart_number(value: Cell, kind: Kind) -> float | int | None:
    if value is None or isinstance(value, str):
        return None
    if kind == "yuan":
        return int(value) / 100
    if kind == "share":
        return round(float(value) * 100, 1)
    return value


def _month_label(month: datetime.date) -> str:
    return f"{month:%Y-%m}"


def _as_month(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return month_start(value)


def _in_district(query: QuerySet[Any], lookup: str, filters: Filters) -> QuerySet[Any]:
    codes = filters.codes()
    return query if codes is None else query.filter(**{f"{lookup}__in": codes})


def _monthly_counts(query: QuerySet[Any], moment: str) -> dict[datetime.date, int]:
    """``query``'s rows counted by the month of the field ``moment`` (a date or a datetime)."""
    grouped = (
        query.annotate(_month=TruncMonth(moment, output_field=DateField()))
        .values("_month")
        .annotate(_n=Count("pk"))
        .order_by()
    )
    out: dict[datetime.date, int] = {}
    for row in grouped:
        month = _as_month(row["_month"])
        out[month] = out.get(month, 0) + int(row["_n"])
    return out


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- the blocks ------------------------------------------------------------------------------------------


def registrations(filters: Filters) -> Block:
    query = EmploymentRegistration.objects.filter(
        registered_on__gte=month_start(filters.first), registered_on__lt=filters.ends.date()
    )
    counts = _monthly_counts(_in_district(query, "place_division", filters), "registered_on")
    rows: list[tuple[Cell, ...]] = [(_month_label(m), counts.get(m, 0)) for m in filters.months]
    return Block(
        key="registrations",
        title=_("就业登记"),
        columns=(Column(_("月份"), "text"), Column(_("登记人次"))),
        rows=rows,
        series=(Series(_("登记人次"), 1),),
        total=(str(_("合计")), sum(counts.get(m, 0) for m in filters.months)),
        note=_("按登记日期所在月份、登记地所在区县统计的承诺制就业登记。"),
    )


def new_urban_employment(filters: Filters, *, today: datetime.date | None = None) -> Block:
    table = statistics.new_urban_employment_counts(
        months=filters.months,
        districts=None if filters.district is None else [filters.district],
        today=today,
    )
    rows: list[tuple[Cell, ...]] = [
        (_month_label(m), n) for m, n in zip(table.months, table.monthly_totals, strict=True)
    ]
    return Block(
        key="new_urban_employment",
        title=_("城镇新增就业"),
        columns=(Column(_("月份"), "text"), Column(_("新增就业人数"))),
        rows=rows,
        series=(Series(_("新增就业人数"), 1),),
        chart="line",
        total=(str(_("合计")), table.total),
        note=_(
            "每人在一段灵活就业期间内只在首次符合条件（收入达到最低工资标准且参加社会保险）的月份计一次。"
        ),
    )


def offers(filters: Filters) -> Block:
    query = _in_district(
        Offer.objects.filter(created_at__gte=filters.starts, created_at__lt=filters.ends),
        "person__district_code",
        filters,
    )
    made = _monthly_counts(query, "created_at")
    accepted = _monthly_counts(query.filter(status=OfferStatus.ACCEPTED), "created_at")
    rows: list[tuple[Cell, ...]] = []
    for month in filters.months:
        n, yes = made.get(month, 0), accepted.get(month, 0)
        rows.append((_month_label(month), n, yes, _share(yes, n)))
    all_made = sum(made.get(m, 0) for m in filters.months)
    all_accepted = sum(accepted.get(m, 0) for m in filters.months)
    return Block(
        key="offers",
        title=_("待遇告知与接受"),
        columns=(
            Column(_("月份"), "text"),
            Column(_("告知件数")),
            Column(_("已接受")),
            Column(_("接受率"), "share"),
        ),
        rows=rows,
        series=(Series(_("告知件数"), 1), Series(_("已接受"), 2)),
        total=(str(_("合计")), all_made, all_accepted, _share(all_accepted, all_made)),
        note=_("按告知发出的月份统计；接受率为其中已被本人接受的比例。"),
    )


@dataclass(frozen=True)
class SpendingRow:
    month: datetime.date
    measure: str
    district: str
    net_fen: int


def spending_rows(filters: Filters) -> list[SpendingRow]:
    """The budget accounts' posted lines in the range, summed by month, measure and district (net fen)."""
    query = Line.objects.filter(
        posting__state=PostingState.POSTED,
        account__kind=AccountKind.BUDGET,
        posting__posted_at__gte=filters.starts,
        posting__posted_at__lt=filters.ends,
    )
    grouped = (
        _in_district(query, "account__district", filters)
        .annotate(_month=TruncMonth("posting__posted_at", output_field=DateField()))
        .values("_month", "account__measure", "account__district")
        .annotate(_fen=Sum("amount_fen"))
        .order_by()
    )
    summed: dict[tuple[datetime.date, str, str], int] = {}
    for row in grouped:
        key = (_as_month(row["_month"]), row["account__measure"], district_of(row["account__district"]))
        summed[key] = summed.get(key, 0) + int(row["_fen"] or 0)
    return [SpendingRow(m, measure, d, fen) for (m, measure, d), fen in sorted(summed.items())]


def _summed(rows: Iterable[SpendingRow], key: Callable[[SpendingRow], Any]) -> dict[Any, int]:
    out: dict[Any, int] = {}
    for row in rows:
        out[key(row)] = out.get(key(row), 0) + row.net_fen
    return out


_SPENDING_NOTE = _("预算科目已记账的支出净额（发放减冲回和多发追回），按记账月份统计。")


def spending_by_month(filters: Filters, rows: Sequence[SpendingRow] | None = None) -> Block:
    found = spending_rows(filters) if rows is None else rows
    by_month = _summed(found, lambda r: r.month)
    return Block(
        key="spending_month",
        title=_("支出（按月）"),
        columns=(Column(_("月份"), "text"), Column(_("支出（元）"), "yuan")),
        rows=[(_month_label(m), by_month.get(m, 0)) for m in filters.months],
        series=(Series(_("支出（元）"), 1),),
        total=(str(_("合计")), sum(by_month.values())),
        note=_SPENDING_NOTE,
    )


def spending_by_measure(filters: Filters, rows: Sequence[SpendingRow] | None = None) -> Block:
    found = spending_rows(filters) if rows is None else rows
    by_measure = _summed(found, lambda r: r.measure)
    return Block(
        key="spending_measure",
        title=_("支出（按措施）"),
        columns=(Column(_("措施"), "text"), Column(_("支出（元）"), "yuan")),
        rows=[(measure_title(m), fen) for m, fen in sorted(by_measure.items())],
        series=(Series(_("支出（元）"), 1),),
        chart="hbar",
        total=(str(_("合计")), sum(by_measure.values())),
        note=_SPENDING_NOTE,
    )


def spending_by_district(filters: Filters, rows: Sequence[SpendingRow] | None = None) -> Block:
    found = spending_rows(filters) if rows is None else rows
    by_district = _summed(found, lambda r: r.district)
    order = {code: i for i, code in enumerate(statistics.all_districts())}
    ordered = sorted(by_district.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    return Block(
        key="spending_district",
        title=_("支出（按区县）"),
        columns=(Column(_("区县"), "text"), Column(_("支出（元）"), "yuan")),
        rows=[(district_label(d), fen) for d, fen in ordered],
        series=(Series(_("支出（元）"), 1),),
        chart="hbar",
        total=(str(_("合计")), sum(by_district.values())),
        note=_SPENDING_NOTE,
        names_in_chinese=True,
    )


@cache
def _review_due_on(submitted: datetime.date) -> datetime.date:
    return deadlines.review_due_on(submitted)


def deadlines_met(filters: Filters) -> Block:
    """Cases first decided in each month, and of them those decided by their review deadline."""
    query = CaseTransition.objects.filter(
        action__in=(Action.APPROVE, Action.REJECT), at__gte=filters.starts, at__lt=filters.ends
    )
    grouped = (
        _in_district(query, "case__district", filters)
        .annotate(
            _decided=TruncDate("at"),
            _submitted=TruncDate("case__submitted_at"),
        )
        .values("_decided", "_submitted")
        .annotate(_n=Count("pk"))
        .order_by()
    )
    decided: dict[datetime.date, int] = {}
    in_time: dict[datetime.date, int] = {}
    for row in grouped:
        on, submitted, n = row["_decided"], row["_submitted"], int(row["_n"])
        month = month_start(on)
        decided[month] = decided.get(month, 0) + n
        if on <= _review_due_on(submitted):
            in_time[month] = in_time.get(month, 0) + n
    rows: list[tuple[Cell, ...]] = []
    for month in filters.months:
        n, ok = decided.get(month, 0), in_time.get(month, 0)
        rows.append((_month_label(month), n, ok, _share(ok, n)))
    all_n = sum(decided.get(m, 0) for m in filters.months)
    all_ok = sum(in_time.get(m, 0) for m in filters.months)
    return Block(
        key="deadlines",
        title=_("按时办结"),
        columns=(
            Column(_("月份"), "text"),
            Column(_("作出决定的案件")),
            Column(_("在时限内")),
            Column(_("按时办结率"), "share"),
        ),
        rows=rows,
        series=(Series(_("作出决定的案件"), 1), Series(_("在时限内"), 2)),
        total=(str(_("合计")), all_n, all_ok, _share(all_ok, all_n)),
        note=_("按首次决定（批准或不予批准）的月份统计；时限为自受理之日起的审核工作日数。"),
    )


def market(filters: Filters) -> Block:
    in_range = Q(created_at__gte=filters.starts, created_at__lt=filters.ends)
    postings = _monthly_counts(
        _in_district(Posting.objects.filter(in_range), "district", filters), "created_at"
    )
    applications = _monthly_counts(
        _in_district(GigApplication.objects.filter(in_range), "posting__district", filters), "created_at"
    )
    completed = GigApplication.objects.filter(completed_at__gte=filters.starts, completed_at__lt=filters.ends)
    completions = _monthly_counts(_in_district(completed, "posting__district", filters), "completed_at")
    rows: list[tuple[Cell, ...]] = [
        (_month_label(m), postings.get(m, 0), applications.get(m, 0), completions.get(m, 0))
        for m in filters.months
    ]
    return Block(
        key="market",
        title=_("零工市场"),
        columns=(
            Column(_("月份"), "text"),
            Column(_("发布岗位")),
            Column(_("报名")),
            Column(_("完工")),
        ),
        rows=rows,
        series=(Series(_("发布岗位"), 1), Series(_("报名"), 2), Series(_("完工"), 3)),
        total=(
            str(_("合计")),
            sum(postings.get(m, 0) for m in filters.months),
            sum(applications.get(m, 0) for m in filters.months),
            sum(completions.get(m, 0) for m in filters.months),
        ),
        note=_("按岗位发布、报名和双方确认完工的月份统计，区县为岗位所在区县。"),
    )


BLOCKS = (
    "registrations",
    "new_urban_employment",
    "offers",
    "spending_month",
    "spending_measure",
    "spending_district",
    "deadlines",
    "market",
)


def block(key: str, filters: Filters, *, today: datetime.date | None = None) -> Block:
    """One block by its key (:data:`BLOCKS`); KeyError for another."""
    builders: dict[str, Callable[[], Block]] = {
        "registrations": lambda: registrations(filters),
        "new_urban_employment": lambda: new_urban_employment(filters, today=today),
        "offers": lambda: offers(filters),
        "spending_month": lambda: spending_by_month(filters),
        "spending_measure": lambda: spending_by_measure(filters),
        "spending_district": lambda: spending_by_district(filters),
        "deadlines": lambda: deadlines_met(filters),
        "market": lambda: market(filters),
    }
    return builders[key]()


def blocks(filters: Filters, *, today: datetime.date | None = None) -> list[Block]:
    """Every block, in the page's order (the spending read once for its three blocks)."""
    spent = spending_rows(filters)
    return [
        registrations(filters),
        new_urban_employment(filters, today=today),
        offers(filters),
        spending_by_month(filters, spent),
        spending_by_measure(filters, spent),
        spending_by_district(filters, spent),
        deadlines_met(filters),
        market(filters),
    ]


# --- Excel -------------------------------------------------------------------------------------------------


def _excel_cell(value: Cell, kind: Kind) -> Any:
    if value is None:
        return None
    if kind == "yuan":
        return Decimal(int(value)) / 100
    if isinstance(value, str):
        return formula_safe(value)
    return value


_FORMATS: dict[Kind, str] = {"yuan": "#,##0.00", "share": "0.0%", "count": "0", "text": "@"}


def block_xlsx(found: Block, filters: Filters) -> bytes:
    """The block's table as an Excel workbook: the header, the rows, the total, then the scope (every text
    cell formula-safe; yuan as exact decimals, shares as fractions shown as percentages)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(found.title)[:31]
    sheet.append([formula_safe(str(c.label)) for c in found.columns])
    for row in [*found.rows, *([found.total] if found.total is not None else [])]:
        sheet.append([_excel_cell(v, c.kind) for v, c in zip(row, found.columns, strict=True)])
        for cell, column in zip(sheet[sheet.max_row], found.columns, strict=True):
            if column.kind in ("yuan", "share"):
                cell.number_format = _FORMATS[column.kind]
    sheet.append([])
    scope = district_label(filters.district) if filters.district else str(_("全市"))
    sheet.append([formula_safe(str(_("范围"))), formula_safe(scope)])
    months = f"{filters.first:%Y-%m} – {filters.last:%Y-%m}"
    sheet.append([formula_safe(str(_("月份"))), formula_safe(months)])
    if found.note:
        sheet.append([formula_safe(str(_("统计口径"))), formula_safe(str(found.note))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
