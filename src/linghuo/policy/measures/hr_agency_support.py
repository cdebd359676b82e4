"""（十三）优化人力资源服务 — policy support for HR service agencies serving flexible workers.

"鼓励人力资源服务机构为灵活就业人员提供求职招聘、技能培训、人力资源外包等专业化服务，给予相关机构相应政策
补助，并在确定诚信服务机构、入选行业骨干企业等方面优先支持。"

Readings: an HR service agency (``kind`` ``hr_agency``) that provides flexible workers with such services
(``serves_flexible_workers``) qualifies. "相应政策补助": no amount is set by the text and none was found,
so the decision gives none; it says the agency has priority when honest-service agencies and leading firms
are chosen.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.organisation_facts import OrganisationType
from linghuo.policy.parameters import Params

measure = Measure(
    "hr_agency_support",
    clause="十三",
    title="人力资源服务机构政策补助",
    title_en="Policy support for an HR service agency",
    kind="organisation",
)


@measure.condition("hr_agency", label="人力资源服务机构", label_en="an HR service agency")
def hr_agency(f: Facts, p: Params) -> pl.Expr:
    # "鼓励人力资源服务机构"
    return f.kind.cast(pl.String) == OrganisationType.HR_AGENCY


@measure.condition(
    "serves_flexible_workers",
    label="为灵活就业人员提供求职招聘、技能培训、人力资源外包等专业化服务",
    label_en="serves flexible workers with job search, recruitment, training or HR outsourcing",
)
def serves_flexible_workers(f: Facts, p: Params) -> pl.Expr:
    # "为灵活就业人员提供求职招聘、技能培训、人力资源外包等专业化服务"
    return f.serves_flexible_workers


@measure.note(
    "priority_support",
    text="给予相应政策补助（标准按有关规定），并在确定诚信服务机构、入选行业骨干企业等方面优先支持。",
    text_en="Policy support (amount per the applicable rules), and priority when honest-service agencies "
    "and leading firms are chosen.",
)
def priority_support(f: Facts, p: Params) -> pl.Expr:
    # "给予相关机构相应政策补助，并在确定诚信服务机构、入选行业骨干企业等方面优先支持"
    return pl.lit(True)
