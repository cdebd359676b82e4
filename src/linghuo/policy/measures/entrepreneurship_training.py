"""（九）扩大培训补贴范围 — entrepreneurship training for flexible workers who want to start a business.

"全市各类灵活就业人员中有创业意愿的均纳入创业培训范围"

Readings: "各类" means any form of flexible work and no key group; "全市" is read as flexible work in
the city (as for registration, 十五).
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

measure = Measure(
    "entrepreneurship_training",
    clause="九",
    title="灵活就业人员创业培训",
    title_en="Entrepreneurship training for flexible workers",
)


@measure.condition(
    "flexible_employment", label="各类灵活就业人员", label_en="in any form of flexible employment"
)
def flexible_employment(f: Facts, p: Params) -> pl.Expr:
    # "全市各类灵活就业人员中"
    return f.flexible_worker


@measure.condition("works_in_city", label="在本市灵活就业", label_en="works in the city")
def works_in_city(f: Facts, p: Params) -> pl.Expr:
    # "全市…"
    return f.works_in_city


@measure.condition("entrepreneurial_intent", label="有创业意愿", label_en="wants to start a business")
def entrepreneurial_intent(f: Facts, p: Params) -> pl.Expr:
    # "有创业意愿的均纳入创业培训范围"
    return f.entrepreneurial_intent
