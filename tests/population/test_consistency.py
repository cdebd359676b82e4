"""Facts agree with each other: no certificate without unemployment registration or flexible work, no
``si_*`` facts for people who do not pay as individuals, dates in a sensible order."""

from __future__ import annotations

import datetime

import polars as pl

from tests.population.conftest import REFERENCE_DATE

FLEXIBLE_FORMS = ["individual_business", "part_time", "platform", "other_flexible"]
FLEXIBLE = pl.col("employment_form").is_in(FLEXIBLE_FORMS)


def rows(people: pl.DataFrame, condition: pl.Expr) -> int:
    return people.filter(condition).height


def test_it_makes_everyone_16_to_75_on_the_reference_date(people: pl.DataFrame) -> None:
    age = (pl.lit(REFERENCE_DATE) - pl.col("birth_date")).dt.total_days() / 365.2425
    assert rows(people, (age < 16) | (age >= 76)) == 0


def test_it_certifies_only_registered_unemployed_or_flexible_workers(people: pl.DataFrame) -> None:
    hard = pl.col("hard_to_employ_since").is_not_null()
    assert rows(people, hard & ~pl.col("registered_unemployed") & ~FLEXIBLE) == 0
    assert rows(people, hard & (pl.col("hard_to_employ_since") > REFERENCE_DATE)) == 0
    assert rows(people, hard & (pl.col("hard_to_employ_since") < pl.col("unemployed_since"))) == 0


def test_it_gives_unemployment_facts_only_to_the_unemployed_or_registered(people: pl.DataFrame) -> None:
    unemployed = (pl.col("employment_form") == "unemployed") | pl.col("registered_unemployed")
    assert rows(people, pl.col("unemployed_since").is_not_null() & ~unemployed) == 0
    assert rows(people, pl.col("registered_unemployed") & ~unemployed) == 0
    assert rows(people, pl.col("receiving_unemployment_benefit") & ~pl.col("registered_unemployed")) == 0
    assert (
        rows(
            people, pl.col("registered_unemployed") & pl.col("employment_form").is_in(["employee", "student"])
        )
        == 0
    )


def test_it_gives_si_facts_only_to_individual_contributors(people: pl.DataFrame) -> None:
    contributor = FLEXIBLE & pl.col("social_insurance_enrolled")
    has_si = (
        (pl.col("si_paid_fen") > 0)
        | (pl.col("si_claim_months") > 0)
        | pl.col("si_base_is_minimum")
        | (pl.col("si_subsidy_months_used") > 0)
        | pl.col("si_extension_used")
        | pl.col("si_first_approved_on").is_not_null()
    )
    assert rows(people, has_si & ~contributor) == 0
    assert rows(people, contributor & (pl.col("si_claim_months") == 0)) == 0


def test_it_approves_the_subsidy_only_for_its_target_groups_after_they_qualify(people: pl.DataFrame) -> None:
    approved = pl.col("si_first_approved_on").is_not_null()
    hard = pl.col("hard_to_employ_since").is_not_null()
    graduate = pl.col("college_left_on").is_not_null() & ~pl.col("employed_since_leaving_college")
    assert rows(people, approved & ~hard & ~graduate) == 0
    assert (
        rows(people, approved & hard & (pl.col("si_first_approved_on") < pl.col("hard_to_employ_since"))) == 0
    )
    assert rows(people, approved & ~hard & (pl.col("si_first_approved_on") < pl.col("college_left_on"))) == 0
    months_since = (pl.lit(REFERENCE_DATE) - pl.col("si_first_approved_on")).dt.total_days() / (365.2425 / 12)
    assert rows(people, approved & (pl.col("si_subsidy_months_used") > months_since)) == 0


def test_it_dates_college_after_childhood_and_before_the_reference_date(people: pl.DataFrame) -> None:
    left = pl.col("college_left_on")
    age_at_leaving = (left - pl.col("birth_date")).dt.total_days() / 365.2425
    assert rows(people, left.is_not_null() & ((age_at_leaving < 18.9) | (left >= REFERENCE_DATE))) == 0
    assert rows(people, pl.col("college_student") & left.is_not_null()) == 0
    assert rows(people, pl.col("employed_since_leaving_college") & left.is_null()) == 0
    assert rows(people, pl.col("college_student") & (pl.col("employment_form") != "student")) == 0


