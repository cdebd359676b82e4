"""（二）增加非全日制就业机会 — the public-welfare post subsidy (公益性岗位补贴).

"加强现有扶贫车间、扶贫工厂建设，引导农村留守妇女、就业困难人员等就近就地就业。对以上符合条件的纳入公益性岗位
开发管理范围，按规定给予岗位补贴。"

Readings:

- The person holds a recognised public-welfare post (``public_welfare_post``: the post is within the
  公益性岗位 management, "纳入公益性岗位开发管理范围").
- The target group is the one the clause names that the facts record: a certified 就业困难人员 on the
  evaluation date. 农村留守妇女 has no fact (left-behind is not derivable from sex and hukou), so it is
  not decided here: it becomes an alternative once a fact records it.
- The amount is Lianyungang's, which was not found: an operator-set parameter, unconfirmed. Until it is
  set the decision has no amount and flags it.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

P = "public_welfare_post_subsidy"

measure = Measure(
    "public_welfare_post_subsidy",
    clause="二",
    title="公益性岗位补贴",
    title_en="Public-welfare post subsidy",
    rounding_zh="每人每月金额",
    rounding_en="per person per month",
)


@measure.condition(
    "public_welfare_post",
    label="在已纳入公益性岗位开发管理范围的岗位就业",
    label_en="holds a recognised public-welfare post",
)
def public_welfare_post(f: Facts, p: Params) -> pl.Expr:
    # "对以上符合条件的纳入公益性岗位开发管理范围"
    return f.public_welfare_post


target_group = measure.any_of(
    "target_group",
    label="属于岗位安置的重点群体",
    label_en="from a group the post is for",
)


@target_group.alternative("hard_to_employ", label="已认定的就业困难人员", label_en="certified hard to employ")
def hard_to_employ(f: Facts, p: Params) -> pl.Expr:
    # "引导农村留守妇女、就业困难人员等就近就地就业"
    return f.hard_to_employ_on(p.on)


@measure.amount
def amount(f: Facts, p: Params) -> pl.Expr:
    """Lianyungang's amount per month, null (and flagged) while it is not known."""
    # "按规定给予岗位补贴"
    return pl.lit(p.money_if_known(f"{P}.monthly_amount"), pl.Int64)
