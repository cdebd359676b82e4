"""（十四）帮扶困难灵活就业人员 — referring a flexible worker in hardship to 低保 or temporary assistance.

"对符合条件的灵活就业人员，及时按规定纳入最低生活保障、临时救助范围。"

Readings: "符合条件" is the civil-affairs rules' own test, recorded as facts: ``dibao`` (the household
meets, or has been found to meet, the 低保 conditions) and ``temporary_assistance_conditions``; either
suffices. The decision is a referral to civil affairs, which decides under its rules.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

measure = Measure(
    "basic_assistance_referral",
    clause="十四",
    title="困难灵活就业人员纳入最低生活保障、临时救助",
    title_en="Referral to the minimum living allowance or temporary assistance",
)


@measure.condition("flexible_employment", label="灵活就业人员", label_en="in flexible employment")
def flexible_employment(f: Facts, p: Params) -> pl.Expr:
    # "对符合条件的灵活就业人员"
    return f.flexible_worker


assistance_conditions = measure.any_of(
    "assistance_conditions",
    label="家庭符合最低生活保障或临时救助条件",
    label_en="the household meets the minimum-living-allowance or temporary-assistance conditions",
)


@assistance_conditions.alternative(
    "dibao", label="符合最低生活保障条件", label_en="meets the minimum-living-allowance (dibao) conditions"
)
def dibao(f: Facts, p: Params) -> pl.Expr:
    # "纳入最低生活保障…范围"
    return f.dibao


@assistance_conditions.alternative(
    "temporary_assistance", label="符合临时救助条件", label_en="meets the temporary-assistance conditions"
)
def temporary_assistance(f: Facts, p: Params) -> pl.Expr:
    # "纳入…临时救助范围"
    return f.temporary_assistance_conditions


@measure.note(
    "refer_to_civil_affairs",
    text="转介民政部门，按规定及时纳入最低生活保障或临时救助范围。",
    text_en="Refer to civil affairs, which includes the household under its rules without delay.",
)
def refer_to_civil_affairs(f: Facts, p: Params) -> pl.Expr:
    # "及时按规定纳入"
    return pl.lit(True)
