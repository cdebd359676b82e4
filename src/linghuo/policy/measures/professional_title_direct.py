"""（十三）优化人力资源服务 — a freelance professional may apply for a professional title directly.

"畅通灵活就业人员职称申报渠道，符合本市职称评审条件的自由职业专业技术人员可直接申报。"

Readings: a freelance professional (自由职业专业技术人员) in flexible employment; whether the city's
title-review conditions are met is the review body's own test, recorded as ``meets_title_conditions``.
"直接申报" means without an employer's endorsement: the decision says so.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

measure = Measure(
    "professional_title_direct",
    clause="十三",
    title="自由职业专业技术人员直接申报职称",
    title_en="Direct application for a professional title",
)


@measure.condition("flexible_employment", label="灵活就业人员", label_en="in flexible employment")
def flexible_employment(f: Facts, p: Params) -> pl.Expr:
    # "畅通灵活就业人员职称申报渠道"
    return f.flexible_worker


@measure.condition(
    "freelance_professional", label="自由职业专业技术人员", label_en="a freelance professional"
)
def freelance_professional(f: Facts, p: Params) -> pl.Expr:
    # "自由职业专业技术人员"
    return f.freelance_professional


@measure.condition(
    "meets_title_conditions",
    label="符合本市职称评审条件",
    label_en="meets the city's professional-title review conditions",
)
def meets_title_conditions(f: Facts, p: Params) -> pl.Expr:
    # "符合本市职称评审条件的"
    return f.meets_title_conditions


@measure.note(
    "apply_directly",
    text="可直接申报职称，无需经用人单位推荐。",
    text_en="May apply directly, without an employer's endorsement.",
)
def apply_directly(f: Facts, p: Params) -> pl.Expr:
    # "可直接申报"
    return pl.lit(True)
