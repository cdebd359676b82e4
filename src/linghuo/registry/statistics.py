"""New urban employment (城镇新增就业, clause 十五), counted through the rule, by district and month.

"劳动收入达到当地最低工资标准且依法参加社会保险的，纳入城镇新增就业统计": the count is the rule
``new_urban_employment`` evaluated over the registry's facts (:mod:`linghuo.registry.facts`) as of a date.
For a month that date is its last day (today for the current month); the facts are those of that day —
memberships and registrations by their dates, roster entries by their period — so a past month gives
the same count after later changes (a registration ended later, a roster of a later month). Only a
correction dated back into the month changes it, as it should.

A person is counted in the district of their work division on that date (a historical code counts as
its successor; the city's own code stays the city's). Only people at work on the date are read
(:func:`~linghuo.registry.facts.persons_at_work_on`): nobody else has an income to meet the minimum wage.
"""

from __future__ import annotations

import calendar
import datetime
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

import polars as pl
from django.utils import timezone
from openpyxl import Workbook

from linghuo import divisions
from linghuo.policy import engine
from linghuo.registry.facts import facts_frame_on, month_start, persons_at_work_on
from linghuo.registry.rosters import formula_safe

MEASURE = "new_urban_employment"
MAX_MONTHS = 24


@dataclass(frozen=True)
class UrbanEmploymentTable:
    """Counts by (district code, month's first day), every pair present (0 when none)."""

    months: tuple[datetime.date, ...]
    districts: tuple[str, ...]
    counts: dict[tuple[str, datetime.date], int]
    evaluated_on: dict[datetime.date, datetime.date]
    rules_version: str
    totals: dict[datetime.date, int] = field(default_factory=dict)

    def count(self, district: str, month: datetime.date) -> int:
        return self.counts.get((district, month), 0)

    def rows(self) -> list[tuple[str, str, list[int], int]]:
        """(district code, name, count per month, total) for each district."""
        out = []
        for code in self.districts:
            values = [self.count(code, m) for m in self.months]
            out.append((code, district_name(code), values, sum(values)))
        return out


def district_name(code: str) -> str:
    """A district's Chinese name (``320706`` → ``海州区``; the city's code → ``市本级``)."""
    if code == divisions.CITY_CODE:
        return "市本级"
    return divisions.county(code).name


def month_end(month: datetime.date, *, today: datetime.date | None = None) -> datetime.date:
    """The date a month is counted on: its last day, or today for the current month.

    >>> month_end(datetime.date(2024, 2, 1), today=datetime.date(2025, 1, 1))
    datetime.date(2024, 2, 29)
    >>> month_end(datetime.date(2024, 2, 1), today=datetime.date(2024, 2, 10))
    datetime.date(2024, 2, 10)
    """
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return min(last, today or timezone.localdate())


def all_districts() -> tuple[str, ...]:
    """The city's current counties, then the city's own code (work recorded city-wide)."""
    return (*(c.code for c in divisions.counties()), divisions.CITY_CODE)


def _county(code: str | None) -> str | None:
    if code is None or not divisions.is_in_city(code):
        return None
    return code if code == divisions.CITY_CODE else divisions.current_county_code(code)


def counted_on(on: datetime.date, *, chunk_size: int = 50_000) -> dict[str, int]:
    """How many people the rule counts on ``on``, by district (districts with none left out).

    Raises :class:`~linghuo.policy.engine.PolicyDateError` for a date before the policy.
    """
    engine.check_evaluation_date(on)
    counts: dict[str, int] = {}
    for facts in facts_frame_on(persons_at_work_on(on), on=on, chunk_size=chunk_size):
        decided = engine.evaluate_frame(facts, on=on, measures=[MEASURE])
        counted = facts.select("person_id", "work_division").join(
            decided.select("person_id", f"{MEASURE}_eligible"), on="person_id"
        )
        by_division = (
            counted.filter(pl.col(f"{MEASURE}_eligible")).group_by("work_division").len().iter_rows()
        )
        for division, number in by_division:
            county = _county(division)
            if county is not None:
                counts[county] = counts.get(county, 0) + number
    return counts


def new_urban_employment_counts(
    *,
    months: Sequence[datetime.date],
    districts: Collection[str] | None = None,
    today: datetime.date | None = None,
) -> UrbanEmploymentTable:
    """New urban employment by district and month (each month as of :func:`month_end`).

    ``months`` are any dates in the months wanted (at most ``MAX_MONTHS``, none after today's month);
    ``districts`` limits the table to those county codes (a caseworker's), all by default.
    """
    day = today or timezone.localdate()
    wanted = tuple(sorted({month_start(m) for m in months}))
    if len(wanted) > MAX_MONTHS:
        raise ValueError(f"一次最多统计{MAX_MONTHS}个月 / at most {MAX_MONTHS} months at a time")
    if wanted and wanted[-1] > month_start(day):
        raise ValueError("不能统计未来的月份 / a month in the future cannot be counted")
    shown = tuple(d for d in all_districts() if districts is None or d in districts)
    counts: dict[tuple[str, datetime.date], int] = {}
    evaluated: dict[datetime.date, datetime.date] = {}
    for month in wanted:
        on = month_end(month, today=day)
        evaluated[month] = on
        for district, number in counted_on(on).items():
            if district in shown:
                counts[(district, month)] = number
    totals = {m: sum(counts.get((d, m), 0) for d in shown) for m in wanted}
    return UrbanEmploymentTable(wanted, shown, counts, evaluated, engine.rules_version(), totals)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first days of the months from ``first``'s to ``last``'s, both included.

    >>> months_between(datetime.date(2023, 11, 5), datetime.date(2024, 1, 1))
    [datetime.date(2023, 11, 1), datetime.date(2023, 12, 1), datetime.date(2024, 1, 1)]
    """
    out = []
    month = month_start(first)
    while month <= last:
        out.append(month)
        month = month_start(month.replace(day=28) + datetime.timedelta(days=4))
    return out


def table_xlsx(table: UrbanEmploymentTable) -> bytes:
    """The table as an Excel workbook (every text cell formula-safe)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "城镇新增就业"
    header = ["区县代码", "区县", *(f"{m:%Y-%m}" for m in table.months), "合计"]
    sheet.append([formula_safe(h) for h in header])
    for code, name, values, total in table.rows():
        sheet.append([formula_safe(code), formula_safe(name), *values, total])
    sheet.append(["", "合计", *(table.totals[m] for m in table.months), sum(table.totals.values())])
    sheet.append([])
    sheet.append(
        [
            formula_safe("统计口径"),
            formula_safe("措施（十五）：灵活就业人员劳动收入达到当地最低工资标准且依法参加社会保险"),
        ]
    )
    dates = "；".join(f"{m:%Y-%m} 按 {on} 的登记信息" for m, on in table.evaluated_on.items())
    sheet.append([formula_safe("统计日期"), formula_safe(dates)])
    sheet.append([formula_safe("规则版本"), formula_safe(table.rules_version)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
