"""（十二）就业困难人员 — who may apply for certification as a hard-to-employ person.

（十二） gives the social-insurance subsidy to "就业困难人员"; who they are is Jiangsu's rule,
苏人社规〔2020〕2号 (parameters.md §5): a registered unemployed person who is any of eleven categories.
Unemployment registration is open from age 16 (until a basic pension is drawn, which the facts do not
record). Someone already certified by the evaluation date has nothing to apply for: the measure does not
apply to them (``already_certified``). Category (11), "另一类由设区市政府认定的人员", has no fact: the city
names none here.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts, elapsed_years
from linghuo.policy.facts import Sex
from linghuo.policy.parameters import Params

P = "hard_to_employ_certifiable"
RULE = "十二"

measure = Measure(
    "hard_to_employ_certifiable",
    clause=RULE,
    title="可申请认定为就业困难人员",
    title_en="May apply for certification as hard to employ",
)


@measure.condition("registered_unemployed", label="城镇登记失业人员", label_en="registered unemployed")
def registered_unemployed(f: Facts, p: Params) -> pl.Expr:
    return f.registered_unemployed


@measure.condition(
    "registration_age", label="达到失业登记年龄", label_en="old enough for unemployment registration"
)
def registration_age(f: Facts, p: Params) -> pl.Expr:
    return f.age_on(p.on) >= p.integer(f"{P}.registration_minimum_age")


category = measure.any_of(
    "category", label="属于就业困难人员类别之一", label_en="in one of the 11 categories"
)


@category.alternative(
    "dibao", label="（1）低保对象", label_en="(1) receives the minimum living allowance (dibao)"
)
def dibao(f: Facts, p: Params) -> pl.Expr:
    return f.dibao


@category.alternative(
    "age", label="（2）女性40周岁以上、男性50周岁以上", label_en="(2) a woman 40+ or a man 50+"
)
def age(f: Facts, p: Params) -> pl.Expr:
    years = f.age_on(p.on)
    woman = (f.sex.cast(pl.String) == Sex.FEMALE) & (years >= p.integer(f"{P}.female_minimum_age"))
    man = (f.sex.cast(pl.String) == Sex.MALE) & (years >= p.integer(f"{P}.male_minimum_age"))
    return woman | man


@category.alternative(
    "special_hardship_family",
    label="（3）特困职工家庭成员",
    label_en="(3) from the family of a worker in extreme hardship",
)
def special_hardship(f: Facts, p: Params) -> pl.Expr:
    return f.special_hardship_worker_family


@category.alternative("disabled", label="（4）残疾人", label_en="(4) disabled")
def disabled(f: Facts, p: Params) -> pl.Expr:
    return f.disabled


@category.alternative(
    "zero_employment_household",
    label="（5）城镇零就业家庭、农村零转移家庭成员",
    label_en="(5) from an urban zero-employment or rural zero-transfer family",
)
def zero_employment(f: Facts, p: Params) -> pl.Expr:
    return f.zero_employment_household


@category.alternative(
    "long_unemployed", label="（6）连续失业1年以上", label_en="(6) continuously unemployed for a year or more"
)
def long_unemployed(f: Facts, p: Params) -> pl.Expr:
    return elapsed_years(f.unemployed_since, p.on) >= p.integer(f"{P}.continuous_unemployment_years")


@category.alternative(
    "land_expropriated_farmer",
    label="（7）城市规划区内被征地农民",
    label_en="(7) a land-expropriated farmer in the city planning area",
)
def land_expropriated(f: Facts, p: Params) -> pl.Expr:
    return f.land_expropriated_farmer


@category.alternative(
    "entitled_group_family",
    label="（8）优抚对象家庭成员",
    label_en="(8) from the family of a person entitled to special care",
)
def entitled_group(f: Facts, p: Params) -> pl.Expr:
    return f.entitled_group_family


@category.alternative("veteran", label="（9）退役军人", label_en="(9) a veteran")
def veteran(f: Facts, p: Params) -> pl.Expr:
    return f.veteran


@category.alternative(
    "low_income_rural_household",
    label="（10）建档立卡低收入农户家庭成员",
    label_en="(10) from a registered low-income rural household",
)
def low_income_rural(f: Facts, p: Params) -> pl.Expr:
    return f.low_income_rural_household


@measure.unless(
    "already_certified",
    label="尚未认定为就业困难人员",
    label_en="not yet certified as hard to employ",
    outcome="not_applicable",
    failed_label="已认定为就业困难人员，无需再申请认定",
    failed_label_en="already certified as hard to employ: there is nothing to apply for",
)
def already_certified(f: Facts, p: Params) -> pl.Expr:
    # a person certified by the evaluation date is a 就业困难人员 already: certification is not open to them
    return f.hard_to_employ_on(p.on)


@measure.figure("age", label="年龄", label_en="age", kind="count")
def age_figure(f: Facts, p: Params) -> pl.Expr:
    return f.age_on(p.on)
