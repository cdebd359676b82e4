"""（四）放宽灵活就业准入限制 — a business registration is completed within 2 working days.

"全面实行各类市场主体开办“一表填报”“一网通办”，2个工作日内办结。"

Working days follow the State Council's holiday arrangements (statutory holidays off, make-up working
days on), from :mod:`linghuo.policy.workdays`. The rule states a legal date, so it is exact or nothing:
a year whose arrangement is not published yet raises :class:`CalendarDataError` rather than counting
weekends only.
"""

from __future__ import annotations

import datetime as dt

from linghuo.policy import workdays
from linghuo.policy.dsl import PlatformRule
from linghuo.policy.parameters import ParameterSet
from linghuo.policy.parameters import load as load_parameters
from linghuo.policy.workdays import CalendarDataError

__all__ = ["CalendarDataError", "registration_due", "rule"]

P = "registration_deadline"


def registration_due(filed_on: dt.date, params: ParameterSet | None = None) -> dt.date:
    """The date a registration filed on ``filed_on`` must be completed: the 2nd working day after it.

    >>> registration_due(dt.date(2024, 9, 30))  # 国庆: 1–7 October off
    datetime.date(2024, 10, 9)
    """
    working_days = (
        (params if params is not None else load_parameters()).at(filed_on).integer(f"{P}.working_days")
    )
    return workdays.add_working_days(filed_on, working_days, strict=True)


rule = PlatformRule(
    "registration_deadline",
    clause="四",
    title="市场主体开办办结时限",
    title_en="Business registration deadline",
    compute=registration_due,
    parameters=(f"{P}.working_days",),
)
