"""Casework deadlines in Chinese working days (``chinesecalendar``: public holidays and the make-up
working days on weekends), each a dated parameter with its source (``benefits/parameters``).

>>> import datetime
>>> add_working_days(datetime.date(2026, 9, 30), 3)  # 国庆 1–7 Oct off, Saturday 10 Oct worked
datetime.date(2026, 10, 10)
"""

from __future__ import annotations

import datetime
from functools import cache
from importlib import resources

import chinese_calendar

from linghuo.policy.parameters import ParameterSet, Params, load_folder

MAX_SPAN_DAYS = 800  # a guard against a loop over a calendar that has no working day


class CalendarMissingError(ValueError):
    """The working-day calendar has no data for the year (``chinesecalendar`` covers published years)."""

    def __init__(self, day: datetime.date) -> None:
        self.chinese = f"工作日历尚无 {day.year} 年的数据，无法计算办理时限；请更新 chinesecalendar"
        self.english = f"the working-day calendar has no data for {day.year}; update chinesecalendar"
        super().__init__(f"{self.chinese} / {self.english}")


@cache
def casework_parameters() -> ParameterSet:
    return load_folder(resources.files("linghuo.benefits").joinpath("parameters"))


def casework_params(on: datetime.date) -> Params:
    """The casework parameters in force on ``on`` (names ``casework.<name>``)."""
    return casework_parameters().at(on)


def is_working_day(day: datetime.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        raise CalendarMissingError(day) from None


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if (day - start).days > MAX_SPAN_DAYS:
            raise CalendarMissingError(day)
        if is_working_day(day):
            counted += 1
    return day


def working_days_after(start: datetime.date, end: datetime.date) -> int:
    """The working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day)
    return count


def review_due_on(submitted_on: datetime.date) -> datetime.date:
    days = casework_params(submitted_on).integer("casework.review_working_days")
    return add_working_days(submitted_on, days)


def reconsideration_due_on(requested_on: datetime.date) -> datetime.date:
    days = casework_params(requested_on).integer("casework.reconsideration_working_days")
    return add_working_days(requested_on, days)


def reconsideration_window_ends(rejected_on: datetime.date) -> datetime.date:
    """The last day the applicant may ask for reconsideration of a rejection made on ``rejected_on``."""
    days = casework_params(rejected_on).integer("casework.reconsideration_window_working_days")
    return add_working_days(rejected_on, days)


def offer_expires_on(offered_on: datetime.date) -> datetime.date:
    days = casework_params(offered_on).integer("casework.offer_validity_days")
    return offered_on + datetime.timedelta(days=days)
