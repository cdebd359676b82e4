"""（九）扩大培训补贴范围 — a living allowance during subsidised training.

"培训机构和单位可灵活安排培训时间和培训方式，经人力资源社会保障部门审核后按规定享受职业培训补贴，其中农村
未继续升学初高中毕业生和灵活就业前认定为就业困难人员的，按规定给予培训期间生活费补贴。"

Readings: "其中" is read as among the flexible workers in training the bureau subsidises (the facts
``employment_form`` and ``in_subsidised_training``); "农村" as a rural hukou; "灵活就业前认定" as
certified on or before the day the flexible work began (``flexible_employment_since``), 前 read as
in "年底前", which includes the day, and not after the evaluation date. The amount ("按规定") is not
known (parameters.md §4): the decision gives none and flags the unconfirmed standard.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

P = "training_living_allowance"

measure = Measure(
    "training_living_allowance",
    clause="九",
    title="培训期间生活费补贴",
    title_en="Living allowance during training",
)


@measure.condition("flexible_employment", label="从事灵活就业", label_en="in flexible employment")
def flexible_employment(f: Facts, p: Params) -> pl.Expr:
    return f.flexible_worker


@measure.condition(
    "in_subsidised_training",
    label="正在参加经人社部门审核的补贴性职业培训",
    label_en="in training the HRSS bureau subsidises",
)
def in_subsidised_training(f: Facts, p: Params) -> pl.Expr:
    # "经人力资源社会保障部门审核后按规定享受职业培训补贴 … 培训期间"
    return f.in_subsidised_training


target_group = measure.any_of(
    "target_group",
    label="农村未继续升学初高中毕业生或灵活就业前认定为就业困难人员",
    label_en="a rural school leaver not continuing, or certified hard to employ before flexible work",
)


@target_group.alternative(
    "rural_school_leaver",
    label="农村未继续升学初高中毕业生",
    label_en="a rural junior or senior school leaver not continuing education",
)
def rural_school_leaver(f: Facts, p: Params) -> pl.Expr:
    # "农村未继续升学初高中毕业生"
    return f.school_leaver_not_continuing & f.hukou_rural


@target_group.alternative(
    "hard_to_employ_before_flexible",
    label="灵活就业前认定为就业困难人员",
    label_en="certified hard to employ before starting flexible work",
)
def hard_to_employ_before_flexible(f: Facts, p: Params) -> pl.Expr:
    # "灵活就业前认定为就业困难人员的"
    return f.hard_to_employ_on(p.on) & (f.hard_to_employ_since <= f.flexible_employment_since)


def standard(p: Params) -> pl.Expr:
    """The allowance standard in fen, null while nobody has confirmed it."""
    return pl.lit(p.money_if_known(f"{P}.standard"), pl.Int64)


@measure.figure("standard", label="生活费补贴标准", label_en="allowance standard")
def standard_figure(f: Facts, p: Params) -> pl.Expr:
    return standard(p)


@measure.note(
    "standard_to_be_set",
    text="生活费补贴标准未经确认，由人社部门按规定核定。",
    text_en="The allowance standard is not confirmed: the HRSS bureau sets it under its rules.",
)
def standard_to_be_set(f: Facts, p: Params) -> pl.Expr:
    # "按规定给予": the standard is the bureau's, not known here
    return standard(p).is_null()
