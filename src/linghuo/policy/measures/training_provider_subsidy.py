"""（七）深入开展针对性培训 and （九）扩大培训补贴范围 — the vocational training subsidy for providers.

（七）"对各类院校、培训机构以及新就业形态企业开发的创业培训和技能合格证项目，纳入政府培训补贴范围。"
（九）"培训机构和单位可灵活安排培训时间和培训方式，经人力资源社会保障部门审核后按规定享受职业培训补贴"

Readings:

- The provider is a college, training institution or new-form enterprise whose entrepreneurship or skill
  certificate projects are within the government's training subsidy (``approved_training_provider``).
- It has trained people eligible under （九） (the key groups for free skills training, or flexible
  workers wishing to start a business: :mod:`.free_skills_training`, :mod:`.entrepreneurship_training`);
  ``trainees_eligible`` counts them, and at least one is needed.
- The training passed the HRSS department's review.
- "按规定": the amount per trainee is set by the training-subsidy rules, not by this text; no parameter
  was found for it, so the decision gives no amount and says so.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

measure = Measure(
    "training_provider_subsidy",
    clause="七",
    title="培训机构职业培训补贴",
    title_en="Vocational training subsidy for a training provider",
    kind="organisation",
)


@measure.condition(
    "approved_provider",
    label="院校、培训机构或新就业形态企业的培训项目纳入政府培训补贴范围",
    label_en="a college, institution or new-form enterprise whose projects are within the training subsidy",
)
def approved_provider(f: Facts, p: Params) -> pl.Expr:
    # (七) "对各类院校、培训机构以及新就业形态企业开发的创业培训和技能合格证项目，纳入政府培训补贴范围"
    return f.approved_training_provider


@measure.condition(
    "trains_eligible_people",
    label="培训对象属于第（九）条的补贴范围",
    label_en="trains people within measure 9's subsidised groups",
    clause="九",
)
def trains_eligible_people(f: Facts, p: Params) -> pl.Expr:
    # (九) "纳入重点群体免费职业技能培训范围" … "均纳入创业培训范围"
    return f.trainees_eligible > 0


@measure.condition(
    "hrss_reviewed",
    label="经人力资源社会保障部门审核",
    label_en="reviewed by the human resources and social security department",
    clause="九",
)
def hrss_reviewed(f: Facts, p: Params) -> pl.Expr:
    # (九) "经人力资源社会保障部门审核后按规定享受职业培训补贴"
    return f.hrss_reviewed


@measure.figure("trainees_eligible", label="符合条件的参训人数", label_en="eligible trainees", kind="count")
def trainees_figure(f: Facts, p: Params) -> pl.Expr:
    return f.trainees_eligible


@measure.note(
    "amount_by_rules",
    text="补贴标准按职业培训补贴有关规定执行，本政策未规定金额。",
    text_en="The amount follows the vocational training subsidy rules; this policy sets none.",
)
def amount_by_rules(f: Facts, p: Params) -> pl.Expr:
    # (九) "按规定享受职业培训补贴"
    return pl.lit(True)
