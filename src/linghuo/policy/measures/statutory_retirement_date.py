"""法定退休年龄 — the statutory retirement date, under the reform in force from 2025-01-01.

Used by （十二）: "就业困难人员 … 距法定退休年龄不足5年的，可延长至退休" (parameters.md §6).

全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定: "从2025年1月1日起，男职工和原法定退休
年龄为五十五周岁的女职工，法定退休年龄每四个月延迟一个月，分别逐步延迟至六十三周岁和五十八周岁；原法定
退休年龄为五十周岁的女职工，法定退休年龄每二个月延迟一个月，逐步延迟至五十五周岁。"

The category is ``male`` for men; for women, the parameter ``statutory_retirement_date.female_category``
(``female_55`` or ``female_50``: which applies to women in flexible employment is unconfirmed).
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure, derived
from linghuo.policy.expressions import MONTHS_PER_YEAR, Facts, add_months, by_key, month_index
from linghuo.policy.facts import Sex
from linghuo.policy.parameters import Params

P = "statutory_retirement_date"

measure = Measure(
    "statutory_retirement_date",
    clause="十二",
    title="法定退休日期",
    title_en="Statutory retirement date",
    kind="platform",
)


def category(f: Facts, p: Params) -> pl.Expr:
    """``male``, or the women's category set by the parameter."""
    return (
        pl.when(f.sex.cast(pl.String) == Sex.MALE)
        .then(pl.lit("male"))
        .when(f.sex.cast(pl.String) == Sex.FEMALE)
        .then(pl.lit(p.text(f"{P}.female_category")))
    )


def delay_months(f: Facts, p: Params) -> pl.Expr:
    """Months of delay: one per ``birth_months_per_month_of_delay`` months of birth from the first
    delayed birth month (that month itself already one), up to ``maximum_delay_months``."""
    cat = category(f, p)
    first = {
        k: v.year * MONTHS_PER_YEAR + v.month - 1
        for k, v in p.keyed(f"{P}.first_delayed_birth_month").items()
    }
    months_from_first = month_index(f.birth_date) - by_key(cat, first, pl.Int32())
    step = by_key(cat, p.keyed(f"{P}.birth_months_per_month_of_delay"), pl.Int32())
    cap = by_key(cat, p.keyed(f"{P}.maximum_delay_months"), pl.Int32())
    # general rule: the original age; exception: born in or after the first delayed month
    return (
        pl.when(months_from_first >= 0)
        .then(pl.min_horizontal(months_from_first // step + 1, cap))
        .otherwise(pl.lit(0, pl.Int32))
    )


@derived("retirement_date")
def retirement_date(f: Facts, p: Params) -> pl.Expr:
    """The date the person reaches the statutory retirement age (null without birth date or sex)."""
    cat = category(f, p)
    original_years = by_key(cat, p.keyed(f"{P}.original_age_years"), pl.Int32())
    return add_months(f.birth_date, original_years * MONTHS_PER_YEAR + delay_months(f, p))


@measure.condition(
    "birth_date_and_sex_known", label="已知出生日期和性别", label_en="birth date and sex are known"
)
def known(f: Facts, p: Params) -> pl.Expr:
    return f.birth_date.is_not_null() & f.sex.is_not_null()


@measure.months
def months(f: Facts, p: Params) -> pl.Expr:
    """The delay, in months, beyond the original retirement age."""
    return delay_months(f, p)


@measure.figure("retirement_date", label="法定退休日期", label_en="statutory retirement date", kind="date")
def date_figure(f: Facts, p: Params) -> pl.Expr:
    return retirement_date(f, p)


@measure.figure("category", label="退休年龄类别", label_en="retirement category", kind="text")
def category_figure(f: Facts, p: Params) -> pl.Expr:
    return category(f, p)
