"""（九）重点群体免费职业技能培训 — cases from the clause text.

"本市建档立卡低收入农户家庭子女和劳动力、城乡未继续升学初高中毕业生、农村转移就业劳动者、下岗失业人员和转岗
职工、退役军人、残疾人和城乡低保对象中的劳动力，从事个体经营、非全日制就业或以其他方式认定为灵活就业的，
纳入重点群体免费职业技能培训范围"
"""

from __future__ import annotations

from typing import Any

import pytest

from linghuo.policy.engine import PolicyDateError
from tests.policy.deciding import decide, failed

CODE = "free_skills_training"
IN_CITY: dict[str, Any] = {"employment_form": "part_time", "work_division": "320706"}


def flag(name: str) -> dict[str, Any]:
    return {name: True}


KEY_GROUPS = [
    "low_income_rural_household",
    "school_leaver_not_continuing",
    "rural_transfer_worker",
    "laid_off_or_transferred",
    "veteran",
    "disabled",
    "dibao",
]


@pytest.mark.parametrize("group", KEY_GROUPS)
def test_it_admits_a_flexible_worker_of_each_key_group(group: str) -> None:
    d = decide(CODE, "2024-03-01", **IN_CITY, **flag(group))
    assert d.eligible
    assert {c.code: c.passed for c in d.conditions}[f"key_group.{group}"]


def test_it_refuses_a_flexible_worker_of_no_key_group() -> None:
    d = decide(CODE, "2024-03-01", **IN_CITY)
    assert not d.eligible
    assert failed(d) == {"key_group"}


@pytest.mark.parametrize(
    "group", ["land_expropriated_farmer", "zero_employment_household", "special_hardship_worker_family"]
)
def test_it_refuses_a_group_the_clause_does_not_list(group: str) -> None:
    assert not decide(CODE, "2024-03-01", **IN_CITY, **flag(group)).eligible


@pytest.mark.parametrize("form", ["individual_business", "part_time", "platform", "other_flexible"])
def test_it_admits_every_form_of_flexible_employment(form: str) -> None:
    # "从事个体经营、非全日制就业或以其他方式认定为灵活就业的"
    assert decide(CODE, "2024-03-01", employment_form=form, work_division="320722", veteran=True).eligible


@pytest.mark.parametrize("form", ["employee", "unemployed", "student", None])
def test_it_refuses_a_key_group_member_not_in_flexible_employment(form: str | None) -> None:
    d = decide(CODE, "2024-03-01", employment_form=form, work_division="320706", veteran=True)
    assert not d.eligible
    assert failed(d) == {"flexible_employment"}


@pytest.mark.parametrize("work_division", ["320102", None])
def test_it_refuses_a_flexible_worker_working_outside_the_city(work_division: str | None) -> None:
    # "本市…": the city's training covers flexible work in the city
    d = decide(CODE, "2024-03-01", employment_form="platform", work_division=work_division, disabled=True)
    assert not d.eligible
    assert failed(d) == {"works_in_city"}


def test_it_counts_an_old_county_code_as_in_the_city() -> None:
    # 320721 赣榆县 became 320707 赣榆区 in 2014
    assert decide(CODE, "2024-03-01", employment_form="platform", work_division="320721", dibao=True).eligible


def test_it_applies_from_the_policy_date_and_not_before() -> None:
    assert decide(CODE, "2021-11-08", **IN_CITY, veteran=True).eligible
    with pytest.raises(PolicyDateError):
        decide(CODE, "2021-11-07", **IN_CITY, veteran=True)


def test_it_explains_the_group_in_chinese_and_english() -> None:
    d = decide(CODE, "2024-03-01", **IN_CITY, rural_transfer_worker=True)
    assert "农村转移就业劳动者" in d.explanation_zh
    assert "rural" in d.explanation_en
    assert d.amount_fen is None


def test_a_registered_unemployed_flexible_worker_is_of_the_laid_off_and_unemployed() -> None:
    # "下岗失业人员和转岗职工": 失业 includes a registered unemployed person, as 五's "下岗失业人员" does
    d = decide(CODE, "2024-03-01", **IN_CITY, registered_unemployed=True)
    assert d.eligible
    assert {c.code for c in d.conditions if c.passed} >= {"key_group.laid_off_or_transferred"}


def _member(code: str, member: str, **facts: Any) -> bool:
    d = decide(code, "2024-03-01", **facts)
    return next(c.passed for c in d.conditions if c.code == member)


@pytest.mark.parametrize(
    "facts",
    [
        {"laid_off_or_transferred": True},
        {"registered_unemployed": True},
        {"laid_off_or_transferred": True, "registered_unemployed": True},
        {},
    ],
)
@pytest.mark.parametrize("form", ["part_time", "unemployed"])
def test_the_laid_off_group_answers_as_in_free_premises(facts: dict[str, Any], form: str) -> None:
    # 五 "下岗失业人员" and 九 "下岗失业人员和转岗职工" read the same facts the same way
    person: dict[str, Any] = {"employment_form": form, "work_division": "320706", **facts}
    premises = _member("free_premises_priority", "priority_group.laid_off_or_unemployed", **person)
    training = _member(CODE, "key_group.laid_off_or_transferred", **person)
    assert premises is training is bool(facts)


def test_a_laid_off_person_not_in_flexible_work_fails_only_the_flexible_work_condition() -> None:
    # 五 gives priority to 下岗失业人员 as such; 九 covers them "从事个体经营、非全日制就业或…灵活就业的"
    person: dict[str, Any] = {
        "employment_form": "unemployed",
        "work_division": "320706",
        "registered_unemployed": True,
    }
    assert decide("free_premises_priority", "2024-03-01", **person).eligible
    d = decide(CODE, "2024-03-01", **person)
    assert failed(d) == {"flexible_employment"}
    assert "未满足：从事个体经营、非全日制就业或其他灵活就业" in d.plain_zh
