"""（四）放宽灵活就业准入限制 — a business registration is completed within 2 working days.

"全面实行各类市场主体开办“一表填报”“一网通办”，2个工作日内办结。"

Working days follow the State Council's holiday arrangements (statutory holidays off, make-up working
days on), from the ``chinesecalendar`` package. It carries the arrangements only up to the year of its
release: a date beyond its data raises :class:`CalendarDataError` rather than counting weekends only.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar

from linghuo.policy.dsl import PlatformRule
from linghuo.policy.parameters import ParameterSet
from linghuo.policy.parameters import load as load_parameters

P = "registration_deadline"
ONE_DAY = dt.timedelta(days=1)


class CalendarDataError(ValueError):
    """The holiday calendar has no data for the year asked."""


def is_working_day(day: dt.date) -> bool:
    """A working day in China: not a weekend or statutory holiday, or a make-up working day."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise CalendarDataError(
            f"节假日数据不含 {day.year} 年，请升级 chinesecalendar / "
            f"the holiday calendar has no data for {day.year}: upgrade chinesecalendar"
        ) from None


def registration_due(filed_on: dt.date, params: ParameterSet | None = None) -> dt.date:
    """The date a registration filed on ``filed_on`` must be completed: the 2nd working day after it.

    >>> registration_due(dt.date(2024, 9, 30))  # 国庆: 1–7 October off
    datetime.date(2024, 10, 9)
    """
    working_days = (
        (params if params is not None else load_parameters()).at(filed_on).integer(f"{P}.working_days")
    )
    day, counted = filed_on, 0
    while counted < working_days:
        day += ONE_DAY
        counted += is_working_day(day)
    return day


rule = PlatformRule(
    "registration_deadline",
    clause="四",
    title="市场主体开办办结时限",
    title_en="Business registration deadline",
    compute=registration_due,
    parameters=(f"{P}.working_days",),
)
