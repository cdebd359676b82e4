"""Every measure of the catalogue finds people on both sides of each of its conditions, in a population
of 20,000 (policy-catalog.md: measures, readings and facts; parameters.md for the thresholds)."""

from __future__ import annotations

import datetime

import polars as pl
import pytest

from linghuo.policy import facts
from tests.population.conftest import REFERENCE_DATE

FLEXIBLE = pl.col("employment_form").is_in(["individual_business", "part_time", "platform", "other_flexible"])
OWNER = pl.col("business_kind").is_not_null()
HARD = pl.col("hard_to_employ_since").is_not_null()
CONTRIBUTOR = FLEXIBLE & pl.col("social_insurance_enrolled")
RECIPIENT = pl.col("si_first_approved_on").is_not_null()
GRADUATE = pl.col("college_left_on").is_not_null()
TWO_YEARS_BEFORE = datetime.date(2024, 1, 1)  # second anniversary of leaving on 2026-01-01
AGE = (pl.lit(REFERENCE_DATE) - pl.col("birth_date")).dt.total_days() / 365.2425
AGE_AT_FIRST_APPROVAL = (pl.col("si_first_approved_on") - pl.col("birth_date")).dt.total_days() / 365.2425
OLDER = pl.when(pl.col("sex") == "male").then(AGE >= 50).otherwise(AGE >= 40)
OUT_OF_PROVINCE = ~pl.col("hukou_division").str.starts_with("32") & ~pl.col("hmt_residence_permit")
KEY_TRAINING_GROUPS = [
    "low_income_rural_household", "school_leaver_not_continuing", "rural_transfer_worker",
    "laid_off_or_transferred", "veteran", "disabled", "dibao",
]  # fmt: skip
HARDSHIP_CATEGORIES = [
    "dibao", "special_hardship_worker_family", "disabled", "zero_employment_household",
    "land_expropriated_farmer", "entitled_group_family", "veteran", "low_income_rural_household",
]  # fmt: skip


def fen(cny: int) -> int:
    return cny * 100


def assert_both_sides(people: pl.DataFrame, condition: pl.Expr, among: pl.Expr | None = None) -> None:
    group = people if among is None else people.filter(among)
    holds = group.select(condition.fill_null(False).sum()).item()
    assert 0 < holds < group.height, f"{holds} of {group.height}"


# every boolean fact of the engine, including those it gains later
BOOLEAN_FACTS = [f.name for f in facts.FACTS if f.kind == "bool"]


@pytest.mark.parametrize("fact", BOOLEAN_FACTS)
def test_it_makes_every_boolean_fact_true_for_some_and_false_for_others(
    people: pl.DataFrame, fact: str
) -> None:
    assert_both_sides(people, pl.col(fact))


def test_it_has_every_employment_form(people: pl.DataFrame) -> None:
    forms = people["employment_form"].value_counts()
    assert set(forms["employment_form"]) == {
        "individual_business", "part_time", "platform", "other_flexible", "employee", "unemployed", "student",
    }  # fmt: skip
    assert forms["count"].min() >= 500  # type: ignore[operator]


def income() -> pl.Expr:
    return pl.col("monthly_income_fen")


def loan() -> pl.Expr:
    return pl.col("loan_requested_fen")


REGISTERED = pl.col("registered_unemployed")
MALE = pl.col("sex") == "male"
TIER_3 = ["320707", "320722", "320723", "320724"]  # 赣榆区 and the three counties (parameters.md §1)
TWO_YEARS_AFTER_LEAVING = pl.col("college_left_on").dt.offset_by("2y")
PENSION_YEARS = pl.col("jiangsu_pension_years")
KEY_GROUP = pl.any_horizontal(KEY_TRAINING_GROUPS) | (pl.col("employment_form") == "unemployed")
HARD_BEFORE_FLEXIBLE = pl.col("hard_to_employ_since") <= pl.col("flexible_employment_since")
HARD_SAME_DAY = pl.col("hard_to_employ_since") == pl.col("flexible_employment_since")
RURAL_LEAVER = pl.col("school_leaver_not_continuing") & pl.col("hukou_rural")
UNPAID_2020 = pl.col("pension_months_unpaid_2020") > 0

