"""最低工资标准 — the monthly and hourly minimum wage by tier, division of work and date.

Used by （十五） "劳动收入达到当地最低工资标准" and by the gig market's minimum pay (（十三）).
Jiangsu fixes three tiers; each division of the city sits in one (parameters.md §1). The wage excludes
overtime pay, special-condition allowances and statutory welfare.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from linghuo import divisions
from linghuo.policy.dsl import Measure, derived
from linghuo.policy.expressions import Facts, by_key
from linghuo.policy.parameters import ParameterSet, Params
from linghuo.policy.parameters import load as load_parameters

P = "minimum_wage"

measure = Measure(
    "minimum_wage", clause="十五", title="最低工资标准", title_en="Minimum wage", kind="platform"
)


@derived("minimum_wage_tier")
def tier(f: Facts, p: Params) -> pl.Expr:
    """The tier of the division of work (null outside the city)."""
    return by_key(f.work_county, p.keyed(f"{P}.tier"), pl.Int64())


@derived("minimum_wage_monthly")
def monthly(f: Facts, p: Params) -> pl.Expr:
    """The monthly minimum wage in fen where the person works, on ``p.on``."""
    return by_key(tier(f, p).cast(pl.String), p.keyed(f"{P}.monthly"), pl.Int64())


@derived("minimum_wage_hourly")
def hourly(f: Facts, p: Params) -> pl.Expr:
    """The hourly minimum wage for part-time work, in fen."""
    return by_key(tier(f, p).cast(pl.String), p.keyed(f"{P}.hourly"), pl.Int64())


@measure.condition(
    "division_has_tier", label="就业地有最低工资档次", label_en="the division of work has a tier"
)
def division_has_tier(f: Facts, p: Params) -> pl.Expr:
    return tier(f, p).is_not_null()


@measure.amount
def amount(f: Facts, p: Params) -> pl.Expr:
    """The monthly minimum wage, in fen."""
    return monthly(f, p)


@measure.figure("tier", label="档次", label_en="tier", kind="count")
def tier_figure(f: Facts, p: Params) -> pl.Expr:
    return tier(f, p)


@measure.figure("hourly", label="小时最低工资", label_en="hourly minimum wage")
def hourly_figure(f: Facts, p: Params) -> pl.Expr:
    return hourly(f, p)


@dataclass(frozen=True, slots=True)
class MinimumWage:
    division: str
    on: dt.date
    tier: int
    monthly_fen: int
    hourly_fen: int


def minimum_wage_on(division: str, on: dt.date, params: ParameterSet | None = None) -> MinimumWage:
    """The minimum wage of a division of the city on a date (from 2018-08-01).

    >>> minimum_wage_on("320706", dt.date(2021, 8, 1)).monthly_fen
    207000
    """
    p = (params if params is not None else load_parameters()).at(on)
    county = divisions.current_county_code(division)
    t = int(p.keyed(f"{P}.tier")[county])
    return MinimumWage(
        division, on, t, int(p.keyed(f"{P}.monthly")[str(t)]), int(p.keyed(f"{P}.hourly")[str(t)])
    )
