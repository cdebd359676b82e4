"""Chinese working days, for every deadline the policy counts in them (四: "2个工作日内办结"; casework).

A working day is a weekday that is not a statutory holiday, or a weekend day the State Council's
arrangement makes a working day (调休上班). The arrangement for a year is published each November by the
General Office of the State Council. Two sources, in order:

1. ``holidays.yaml`` beside this module: arrangements the bureau enters as soon as they are published,
   each year with its notice as source. It wins over the package for its year.
2. ``chinesecalendar``, which carries the arrangements published before its release.

A year in neither is **provisional**: Monday to Friday count, holidays unknown. ``is_working_day`` then
answers by the weekday and ``year_is_published`` says so, so that a caller shows the deadline as
provisional ("节假日安排未公布，按周一至周五计") instead of stopping the bureau's work on 1 January; a
caller that must be exact passes ``strict=True`` and gets :class:`CalendarDataError`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import chinese_calendar
import yaml

ONE_DAY = dt.timedelta(days=1)
MAX_SPAN_DAYS = 800  # a guard against a loop over a calendar with no working day


class CalendarDataError(ValueError):
    """No published holiday arrangement for the year asked, and the caller wanted an exact answer."""

    def __init__(self, day: dt.date) -> None:
        self.chinese = (
            f"节假日数据不含 {day.year} 年：请在 policy/holidays.yaml 录入当年安排，或升级 chinesecalendar"
        )
        self.english = (
            f"the holiday calendar has no data for {day.year}: enter the year's arrangement in "
            "policy/holidays.yaml, or upgrade chinesecalendar"
        )
        super().__init__(f"{self.chinese} / {self.english}")


@dataclass(frozen=True)
class Arrangement:
    """One year's published arrangement: days off on weekdays, working days on weekends, its notice."""

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str


def parse_arrangements(data: Any) -> dict[int, Arrangement]:
    """The arrangements of a ``holidays.yaml`` document: ``{"years": {YEAR: {source, holidays, …}}}``."""
    years = (data or {}).get("years") or {}
    out: dict[int, Arrangement] = {}
    for year, entry in years.items():
        source = str(entry.get("source") or "").strip()
        if not source:
            raise ValueError(f"holidays.yaml: {year} needs the notice it comes from (source)")
        days = {key: frozenset(entry.get(key) or ()) for key in ("holidays", "workdays")}
        for key, values in days.items():
            wrong = [d for d in values if not isinstance(d, dt.date) or d.year != int(year)]
            if wrong:
                raise ValueError(f"holidays.yaml: {year} {key} has dates outside the year: {wrong}")
        out[int(year)] = Arrangement(int(year), days["holidays"], days["workdays"], source)
    return out


@cache
def arrangements() -> dict[int, Arrangement]:
    text = resources.files("linghuo.policy").joinpath("holidays.yaml").read_text(encoding="utf-8")
    return parse_arrangements(yaml.safe_load(text))


@cache
def _package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 30))
    except NotImplementedError:
        return False
    return True


def year_is_published(year: int) -> bool:
    """Whether the holiday arrangement of ``year`` is known (else its working days are provisional)."""
    return year in arrangements() or _package_covers(year)


def is_working_day(day: dt.date, *, strict: bool = False) -> bool:
    """A working day in China; by the weekday alone in a year not yet published (unless ``strict``)."""
    arrangement = arrangements().get(day.year)
    if arrangement is not None:
        if day in arrangement.workdays:
            return True
        return day.weekday() < 5 and day not in arrangement.holidays
    if _package_covers(day.year):
        return bool(chinese_calendar.is_workday(day))
    if strict:
        raise CalendarDataError(day)
    return day.weekday() < 5


def add_working_days(start: dt.date, days: int, *, strict: bool = False) -> dt.date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted).

    >>> add_working_days(dt.date(2026, 9, 30), 3)  # 国庆 1–7 Oct off, Saturday 10 Oct worked
    datetime.date(2026, 10, 10)
    """
    day, counted = start, 0
    while counted < days:
        day += ONE_DAY
        if (day - start).days > MAX_SPAN_DAYS:
            raise CalendarDataError(day)
        counted += is_working_day(day, strict=strict)
    return day


def working_days_after(start: dt.date, end: dt.date, *, strict: bool = False) -> int:
    """The working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    count, day = 0, start
    while day < end:
        day += ONE_DAY
        count += is_working_day(day, strict=strict)
    return count


def span_is_published(start: dt.date, end: dt.date) -> bool:
    """Whether every year from ``start`` to ``end`` has a published arrangement (the count is exact)."""
    return all(year_is_published(year) for year in range(start.year, end.year + 1))