def test_it_gives_business_facts_only_to_owners(people: pl.DataFrame) -> None:
    owner = pl.col("business_kind").is_not_null()
    assert rows(people, owner != pl.col("business_founded_on").is_not_null()) == 0
    no_business_facts = (
        pl.col("business_non_agricultural")
        | pl.col("startup_subsidy_received")
        | (pl.col("business_employees") > 0)
    )
    assert rows(people, ~owner & no_business_facts) == 0
    assert rows(people, (pl.col("employment_form") == "individual_business") & ~owner) == 0
    founded_age = (pl.col("business_founded_on") - pl.col("birth_date")).dt.total_days() / 365.2425
    assert rows(people, owner & ((founded_age < 18) | (pl.col("business_founded_on") >= REFERENCE_DATE))) == 0


def test_it_asks_for_loans_in_whole_ten_thousands_of_yuan(people: pl.DataFrame) -> None:
    loan = pl.col("loan_requested_fen")
    assert rows(people, (loan % 1_000_000) != 0) == 0
    assert rows(people, pl.col("loan_for_tools") & (loan == 0)) == 0


def test_it_keeps_incomes_of_workers_in_a_plausible_range(people: pl.DataFrame) -> None:
    employees = people.filter(pl.col("employment_form") == "employee")
    median_cny = employees.select(pl.col("monthly_income_fen").median()).item() / 100
    assert 3_000 < median_cny < 8_000
    assert rows(people, pl.col("monthly_income_fen") > 100_000_00) < people.height * 0.001


def test_it_gives_permit_holders_no_rural_hukou(people: pl.DataFrame) -> None:
    assert rows(people, pl.col("hmt_residence_permit") & pl.col("hukou_rural")) == 0


def since() -> pl.Expr:
    return pl.col("flexible_employment_since")


def test_it_dates_the_start_of_flexible_work_for_flexible_workers_only(people: pl.DataFrame) -> None:
    assert rows(people, since().is_null() == FLEXIBLE) == 0
    age_at_start = (since() - pl.col("birth_date")).dt.total_days() / 365.2425
    assert rows(people, (since() > REFERENCE_DATE) | (age_at_start < 16)) == 0


def test_it_starts_an_individual_business_flexible_work_on_its_founding_day(people: pl.DataFrame) -> None:
    own_business = pl.col("employment_form") == "individual_business"
    assert rows(people, own_business & (since() != pl.col("business_founded_on"))) == 0


def test_it_starts_flexible_work_other_than_a_business_after_registering_as_unemployed(
    people: pl.DataFrame,
) -> None:
    other_flexible = FLEXIBLE & (pl.col("employment_form") != "individual_business")
    assert rows(people, other_flexible & (since() < pl.col("unemployed_since"))) == 0


def test_it_trains_only_flexible_workers_and_the_unemployed(people: pl.DataFrame) -> None:
    trainable = FLEXIBLE | (pl.col("employment_form") == "unemployed")
    assert rows(people, pl.col("in_subsidised_training") & ~trainable) == 0


def test_it_records_2020_arrears_only_for_months_worked_flexibly_as_an_individual_contributor(
    people: pl.DataFrame,
) -> None:
    unpaid = pl.col("pension_months_unpaid_2020")
    contributor = FLEXIBLE & pl.col("social_insurance_enrolled")
    assert rows(people, (unpaid > 0) & ~contributor) == 0
    started_in_2020 = since().dt.year() == 2020
    months_left_in_2020 = 13 - since().dt.month().cast(pl.Int32)
    assert rows(people, (unpaid > 0) & (since() > datetime.date(2020, 12, 31))) == 0
    assert rows(people, started_in_2020 & (unpaid > months_left_in_2020)) == 0
    assert rows(people, unpaid > 12) == 0


def test_it_gives_temporary_assistance_conditions_only_to_low_incomes(people: pl.DataFrame) -> None:
    assert (
        rows(people, pl.col("temporary_assistance_conditions") & (pl.col("monthly_income_fen") >= 150_000))
        == 0
    )


def test_it_makes_freelance_professionals_of_flexible_workers_without_a_business(
    people: pl.DataFrame,
) -> None:
    freelance = pl.col("freelance_professional")
    assert rows(people, freelance & (~FLEXIBLE | (pl.col("employment_form") == "individual_business"))) == 0
    assert rows(people, pl.col("meets_title_conditions") & ~freelance) == 0
