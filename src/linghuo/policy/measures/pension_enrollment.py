"""（十一）畅通灵活就业参保渠道 — enrolling in the enterprise employees' basic pension as a flexible worker.

"具有江苏户籍和在我省就业并办理港澳台居民居住证的灵活就业人员，以及外省户籍且在江苏省内缴纳企业基本养老
保险满10年的，可在本市就业登记地办理企业职工基本养老保险参保手续。"

Readings (policy-catalog.md): any one of the three routes suffices; where to enrol is the place of
employment registration, read as flexible work in the city (registration, 十五, asks the same). "江苏户籍"
is any Jiangsu division code (32…), not only the city's; "满10年" is at least the parameter's years.
"""

from __future__ import annotations

import polars as pl

from linghuo.divisions import JIANGSU_PREFIX
from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

P = "pension_enrollment"

measure = Measure(
    "pension_enrollment",
    clause="十一",
    title="灵活就业人员参加企业职工基本养老保险",
    title_en="Enrolment in the enterprise employees' basic pension",
)


@measure.condition("flexible_employment", label="灵活就业人员", label_en="in flexible employment")
def flexible_employment(f: Facts, p: Params) -> pl.Expr:
    # "…的灵活就业人员"
    return f.flexible_worker


@measure.condition(
    "works_in_city",
    label="在本市灵活就业（可在本市就业登记地参保）",
    label_en="works in the city (enrols here)",
)
def works_in_city(f: Facts, p: Params) -> pl.Expr:
    # "可在本市就业登记地办理"
    return f.works_in_city


route = measure.any_of("route", label="符合参保条件之一", label_en="meets one of the three routes")


def jiangsu(division: pl.Expr) -> pl.Expr:
    return division.str.starts_with(JIANGSU_PREFIX)


@route.alternative("jiangsu_hukou", label="具有江苏户籍", label_en="a Jiangsu hukou")
def jiangsu_hukou(f: Facts, p: Params) -> pl.Expr:
    # "具有江苏户籍"
    return jiangsu(f.hukou_division)


@route.alternative(
    "hmt_permit_working_in_jiangsu",
    label="在我省就业并办理港澳台居民居住证",
    label_en="works in Jiangsu with a Hong Kong/Macao/Taiwan residents' residence permit",
)
def hmt_permit(f: Facts, p: Params) -> pl.Expr:
    # "在我省就业并办理港澳台居民居住证"
    return f.hmt_residence_permit & jiangsu(f.work_division)


@route.alternative(
    "out_of_province_ten_years",
    label="外省户籍且在江苏省内缴纳企业基本养老保险满10年",
    label_en="an out-of-province hukou with at least 10 years of Jiangsu enterprise pension contributions",
)
def out_of_province(f: Facts, p: Params) -> pl.Expr:
    # "外省户籍且在江苏省内缴纳企业基本养老保险满10年的"
    years = p.integer(f"{P}.out_of_province_minimum_years")
    return ~jiangsu(f.hukou_division) & (f.jiangsu_pension_years >= years)


@measure.note(
    "enrol_at_registration_place",
    text="可在本市就业登记地办理企业职工基本养老保险参保手续。",
    text_en="Enrol at the place of employment registration in the city.",
)
def enrol_at_registration_place(f: Facts, p: Params) -> pl.Expr:
    # "可在本市就业登记地办理企业职工基本养老保险参保手续"
    return pl.lit(True)


@measure.figure("work_division", label="就业地", label_en="division of work", kind="division")
def work_division(f: Facts, p: Params) -> pl.Expr:
    return f.work_division


@measure.figure(
    "jiangsu_pension_years",
    label="在江苏缴纳企业养老保险年限",
    label_en="years of Jiangsu contributions",
    kind="count",
)
def pension_years(f: Facts, p: Params) -> pl.Expr:
    return f.jiangsu_pension_years
