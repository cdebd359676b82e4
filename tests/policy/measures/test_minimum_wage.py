"""Minimum wage by tier, division and date (parameters.md §1)."""

from __future__ import annotations

import datetime as dt

import pytest

from linghuo.policy.measures.minimum_wage import minimum_wage_on
from linghuo.policy.parameters import ParameterMissingError
from tests.policy.deciding import decide


@pytest.mark.parametrize(
    ("division", "on", "monthly", "hourly"),
    [
        ("320706", "2018-08-01", 183000, 1650),
        ("320722", "2018-08-01", 162000, 1450),
        ("320706", "2021-07-31", 183000, 1650),
        ("320706", "2021-08-01", 207000, 2000),
        ("320707", "2021-08-01", 184000, 1800),
        ("320771", "2021-08-01", 207000, 2000),  # 开发区 with 市区: tier 2
        ("320705", "2021-08-01", 207000, 2000),  # 新浦区 → 海州区
        ("320703", "2023-12-31", 207000, 2000),
        ("320703", "2024-01-01", 226000, 2200),
        ("320724", "2024-01-01", 201000, 2000),
        ("320723", "2025-12-31", 201000, 2000),
        ("320723", "2026-01-01", 218000, 2100),
        ("320706", "2026-01-01", 243000, 2300),
    ],
)
def test_it_gives_the_tiers_wage_on_the_date(division: str, on: str, monthly: int, hourly: int) -> None:
    wage = minimum_wage_on(division, dt.date.fromisoformat(on))
    assert (wage.monthly_fen, wage.hourly_fen) == (monthly, hourly)


def test_it_has_no_minimum_wage_before_2018_08_01() -> None:
    with pytest.raises(ParameterMissingError):
        minimum_wage_on("320706", dt.date(2018, 7, 31))


def test_it_answers_a_person_with_the_monthly_wage_and_flags_the_unconfirmed_tiers_from_2024() -> None:
    d = decide("minimum_wage", "2024-01-01", work_division="320707")
    assert d.amount_fen == 201000
    assert d.unconfirmed_parameters == ("minimum_wage.tier",)
    assert decide("minimum_wage", "2023-12-31", work_division="320707").unconfirmed_parameters == ()


def test_it_has_no_tier_outside_the_city() -> None:
    d = decide("minimum_wage", "2022-01-01", work_division="110105")
    assert not d.eligible
    assert d.amount_fen is None
