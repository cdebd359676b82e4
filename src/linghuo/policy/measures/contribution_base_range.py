"""（十一）畅通灵活就业参保渠道 — the year's contribution base range for an individual contributor.

"以个人身份参加企业职工基本养老保险的个体工商户和灵活就业人员，缴费基数可在公布的当年缴费基数上下限之间
选择适当档次的缴费工资基数。"

Readings: an individual contributor is a flexible worker (个体工商户 included) working in the city, where
they enrol (十一); the decision gives the year's lower and upper monthly base (parameters.md §3) as
``amount_min_fen``/``amount_max_fen`` and the monthly premium at each at the pension rate, floored to the
fen. Where a year's bases are not known (2021, 2022) the decision gives none and flags them.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

P = "contribution_base_range"

measure = Measure(
    "contribution_base_range",
    clause="十一",
    title="个人身份参保缴费基数上下限",
    title_en="Contribution base range for an individual contributor",
    rounding_zh="月缴费额为缴费基数乘以缴费比例，向下取整到分",
    rounding_en="the monthly premium is the base times the rate, floored to the fen",
)


@measure.condition(
    "flexible_employment",
    label="以个人身份参保的个体工商户或灵活就业人员",
    label_en="a self-employed or flexible worker contributing as an individual",
)
def flexible_employment(f: Facts, p: Params) -> pl.Expr:
    # "以个人身份参加企业职工基本养老保险的个体工商户和灵活就业人员"
    return f.flexible_worker


@measure.condition(
    "works_in_city", label="在本市灵活就业（在本市参保）", label_en="works in the city (enrolled here)"
)
def works_in_city(f: Facts, p: Params) -> pl.Expr:
    return f.works_in_city


def base(p: Params, which: str) -> pl.Expr:
    """The year's lower or upper monthly base in fen; null where nobody has confirmed it."""
    # "公布的当年缴费基数上下限"
    return pl.lit(p.money_if_known(f"{P}.{which}_monthly"), pl.Int64)


@measure.amount_min
def lower(f: Facts, p: Params) -> pl.Expr:
    return base(p, "lower")


@measure.amount_max
def upper(f: Facts, p: Params) -> pl.Expr:
    return base(p, "upper")


def premium(p: Params, which: str) -> pl.Expr:
    rate = p.ratio(f"{P}.rate")
    return (base(p, which) * rate.numerator) // rate.denominator


@measure.figure("rate", label="缴费比例", label_en="contribution rate", kind="ratio")
def rate_figure(f: Facts, p: Params) -> pl.Expr:
    return pl.lit(f"{float(p.ratio(f'{P}.rate')):.0%}")


@measure.figure(
    "premium_at_lower", label="按下限缴费的月缴费额", label_en="monthly premium on the lower base"
)
def premium_at_lower(f: Facts, p: Params) -> pl.Expr:
    return premium(p, "lower")


@measure.figure(
    "premium_at_upper", label="按上限缴费的月缴费额", label_en="monthly premium on the upper base"
)
def premium_at_upper(f: Facts, p: Params) -> pl.Expr:
    return premium(p, "upper")


@measure.note(
    "choose_between",
    text="缴费基数可在公布的当年上下限之间选择适当档次。",
    text_en="Choose a base between the year's published lower and upper bases.",
)
def choose_between(f: Facts, p: Params) -> pl.Expr:
    # "可在公布的当年缴费基数上下限之间选择适当档次的缴费工资基数"
    return pl.lit(True)


@measure.note(
    "bases_not_known",
    text="当年缴费基数上下限未找到可用来源，请以社会保险经办机构公布的为准。",
    text_en="The year's bases could not be confirmed: the social-insurance agency's published figures apply.",
)
def bases_not_known(f: Facts, p: Params) -> pl.Expr:
    return base(p, "lower").is_null() | base(p, "upper").is_null()
