"""（七） "对各类院校、培训机构以及新就业形态企业开发的创业培训和技能合格证项目，纳入政府培训补贴范围。"
（九） "培训机构和单位 …… 经人力资源社会保障部门审核后按规定享受职业培训补贴\""""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.deciding import failed
from tests.policy.deciding_organisation import decide_org

CODE = "training_provider_subsidy"
ON = "2024-03-01"
QUALIFYING = {"approved_training_provider": True, "trainees_eligible": 12, "hrss_reviewed": True}


def test_it_subsidises_an_approved_provider_training_eligible_people_after_review() -> None:
    d = decide_org(CODE, ON, kind="training_provider", **QUALIFYING)
    assert d.eligible
    assert d.amount_fen is None  # "按规定": the amount is the training-subsidy rules'
    assert d.notes == ("amount_by_rules",)
    assert d.figures["trainees_eligible"] == 12


@pytest.mark.parametrize(
    ("change", "fails", "clause"),
    [
        ({"approved_training_provider": False}, "approved_provider", "七"),
        ({"trainees_eligible": 0}, "trains_eligible_people", "九"),
        ({"hrss_reviewed": False}, "hrss_reviewed", "九"),
    ],
)
def test_it_requires_each_condition(change: dict[str, Any], fails: str, clause: str) -> None:
    d = decide_org(CODE, ON, **{**QUALIFYING, **change})
    assert not d.eligible
    assert failed(d) == {fails}
    assert {c.code: c.clause for c in d.conditions}[fails] == clause


def test_it_needs_only_one_eligible_trainee() -> None:
    assert decide_org(CODE, ON, **{**QUALIFYING, "trainees_eligible": 1}).eligible
