"""Help for flexible workers in hardship (十四): the 2020 pension months left unpaid, and households that
meet the temporary-assistance conditions.

Months unpaid in 2020 are recorded only for individual contributors (flexible workers insured as
individuals) whose flexible work had begun by the end of 2020, and never more than the months of 2020
from the month it began (and up to the reference date, for a population dated in 2020).
Temporary assistance is for a few low-income households, likelier where a hardship is already known.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np

from linghuo.population.draws import NO_DATE, Bools, Ints, between, chance, day_number
from linghuo.population.groups import Groups
from linghuo.population.work import Work

_YEAR_2020 = (day_number(datetime.date(2020, 1, 1)), day_number(datetime.date(2020, 12, 31)))
_MONTHS_UNPAID_SHARE = 0.10  # of the individual contributors who could have missed months of 2020
_ALL_YEAR_UNPAID_SHARE = 0.2  # of those, the ones who paid nothing in 2020

# Temporary assistance (临时救助): low income is under 1,500 CNY a month (fen); the chance is higher with a
# known hardship (低保, disability, a zero-employment or 特困职工 family).
_LOW_INCOME_FEN = 150_000
_ASSISTANCE_WITH_HARDSHIP, _ASSISTANCE_LOW_INCOME = 0.25, 0.03


@dataclass(frozen=True, slots=True)
class HardshipRelief:
    pension_months_unpaid_2020: Ints
    temporary_assistance_conditions: Bools


def _month_number(days: Ints) -> Ints:
    """Months since January 1970 of a day number."""
    months: Ints = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months


def months_of_2020_from(since: Ints, as_of: int) -> Ints:
    """Calendar months of 2020 from the month of ``since`` (NO_DATE: none) to the reference date's.

    >>> import numpy as np
    >>> months_of_2020_from(np.array([day_number(datetime.date(2020, 11, 30)), NO_DATE]),
    ...                     day_number(datetime.date(2026, 1, 1))).tolist()
    [2, 0]
    """
    start = np.maximum(np.where(since != NO_DATE, since, _YEAR_2020[1] + 1), _YEAR_2020[0])
    end = min(as_of, _YEAR_2020[1])
    months = _month_number(np.full_like(start, end)) - _month_number(start) + 1
    return np.where(start <= end, np.clip(months, 0, 12), 0)


def draw_hardship_relief(
    rng: np.random.Generator, work: Work, groups: Groups, *, flexible_since: Ints, as_of: int
) -> HardshipRelief:
    """Months unpaid in 2020 for some individual contributors; temporary-assistance conditions."""
    n = work.form.shape[0]
    possible = np.where(
        work.flexible & work.social_insurance_enrolled, months_of_2020_from(flexible_since, as_of), 0
    )
    missed = (possible > 0) & chance(rng, _MONTHS_UNPAID_SHARE, n)
    months = np.where(chance(rng, _ALL_YEAR_UNPAID_SHARE, n), possible, between(rng, 1, possible + 1, n))
    member = groups.member
    hardship = (
        member["dibao"]
        | member["disabled"]
        | member["zero_employment_household"]
        | member["special_hardship_worker_family"]
    )
    low_income = work.monthly_income_fen < _LOW_INCOME_FEN
    assistance_p = np.where(hardship, _ASSISTANCE_WITH_HARDSHIP, _ASSISTANCE_LOW_INCOME)
    return HardshipRelief(
        pension_months_unpaid_2020=np.where(missed, months, 0),
        temporary_assistance_conditions=low_income & chance(rng, assistance_p, n),
    )
