"""The engine: dates, rules version, frame outputs, and one person vs. a frame agreeing."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linghuo.policy.engine import (
    PolicyDateError,
    evaluate_frame,
    evaluate_many,
    evaluate_one,
    failed_conditions,
    rules_version,
)
from linghuo.policy.facts import EMPLOYMENT_FORMS, FactsError
from linghuo.policy.measures import person_measures
from linghuo.policy.parameters import load

PLATFORM_GRADUATE: dict[str, Any] = {
    "person_id": "g1",
    "employment_form": "platform",
    "work_division": "320706",
    "si_paid_fen": 120000,
    "si_base_is_minimum": True,
    "college_left_on": "2022-03-01",
}


def test_it_refuses_a_date_before_the_policy() -> None:
    with pytest.raises(PolicyDateError, match="2021-11-08"):
        evaluate_one({}, on=dt.date(2021, 11, 7))
    with pytest.raises(PolicyDateError):
        evaluate_frame(pl.DataFrame({"person_id": ["a"]}), on=dt.date(2021, 11, 7))


def test_it_evaluates_on_the_policys_own_date() -> None:
    assert evaluate_one({}, on=dt.date(2021, 11, 8)).evaluated_on == dt.date(2021, 11, 8)


def test_it_returns_the_decision_shape_of_the_issue() -> None:
    result = evaluate_one(PLATFORM_GRADUATE, on=dt.date(2022, 6, 1)).as_dict()
    assert set(result) == {"person_id", "measures"}
    measure = result["measures"][0]
    assert set(measure) == {
        "code", "clause", "eligible", "amount_fen", "amount_min_fen", "amount_max_fen", "months",
        "conditions", "explanation_zh", "explanation_en", "unconfirmed_parameters",
    }  # fmt: skip
    assert set(measure["conditions"][0]) == {"code", "label", "clause", "passed"}


def test_it_explains_what_was_met_the_figures_and_the_sources() -> None:
    d = evaluate_one(PLATFORM_GRADUATE, on=dt.date(2022, 6, 1)).decision("social_insurance_subsidy")
    assert "已满足" in d.explanation_zh
    assert "800.00元" in d.explanation_zh  # the amount
    assert "1,200.00元" in d.explanation_zh  # the premiums used
    assert "连政办发〔2021〕50号（十二）" in d.explanation_zh  # a source
    assert "Met:" in d.explanation_en


def test_it_explains_what_failed() -> None:
    facts = {**PLATFORM_GRADUATE, "receiving_unemployment_benefit": True}
    d = evaluate_one(facts, on=dt.date(2022, 6, 1)).decision("social_insurance_subsidy")
    assert "未满足：未在领取失业保险金" in d.explanation_zh
    assert "Not met: not drawing unemployment benefit" in d.explanation_en


# A certified 就业困难人员 far from retirement, in platform work in 海州区, premiums paid on the minimum base.
HARD_TO_EMPLOY_WORKER: dict[str, Any] = {
    **PLATFORM_GRADUATE,
    "college_left_on": None,
    "hard_to_employ_since": "2023-12-01",
    "birth_date": "1988-08-08",
    "sex": "female",
    "social_insurance_enrolled": True,
}


def test_the_plain_explanation_names_no_parameter_but_keeps_the_sources() -> None:
    on = dt.date(2024, 6, 15)
    result = evaluate_one(HARD_TO_EMPLOY_WORKER, on=on)
    subsidy = result.decision("social_insurance_subsidy")
    key = "statutory_retirement_date.birth_months_per_month_of_delay"
    assert key in subsidy.explanation_zh  # the trace keeps the key (API, caseworker)
    assert "连政办发〔2021〕50号（十二）" in subsidy.plain_zh  # the source by its title
    names = set(load().parameters)
    for d in result.decisions:
        assert not [n for n in names if n in d.plain_zh or n in d.plain_en], d.code
        assert "=" not in d.plain_zh, d.code


def test_the_plain_explanation_names_the_district_of_work() -> None:
    d = evaluate_one(HARD_TO_EMPLOY_WORKER, on=dt.date(2024, 6, 15)).decision("employment_registration")
    assert "就业地 海州区" in d.plain_zh
    assert "就业地 320706" in d.explanation_zh


def test_an_unconfirmed_value_is_named_by_what_it_is_in_plain_words() -> None:
    on = dt.date(2024, 6, 15)
    parameters = load()
    unconfirmed = [
        d for d in evaluate_one(HARD_TO_EMPLOY_WORKER, on=on).decisions if d.unconfirmed_parameters
    ]
    assert unconfirmed, "parameters.md grades some values of 2024 UNCONFIRMED"
    for d in unconfirmed:
        description = re.split(r"\s*/\s+", parameters[d.unconfirmed_parameters[0]].description)[0]
        assert f"尚未经确认，结论仅供参考：{description}" in d.plain_zh


def test_a_decision_says_its_status() -> None:
    result = evaluate_one(HARD_TO_EMPLOY_WORKER, on=dt.date(2024, 6, 15))
    assert result.decision("social_insurance_subsidy").status == "eligible"
    assert result.decision("startup_subsidy_once").status == "not_eligible"
    assert result.decision("pension_arrears_makeup_2020").status == "closed"
    assert result.decision("hard_to_employ_certifiable").status == "not_applicable"


def test_it_changes_the_rules_version_with_an_override_only() -> None:
    assert rules_version() == rules_version(load())
    assert rules_version(load(overrides={"registration_deadline.working_days": "3"})) != rules_version()
    assert evaluate_one({}, on=dt.date(2022, 1, 1)).rules_version == rules_version()


def test_it_names_the_frame_columns_by_measure_code() -> None:
    out = evaluate_frame(pl.DataFrame([PLATFORM_GRADUATE]), on=dt.date(2022, 6, 1))
    assert out.columns[0] == "person_id"
    for m in person_measures():
        assert {f"{m.code}_eligible", f"{m.code}_amount_fen", f"{m.code}_failed"} <= set(out.columns)
    assert out["social_insurance_subsidy_amount_fen"].to_list() == [80000]
    assert out["social_insurance_subsidy_months"].to_list() == [24]


def test_it_records_the_failed_conditions_compactly() -> None:
    facts = {**PLATFORM_GRADUATE, "receiving_unemployment_benefit": True, "si_paid_fen": 0}
    out = evaluate_frame(pl.DataFrame([facts]), on=dt.date(2022, 6, 1))
    mask = out["social_insurance_subsidy_failed"][0]
    assert failed_conditions("social_insurance_subsidy", mask) == [
        "premiums_paid",
        "receiving_unemployment_benefit",
    ]


CITY = ["320703", "320706", "320707", "320722", "320723", "320724", "320771", "320705", "110105", None]
dates = st.one_of(st.none(), st.dates(dt.date(2015, 1, 1), dt.date(2026, 6, 30)))
person = st.fixed_dictionaries(
    {
        "birth_date": st.one_of(st.none(), st.dates(dt.date(1955, 1, 1), dt.date(2008, 12, 31))),
        "sex": st.sampled_from(["male", "female", None]),
        "employment_form": st.sampled_from([*EMPLOYMENT_FORMS, None]),
        "work_division": st.sampled_from(CITY),
        "hukou_division": st.sampled_from(CITY),
        "registered_unemployed": st.booleans(),
        "dibao": st.booleans(),
        "veteran": st.booleans(),
        "hard_to_employ_since": dates,
        "unemployed_since": dates,
        "college_left_on": dates,
        "employed_since_leaving_college": st.booleans(),
        "monthly_income_fen": st.integers(0, 600000),
        "social_insurance_enrolled": st.booleans(),
        "receiving_unemployment_benefit": st.booleans(),
        "si_paid_fen": st.integers(0, 2_000_000),
        "si_base_is_minimum": st.booleans(),
        "si_subsidy_months_used": st.integers(0, 60),
        "si_extension_used": st.booleans(),
        "si_first_approved_on": dates,
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    people=st.lists(person, min_size=1, max_size=6), on=st.dates(dt.date(2021, 11, 8), dt.date(2026, 12, 31))
)
def test_it_decides_the_same_for_one_person_and_in_a_frame(people: list[dict[str, Any]], on: dt.date) -> None:
    rows = [{"person_id": str(i), **p} for i, p in enumerate(people)]
    frame = evaluate_frame(pl.DataFrame(rows, infer_schema_length=None), on=on)
    for i, facts in enumerate(rows):
        one = evaluate_one(
            {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in facts.items()}, on=on
        )
        for d in one.decisions:
            row = frame.row(i, named=True)
            assert row[f"{d.code}_eligible"] == d.eligible, d.code
            assert row[f"{d.code}_amount_fen"] == d.amount_fen, d.code
            assert row.get(f"{d.code}_months") == d.months, d.code
            failed = [c.code for c in d.conditions if "." not in c.code and not c.passed]
            assert failed_conditions(d.code, row[f"{d.code}_failed"]) == failed, d.code


def test_it_evaluates_many_people_in_one_pass_as_one_by_one() -> None:
    people = [PLATFORM_GRADUATE, {**PLATFORM_GRADUATE, "person_id": "g2", "si_paid_fen": 999}]
    many = evaluate_many(people, on=dt.date(2022, 6, 1))
    assert [e.as_dict() for e in many] == [evaluate_one(p, on=dt.date(2022, 6, 1)).as_dict() for p in people]


def test_it_names_the_person_with_a_bad_fact_in_a_batch() -> None:
    with pytest.raises(FactsError, match=r"g2\.si_paid_fen"):
        evaluate_many(
            [PLATFORM_GRADUATE, {**PLATFORM_GRADUATE, "person_id": "g2", "si_paid_fen": -1}],
            on=dt.date(2022, 6, 1),
        )
