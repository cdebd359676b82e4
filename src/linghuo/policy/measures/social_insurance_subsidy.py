"""（十二）落实灵活就业社保补贴 — social-insurance subsidy for flexible workers.

"对就业困难人员、离校2年内未就业高校毕业生从事非全日制等工作，按其实际缴纳社会保险费不低于1/2，不高于
2/3给予补贴。就业困难人员享受灵活就业社保补贴政策期满仍未实现稳定就业的，根据实际情况将社保补贴享受期限
一次性延长，延长期不超过1年。"

Readings (policy-catalog.md): in flexible employment and premiums actually paid in the claim period;
a graduate while fewer than ``graduate_months`` have been received; a 就业困难人员 while fewer than
``hard_to_employ_months``, or fewer than that plus ``extension_months`` while the one-time extension is
still available (the decision then says so, and the caseworker confirms the person is still not in
stable employment); when fewer than ``years_to_retirement_for_until_retirement`` years to the statutory
retirement date remained on the first approval, until that retirement date. Not while drawing
unemployment benefit. The ratio is a parameter by division of work; amounts are floored to the fen.

The months reported are those of the period the person is in: within the first ``hard_to_employ_months``
what is left of them (the extension only applies later, "期满仍未实现稳定就业的", and only if a caseworker
confirms it, so it is a possible later step the decision names, not months already granted); within the
extension, what is left of it.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts, add_years, months_between, ratio_by_key, within_years
from linghuo.policy.measures.statutory_retirement_date import retirement_date
from linghuo.policy.parameters import Params

P = "social_insurance_subsidy"

measure = Measure(
    "social_insurance_subsidy",
    clause="十二",
    title="灵活就业社会保险补贴",
    title_en="Social-insurance subsidy for flexible workers",
    rounding_zh="按实际缴费乘以补贴比例，向下取整到分",
    rounding_en="premiums paid times the ratio, floored to the fen",
)


# --- who -------------------------------------------------------------------------------------------


def hard_to_employ(f: Facts, p: Params) -> pl.Expr:
    return f.hard_to_employ_on(p.on)


def unemployed_graduate(f: Facts, p: Params) -> pl.Expr:
    # "离校2年内未就业高校毕业生": from the leaving date up to, not including, its 2nd anniversary
    window = p.integer(f"{P}.graduate_window_years")
    return within_years(f.college_left_on, window, p.on) & ~f.employed_since_leaving_college


@measure.condition("flexible_employment", label="从事非全日制等灵活就业", label_en="in flexible employment")
def flexible_employment(f: Facts, p: Params) -> pl.Expr:
    # "从事非全日制等工作"
    return f.flexible_worker


@measure.condition(
    "premiums_paid",
    label="申报期内实际缴纳了社会保险费",
    label_en="premiums actually paid in the claim period",
)
def premiums_paid(f: Facts, p: Params) -> pl.Expr:
    # "按其实际缴纳社会保险费"
    return f.si_paid_fen > 0


target_group = measure.any_of(
    "target_group",
    label="就业困难人员或离校2年内未就业高校毕业生",
    label_en="hard to employ, or a graduate within 2 years of leaving college not yet employed",
)


@target_group.alternative("hard_to_employ", label="已认定的就业困难人员", label_en="certified hard to employ")
def target_hard_to_employ(f: Facts, p: Params) -> pl.Expr:
    # "对就业困难人员"
    return hard_to_employ(f, p)


@target_group.alternative(
    "unemployed_graduate",
    label="离校2年内未就业高校毕业生",
    label_en="a graduate within 2 years of leaving college, not employed since",
)
def target_graduate(f: Facts, p: Params) -> pl.Expr:
    # "离校2年内未就业高校毕业生"
    return unemployed_graduate(f, p)


# --- how long --------------------------------------------------------------------------------------


def first_approval(f: Facts, p: Params) -> pl.Expr:
    """The first approval in this spell: recorded, or — not yet approved — this decision itself."""
    return f.si_first_approved_on.fill_null(pl.lit(p.on))


def near_retirement(f: Facts, p: Params) -> pl.Expr:
    """Fewer than the set years to the statutory retirement date remained on the first approval."""
    years = p.integer(f"{P}.years_to_retirement_for_until_retirement")
    return add_years(first_approval(f, p), years) > retirement_date(f, p)


def extension_available(f: Facts) -> pl.Expr:
    return ~f.si_extension_used


def hard_to_employ_months_left(f: Facts, p: Params) -> pl.Expr:
    """Months left to a 就业困难人员: general rule, its extension, and the near-retirement exception."""
    used = f.si_subsidy_months_used
    period = p.integer(f"{P}.hard_to_employ_months")
    # "期满仍未实现稳定就业的 … 一次性延长，延长期不超过1年"
    extension = pl.when(extension_available(f)).then(p.integer(f"{P}.extension_months")).otherwise(0)
    general = period + extension - used
    # exception: fewer than the set years to retirement at first approval: until the retirement date
    to_retirement = months_between(pl.lit(p.on), retirement_date(f, p))
    months = pl.when(near_retirement(f, p)).then(to_retirement).otherwise(general)
    return pl.when(hard_to_employ(f, p)).then(pl.max_horizontal(months, 0)).otherwise(0)


def graduate_months_left(f: Facts, p: Params) -> pl.Expr:
    left = p.integer(f"{P}.graduate_months") - f.si_subsidy_months_used
    return pl.when(unemployed_graduate(f, p)).then(pl.max_horizontal(left, 0)).otherwise(0)


def months_left(f: Facts, p: Params) -> pl.Expr:
    return pl.max_horizontal(hard_to_employ_months_left(f, p), graduate_months_left(f, p))


def in_first_period(f: Facts, p: Params) -> pl.Expr:
    """A 就业困难人员 far from retirement, still within the first period (the extension not yet begun)."""
    period = p.integer(f"{P}.hard_to_employ_months")
    return (
        hard_to_employ(f, p) & ~near_retirement(f, p).fill_null(False) & (f.si_subsidy_months_used < period)
    )


def current_period_months_left(f: Facts, p: Params) -> pl.Expr:
    """The months left of the period the person is in: in the first period, of those months only (the
    extension is a later step); otherwise as :func:`months_left`."""
    first = p.integer(f"{P}.hard_to_employ_months") - f.si_subsidy_months_used
    hard = pl.when(in_first_period(f, p)).then(first).otherwise(hard_to_employ_months_left(f, p))
    return pl.max_horizontal(hard, graduate_months_left(f, p))


@measure.condition("within_period", label="在补贴享受期限内", label_en="within the subsidy period")
def within_period(f: Facts, p: Params) -> pl.Expr:
    return months_left(f, p) > 0


@measure.unless(
    "receiving_unemployment_benefit",
    label="未在领取失业保险金（领取期间不享受）",
    label_en="not drawing unemployment benefit (no subsidy while drawing it)",
)
def receiving_unemployment_benefit(f: Facts, p: Params) -> pl.Expr:
    return f.receiving_unemployment_benefit


@measure.months
def months(f: Facts, p: Params) -> pl.Expr:
    """Months of subsidy left in the period the person is in on the evaluation date (the first 36, or
    the extension once it has begun); a possible extension later is a note, not months."""
    return current_period_months_left(f, p)


@measure.note(
    "extension_applies",
    text="本期属于就业困难人员期满后的一次性延长期，须经办人员确认其仍未实现稳定就业。",
    text_en="This is the one-time extension after the period ended: a caseworker must confirm the person "
    "is still not in stable employment.",
)
def extension_applies(f: Facts, p: Params) -> pl.Expr:
    in_extension = f.si_subsidy_months_used >= p.integer(f"{P}.hard_to_employ_months")
    return (
        hard_to_employ(f, p) & ~near_retirement(f, p).fill_null(False) & in_extension & extension_available(f)
    ) & (graduate_months_left(f, p) == 0)


@measure.note(
    "extension_possible_later",
    text="期满后仍未实现稳定就业的，可再一次性延长享受期限，延长期不超过1年，须经办人员确认。",
    text_en="If the person is still not in stable employment when this period ends, it may be extended "
    "once, by up to a year, once a caseworker confirms it.",
)
def extension_possible_later(f: Facts, p: Params) -> pl.Expr:
    # "期满仍未实现稳定就业的，根据实际情况将社保补贴享受期限一次性延长，延长期不超过1年"
    return in_first_period(f, p) & extension_available(f) & pl.lit(p.integer(f"{P}.extension_months") > 0)


@measure.note(
    "until_retirement",
    text="首次核准时距法定退休年龄不足规定的年数，补贴可享受至法定退休日期。",
    text_en="Fewer years to retirement than the set number remained at first approval: "
    "the subsidy runs to the retirement date.",
)
def until_retirement(f: Facts, p: Params) -> pl.Expr:
    return hard_to_employ(f, p) & near_retirement(f, p)


# --- how much --------------------------------------------------------------------------------------


def ratio(f: Facts, p: Params) -> tuple[pl.Expr, pl.Expr]:
    """The ratio by division of work: on the minimum base, or above it (exact numerator, denominator)."""
    on_min = ratio_by_key(f.work_county, p.keyed(f"{P}.ratio_on_minimum_base"))
    above = ratio_by_key(f.work_county, p.keyed(f"{P}.ratio_above_minimum_base"))
    numerator = pl.when(f.si_base_is_minimum).then(on_min[0]).otherwise(above[0])
    denominator = pl.when(f.si_base_is_minimum).then(on_min[1]).otherwise(above[1])
    return numerator, denominator


@measure.amount
def amount(f: Facts, p: Params) -> pl.Expr:
    # "按其实际缴纳社会保险费不低于1/2，不高于2/3给予补贴": exact integers, floored to the fen
    numerator, denominator = ratio(f, p)
    return (f.si_paid_fen * numerator) // denominator


@measure.figure("premiums_paid", label="实际缴纳保险费", label_en="premiums paid")
def premiums_figure(f: Facts, p: Params) -> pl.Expr:
    return f.si_paid_fen


@measure.figure("ratio", label="补贴比例", label_en="ratio", kind="ratio")
def ratio_figure(f: Facts, p: Params) -> pl.Expr:
    numerator, denominator = ratio(f, p)
    return pl.concat_str(numerator.cast(pl.String), pl.lit("/"), denominator.cast(pl.String))


@measure.figure("months_used", label="已享受月数", label_en="months already received", kind="count")
def months_used_figure(f: Facts, p: Params) -> pl.Expr:
    return f.si_subsidy_months_used


@measure.figure("retirement_date", label="法定退休日期", label_en="statutory retirement date", kind="date")
def retirement_figure(f: Facts, p: Params) -> pl.Expr:
    return retirement_date(f, p)


@measure.figure(
    "years_to_retirement_limit",
    label="享受至退休的距退休年数",
    label_en="years to retirement below which it runs to retirement",
    kind="count",
)
def years_to_retirement_figure(f: Facts, p: Params) -> pl.Expr:
    """The number of years the note ``until_retirement`` speaks of (a parameter, not written in the note)."""
    return pl.lit(p.integer(f"{P}.years_to_retirement_for_until_retirement"))
