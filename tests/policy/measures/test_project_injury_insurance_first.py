"""（十一） "坚持先参保、后开工，持续推进工程建设领域农民工按项目参加工伤保险。"
``eligible`` is "complies"; ``false`` is the flag."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.deciding import failed
from tests.policy.deciding_organisation import decide_org

CODE = "project_injury_insurance_first"
ON = "2024-03-01"
PROJECT = {"construction_project": True, "employs_migrant_workers": True}


def project(on: str = ON, **facts: Any) -> Any:
    return decide_org(CODE, on, **PROJECT, **facts)


@pytest.mark.parametrize(
    ("insured_on", "complies"),
    [("2024-01-09", True), ("2024-01-10", True), ("2024-01-11", False), (None, False)],
)
def test_it_requires_the_insurance_by_the_day_work_started(insured_on: str | None, complies: bool) -> None:
    d = project(project_started_on="2024-01-10", project_injury_insured_on=insured_on)
    assert d.eligible is complies
    if not complies:
        assert failed(d) == {"insured_before_start"}


def test_it_keeps_flagging_a_project_that_started_uninsured_and_was_insured_later() -> None:
    d = project(project_started_on="2023-06-01", project_injury_insured_on="2023-09-01")
    assert not d.eligible


def test_it_asks_nothing_before_work_starts() -> None:
    d = project(project_started_on="2024-03-02")
    assert d.eligible
    assert d.notes == ("not_bound",)
    assert not project(project_started_on=ON).eligible  # started on the evaluation date, uninsured


def test_it_asks_nothing_of_a_project_without_a_start_date() -> None:
    assert project().eligible


@pytest.mark.parametrize(
    "facts",
    [
        {"construction_project": True, "employs_migrant_workers": False},
        {"construction_project": False, "employs_migrant_workers": True},
    ],
)
def test_it_binds_only_a_construction_project_employing_migrant_workers(facts: dict[str, Any]) -> None:
    d = decide_org(CODE, ON, project_started_on="2024-01-10", **facts)
    assert d.eligible
