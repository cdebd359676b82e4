"""（五）提供低成本场地支持 — the construction subsidy for a city-level entrepreneurship incubation base.

"支持和引导县区建设一批特色突出、设施齐全的创业园区（基地），每年遴选认定一批市级创业孵化基地，按每家最高
20万元给予建设补贴。"

Readings:

- The base must be among the city-level incubation bases (市级创业孵化基地) selected in the year of the
  evaluation date (``city_level_incubator_selected_year``); a base selected in an earlier year belongs to
  that year's batch, not this one. How bases are recognised is 连人社规〔2020〕1号 (criteria not read):
  the selection itself is the fact.
- "按每家最高20万元": an upper bound per base, not an amount: the decision gives ``amount_max_fen`` and no
  ``amount_fen``; the actual grant is set when the subsidy is approved. Paying it once per selection is the
  payments' concern.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

P = "incubator_construction_subsidy"

measure = Measure(
    "incubator_construction_subsidy",
    clause="五",
    title="市级创业孵化基地建设补贴",
    title_en="Construction subsidy for a city-level incubation base",
    kind="organisation",
)


@measure.condition(
    "selected_this_year",
    label="当年遴选认定为市级创业孵化基地",
    label_en="selected as a city-level incubation base in the year",
)
def selected_this_year(f: Facts, p: Params) -> pl.Expr:
    # "每年遴选认定一批市级创业孵化基地"
    return f.city_level_incubator_selected_year == pl.lit(p.on.year, pl.Int32)


@measure.amount_max
def maximum(f: Facts, p: Params) -> pl.Expr:
    # "按每家最高20万元给予建设补贴"
    return pl.lit(p.money(f"{P}.maximum_subsidy"), pl.Int64)


@measure.figure("selected_year", label="认定年度", label_en="year of selection", kind="count")
def selected_year(f: Facts, p: Params) -> pl.Expr:
    return f.city_level_incubator_selected_year
