"""Statutory retirement date under the reform in force from 2025-01-01 (parameters.md §6)."""

from __future__ import annotations

import datetime as dt

import pytest

from linghuo.policy.parameters import load
from tests.policy.deciding import decide

CODE = "statutory_retirement_date"
ON = "2025-06-01"


def retirement(birth: str, sex: str, on: str = ON, female_category: str | None = None) -> tuple[dt.date, int]:
    params = (
        load(overrides={"statutory_retirement_date.female_category": female_category})
        if female_category
        else None
    )
    d = decide(CODE, on, params=params, birth_date=birth, sex=sex)
    assert d.months is not None
    return d.figures["retirement_date"], d.months


@pytest.mark.parametrize(
    ("birth", "date", "delay"),
    [
        ("1964-12-15", dt.date(2024, 12, 15), 0),  # before the first delayed month: 60
        ("1965-01-10", dt.date(2025, 2, 10), 1),  # first month: 60 and 1 month
        ("1965-04-10", dt.date(2025, 5, 10), 1),  # same 4-month band
        ("1965-05-10", dt.date(2025, 7, 10), 2),  # next band
        ("1976-08-31", dt.date(2039, 7, 31), 35),  # 1976-08: 140th month → 35 months
        ("1976-09-01", dt.date(2039, 9, 1), 36),  # 63, the final age
        ("1990-01-01", dt.date(2053, 1, 1), 36),  # capped at 63
    ],
)
def test_it_delays_men_one_month_per_4_months_of_birth_to_63(birth: str, date: dt.date, delay: int) -> None:
    assert retirement(birth, "male") == (date, delay)


@pytest.mark.parametrize(
    ("birth", "date", "delay"),
    [
        ("1969-12-05", dt.date(2024, 12, 5), 0),
        ("1970-01-05", dt.date(2025, 2, 5), 1),
        ("1981-08-31", dt.date(2039, 7, 31), 35),
        ("1981-09-01", dt.date(2039, 9, 1), 36),  # 58, the final age
    ],
)
def test_it_delays_women_of_the_55_category_to_58(birth: str, date: dt.date, delay: int) -> None:
    assert retirement(birth, "female", female_category="female_55") == (date, delay)


@pytest.mark.parametrize(
    ("birth", "date", "delay"),
    [
        ("1974-12-20", dt.date(2024, 12, 20), 0),
        ("1975-01-20", dt.date(2025, 2, 20), 1),
        ("1975-03-20", dt.date(2025, 5, 20), 2),  # one month per 2 months of birth
        ("1984-12-01", dt.date(2039, 12, 1), 60),  # 55, the final age
        ("1995-06-30", dt.date(2050, 6, 30), 60),
    ],
)
def test_it_delays_women_of_the_50_category_one_month_per_2_months_to_55(
    birth: str, date: dt.date, delay: int
) -> None:
    assert retirement(birth, "female", female_category="female_50") == (date, delay)


def test_it_applies_the_original_age_before_the_reform_took_effect() -> None:
    assert retirement("1965-01-10", "male", on="2024-12-31") == (dt.date(2025, 1, 10), 0)


def test_it_flags_the_unconfirmed_category_of_women() -> None:
    d = decide(CODE, ON, birth_date="1975-01-20", sex="female")
    assert "statutory_retirement_date.female_category" in d.unconfirmed_parameters


def test_it_needs_a_birth_date() -> None:
    assert not decide(CODE, ON, sex="male").eligible
