"""（五）免费经营场地优先: cases from the policy text.

Seed: "将综合服务设施闲置空间、非必要办公空间改造为免费经营场地，优先向
下岗失业人员、高校毕业生、农民工、就业困难人员等重点群体提供。" Priority, no amount.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.deciding import decide, failed

CODE = "free_premises_priority"
ON = "2024-03-01"


def premises(on: str = ON, **facts: Any) -> Any:
    return decide(CODE, on, **facts)


@pytest.mark.parametrize(
    "group",
    [
        {"laid_off_or_transferred": True},
        {"registered_unemployed": True},
        {"college_left_on": "2010-07-01"},
        {"rural_transfer_worker": True},
        {"hard_to_employ_since": "2023-01-01"},
    ],
)
def test_it_gives_priority_to_each_group_the_clause_names(group: dict[str, Any]) -> None:
    d = premises(**group)
    assert d.eligible
    assert d.clause == "五"
    assert d.amount_fen is None


def test_it_gives_no_priority_outside_the_groups() -> None:
    d = premises(veteran=True, disabled=True, employment_form="individual_business")
    assert not d.eligible
    assert failed(d) == {"priority_group"}


def test_it_counts_a_graduate_from_the_day_of_leaving_college() -> None:
    assert premises(college_left_on=ON).eligible
    assert not premises(college_left_on="2024-03-02").eligible


def test_it_does_not_count_a_student_as_a_graduate() -> None:
    assert not premises(college_student=True).eligible


def test_it_reads_the_hard_to_employ_certification_on_the_evaluation_date() -> None:
    assert premises(hard_to_employ_since=ON).eligible
    assert not premises(hard_to_employ_since="2024-03-02").eligible


def test_it_says_that_priority_depends_on_the_premises_available() -> None:
    d = premises(rural_transfer_worker=True)
    assert "subject_to_availability" in d.notes
    assert not d.unconfirmed_parameters