# (name, condition, among): each a condition a measure tests, and the people it matters for.
CASES: list[tuple[str, pl.Expr, pl.Expr]] = [
    # 十五 employment registration / new urban employment
    ("flexible employment", FLEXIBLE, pl.lit(True)),
    ("income ≥ 2,260 CNY (tier 2, 2024)", income() >= fen(2260), FLEXIBLE),
    ("income ≥ 2,010 CNY (tier 3, 2024)", income() >= fen(2010), FLEXIBLE),
    ("income ≥ 2,660 CNY (tier 1, 2026)", income() >= fen(2660), FLEXIBLE),
    ("income exactly 2,260.00 CNY", income() == fen(2260), FLEXIBLE),
    ("income exactly 2,259.99 CNY", income() == fen(2260) - 1, FLEXIBLE),
    ("part-timer at or above 2,260", income() >= fen(2260), pl.col("employment_form") == "part_time"),
    ("works in the city", pl.col("work_division").str.starts_with("3207"), FLEXIBLE),
    ("works in a tier-3 county", pl.col("work_division").is_in(TIER_3), FLEXIBLE),
    ("insured", pl.col("social_insurance_enrolled"), FLEXIBLE & (income() >= fen(2260))),
    # 十二 via 苏人社规〔2020〕2号: the categories, among the registered unemployed
    ("registered unemployed", REGISTERED, pl.col("employment_form") == "unemployed"),
    ("certified hard to employ", HARD, REGISTERED),
    ("woman 40+ / man 50+", OLDER, REGISTERED),
    ("unemployed a year or more", pl.col("unemployed_since") <= datetime.date(2025, 1, 1), REGISTERED),
    *[(f"category {c}", pl.col(c), REGISTERED) for c in HARDSHIP_CATEGORIES],
    # 十二 social-insurance subsidy
    ("hard to employ", HARD, CONTRIBUTOR),
    ("premiums paid > 0", pl.col("si_paid_fen") > 0, CONTRIBUTOR & HARD),
    ("drawing unemployment benefit", pl.col("receiving_unemployment_benefit"), FLEXIBLE & HARD),
    ("graduate within 2 years", pl.col("college_left_on") > TWO_YEARS_BEFORE, CONTRIBUTOR & GRADUATE),
    ("employed since leaving college", pl.col("employed_since_leaving_college"), FLEXIBLE & GRADUATE),
    ("paid on the minimum base", pl.col("si_base_is_minimum"), CONTRIBUTOR),
    ("subsidy months < 24", pl.col("si_subsidy_months_used") < 24, RECIPIENT & HARD),
    ("subsidy months 24–35", pl.col("si_subsidy_months_used").is_between(24, 35), RECIPIENT & HARD),
    ("subsidy months 36–47", pl.col("si_subsidy_months_used").is_between(36, 47), RECIPIENT & HARD),
    ("subsidy months ≥ 48", pl.col("si_subsidy_months_used") >= 48, RECIPIENT & HARD),
    ("graduate months < 24", pl.col("si_subsidy_months_used") < 24, RECIPIENT & ~HARD),
    ("extension already used", pl.col("si_extension_used"), RECIPIENT & HARD),
    ("man 58+ at first approval (< 5 years left)", AGE_AT_FIRST_APPROVAL >= 58, RECIPIENT & HARD & MALE),
    ("works in 赣榆区 (not the 市区 ratio)", pl.col("work_division") == "320707", RECIPIENT),
    # 一, 六 start-up loan
    ("loan above 500,000 CNY", loan() > fen(500_000), loan() > 0),
    ("loan above 100,000 CNY", loan() > fen(100_000), loan() > 0),
    ("loan for tools", pl.col("loan_for_tools"), loan() > 0),
    ("platform worker", pl.col("employment_form") == "platform", loan() > 0),
    ("3–5 employees", pl.col("business_employees").is_between(3, 5), OWNER & (loan() > 0)),
    ("6+ employees", pl.col("business_employees") >= 6, OWNER & (loan() > 0)),
    ("registered unemployed owner", REGISTERED, OWNER),
    ("veteran owner", pl.col("veteran"), OWNER),
    # 一 one-time start-up subsidy and tax relief
    ("college student owner", pl.col("college_student"), OWNER),
    (
        "founded within 2 years of leaving",
        pl.col("business_founded_on") < TWO_YEARS_AFTER_LEAVING,
        OWNER & GRADUATE,
    ),
    ("rural owner, non-agricultural", pl.col("business_non_agricultural"), OWNER & pl.col("hukou_rural")),
    ("hard-to-employ owner", HARD, OWNER),
    ("subsidy already received", pl.col("startup_subsidy_received"), OWNER),
    ("individual business, not small enterprise", pl.col("business_kind") == "individual_business", OWNER),
    ("founded in the last two years", pl.col("business_founded_on") > TWO_YEARS_BEFORE, OWNER),
    # 九 training
    ("any key training group", KEY_GROUP, FLEXIBLE),
    *[(f"flexible {g}", pl.col(g), FLEXIBLE) for g in KEY_TRAINING_GROUPS],
    ("entrepreneurial intent", pl.col("entrepreneurial_intent"), FLEXIBLE),
    ("rural school leaver", pl.col("hukou_rural"), pl.col("school_leaver_not_continuing")),
    # 十一 pension enrolment
    ("Jiangsu hukou", pl.col("hukou_division").str.starts_with("32"), FLEXIBLE),
    ("≥ 10 years of Jiangsu contributions", PENSION_YEARS >= 10, OUT_OF_PROVINCE),
    ("exactly 9 or exactly 10 years", PENSION_YEARS == 10, OUT_OF_PROVINCE & PENSION_YEARS.is_between(9, 10)),
    # 九 living allowance during subsidised training
    ("in subsidised training", pl.col("in_subsidised_training"), FLEXIBLE),
    ("certified on or before starting flexible work", HARD_BEFORE_FLEXIBLE, FLEXIBLE & HARD),
    ("certified on the very day flexible work began", HARD_SAME_DAY, FLEXIBLE & HARD),
    ("certified before flexible work, in training", pl.col("in_subsidised_training"), HARD_BEFORE_FLEXIBLE),
    ("rural school leaver in training", pl.col("in_subsidised_training"), FLEXIBLE & RURAL_LEAVER),
    # 十三 professional titles
    ("freelance professional", pl.col("freelance_professional"), FLEXIBLE),
    ("meets the title conditions", pl.col("meets_title_conditions"), pl.col("freelance_professional")),
    # 十四 basic assistance and the 2020 pension months
    ("flexible worker on 低保", pl.col("dibao"), FLEXIBLE),
    ("temporary-assistance conditions", pl.col("temporary_assistance_conditions"), FLEXIBLE),
    (
        "temporary assistance without 低保",
        pl.col("temporary_assistance_conditions"),
        FLEXIBLE & ~pl.col("dibao"),
    ),
    ("months of 2020 unpaid", pl.col("pension_months_unpaid_2020") > 0, CONTRIBUTOR),
    ("all 12 months of 2020 unpaid", pl.col("pension_months_unpaid_2020") == 12, UNPAID_2020),
    # dates as of the reference date
    ("college left within 2 years of 2026-01-01", pl.col("college_left_on") > TWO_YEARS_BEFORE, GRADUATE),
    ("near retirement age (58–65)", AGE.is_between(58, 65), pl.lit(True)),
]


@pytest.mark.parametrize(("condition", "among"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_it_has_people_on_both_sides_of_each_condition(
    people: pl.DataFrame, condition: pl.Expr, among: pl.Expr
) -> None:
    assert_both_sides(people, condition, among)
