"""（一）鼓励个体经营发展 — the one-time start-up subsidy (一次性创业补贴).

"对普通高校在校生及毕业2年内毕业生、从事非农产业创业的农民、退役军人、登记失业人员和就业困难人员所创办的
创业主体，可按规定给予一次性创业补贴。"

Readings (policy-catalog.md, and here):

- The group memberships are read as of the evaluation date, except "毕业2年内", which is tested on the
  date the business was founded: from the leaving date up to, not including, its second anniversary (a
  29 February has its anniversary on 1 March). A business founded before leaving college counts only
  while its founder is still a student.
- "从事非农产业创业的农民": a rural hukou and a non-agricultural business.
- The business was founded on or before the evaluation date. A person who has received the subsidy never
  receives it again ("once per business" is the same fact here: the facts record one business per person).
- "按规定": for students and graduates the only rule found (C) pays a fixed amount for a first business
  that employs at least one other person and has operated at least 6 months; those conditions hold for
  that route only, and that it is the first business is for the caseworker to confirm (a note). For
  the other groups the amount is an operator-set parameter, unconfirmed: the decision carries no amount
  until it is set, and flags it.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts, add_months
from linghuo.policy.parameters import Params

P = "startup_subsidy_once"

measure = Measure(
    "startup_subsidy_once",
    clause="一",
    title="一次性创业补贴",
    title_en="One-time start-up subsidy",
)


def years_between(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Whole years from ``start`` to ``end``, both columns (a 29 February's anniversary is 1 March)."""
    s_month, e_month = start.dt.month(), end.dt.month()
    not_yet = (e_month < s_month) | ((e_month == s_month) & (end.dt.day() < start.dt.day()))
    return end.dt.year().cast(pl.Int32) - start.dt.year().cast(pl.Int32) - not_yet.cast(pl.Int32)


def graduate_at_founding(f: Facts, p: Params) -> pl.Expr:
    """Founded from the leaving date up to, not including, the window's anniversary."""
    left, founded = f.college_left_on, f.business_founded_on
    window = p.integer(f"{P}.graduate_window_years")
    return (left <= founded) & (years_between(left, founded) < window)


def student_route(f: Facts, p: Params) -> pl.Expr:
    """A college student now, or a graduate within the window when the business was founded."""
    return (f.college_student | graduate_at_founding(f, p)).fill_null(False)


def farmer_non_agricultural(f: Facts) -> pl.Expr:
    return f.hukou_rural & f.business_non_agricultural


def other_route(f: Facts, p: Params) -> pl.Expr:
    """Any of the other groups the clause names."""
    return (
        farmer_non_agricultural(f)
        | f.veteran
        | f.registered_unemployed
        | f.hard_to_employ_on(p.on).fill_null(False)
    )


# --- who -------------------------------------------------------------------------------------------

target_group = measure.any_of(
    "target_group",
    label="在校生及毕业2年内毕业生、从事非农产业创业的农民、退役军人、登记失业人员或就业困难人员",
    label_en="a student or recent graduate, a farmer in non-farm business, a veteran, registered unemployed "
    "or hard to employ",
)


@target_group.alternative("college_student", label="普通高校在校生", label_en="a college student")
def college_student(f: Facts, p: Params) -> pl.Expr:
    # "普通高校在校生"
    return f.college_student


@target_group.alternative(
    "graduate_within_window",
    label="创办时为毕业2年内的高校毕业生",
    label_en="a graduate within 2 years of leaving college when the business was founded",
)
def graduate(f: Facts, p: Params) -> pl.Expr:
    # "及毕业2年内毕业生": tested on the founding date
    return graduate_at_founding(f, p)


@target_group.alternative(
    "farmer_non_agricultural",
    label="从事非农产业创业的农民",
    label_en="a farmer (rural hukou) starting a non-agricultural business",
)
def farmer(f: Facts, p: Params) -> pl.Expr:
    # "从事非农产业创业的农民"
    return farmer_non_agricultural(f)


@target_group.alternative("veteran", label="退役军人", label_en="a veteran")
def veteran(f: Facts, p: Params) -> pl.Expr:
    # "退役军人"
    return f.veteran


@target_group.alternative("registered_unemployed", label="登记失业人员", label_en="registered unemployed")
def registered_unemployed(f: Facts, p: Params) -> pl.Expr:
    # "登记失业人员"
    return f.registered_unemployed


@target_group.alternative("hard_to_employ", label="已认定的就业困难人员", label_en="certified hard to employ")
def hard_to_employ(f: Facts, p: Params) -> pl.Expr:
    # "和就业困难人员"
    return f.hard_to_employ_on(p.on)


@measure.condition(
    "business_founded",
    label="所创办的创业主体已成立",
    label_en="the business the person founded exists on the date",
)
def business_founded(f: Facts, p: Params) -> pl.Expr:
    # "所创办的创业主体": founded on or before the evaluation date
    return f.business_founded_on <= pl.lit(p.on)


def operated_long_enough(f: Facts, p: Params) -> pl.Expr:
    months = pl.lit(p.integer(f"{P}.students_minimum_months_operating"))
    return add_months(f.business_founded_on, months) <= pl.lit(p.on)


def student_conditions_met(f: Facts, p: Params) -> pl.Expr:
    employs = f.business_employees >= p.integer(f"{P}.students_minimum_other_employees")
    return (employs & operated_long_enough(f, p)).fill_null(False)


@measure.condition(
    "student_requirements",
    label="在校生及毕业生创业：吸纳其他人员就业且正常经营满规定月数（其他类别人员不适用）",
    label_en="a student's or graduate's business employs someone else and has operated the required months "
    "(other groups: not required)",
)
def student_requirements(f: Facts, p: Params) -> pl.Expr:
    # "可按规定给予": the rule found for students and graduates (C); it binds only that route
    return ~student_route(f, p) | other_route(f, p) | student_conditions_met(f, p)


@measure.unless(
    "startup_subsidy_received",
    label="此前未领取过一次性创业补贴",
    label_en="has not received the one-time start-up subsidy before",
)
def already_received(f: Facts, p: Params) -> pl.Expr:
    # "一次性创业补贴": once per person, ever
    return f.startup_subsidy_received


# --- how much --------------------------------------------------------------------------------------


def paid_as_student(f: Facts, p: Params) -> pl.Expr:
    return student_route(f, p) & student_conditions_met(f, p)


@measure.amount
def amount(f: Facts, p: Params) -> pl.Expr:
    """The student's or graduate's amount on that route; the other groups' amount (null when not set)."""
    students = pl.lit(p.money(f"{P}.amount_students_and_graduates"), pl.Int64)
    others = pl.lit(p.money_if_known(f"{P}.amount_other_groups"), pl.Int64)
    return pl.when(paid_as_student(f, p)).then(students).otherwise(others)


@measure.note(
    "first_business_to_confirm",
    text="在校生及毕业生的补贴限首次创业，须经办人员核实。",
    text_en="For a student or graduate the subsidy is for a first business only: a caseworker confirms it.",
)
def first_business(f: Facts, p: Params) -> pl.Expr:
    return paid_as_student(f, p)


@measure.figure("founded_on", label="创业主体成立日期", label_en="business founded on", kind="date")
def founded_figure(f: Facts, p: Params) -> pl.Expr:
    return f.business_founded_on


@measure.figure("employees", label="吸纳就业人数", label_en="employees of the business", kind="count")
def employees_figure(f: Facts, p: Params) -> pl.Expr:
    return f.business_employees
