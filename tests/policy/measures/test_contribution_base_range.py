"""（十一）个人身份参保的缴费基数上下限 — cases from the clause text and parameters.md §3.

"以个人身份参加企业职工基本养老保险的个体工商户和灵活就业人员，缴费基数可在公布的当年缴费基数上下限之间
选择适当档次的缴费工资基数。"  Bases (monthly, CNY, grade C): 2023 4,494 / 24,042; 2024 4,879 / 24,396;
2025 4,952 / 24,762; 2026 provisionally as 2025; 2021 and 2022 UNCONFIRMED. Rate 20 %.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.deciding import decide, failed

CODE = "contribution_base_range"
FLEXIBLE: dict[str, Any] = {"employment_form": "part_time", "work_division": "320706"}


@pytest.mark.parametrize(
    ("on", "lower_fen", "upper_fen"),
    [
        ("2023-01-01", 449400, 2404200),
        ("2023-12-31", 449400, 2404200),
        ("2024-01-01", 487900, 2439600),
        ("2024-12-31", 487900, 2439600),
        ("2025-01-01", 495200, 2476200),
        ("2025-12-31", 495200, 2476200),
    ],
)
def test_it_gives_the_years_lower_and_upper_monthly_base(on: str, lower_fen: int, upper_fen: int) -> None:
    d = decide(CODE, on, **FLEXIBLE)
    assert d.eligible
    assert (d.amount_min_fen, d.amount_max_fen) == (lower_fen, upper_fen)
    assert d.unconfirmed_parameters == ()


def test_it_keeps_2025_for_2026_but_flags_it_unconfirmed() -> None:
    d = decide(CODE, "2026-01-01", **FLEXIBLE)
    assert (d.amount_min_fen, d.amount_max_fen) == (495200, 2476200)
    assert set(d.unconfirmed_parameters) == {
        "contribution_base_range.lower_monthly",
        "contribution_base_range.upper_monthly",
    }


@pytest.mark.parametrize("on", ["2021-11-08", "2021-12-31", "2022-01-01", "2022-12-31"])
def test_it_gives_no_invented_base_for_2021_and_2022(on: str) -> None:
    d = decide(CODE, on, **FLEXIBLE)
    assert d.eligible
    assert (d.amount_min_fen, d.amount_max_fen) == (None, None)
    assert "contribution_base_range.lower_monthly" in d.unconfirmed_parameters
    assert "未经确认" in d.explanation_zh
    assert "4250" not in d.explanation_zh
    assert "22470" not in d.explanation_zh


def test_it_shows_the_20_percent_rate_and_the_monthly_premium_range() -> None:
    d = decide(CODE, "2024-03-01", **FLEXIBLE)
    assert d.figures["rate"] == "20%"
    # 4,879 × 20 % = 975.80; 24,396 × 20 % = 4,879.20
    assert (d.figures["premium_at_lower"], d.figures["premium_at_upper"]) == (97580, 487920)


@pytest.mark.parametrize("form", ["individual_business", "platform", "other_flexible"])
def test_it_applies_to_every_flexible_worker(form: str) -> None:
    assert decide(CODE, "2024-03-01", employment_form=form, work_division="320722").eligible


@pytest.mark.parametrize("form", ["employee", "unemployed", "student"])
def test_it_does_not_apply_to_someone_not_contributing_as_an_individual(form: str) -> None:
    d = decide(CODE, "2024-03-01", employment_form=form, work_division="320706")
    assert not d.eligible
    assert failed(d) == {"flexible_employment"}
    assert (d.amount_min_fen, d.amount_max_fen) == (None, None)


def test_it_does_not_apply_to_a_flexible_worker_contributing_outside_the_city() -> None:
    # the bases are Jiangsu's, for those enrolled at their place of registration in the city (十一)
    d = decide(CODE, "2024-03-01", employment_form="platform", work_division="310101")
    assert not d.eligible
    assert failed(d) == {"works_in_city"}
