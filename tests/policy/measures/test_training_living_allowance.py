"""（九）培训期间生活费补贴 — cases from the clause text and parameters.md §4.

"培训机构和单位…经人力资源社会保障部门审核后按规定享受职业培训补贴，其中农村未继续升学初高中毕业生和
灵活就业前认定为就业困难人员的，按规定给予培训期间生活费补贴。"  Amount: UNCONFIRMED (parameters.md §4).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.deciding import decide, failed

CODE = "training_living_allowance"
TRAINEE: dict[str, Any] = {
    "employment_form": "platform",
    "work_division": "320706",
    "in_subsidised_training": True,
}
RURAL_LEAVER: dict[str, Any] = {"school_leaver_not_continuing": True, "hukou_rural": True}


def test_it_pays_a_rural_school_leaver_in_subsidised_training() -> None:
    d = decide(CODE, "2024-03-01", **TRAINEE, **RURAL_LEAVER)
    assert d.eligible
    assert {c.code: c.passed for c in d.conditions}["target_group.rural_school_leaver"]


def test_it_refuses_an_urban_school_leaver() -> None:
    # "农村未继续升学初高中毕业生": the allowance is for rural leavers only
    d = decide(CODE, "2024-03-01", **TRAINEE, school_leaver_not_continuing=True, hukou_rural=False)
    assert not d.eligible
    assert failed(d) == {"target_group"}


def test_it_refuses_a_rural_worker_who_is_not_a_school_leaver() -> None:
    assert not decide(CODE, "2024-03-01", **TRAINEE, hukou_rural=True).eligible


def test_it_refuses_a_rural_school_leaver_not_in_subsidised_training() -> None:
    # "培训期间": only while in the subsidised training
    d = decide(CODE, "2024-03-01", **{**TRAINEE, "in_subsidised_training": False}, **RURAL_LEAVER)
    assert not d.eligible
    assert failed(d) == {"in_subsidised_training"}


@pytest.mark.parametrize(
    ("certified", "started"),
    [("2022-03-01", "2022-05-01"), ("2022-05-01", "2022-05-01")],
    ids=["certified-before", "certified-on-the-start-day"],
)
def test_it_pays_a_person_certified_hard_to_employ_before_flexible_employment(
    certified: str, started: str
) -> None:
    # "灵活就业前认定为就业困难人员的" (前 read as "by", like "年底前" which includes the last day)
    d = decide(
        CODE, "2024-03-01", **TRAINEE, hard_to_employ_since=certified, flexible_employment_since=started
    )
    assert d.eligible
    assert {c.code: c.passed for c in d.conditions}["target_group.hard_to_employ_before_flexible"]


def test_it_refuses_a_person_certified_only_after_starting_flexible_employment() -> None:
    d = decide(
        CODE,
        "2024-03-01",
        **TRAINEE,
        hard_to_employ_since="2022-05-02",
        flexible_employment_since="2022-05-01",
    )
    assert not d.eligible
    assert failed(d) == {"target_group"}


def test_it_refuses_a_certified_person_whose_flexible_start_is_unknown() -> None:
    d = decide(CODE, "2024-03-01", **TRAINEE, hard_to_employ_since="2022-03-01")
    assert not d.eligible


def test_it_refuses_a_certification_dated_after_the_evaluation_date() -> None:
    d = decide(
        CODE,
        "2024-03-01",
        **TRAINEE,
        hard_to_employ_since="2024-03-02",
        flexible_employment_since="2024-04-01",
    )
    assert not d.eligible


@pytest.mark.parametrize("form", ["employee", "unemployed", "student"])
def test_it_refuses_a_trainee_not_in_flexible_employment(form: str) -> None:
    d = decide(CODE, "2024-03-01", **{**TRAINEE, "employment_form": form}, **RURAL_LEAVER)
    assert not d.eligible
    assert failed(d) == {"flexible_employment"}


def test_it_flags_the_unconfirmed_amount_and_gives_none() -> None:
    d = decide(CODE, "2024-03-01", **TRAINEE, **RURAL_LEAVER)
    assert d.amount_fen is None
    assert d.unconfirmed_parameters == ("training_living_allowance.standard",)
    assert "未经确认" in d.explanation_zh
    assert "unconfirmed" in d.explanation_en
