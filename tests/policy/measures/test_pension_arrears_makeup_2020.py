"""（十四）2020年欠缴养老保险费补缴 — cases from the clause text.

"以个人身份参加企业职工基本养老保险的个体工商户和各类灵活就业人员，对2020年因缴费困难未缴费月度，可于
2021年年底前进行补缴，缴费年限累计计算，缓缴期间免收滞纳金。"
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from linghuo.policy.facts import FactsError
from tests.policy.deciding import decide, failed

CODE = "pension_arrears_makeup_2020"
CONTRIBUTOR: dict[str, Any] = {
    "employment_form": "individual_business",
    "work_division": "320706",
    "social_insurance_enrolled": True,
}


@pytest.mark.parametrize("on", ["2021-11-08", "2021-12-31"])
def test_it_allows_the_makeup_until_the_end_of_2021(on: str) -> None:
    d = decide(CODE, on, **CONTRIBUTOR, pension_months_unpaid_2020=3)
    assert d.eligible
    assert d.months == 3


@pytest.mark.parametrize("on", ["2022-01-01", "2024-03-01"])
def test_it_refuses_the_makeup_after_2021(on: str) -> None:
    # "可于2021年年底前进行补缴"
    d = decide(CODE, on, **CONTRIBUTOR, pension_months_unpaid_2020=3)
    assert not d.eligible
    assert failed(d) == {"within_window"}
    assert d.months is None


@pytest.mark.parametrize("months", [1, 12])
def test_it_counts_the_months_missed(months: int) -> None:
    assert decide(CODE, "2021-12-01", **CONTRIBUTOR, pension_months_unpaid_2020=months).months == months


def test_it_refuses_a_contributor_who_missed_no_month() -> None:
    d = decide(CODE, "2021-12-01", **CONTRIBUTOR)
    assert not d.eligible
    assert failed(d) == {"months_missed"}


def test_it_refuses_more_months_than_a_year_has() -> None:
    with pytest.raises(FactsError) as raised:
        decide(CODE, "2021-12-01", **CONTRIBUTOR, pension_months_unpaid_2020=13)
    assert "pension_months_unpaid_2020" in str(raised.value)


def test_it_refuses_a_flexible_worker_not_enrolled_as_an_individual() -> None:
    d = decide(
        CODE,
        "2021-12-01",
        **{**CONTRIBUTOR, "social_insurance_enrolled": False},
        pension_months_unpaid_2020=2,
    )
    assert not d.eligible
    assert failed(d) == {"individual_contributor"}


@pytest.mark.parametrize("form", ["employee", "unemployed", "student"])
def test_it_refuses_someone_not_in_flexible_employment(form: str) -> None:
    d = decide(CODE, "2021-12-01", **{**CONTRIBUTOR, "employment_form": form}, pension_months_unpaid_2020=2)
    assert not d.eligible
    assert failed(d) == {"individual_contributor"}


def test_it_counts_the_years_and_waives_the_late_fee() -> None:
    d = decide(CODE, "2021-12-01", **CONTRIBUTOR, pension_months_unpaid_2020=2)
    assert set(d.notes) == {"years_counted", "no_late_fee"}
    assert "滞纳金" in d.explanation_zh
    assert d.amount_fen is None
    assert d.figures["window_end"] == dt.date(2021, 12, 31)


def test_it_refuses_a_contributor_enrolled_outside_the_city() -> None:
    d = decide(CODE, "2021-12-01", **{**CONTRIBUTOR, "work_division": "320102"}, pension_months_unpaid_2020=2)
    assert not d.eligible
    assert failed(d) == {"works_in_city"}


@pytest.mark.parametrize(
    ("on", "status"),
    [("2021-12-31", "eligible"), ("2022-01-01", "closed"), ("2026-06-30", "closed")],
)
def test_after_2021_the_makeup_is_closed_not_something_to_do(on: str, status: str) -> None:
    # "可于2021年年底前进行补缴": from 2022 the window has closed, whatever else holds
    d = decide(CODE, on, **CONTRIBUTOR, pension_months_unpaid_2020=3)
    assert d.status == status
    assert ("补缴期限已于2021年年底截止" in d.plain_zh) is (status == "closed")


def test_the_window_closed_even_for_someone_who_would_not_qualify_anyway() -> None:
    d = decide(CODE, "2026-06-30", **CONTRIBUTOR)  # no month missed in 2020
    assert failed(d) == {"months_missed", "within_window"}
    assert d.status == "closed"
