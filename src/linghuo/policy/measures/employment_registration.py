"""（十五）强化灵活就业登记监测 — employment registration on a written commitment (就业登记承诺制).

"实行灵活就业人员就业登记承诺制，凡在本市从事灵活就业的人员，可到户籍地、常住地或就业地公共就业服务
机构办理就业登记，对信息真实性作出书面承诺后，无需再次提供就业证明材料。"
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

measure = Measure(
    "employment_registration",
    clause="十五",
    title="灵活就业登记（承诺制）",
    title_en="Employment registration",
)


@measure.condition("flexible_worker", label="从事灵活就业", label_en="in flexible employment")
def flexible_worker(f: Facts, p: Params) -> pl.Expr:
    # "凡在本市从事灵活就业的人员"
    return f.flexible_worker


@measure.condition("works_in_city", label="在本市就业", label_en="works in the city")
def works_in_city(f: Facts, p: Params) -> pl.Expr:
    # "在本市"
    return f.works_in_city


@measure.note(
    "commitment_replaces_proof",
    text="可到户籍地、常住地或就业地公共就业服务机构办理就业登记；作出书面承诺后无需再提供就业证明材料。",
    text_en="Register at the public employment service of the place of hukou, residence or work; "
    "a signed commitment replaces any other proof of employment.",
)
def commitment(f: Facts, p: Params) -> pl.Expr:
    # "对信息真实性作出书面承诺后，无需再次提供就业证明材料"
    return pl.lit(True)


@measure.note(
    "hukou_in_city",
    text="户籍在本市，也可在户籍地登记。",
    text_en="The hukou is in the city: registration at the place of hukou is also possible.",
)
def hukou_in_city(f: Facts, p: Params) -> pl.Expr:
    # "可到户籍地、常住地或就业地"
    return f.hukou_in_city


@measure.figure("work_division", label="就业地", label_en="division of work", kind="division")
def work_division(f: Facts, p: Params) -> pl.Expr:
    return f.work_division
