"""The population carries exactly the rules engine's facts (``linghuo.policy.facts``, which extends
policy-catalog.md, "Facts"), in its order, plus name and township, with the engine's types: dates,
integer fen, booleans that are never null; enumerations as plain strings of the engine's vocabulary."""

from __future__ import annotations

import polars as pl
import pyarrow as pa

from linghuo.policy import facts
from linghuo.population import FACT_COLUMNS, SCHEMA

# Copied from policy-catalog.md, "Facts: what the engine reads about a person", in its order: the
# engine's schema starts with these and may add more after them.
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

# The engine's kinds of fact, as the population stores them (enumerations and division codes as text).
STORED_TYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "division": pl.String(),
    "enum": pl.String(),
    "bool": pl.Boolean(),
    "date": pl.Date(),
    "count": pl.Int32(),
    "money": pl.Int64(),
}


def test_it_has_exactly_the_engine_facts_in_its_order_then_name_and_township(people: pl.DataFrame) -> None:
    assert people.columns == [*facts.FACT_NAMES, "name", "township_code"]
    assert FACT_COLUMNS == facts.FACT_NAMES
    assert list(FACT_COLUMNS[: len(CATALOGUE_FACTS)]) == CATALOGUE_FACTS


def test_it_stores_every_fact_with_the_type_of_its_kind(people: pl.DataFrame) -> None:
    for fact in facts.FACTS:
        assert people.schema[fact.name] == STORED_TYPES[fact.kind], fact.name
    assert SCHEMA.field("person_id").type == pa.string()
    assert not SCHEMA.field("person_id").nullable


def test_it_never_gives_a_negative_amount_or_count(people: pl.DataFrame) -> None:
    for fact in facts.FACTS:
        if fact.kind in ("count", "money"):
            assert people[fact.name].min() >= 0, fact.name  # type: ignore[operator]
            maximum = facts.MAXIMA.get(fact.name)
            if maximum is not None:
                assert people[fact.name].max() <= maximum, fact.name  # type: ignore[operator]


def test_it_leaves_no_boolean_count_or_amount_null(people: pl.DataFrame) -> None:
    defaulted = [f.name for f in facts.FACTS if f.kind in ("bool", "count", "money")]
    assert people.select(defaulted).null_count().sum_horizontal().item() == 0


def test_it_uses_the_engine_vocabularies(people: pl.DataFrame) -> None:
    for fact in facts.FACTS:
        if fact.kind == "enum":
            assert set(people[fact.name].drop_nulls().unique()) == set(fact.choices), fact.name
    assert people["hukou_division"].str.contains(r"^\d{6}$").all()
    assert people["work_division"].str.contains(r"^\d{6}$").all()
    assert people["person_id"].n_unique() == people.height


def test_it_gives_the_engine_a_frame_it_reads_without_casting(people: pl.DataFrame) -> None:
    normalised = facts.normalise_frame(people.head(1_000))
    for fact in facts.FACTS:
        assert normalised.schema[fact.name] == facts.SCHEMA[fact.name], fact.name
    assert normalised.select(facts.FACT_NAMES).equals(
        people.head(1_000).select(facts.FACT_NAMES).cast(facts.SCHEMA)  # type: ignore[arg-type]
    )
