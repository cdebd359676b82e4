"""（五）提供低成本场地支持 — priority for free business premises (免费经营场地).

"鼓励有条件的县（区）、镇（街道）、村（社区）将综合服务设施闲置空间、非必要办公空间改造为免费经营场地，优先向
下岗失业人员、高校毕业生、农民工、就业困难人员等重点群体提供。"

Readings:

- 下岗失业人员: laid off or unemployed — the fact ``laid_off_or_transferred`` (which also holds 转岗职工:
  the facts do not separate them) or a registered unemployed person (``Facts.laid_off_or_unemployed``,
  the same reading as 九's).
- 高校毕业生: has left college on or before the evaluation date (no window: the clause sets none).
- 农民工: a rural worker moved to other work (``rural_transfer_worker``).
- 就业困难人员: certified on or before the evaluation date.
- "等" is not widened. It is priority, not an entitlement: no amount, and the decision says the premises
  are offered as they become available.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

measure = Measure(
    "free_premises_priority",
    clause="五",
    title="优先提供免费经营场地",
    title_en="Priority for free business premises",
)

priority_group = measure.any_of(
    "priority_group",
    label="下岗失业人员、高校毕业生、农民工或就业困难人员",
    label_en="laid off or unemployed, a college graduate, a migrant worker, or hard to employ",
)


@priority_group.alternative("laid_off_or_unemployed", label="下岗失业人员", label_en="laid off or unemployed")
def laid_off_or_unemployed(f: Facts, p: Params) -> pl.Expr:
    # "优先向下岗失业人员"
    return f.laid_off_or_unemployed


@priority_group.alternative("college_graduate", label="高校毕业生", label_en="a college graduate")
def college_graduate(f: Facts, p: Params) -> pl.Expr:
    # "高校毕业生"
    return f.college_left_on <= pl.lit(p.on)


@priority_group.alternative(
    "migrant_worker", label="农民工（农村转移就业劳动者）", label_en="a migrant worker from the countryside"
)
def migrant_worker(f: Facts, p: Params) -> pl.Expr:
    # "农民工"
    return f.rural_transfer_worker


@priority_group.alternative(
    "hard_to_employ", label="已认定的就业困难人员", label_en="certified hard to employ"
)
def hard_to_employ(f: Facts, p: Params) -> pl.Expr:
    # "就业困难人员等重点群体提供"
    return f.hard_to_employ_on(p.on)


@measure.note(
    "subject_to_availability",
    text="属于优先提供对象；免费经营场地由县（区）、镇（街道）、村（社区）视闲置空间情况提供。",
    text_en="A priority group: free premises are offered by the county, township or community as idle space "
    "becomes available.",
)
def subject_to_availability(f: Facts, p: Params) -> pl.Expr:
    # "鼓励有条件的县（区）、镇（街道）、村（社区）"
    return pl.lit(True)
