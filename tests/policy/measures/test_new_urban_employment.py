"""（十五） new urban employment: income at least the local minimum wage, and insured."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.deciding import decide, failed

CODE = "new_urban_employment"
WORKER: dict[str, Any] = {
    "employment_form": "platform",
    "work_division": "320706",
    "social_insurance_enrolled": True,
}


@pytest.mark.parametrize(("income", "counted"), [(207000, True), (206999, False)])
def test_it_counts_income_at_least_the_minimum_wage(income: int, counted: bool) -> None:
    assert decide(CODE, "2022-01-01", **WORKER, monthly_income_fen=income).eligible is counted


@pytest.mark.parametrize(("on", "counted"), [("2023-12-31", True), ("2024-01-01", False)])
def test_it_uses_the_minimum_wage_in_force_on_the_date(on: str, counted: bool) -> None:
    assert decide(CODE, on, **WORKER, monthly_income_fen=210000).eligible is counted


def test_it_counts_a_part_timer_in_a_tier_3_county_at_its_wage() -> None:
    d = decide(
        CODE,
        "2022-01-01",
        **{**WORKER, "employment_form": "part_time", "work_division": "320722"},
        monthly_income_fen=184000,
    )
    assert d.eligible


def test_it_requires_insurance() -> None:
    d = decide(
        CODE, "2022-01-01", **{**WORKER, "social_insurance_enrolled": False}, monthly_income_fen=300000
    )
    assert failed(d) == {"insured"}


def test_it_requires_work_in_the_city() -> None:
    d = decide(CODE, "2022-01-01", **{**WORKER, "work_division": "110105"}, monthly_income_fen=300000)
    assert failed(d) == {"works_in_city", "income_at_least_minimum_wage"}


def test_it_does_not_count_an_employee_here() -> None:
    d = decide(CODE, "2022-01-01", **{**WORKER, "employment_form": "employee"}, monthly_income_fen=300000)
    assert failed(d) == {"flexible_worker"}
