"""（十一）畅通灵活就业参保渠道 — a construction project is insured before work starts (先参保、后开工).

"坚持先参保、后开工，持续推进工程建设领域农民工按项目参加工伤保险。"

An obligation: the decision is ``eligible`` (符合) when the project complies, and a ``false`` is the flag.
Readings:

- It binds a construction project (工程建设项目) employing migrant workers once work has started (on or
  before the evaluation date); before that, nothing is yet due and the decision says so.
- "先参保、后开工": insured by project no later than the day work started (dates carry no hours, so the
  same day counts as first). A project insured after it started was uninsured when it started and stays
  flagged: being insured now does not undo it.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

measure = Measure(
    "project_injury_insurance_first",
    clause="十一",
    title="工程建设项目先参保、后开工",
    title_en="Construction project insured before work starts",
    kind="organisation",
)


def bound(f: Facts, p: Params) -> pl.Expr:
    """A construction project employing migrant workers, started on or before the evaluation date."""
    started = f.project_started_on.is_not_null() & (f.project_started_on <= pl.lit(p.on))
    return (f.construction_project & f.employs_migrant_workers & started).fill_null(False)


@measure.condition(
    "insured_before_start",
    label="使用农民工的工程建设项目开工前（不晚于开工当日）已按项目参加工伤保险",
    label_en="a construction project employing migrant workers was insured by project by the day work "
    "started",
)
def insured_before_start(f: Facts, p: Params) -> pl.Expr:
    # "坚持先参保、后开工" … "工程建设领域农民工按项目参加工伤保险"
    insured_first = f.project_injury_insured_on.is_not_null() & (
        f.project_injury_insured_on <= f.project_started_on
    )
    return ~bound(f, p) | insured_first.fill_null(False)


@measure.figure("started_on", label="开工日期", label_en="work started on", kind="date")
def started_figure(f: Facts, p: Params) -> pl.Expr:
    return f.project_started_on


@measure.figure("insured_on", label="参保日期", label_en="insured on", kind="date")
def insured_figure(f: Facts, p: Params) -> pl.Expr:
    return f.project_injury_insured_on


@measure.note(
    "not_bound",
    text="不是已开工的使用农民工的工程建设项目，此项要求暂不适用；开工前须先按项目参加工伤保险。",
    text_en="Not a started construction project employing migrant workers: nothing is due yet; it must be "
    "insured by project before work starts.",
)
def not_bound(f: Facts, p: Params) -> pl.Expr:
    return ~bound(f, p)
