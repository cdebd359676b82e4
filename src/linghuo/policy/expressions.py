"""Vectorised building blocks the measures share: the facts as columns, dates, keyed parameters.

Everything here returns Polars expressions, so one definition serves one person and a frame.

>>> import polars as pl
>>> frame = pl.DataFrame({"d": [dt.date(2020, 2, 29)]})
>>> frame.select(  # the 2nd anniversary of 29 February is 1 March
...     before=within_years(pl.col("d"), 2, dt.date(2022, 2, 28)),
...     on=within_years(pl.col("d"), 2, dt.date(2022, 3, 1)),
... ).row(0)
(True, False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import polars as pl

from linghuo import divisions
from linghuo.policy.facts import FACT_NAMES, FLEXIBLE_FORMS


def _month_day(expr: pl.Expr) -> pl.Expr:
    return expr.dt.month().cast(pl.Int32) * 100 + expr.dt.day().cast(pl.Int32)


def elapsed_years(start: pl.Expr, on: dt.date) -> pl.Expr:
    """Whole years from ``start`` to ``on`` (an age, a time since leaving college).

    An anniversary falls on the same month and day; a 29 February's falls on 1 March in a common
    year (the comparison of month×100+day does exactly that).
    """
    not_yet = pl.lit(on.month * 100 + on.day, pl.Int32) < _month_day(start)
    return pl.lit(on.year, pl.Int32) - start.dt.year().cast(pl.Int32) - not_yet.cast(pl.Int32)


def within_years(start: pl.Expr, years: int, on: dt.date) -> pl.Expr:
    """``on`` falls from ``start`` up to, not including, its ``years``-th anniversary."""
    return (start <= pl.lit(on)) & (elapsed_years(start, on) < years)


def add_months(start: pl.Expr, months: pl.Expr) -> pl.Expr:
    """``start`` plus ``months`` calendar months, the day clamped to the month's length."""
    return start.dt.offset_by(pl.format("{}mo", months.cast(pl.Int32)))


MONTHS_PER_YEAR = 12


def add_years(start: pl.Expr, years: int | pl.Expr) -> pl.Expr:
    """``start`` plus ``years`` years (29 February → 28 February in a common year)."""
    return add_months(
        start, pl.lit(years) * MONTHS_PER_YEAR if isinstance(years, int) else years * MONTHS_PER_YEAR
    )


def months_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Whole calendar months from ``start`` to ``end`` (0 when ``end`` is not after ``start``)."""
    months = (
        (end.dt.year().cast(pl.Int32) * 12 + end.dt.month().cast(pl.Int32))
        - (start.dt.year().cast(pl.Int32) * 12 + start.dt.month().cast(pl.Int32))
        - (end.dt.day().cast(pl.Int32) < start.dt.day().cast(pl.Int32)).cast(pl.Int32)
    )
    return pl.max_horizontal(months, pl.lit(0, pl.Int32))


def month_index(expr: pl.Expr) -> pl.Expr:
    """Months since year 0 (year × 12 + month − 1): a birth month as one integer."""
    return expr.dt.year().cast(pl.Int32) * MONTHS_PER_YEAR + expr.dt.month().cast(pl.Int32) - 1


def by_key(key: pl.Expr, mapping: Mapping[str, Any], dtype: pl.DataType) -> pl.Expr:
    """Look ``key`` up in a keyed parameter; other keys get the ``default`` entry, or null.

    A chain of ``when``/``then`` (keyed parameters have a handful of keys): cheaper than a join or
    ``replace_strict`` for one row, and as fast for millions.
    """
    text = key.cast(pl.String)
    entries = [(k, v) for k, v in mapping.items() if k != "default"]
    default = pl.lit(mapping.get("default"), dtype)
    if not entries:
        return default
    (first_key, first_value), *rest = entries
    chain: Any = pl.when(text == first_key).then(pl.lit(first_value, dtype))
    for k, v in rest:
        chain = chain.when(text == k).then(pl.lit(v, dtype))
    result: pl.Expr = chain.otherwise(default)
    return result


def ratio_by_key(key: pl.Expr, mapping: Mapping[str, Fraction]) -> tuple[pl.Expr, pl.Expr]:
    """A keyed ratio as an exact (numerator, denominator) pair of integer expressions."""
    numerators = {k: Fraction(v).numerator for k, v in mapping.items()}
    denominators = {k: Fraction(v).denominator for k, v in mapping.items()}
    return by_key(key, numerators, pl.Int64()), by_key(key, denominators, pl.Int64())


class Facts:
    """The facts as columns: ``f.si_paid_fen`` is ``pl.col("si_paid_fen")``; plus shared readings."""

    def __getattr__(self, name: str) -> pl.Expr:
        if name in FACT_NAMES:
            return pl.col(name)
        raise AttributeError(f"没有事实 {name!r} / no fact {name!r}")

    @property
    def flexible_worker(self) -> pl.Expr:
        """In flexible employment: individual business, part-time, platform or other flexible work."""
        return pl.col("employment_form").cast(pl.String).is_in(FLEXIBLE_FORMS)

    @property
    def work_county(self) -> pl.Expr:
        """The county of work, a historical code (新浦区, 赣榆县, …) read as its successor."""
        work = county = pl.col("work_division")
        for old, (_, new) in divisions.HISTORICAL_CODES.items():
            county = pl.when(work == old).then(pl.lit(new)).otherwise(county)
        return county

    @property
    def works_in_city(self) -> pl.Expr:
        """Works in the city: a work division code of Lianyungang (3207xx, current or historical)."""
        codes = [divisions.CITY_CODE, *(c.code for c in divisions.counties()), *divisions.HISTORICAL_CODES]
        return pl.col("work_division").is_in(codes)

    @property
    def hukou_in_city(self) -> pl.Expr:
        codes = [divisions.CITY_CODE, *(c.code for c in divisions.counties()), *divisions.HISTORICAL_CODES]
        return pl.col("hukou_division").is_in(codes)

    @property
    def laid_off_or_unemployed(self) -> pl.Expr:
        """下岗失业人员 (五, 九): laid off or transferred (``laid_off_or_transferred``, which holds 转岗职工
        too) or a registered unemployed person. One reading for every measure that names the group."""
        return pl.col("laid_off_or_transferred") | pl.col("registered_unemployed")

    def age_on(self, on: dt.date) -> pl.Expr:
        """Age in whole years on ``on``, from the birth date."""
        return elapsed_years(pl.col("birth_date"), on)

    def hard_to_employ_on(self, on: dt.date) -> pl.Expr:
        """Certified 就业困难人员 on ``on``."""
        return pl.col("hard_to_employ_since") <= pl.lit(on)
