"""The facts: defaults, validation messages in Chinese and English, ID numbers, frames."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from linghuo.policy.facts import FACT_NAMES, FactsError, normalise_frame, validate_facts

# 11010519491231002X: the standard's own example (北京市朝阳区, born 1949-12-31, a woman).
VALID_ID = "11010519491231002X"


def errors_of(facts: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(FactsError) as caught:
        validate_facts(facts)
    return {e.fact: f"{e.message_zh} / {e.message_en}" for e in caught.value.errors}


def test_it_gives_every_fact_its_default_when_left_out_or_null() -> None:
    facts = validate_facts({"dibao": None, "si_paid_fen": None})
    assert set(facts) == set(FACT_NAMES)
    assert facts["dibao"] is False
    assert facts["si_paid_fen"] == 0
    assert facts["college_left_on"] is None
    assert facts["employment_form"] is None


def test_it_reads_birth_date_and_sex_from_the_id_number() -> None:
    facts = validate_facts({"id_number": VALID_ID})
    assert facts["birth_date"] == dt.date(1949, 12, 31)
    assert facts["sex"] == "female"


def test_it_refuses_a_wrong_check_digit() -> None:
    assert errors_of({"id_number": "110105194912310021"})["id_number"] == (
        "身份证号码校验码错误 / wrong check digit in the ID number"
    )


def test_it_refuses_a_birth_date_that_disagrees_with_the_id_number() -> None:
    assert "1949-12-31" in errors_of({"id_number": VALID_ID, "birth_date": "1950-01-01"})["birth_date"]


def test_it_refuses_a_sex_that_disagrees_with_the_id_number() -> None:
    assert "disagrees" in errors_of({"id_number": VALID_ID, "sex": "male"})["sex"]


def test_it_accepts_an_old_city_code_on_an_id_number_of_someone_born_before_the_code() -> None:
    # 海州区 (320706) dates from 1986; a person born in 1970 may hold it from a later first issue.
    assert validate_facts({"id_number": "320706197003010021"})["birth_date"] == dt.date(1970, 3, 1)


def test_it_refuses_an_unknown_division_code_in_the_city() -> None:
    assert errors_of({"work_division": "320799"})["work_division"] == (
        "未知的区划代码 320799 / unknown division code 320799"
    )


def test_it_refuses_a_division_code_of_no_province() -> None:
    assert "unknown division code" in errors_of({"hukou_division": "990101"})["hukou_division"]


def test_it_accepts_a_historical_city_code_and_another_provinces_code() -> None:
    facts = validate_facts({"hukou_division": "320705", "work_division": "110105"})
    assert (facts["hukou_division"], facts["work_division"]) == ("320705", "110105")


def test_it_refuses_an_impossible_date() -> None:
    assert "impossible date" in errors_of({"college_left_on": "2023-02-29"})["college_left_on"]


def test_it_refuses_a_negative_amount() -> None:
    assert errors_of({"monthly_income_fen": -5})["monthly_income_fen"] == (
        "金额不能为负数 / an amount cannot be negative"
    )


def test_it_refuses_an_unknown_employment_form() -> None:
    assert "unknown value 'gig'" in errors_of({"employment_form": "gig"})["employment_form"]


def test_it_refuses_an_unknown_fact_rather_than_dropping_it() -> None:
    assert errors_of({"salary": 1})["salary"] == "未知的事实名称 / unknown fact name"


def test_it_reports_every_bad_fact_at_once() -> None:
    assert set(errors_of({"si_paid_fen": -1, "sex": "x", "dibao": "yes"})) == {"si_paid_fen", "sex", "dibao"}


def test_it_gives_a_frame_every_fact_column_with_its_default() -> None:
    frame = normalise_frame(pl.DataFrame({"person_id": ["a", "b"], "id_number": [VALID_ID, None]}))
    assert set(FACT_NAMES) <= set(frame.columns)
    assert frame["veteran"].to_list() == [False, False]
    assert frame["birth_date"].to_list() == [dt.date(1949, 12, 31), None]
    assert frame["sex"].cast(pl.String).to_list() == ["female", None]
