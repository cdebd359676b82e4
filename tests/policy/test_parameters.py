"""Parameters: dated lookup, limits from the policy text, what-if overrides."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from linghuo.policy.parameters import (
    ParameterError,
    ParameterMissingError,
    load,
    load_folder,
    parse_overrides,
)


def test_it_takes_the_value_in_force_on_the_date() -> None:
    before, after = load().at(dt.date(2021, 7, 31)), load().at(dt.date(2021, 8, 1))
    assert before.keyed("minimum_wage.monthly")["2"] == 183000
    assert after.keyed("minimum_wage.monthly")["2"] == 207000


def test_it_has_no_value_before_the_first_date() -> None:
    with pytest.raises(ParameterMissingError, match="2018-07-31"):
        load().at(dt.date(2018, 7, 31)).keyed("minimum_wage.monthly")


def test_it_marks_the_city_tiers_unconfirmed_from_2024_only() -> None:
    assert load().at(dt.date(2023, 12, 31)).entry("minimum_wage.tier").confidence == "B"
    assert load().at(dt.date(2024, 1, 1)).entry("minimum_wage.tier").confidence == "unconfirmed"


@pytest.mark.parametrize(
    ("override", "value"),
    [
        ("social_insurance_subsidy.ratio_on_minimum_base[default]", "3/4"),
        ("social_insurance_subsidy.ratio_above_minimum_base[320706]", "0.4"),
        ("startup_guarantee_loan.maximum_loan", "500000.01"),
        ("incubator_construction_subsidy.maximum_subsidy", "200001"),
    ],
)
def test_it_refuses_an_override_outside_what_the_policy_allows(override: str, value: str) -> None:
    with pytest.raises(ParameterError, match="超出政策允许范围"):
        load(overrides={override: value})


def test_it_accepts_the_bounds_themselves() -> None:
    params = load(overrides={"social_insurance_subsidy.ratio_above_minimum_base[default]": "2/3"})
    ratio = params.at(dt.date(2022, 1, 1)).keyed("social_insurance_subsidy.ratio_above_minimum_base")
    assert ratio["default"] == Fraction(2, 3)


def test_it_refuses_a_file_value_outside_the_limits(tmp_path: Path) -> None:
    (tmp_path / "startup_guarantee_loan.yaml").write_text(
        "maximum_loan:\n  description: x\n  type: money\n"
        "  limits: {min: 0, max: 500000, reference: {title: 连政办发〔2021〕50号（一）}}\n"
        "  values:\n    - {from: 2021-11-08, value: 600000, reference: {title: t}, confidence: A}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError, match="maximum_loan"):
        load_folder(tmp_path)


def test_it_refuses_a_value_without_a_reference(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text(
        "y:\n  description: d\n  type: integer\n"
        "  values:\n    - {from: 2021-11-08, value: 1, confidence: A}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError, match="reference"):
        load_folder(tmp_path)


def test_it_overrides_one_key_and_flags_the_override_unconfirmed() -> None:
    params = load(overrides={"minimum_wage.monthly[3]": "1900"}).at(dt.date(2022, 1, 1))
    assert params.keyed("minimum_wage.monthly") == {"1": 228000, "2": 207000, "3": 190000}
    assert params.entry("minimum_wage.monthly").confidence == "unconfirmed"


def test_it_refuses_an_unknown_parameter_name() -> None:
    with pytest.raises(ParameterError, match="no parameter"):
        load(overrides={"minimum_wage.yearly": "1"})


def test_it_changes_the_digest_with_an_override_and_not_otherwise() -> None:
    assert load().digest == load().digest
    assert load(overrides={"registration_deadline.working_days": "3"}).digest != load().digest


def test_it_parses_set_options() -> None:
    assert parse_overrides(["a.b=1", "a.c[320706]= 2/3"]) == {"a.b": "1", "a.c[320706]": "2/3"}
    with pytest.raises(ParameterError):
        parse_overrides(["a.b"])
