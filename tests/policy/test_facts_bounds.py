"""The facts' bounds: dates written exactly YYYY-MM-DD between 1900 and 2100, amounts and counts far below
their columns' limits, and birth dates (given or from the ID number) of a living person on the day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from stdnum.cn import ric

from linghuo.policy.facts import FactsError, birth_date_on_errors, validate_facts

ON = dt.date(2026, 12, 3)


def id_number(birth: str, sequence: str = "002") -> str:
    """A resident ID number of 北京市朝阳区 (110105) with its GB 11643 check digit."""
    body = f"110105{birth}{sequence}"
    return body + ric.calc_check_digit(body + "0")  # the function skips the last character


def errors_of(facts: dict[str, Any], *, on: dt.date | None = None) -> dict[str, str]:
    with pytest.raises(FactsError) as caught:
        validate_facts(facts, on=on)
    return {e.fact: f"{e.message_zh} / {e.message_en}" for e in caught.value.errors}


@pytest.mark.parametrize("written", ["20261203", "2026-W49-4", "2026-337", "2026-12-3", " 2026-12-03"])
def test_it_refuses_a_date_not_written_yyyy_mm_dd(written: str) -> None:
    message = errors_of({"unemployed_since": written})["unemployed_since"]
    assert "YYYY-MM-DD" in message
    assert "应为" in message


@pytest.mark.parametrize("written", ["9999-12-31", "2101-01-01", "1899-12-31", "0001-01-01"])
def test_it_refuses_a_date_outside_1900_to_2100(written: str) -> None:
    message = errors_of({"flexible_employment_since": written})["flexible_employment_since"]
    assert "超出" in message
    assert "outside 1900-01-01 to 2100-12-31" in message


def test_it_refuses_a_date_object_outside_the_range_too() -> None:
    assert "超出" in errors_of({"college_left_on": dt.date(9999, 12, 31)})["college_left_on"]


def test_it_accepts_the_range_ends() -> None:
    facts = validate_facts({"college_left_on": "1900-01-01", "unemployed_since": "2100-12-31"})
    assert facts["college_left_on"] == dt.date(1900, 1, 1)
    assert facts["unemployed_since"] == dt.date(2100, 12, 31)


@pytest.mark.parametrize("fact", ["si_paid_fen", "loan_requested_fen", "monthly_income_fen"])
@pytest.mark.parametrize("amount", [2**63, 2**63 - 1, 10**12 + 1])
def test_it_refuses_an_amount_beyond_ten_billion_yuan(fact: str, amount: int) -> None:
    assert "金额不能大于" in errors_of({fact: amount})[fact]


@pytest.mark.parametrize("count", [2**31, 2**63, 1_000_001])
def test_it_refuses_a_count_beyond_a_million(count: int) -> None:
    assert "不能大于" in errors_of({"business_employees": count})["business_employees"]


def test_it_accepts_the_largest_amount_and_count() -> None:
    facts = validate_facts({"si_paid_fen": 10**12, "business_employees": 1_000_000})
    assert (facts["si_paid_fen"], facts["business_employees"]) == (10**12, 1_000_000)


@pytest.mark.parametrize(
    ("birth", "words"),
    [("2090-01-01", "晚于 2026-12-03"), ("2026-12-04", "晚于 2026-12-03"), ("1905-12-03", "年龄超过120岁")],
)
def test_it_refuses_a_birth_date_of_no_living_person_on_the_day(birth: str, words: str) -> None:
    assert words in errors_of({"birth_date": birth}, on=ON)["birth_date"]


def test_it_refuses_a_birth_date_of_1800() -> None:
    assert "超出" in errors_of({"birth_date": "1800-01-01"}, on=ON)["birth_date"]


@pytest.mark.parametrize("birth", ["2026-12-03", "1906-12-03", "1990-05-01"])
def test_it_accepts_a_birth_date_of_age_0_to_120(birth: str) -> None:
    assert validate_facts({"birth_date": birth}, on=ON)["birth_date"] == dt.date.fromisoformat(birth)


def test_it_refuses_an_id_number_born_after_the_day() -> None:
    message = errors_of({"id_number": id_number("20900101")}, on=ON)["id_number"]
    assert "晚于 2026-12-03" in message


def test_it_refuses_an_id_number_born_in_1800() -> None:
    message = errors_of({"id_number": id_number("18000101")})["id_number"]
    assert "身份证号码中的出生日期" in message
    assert "超出" in message


def test_it_reads_a_plausible_birth_date_from_an_id_number_on_the_day() -> None:
    assert validate_facts({"id_number": id_number("19491231")}, on=ON)["birth_date"] == dt.date(1949, 12, 31)


@pytest.mark.parametrize(
    ("facts", "fact"),
    [({"birth_date": "2090-01-01"}, "birth_date"), ({"id_number": id_number("20900101")}, "id_number")],
)
def test_it_finds_a_birth_date_after_the_day_without_validating_every_fact(
    facts: dict[str, Any], fact: str
) -> None:
    [error] = birth_date_on_errors({**facts, "dibao": "not a bool"}, ON)
    assert error.fact == fact
    assert "晚于 2026-12-03" in error.message_zh


def test_it_finds_nothing_wrong_with_a_living_persons_birth_date() -> None:
    assert birth_date_on_errors({"id_number": id_number("19491231")}, ON) == []
    assert birth_date_on_errors({"birth_date": "not a date"}, ON) == []
