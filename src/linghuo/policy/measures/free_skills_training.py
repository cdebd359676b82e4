"""（九）扩大培训补贴范围 — free vocational skills training for key groups in flexible employment.

"本市建档立卡低收入农户家庭子女和劳动力、城乡未继续升学初高中毕业生、农村转移就业劳动者、下岗失业人员和
转岗职工、退役军人、残疾人和城乡低保对象中的劳动力，从事个体经营、非全日制就业或以其他方式认定为灵活就业的，
纳入重点群体免费职业技能培训范围"

Readings: "本市" is read as flexible work in the city (as for registration, 十五); the list of groups is
closed; "中的劳动力" (of the 低保 and 建档立卡 households) is met by being in flexible employment, which
shows the person works; "下岗失业人员和转岗职工" is the fact ``laid_off_or_transferred`` or a registered
unemployed person (``Facts.laid_off_or_unemployed``: 下岗失业人员 read as in 五, so the group answers the
same in both). Unlike 五, 九 also requires flexible employment: a laid-off person not (yet) in flexible
work is in the group but not covered, and the decision names that condition as the one not met.
"""

from __future__ import annotations

import polars as pl

from linghuo.policy.dsl import Measure
from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

measure = Measure(
    "free_skills_training",
    clause="九",
    title="重点群体免费职业技能培训",
    title_en="Free vocational skills training for key groups",
)


@measure.condition(
    "flexible_employment",
    label="从事个体经营、非全日制就业或其他灵活就业",
    label_en="in self-employment, part-time or other flexible work",
)
def flexible_employment(f: Facts, p: Params) -> pl.Expr:
    # "从事个体经营、非全日制就业或以其他方式认定为灵活就业的"
    return f.flexible_worker


@measure.condition("works_in_city", label="在本市灵活就业", label_en="works in the city")
def works_in_city(f: Facts, p: Params) -> pl.Expr:
    # "本市…"
    return f.works_in_city


key_group = measure.any_of("key_group", label="属于重点群体之一", label_en="in one of the key groups")


@key_group.alternative(
    "low_income_rural_household",
    label="建档立卡低收入农户家庭子女和劳动力",
    label_en="a child or worker of a registered low-income rural household",
)
def low_income_rural_household(f: Facts, p: Params) -> pl.Expr:
    # "本市建档立卡低收入农户家庭子女和劳动力"
    return f.low_income_rural_household


@key_group.alternative(
    "school_leaver_not_continuing",
    label="城乡未继续升学初高中毕业生",
    label_en="a junior or senior school leaver not continuing education",
)
def school_leaver_not_continuing(f: Facts, p: Params) -> pl.Expr:
    # "城乡未继续升学初高中毕业生"
    return f.school_leaver_not_continuing


@key_group.alternative(
    "rural_transfer_worker", label="农村转移就业劳动者", label_en="a rural worker moving to other work"
)
def rural_transfer_worker(f: Facts, p: Params) -> pl.Expr:
    # "农村转移就业劳动者"
    return f.rural_transfer_worker


@key_group.alternative(
    "laid_off_or_transferred",
    label="下岗失业人员和转岗职工",
    label_en="a laid-off, unemployed or transferred worker",
)
def laid_off_or_transferred(f: Facts, p: Params) -> pl.Expr:
    # "下岗失业人员和转岗职工": 下岗失业人员 read as in 五 (a registered unemployed person too); 转岗职工 are
    # in ``laid_off_or_transferred``
    return f.laid_off_or_unemployed


@key_group.alternative("veteran", label="退役军人", label_en="a veteran")
def veteran(f: Facts, p: Params) -> pl.Expr:
    # "退役军人"
    return f.veteran


@key_group.alternative("disabled", label="残疾人", label_en="a person with a disability")
def disabled(f: Facts, p: Params) -> pl.Expr:
    # "残疾人"
    return f.disabled


@key_group.alternative(
    "dibao",
    label="城乡低保对象中的劳动力",
    label_en="a working member of a minimum-living-allowance (dibao) household",
)
def dibao(f: Facts, p: Params) -> pl.Expr:
    # "城乡低保对象中的劳动力": working, as the flexible-employment condition shows
    return f.dibao
