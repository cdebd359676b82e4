"""Casework deadlines in Chinese working days (:mod:`linghuo.policy.workdays`: public holidays and the
make-up working days on weekends), each a dated parameter with its source (``benefits/parameters``).

A deadline that falls in a year whose holiday arrangement is not published yet is counted Monday to
Friday and is *provisional* (``is_provisional``): casework goes on from 1 January, and the page says so.

>>> import datetime
>>> add_working_days(datetime.date(2026, 9, 30), 3)  # 国庆 1–7 Oct off, Saturday 10 Oct worked
datetime.date(2026, 10, 10)
"""

from __future__ import annotations

import datetime
from functools import cache
from importlib import resources

from linghuo.policy import workdays
from linghuo.policy.parameters import ParameterSet, Params, load_folder
from linghuo.policy.workdays import add_working_days, working_days_after

__all__ = ["add_working_days", "is_provisional", "working_days_after"]

PROVISIONAL_ZH = "节假日安排尚未公布，时限暂按周一至周五计算"
PROVISIONAL_EN = "holidays not yet published: the deadline counts Monday to Friday for now"


def is_provisional(start: datetime.date, due: datetime.date) -> bool:
    """Whether a deadline from ``start`` to ``due`` crosses a year without a published arrangement."""
    return not workdays.span_is_published(start, due)


@cache
def casework_parameters() -> ParameterSet:
    return load_folder(resources.files("linghuo.benefits").joinpath("parameters"))


def casework_params(on: datetime.date) -> Params:
    """The casework parameters in force on ``on`` (names ``casework.<name>``)."""
    return casework_parameters().at(on)


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
