"""（十三） and the minimum wage rules: a gig posting's pay against the part-time hourly minimum wage.

Figures from parameters.md §1 (hourly CNY): tier 2 16.5 from 2018-08-01, 20 from 2021-08-01, 22 from
2024-01-01, 23 from 2026-01-01; tier 3 14.5, 18, 20, 21. Lianyungang: 海州区 320706 and 连云区 320703 tier 2;
赣榆区 320707, 东海县 320722, 灌云县 320723, 灌南县 320724 tier 3; the tiers from 2024 are unconfirmed.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from linghuo.policy.measures import platform_rules
from linghuo.policy.measures.posting_minimum_pay import (
    Posting,
    PostingError,
    check_posting_pay,
    hourly_equivalent,
)
from linghuo.policy.parameters import load


def hourly(division: str, on: str, pay_fen: int) -> Posting:
    return Posting(division, dt.date.fromisoformat(on), pay_fen=pay_fen, unit="hour")


@pytest.mark.parametrize(
    ("division", "on", "pay_fen", "meets"),
    [
        ("320706", "2021-07-31", 1650, True),  # tier 2 before 2021-08-01: 16.5
        ("320706", "2021-07-31", 1649, False),
        ("320706", "2021-08-01", 1999, False),  # tier 2 from 2021-08-01: 20
        ("320706", "2021-08-01", 2000, True),
        ("320707", "2021-07-31", 1450, True),  # tier 3: 14.5
        ("320707", "2021-07-31", 1449, False),
        ("320707", "2021-08-01", 1799, False),  # tier 3: 18
        ("320707", "2021-08-01", 1800, True),
        ("320703", "2023-12-31", 2000, True),
        ("320703", "2024-01-01", 2000, False),  # tier 2 from 2024-01-01: 22
        ("320703", "2024-01-01", 2200, True),
        ("320724", "2025-12-31", 2000, True),  # tier 3 2024–2025: 20
        ("320724", "2026-01-01", 2099, False),  # tier 3 from 2026-01-01: 21
        ("320724", "2026-01-01", 2100, True),
        ("320705", "2021-08-01", 1999, False),  # 新浦区 is now 海州区: tier 2
    ],
)
def test_it_holds_an_hourly_posting_to_its_districts_minimum_on_its_date(
    division: str, on: str, pay_fen: int, meets: bool
) -> None:
    assert check_posting_pay(hourly(division, on, pay_fen)).meets_minimum is meets


def test_it_says_the_shortfall_and_the_figures_when_it_refuses() -> None:
    check = check_posting_pay(hourly("320706", "2021-08-01", 1800))
    assert (check.minimum_hourly_fen, check.hourly_equivalent_fen, check.shortfall_per_hour_fen) == (
        2000,
        1800,
        200,
    )
    assert check.tier == 2
    assert "不予发布" in check.explanation_zh
    assert "苏人社发〔2021〕72号" in check.explanation_zh
    assert "refused" in check.explanation_en


@pytest.mark.parametrize(
    ("posting", "expected"),
    [
        (Posting("320706", dt.date(2022, 1, 1), 16000, "day", hours=Fraction(8)), Fraction(2000)),
        (Posting("320706", dt.date(2022, 1, 1), 10000, "total", hours=Fraction(3)), Fraction(10000, 3)),
        (Posting("320706", dt.date(2022, 1, 1), 50, "piece", hours=Fraction(2), pieces=90), Fraction(2250)),
        (Posting("320706", dt.date(2022, 1, 1), 2100, "hour"), Fraction(2100)),
    ],
)
def test_it_converts_each_pay_unit_to_an_hourly_equivalent(posting: Posting, expected: Fraction) -> None:
    assert hourly_equivalent(posting) == expected


def test_it_compares_exactly_a_day_rate_a_fraction_of_a_fen_below_the_minimum() -> None:
    # 7.5 hours in 海州区 on 2022-01-01 need 7.5 × 20 = 150 CNY; 149.99 is below it
    below = Posting("320706", dt.date(2022, 1, 1), 14999, "day", hours=Fraction(15, 2))
    at = Posting("320706", dt.date(2022, 1, 1), 15000, "day", hours=Fraction(15, 2))
    assert not check_posting_pay(below).meets_minimum
    assert check_posting_pay(below).shortfall_per_hour_fen == 1  # 0.13 fen, rounded up
    assert check_posting_pay(at).meets_minimum


def test_it_holds_a_piece_rate_to_the_minimum_through_the_pieces_per_hour() -> None:
    slow = Posting("320722", dt.date(2022, 1, 1), 100, "piece", hours=Fraction(1), pieces=17)
    fast = Posting("320722", dt.date(2022, 1, 1), 100, "piece", hours=Fraction(1), pieces=18)
    assert not check_posting_pay(slow).meets_minimum  # 17 CNY an hour against tier 3's 18
    assert check_posting_pay(fast).meets_minimum


def test_it_flags_the_tiers_assumed_from_2024_as_unconfirmed() -> None:
    assert check_posting_pay(hourly("320706", "2024-01-01", 3000)).unconfirmed_parameters == (
        "minimum_wage.tier",
    )
    assert check_posting_pay(hourly("320706", "2023-12-31", 3000)).unconfirmed_parameters == ()


def test_it_follows_a_what_if_minimum_wage() -> None:
    params = load(overrides={"minimum_wage.hourly[2]": "25"})
    assert not check_posting_pay(hourly("320706", "2022-01-01", 2400), params).meets_minimum


@pytest.mark.parametrize(
    ("posting", "message"),
    [
        (Posting("320700", dt.date(2022, 1, 1), 3000, "hour"), "区县"),
        (Posting("110105", dt.date(2022, 1, 1), 3000, "hour"), "no minimum-wage tier"),
        (Posting("320706", dt.date(2018, 7, 31), 3000, "hour"), "no minimum wage applies"),
        (Posting("320706", dt.date(2022, 1, 1), 3000, "day"), "hours"),
        (Posting("320706", dt.date(2022, 1, 1), 3000, "total", hours=Fraction(0)), "hours"),
        (Posting("320706", dt.date(2022, 1, 1), 30, "piece", hours=Fraction(1)), "pieces"),
        (Posting("320706", dt.date(2022, 1, 1), -1, "hour"), "negative"),
    ],
)
def test_it_refuses_a_posting_it_cannot_check_with_a_clear_message(posting: Posting, message: str) -> None:
    with pytest.raises(PostingError, match=message):
        check_posting_pay(posting)


def test_it_is_a_platform_rule_of_clause_13_reading_the_minimum_wage() -> None:
    rule = platform_rules()["posting_minimum_pay"]
    assert rule.clause == "十三"
    assert set(rule.parameters) == {"minimum_wage.hourly", "minimum_wage.tier"}
