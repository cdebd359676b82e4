"""（一）鼓励个体经营发展 — tax relief for key groups running an individual business.

"对符合条件的高校毕业生、登记失业人员等重点群体从事个体经营的，按规定给予税收优惠。"

"按规定" is the national rule: 财税〔2019〕22号, then from 2023-01-01 公告2023年第15号 (in force to
2027-12-31): taxes are reduced up to a yearly limit per household for 3 years; a province may raise the
national limit by up to 20 %. Jiangsu chose 14,400 CNY under the first (苏财税〔2019〕24号); its choice
under the second was not found.

Readings:

- The key groups are those the clause names: a college graduate (has left college on or before the
  date) and a registered unemployed person, which by Jiangsu's definition includes a certified
  就业困难人员. "等" is not widened: the tax rules' own list of key groups is not recorded in
  parameters.md; a group found there becomes a new alternative.
- Running an individual business: the form of work or the kind of business the person runs.
- The 3 years are read as 36 calendar months counted from the month the business was founded.
- The relief deducts taxes actually due, so the decision gives a cap (``amount_max_fen``), not an
  amount: Jiangsu's limit where it is known; otherwise the most any province may set (national limit
  plus the largest increase, floored to the fen), with Jiangsu's parameter flagged unconfirmed.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import MONTHS_PER_YEAR, Facts, month_index
from linghuo.policy.facts import BusinessKind, EmploymentForm
from linghuo.policy.parameters import Params

P = "individual_business_tax_relief"

measure = Measure(
    "individual_business_tax_relief",
    clause="一",
    title="重点群体从事个体经营税收优惠",
    title_en="Tax relief for key groups running an individual business",
    rounding_zh="每户每年扣减限额；江苏标准未确认时按全国标准上浮上限计，向下取整到分",
    rounding_en="a yearly limit per household; where Jiangsu's is not known, the national limit with the "
    "largest increase, floored to the fen",
)


key_group = measure.any_of(
    "key_group",
    label="高校毕业生或登记失业人员等重点群体",
    label_en="a college graduate or a registered unemployed person",
)


@key_group.alternative("college_graduate", label="高校毕业生", label_en="a college graduate")
def college_graduate(f: Facts, p: Params) -> pl.Expr:
    # "符合条件的高校毕业生"
    return f.college_left_on <= pl.lit(p.on)


@key_group.alternative("registered_unemployed", label="登记失业人员", label_en="registered unemployed")
def registered_unemployed(f: Facts, p: Params) -> pl.Expr:
    # "登记失业人员"
    return f.registered_unemployed


@key_group.alternative(
    "hard_to_employ",
    label="就业困难人员（属登记失业人员）",
    label_en="certified hard to employ (a registered unemployed person)",
)
def hard_to_employ(f: Facts, p: Params) -> pl.Expr:
    # 苏人社规〔2020〕2号: a 就业困难人员 is a registered unemployed person
    return f.hard_to_employ_on(p.on)


@measure.condition("individual_business", label="从事个体经营", label_en="runs an individual business")
def individual_business(f: Facts, p: Params) -> pl.Expr:
    # "从事个体经营的"
    return (f.employment_form.cast(pl.String) == EmploymentForm.INDIVIDUAL_BUSINESS) | (
        f.business_kind.cast(pl.String) == BusinessKind.INDIVIDUAL_BUSINESS
    ).fill_null(False)


@measure.condition(
    "within_relief_years",
    label="在创业主体成立当月起的享受年限内",
    label_en="within the years of relief from the month the business was founded",
)
def within_relief_years(f: Facts, p: Params) -> pl.Expr:
    # "按规定": 3 years (36 months) from the month of registration
    months = month_index(pl.lit(p.on)) - month_index(f.business_founded_on)
    limit = p.integer(f"{P}.relief_years") * MONTHS_PER_YEAR
    return (f.business_founded_on <= pl.lit(p.on)) & (months < limit)


@measure.condition("relief_in_force", label="税收优惠政策在执行期内", label_en="the tax relief is in force")
def relief_in_force(f: Facts, p: Params) -> pl.Expr:
    # "按规定给予税收优惠": only while the tax rule is in force
    ends_on = p.entry(f"{P}.relief_ends_on").value  # the last day in force, a date
    return pl.lit(p.on <= ends_on)


def national_limit(p: Params) -> int:
    return p.money(f"{P}.national_annual_limit")


@measure.amount_max
def yearly_cap(f: Facts, p: Params) -> pl.Expr:
    """Jiangsu's yearly limit, or where not known the national limit with the largest increase."""
    jiangsu = p.money_if_known(f"{P}.jiangsu_annual_limit")
    if jiangsu is not None:
        return pl.lit(jiangsu, pl.Int64)
    # "最高可上浮20%": the most a province may set, floored to the fen
    increase = p.ratio(f"{P}.provincial_increase_max")
    most = national_limit(p) * (increase.denominator + increase.numerator) // increase.denominator
    return pl.lit(most, pl.Int64)


@measure.figure("national_annual_limit", label="全国每户每年扣减限额", label_en="national yearly limit")
def national_figure(f: Facts, p: Params) -> pl.Expr:
    return pl.lit(national_limit(p), pl.Int64)


@measure.figure("founded_on", label="创业主体成立日期", label_en="business founded on", kind="date")
def founded_figure(f: Facts, p: Params) -> pl.Expr:
    return f.business_founded_on
