"""The population carries exactly the catalogue's facts (policy-catalog.md, "Facts"), plus name and
township, with the catalogue's types: dates, integer fen, booleans that are never null."""

from __future__ import annotations

import polars as pl

from linghuo.population import FACT_COLUMNS

# Copied from policy-catalog.md, "Facts: what the engine reads about a person", in its order.
CATALOGUE_FACTS = [
    "person_id", "id_number", "birth_date", "sex", "hukou_division", "hukou_rural",
    "hmt_residence_permit", "jiangsu_pension_years", "work_division", "employment_form",
    "registered_unemployed", "hard_to_employ_since", "veteran", "disabled", "dibao",
    "low_income_rural_household", "rural_transfer_worker", "laid_off_or_transferred",
    "land_expropriated_farmer", "zero_employment_household", "special_hardship_worker_family",
    "entitled_group_family", "unemployed_since", "college_student", "college_left_on",
    "employed_since_leaving_college", "school_leaver_not_continuing", "entrepreneurial_intent",
    "public_welfare_post", "business_founded_on", "business_kind", "business_non_agricultural",
    "business_employees", "startup_subsidy_received", "loan_requested_fen", "loan_for_tools",
    "monthly_income_fen", "social_insurance_enrolled", "receiving_unemployment_benefit", "si_paid_fen",
    "si_claim_months", "si_base_is_minimum", "si_subsidy_months_used", "si_extension_used",
    "si_first_approved_on",
]  # fmt: skip

DATE_FACTS = [
    "birth_date", "hard_to_employ_since", "unemployed_since", "college_left_on", "business_founded_on",
    "si_first_approved_on",
]  # fmt: skip


def test_it_has_exactly_the_catalogue_facts_then_name_and_township(people: pl.DataFrame) -> None:
    assert people.columns == [*CATALOGUE_FACTS, "name", "township_code"]
    assert list(FACT_COLUMNS) == CATALOGUE_FACTS


def test_it_types_dates_as_dates_and_money_as_integer_fen(people: pl.DataFrame) -> None:
    for column in DATE_FACTS:
        assert people.schema[column] == pl.Date, column
    for column in ("loan_requested_fen", "monthly_income_fen", "si_paid_fen"):
        assert people.schema[column] == pl.Int64, column
        assert people[column].min() >= 0  # type: ignore[operator]


def test_it_leaves_no_boolean_null(people: pl.DataFrame) -> None:
    booleans = people.select(pl.col(pl.Boolean))
    assert booleans.width == 25  # the catalogue has 25 boolean facts
    assert booleans.null_count().sum_horizontal().item() == 0


def test_it_uses_the_catalogue_vocabularies(people: pl.DataFrame) -> None:
    assert set(people["sex"].unique()) == {"male", "female"}
    assert set(people["business_kind"].drop_nulls().unique()) == {"individual_business", "small_enterprise"}
    assert people["hukou_division"].str.contains(r"^\d{6}$").all()
    assert people["work_division"].str.contains(r"^\d{6}$").all()
    assert people["person_id"].n_unique() == people.height
