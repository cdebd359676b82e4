"""（十四）帮扶困难灵活就业人员 — making up the 2020 pension months missed for hardship.

"以个人身份参加企业职工基本养老保险的个体工商户和各类灵活就业人员，对2020年因缴费困难未缴费月度，可于
2021年年底前进行补缴，缴费年限累计计算，缓缴期间免收滞纳金。"

Readings: an individual contributor is a flexible worker (个体工商户 included) in the city who is insured
(``social_insurance_enrolled``), as of the evaluation date; the months are those the person declares
unpaid in 2020 for hardship (``pension_months_unpaid_2020``, at most 12); "2021年年底前" includes
31 December 2021 (the parameter ``window_end``): from 1 January 2022 the makeup is closed (the decision's
status says so: it is no longer something a person can do).
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

P = "pension_arrears_makeup_2020"

measure = Measure(
    "pension_arrears_makeup_2020",
    clause="十四",
    title="2020年未缴养老保险费补缴",
    title_en="Making up the 2020 pension months missed for hardship",
)


def last_day(p: Params) -> pl.Expr:
    """The last day of the makeup window (a date parameter, read through its dated entry)."""
    return pl.lit(p.entry(f"{P}.window_end").value, pl.Date)


@measure.condition(
    "individual_contributor",
    label="以个人身份参加企业职工基本养老保险的个体工商户或灵活就业人员",
    label_en="a self-employed or flexible worker insured as an individual",
)
def individual_contributor(f: Facts, p: Params) -> pl.Expr:
    # "以个人身份参加企业职工基本养老保险的个体工商户和各类灵活就业人员"
    return f.flexible_worker & f.social_insurance_enrolled


@measure.condition(
    "works_in_city", label="在本市灵活就业（在本市参保）", label_en="works in the city (enrolled here)"
)
def works_in_city(f: Facts, p: Params) -> pl.Expr:
    return f.works_in_city


@measure.condition(
    "months_missed",
    label="2020年有因缴费困难未缴费的月度",
    label_en="months of 2020 left unpaid for hardship",
)
def months_missed(f: Facts, p: Params) -> pl.Expr:
    # "对2020年因缴费困难未缴费月度"
    return f.pension_months_unpaid_2020 > 0


@measure.condition(
    "within_window",
    label="在2021年年底前补缴",
    label_en="made up by the end of 2021",
    outcome="closed",
    failed_label="补缴期限已于2021年年底截止，现已不能补缴",
    failed_label_en="the make-up window closed at the end of 2021: the months can no longer be made up",
)
def within_window(f: Facts, p: Params) -> pl.Expr:
    # "可于2021年年底前进行补缴"
    return pl.lit(p.on) <= last_day(p)


@measure.months
def months(f: Facts, p: Params) -> pl.Expr:
    """The 2020 months that may be made up."""
    return f.pension_months_unpaid_2020


@measure.note(
    "years_counted",
    text="补缴后缴费年限累计计算。",
    text_en="The months made up count towards the contribution years.",
)
def years_counted(f: Facts, p: Params) -> pl.Expr:
    # "缴费年限累计计算"
    return pl.lit(True)


@measure.note(
    "no_late_fee",
    text="缓缴期间免收滞纳金。",
    text_en="No late fee is charged for the deferred months.",
)
def no_late_fee(f: Facts, p: Params) -> pl.Expr:
    # "缓缴期间免收滞纳金"
    return pl.lit(True)


@measure.figure("window_end", label="补缴截止日", label_en="last day to make up", kind="date")
def window_end(f: Facts, p: Params) -> pl.Expr:
    return last_day(p)
