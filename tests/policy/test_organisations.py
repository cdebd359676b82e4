"""Organisation facts and the evaluation of the organisation measures: validation, shape, one vs frame."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linghuo.policy.engine import PolicyDateError, failed_conditions, rules_version
from linghuo.policy.facts import FactsError
from linghuo.policy.organisation_facts import ORGANISATION_KINDS, validate_organisation_facts
from linghuo.policy.organisations import (
    evaluate_organisation,
    evaluate_organisations,
    evaluate_organisations_frame,
    organisation_measure_codes,
)

ON = dt.date(2024, 3, 1)
VALID_USCC = "91320706MA1N2B3C4M"


def errors(raw: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(FactsError) as caught:
        validate_organisation_facts(raw)
    return {e.fact: f"{e.message_zh} / {e.message_en}" for e in caught.value.errors}


def test_it_fills_defaults_for_facts_left_out_or_null() -> None:
    facts = validate_organisation_facts({"organisation_id": "o", "hrss_reviewed": None})
    assert facts["hrss_reviewed"] is False
    assert facts["part_time_workers"] == 0
    assert facts["project_started_on"] is None


def test_it_accepts_a_valid_unified_social_credit_code() -> None:
    assert validate_organisation_facts({"uscc": VALID_USCC.lower()})["uscc"] == VALID_USCC


@pytest.mark.parametrize(
    ("raw", "fact", "says"),
    [
        ({"uscc": "91320706MA1N2B3C4X"}, "uscc", "校验码错误"),
        ({"uscc": "9132070"}, "uscc", "18位"),
        ({"kind": "bank"}, "kind", "unknown value 'bank'"),
        ({"division": "320799"}, "division", "unknown division code"),
        ({"project_started_on": "2023-02-30"}, "project_started_on", "impossible date"),
        ({"part_time_workers": -1}, "part_time_workers", "cannot be negative"),
        ({"trainees_eligible": 1.5}, "trainees_eligible", "integer"),
        ({"city_level_incubator_selected_year": 0}, "city_level_incubator_selected_year", "calendar year"),
        ({"hrss_reviewed": "yes"}, "hrss_reviewed", "true or false"),
        ({"employees": 3}, "employees", "unknown organisation fact"),
        (
            {"part_time_workers": 2, "part_time_workers_injury_insured": 3},
            "part_time_workers_injury_insured",
            "cannot exceed",
        ),
    ],
)
def test_it_refuses_a_bad_fact_in_chinese_and_english(raw: dict[str, Any], fact: str, says: str) -> None:
    found = errors(raw)
    assert fact in found
    assert says in found[fact]


def test_it_lists_every_bad_fact_at_once() -> None:
    assert set(errors({"kind": "x", "part_time_workers": -2})) == {"kind", "part_time_workers"}


def test_it_evaluates_the_six_organisation_measures_of_the_catalogue() -> None:
    assert set(organisation_measure_codes()) == {
        "incubator_construction_subsidy",
        "part_time_work_injury_obligation",
        "project_injury_insurance_first",
        "platform_occupational_injury",
        "training_provider_subsidy",
        "hr_agency_support",
    }


def test_it_returns_the_decision_shape_and_the_rules_version() -> None:
    result = evaluate_organisation({"organisation_id": "o1"}, on=ON)
    assert result.rules_version == rules_version()
    out = result.as_dict()
    assert out["organisation_id"] == "o1"
    assert [m["code"] for m in out["measures"]] == list(organisation_measure_codes())
    assert set(out["measures"][0]) == {
        "code",
        "clause",
        "eligible",
        "amount_fen",
        "amount_min_fen",
        "amount_max_fen",
        "months",
        "conditions",
        "explanation_zh",
        "explanation_en",
        "unconfirmed_parameters",
    }


def test_it_refuses_a_person_measure_and_a_date_before_the_policy() -> None:
    with pytest.raises(KeyError, match="not organisation measure"):
        evaluate_organisation({}, on=ON, measures=["social_insurance_subsidy"])
    with pytest.raises(PolicyDateError):
        evaluate_organisation({}, on=dt.date(2021, 11, 7))


def test_it_names_the_organisation_with_a_bad_fact_in_a_batch() -> None:
    with pytest.raises(FactsError, match=r"#2\.part_time_workers"):
        evaluate_organisations([{"organisation_id": "a"}, {"part_time_workers": -1}], on=ON)


dates = st.one_of(st.none(), st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)))
organisation = st.fixed_dictionaries(
    {
        "kind": st.sampled_from([*ORGANISATION_KINDS, None]),
        "city_level_incubator_selected_year": st.one_of(st.none(), st.integers(2020, 2027)),
        "part_time_workers": st.integers(0, 4),
        "uninsured": st.integers(0, 4),
        "construction_project": st.booleans(),
        "employs_migrant_workers": st.booleans(),
        "project_started_on": dates,
        "project_injury_insured_on": dates,
        "in_occupational_injury_pilot": st.booleans(),
        "takes_part_in_pilot": st.booleans(),
        "approved_training_provider": st.booleans(),
        "trainees_eligible": st.integers(0, 3),
        "hrss_reviewed": st.booleans(),
        "serves_flexible_workers": st.booleans(),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    organisations=st.lists(organisation, min_size=1, max_size=5),
    on=st.dates(dt.date(2021, 11, 8), dt.date(2026, 12, 31)),
)
def test_it_decides_the_same_for_one_organisation_and_in_a_frame(
    organisations: list[dict[str, Any]], on: dt.date
) -> None:
    rows = []
    for i, o in enumerate(organisations):
        uninsured = min(o.pop("uninsured"), o["part_time_workers"])
        rows.append(
            {
                "organisation_id": str(i),
                **o,
                "part_time_workers_injury_insured": o["part_time_workers"] - uninsured,
            }
        )
    frame = evaluate_organisations_frame(pl.DataFrame(rows, infer_schema_length=None), on=on)
    for i, facts in enumerate(rows):
        one = evaluate_organisation(
            {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in facts.items()}, on=on
        )
        row = frame.row(i, named=True)
        for d in one.decisions:
            assert row[f"{d.code}_eligible"] == d.eligible, d.code
            assert row[f"{d.code}_amount_fen"] == d.amount_fen, d.code
            assert row.get(f"{d.code}_amount_max_fen") == d.amount_max_fen, d.code
            failed = [c.code for c in d.conditions if "." not in c.code and not c.passed]
            assert failed_conditions(d.code, row[f"{d.code}_failed"]) == failed, d.code
