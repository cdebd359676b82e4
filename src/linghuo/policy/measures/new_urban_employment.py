"""（十五）强化灵活就业登记监测 — counting a flexible worker in new urban employment (城镇新增就业).

"建立新业态平台灵活就业人员信息采集制度，劳动收入达到当地最低工资标准且依法参加社会保险的，
纳入城镇新增就业统计。"

Reading (policy-catalog.md): a flexible worker working in the city, monthly income at least the
monthly minimum wage of the division of work on the date (part-timers too), and insured.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.measures import minimum_wage
from linghuo.policy.parameters import Params

measure = Measure(
    "new_urban_employment",
    clause="十五",
    title="纳入城镇新增就业统计",
    title_en="Counted in new urban employment",
)


@measure.condition("flexible_worker", label="从事灵活就业", label_en="in flexible employment")
def flexible_worker(f: Facts, p: Params) -> pl.Expr:
    # "新业态平台灵活就业人员"
    return f.flexible_worker


@measure.condition("works_in_city", label="在本市就业", label_en="works in the city")
def works_in_city(f: Facts, p: Params) -> pl.Expr:
    return f.works_in_city


@measure.condition(
    "income_at_least_minimum_wage",
    label="劳动收入达到当地最低工资标准",
    label_en="labour income at least the local minimum wage",
)
def income_at_least_minimum_wage(f: Facts, p: Params) -> pl.Expr:
    # "劳动收入达到当地最低工资标准"
    return f.monthly_income_fen >= minimum_wage.monthly(f, p)


@measure.condition("insured", label="依法参加社会保险", label_en="insured under social insurance")
def insured(f: Facts, p: Params) -> pl.Expr:
    # "且依法参加社会保险的"
    return f.social_insurance_enrolled


@measure.figure("monthly_income", label="月劳动收入", label_en="monthly labour income")
def income_figure(f: Facts, p: Params) -> pl.Expr:
    return f.monthly_income_fen


@measure.figure("minimum_wage", label="当地月最低工资", label_en="local monthly minimum wage")
def minimum_wage_figure(f: Facts, p: Params) -> pl.Expr:
    return minimum_wage.monthly(f, p)
