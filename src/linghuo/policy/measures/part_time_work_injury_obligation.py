"""（十一）畅通灵活就业参保渠道 — employers insure their part-time workers against work injury.

"用人单位应依法为其非全日制从业人员参加工伤保险。在两个或两个以上用人单位同时就业的非全日制从业人员，各
用人单位应当分别为其缴纳工伤保险费。"

An obligation, not a benefit: the decision is ``eligible`` (符合) when the employer complies, and a
``false`` is the flag. Readings:

- Every part-time worker the employer has must be insured *by this employer*: a worker who also works
  elsewhere and is insured there still counts against this one ("各用人单位应当分别"). The fact
  ``part_time_workers_injury_insured`` counts only the workers this employer pays for.
- An employer without part-time workers complies (the obligation does not bind it); the decision says so.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

measure = Measure(
    "part_time_work_injury_obligation",
    clause="十一",
    title="用人单位为非全日制从业人员参加工伤保险",
    title_en="Work-injury insurance for part-time workers (employer's duty)",
    kind="organisation",
)


def uninsured(f: Facts) -> pl.Expr:
    """Part-time workers this employer does not insure."""
    return pl.max_horizontal(f.part_time_workers - f.part_time_workers_injury_insured, pl.lit(0, pl.Int32))


@measure.condition(
    "each_part_time_worker_insured",
    label="本单位为每名非全日制从业人员分别缴纳工伤保险费",
    label_en="pays the work-injury premium for each of its part-time workers itself",
)
def each_insured(f: Facts, p: Params) -> pl.Expr:
    # "用人单位应依法为其非全日制从业人员参加工伤保险" … "各用人单位应当分别为其缴纳工伤保险费"
    return uninsured(f) == 0


@measure.figure("part_time_workers", label="非全日制从业人员", label_en="part-time workers", kind="count")
def workers_figure(f: Facts, p: Params) -> pl.Expr:
    return f.part_time_workers


@measure.figure("uninsured", label="未缴纳工伤保险费人数", label_en="not insured by it", kind="count")
def uninsured_figure(f: Facts, p: Params) -> pl.Expr:
    return uninsured(f)


@measure.note(
    "not_bound",
    text="本单位没有非全日制从业人员，此项义务暂不适用。",
    text_en="No part-time workers: the duty does not bind the employer for now.",
)
def not_bound(f: Facts, p: Params) -> pl.Expr:
    return f.part_time_workers == 0
