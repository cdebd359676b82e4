"""（一）重点群体从事个体经营的税收优惠: cases from the policy text and parameters.md §4.

Seed: "对符合条件的高校毕业生、登记失业人员等重点群体从事个体经营的，按规定给予税收优惠。"
财税〔2019〕22号: 12,000 CNY per household per year for 3 years, provinces may add up to 20 %; Jiangsu chose
14,400 (苏财税〔2019〕24号, A) — until 2022-12-31. From 2023-01-01 to 2027-12-31: 20,000 with up to 20 % more
(2023年第15号公告, A); Jiangsu's choice unconfirmed.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.deciding import decide, failed

CODE = "individual_business_tax_relief"
JIANGSU = "individual_business_tax_relief.jiangsu_annual_limit"

BASE: dict[str, Any] = {
    "registered_unemployed": True,
    "employment_form": "individual_business",
    "business_founded_on": "2022-03-15",
}


def relief(on: str, **changes: Any) -> Any:
    return decide(CODE, on, **{**BASE, **changes})


# --- who -------------------------------------------------------------------------------------------


def test_it_grants_a_registered_unemployed_person_running_an_individual_business() -> None:
    d = relief("2022-06-01")
    assert d.eligible
    assert d.clause == "一"


def test_it_grants_a_college_graduate_running_an_individual_business() -> None:
    assert relief("2022-06-01", registered_unemployed=False, college_left_on="2021-07-01").eligible


def test_it_refuses_a_graduate_who_leaves_college_after_the_evaluation_date() -> None:
    assert not relief("2022-06-01", registered_unemployed=False, college_left_on="2022-06-02").eligible


def test_it_grants_a_hard_to_employ_person_who_is_a_registered_unemployed_person_by_definition() -> None:
    # 苏人社规〔2020〕2号 (parameters.md §5): a 就业困难人员 is a registered unemployed person
    assert relief("2022-06-01", registered_unemployed=False, hard_to_employ_since="2020-01-01").eligible
    assert not relief("2022-06-01", registered_unemployed=False, hard_to_employ_since="2022-06-02").eligible


@pytest.mark.parametrize("other", [{"veteran": True}, {"college_student": True}, {"disabled": True}])
def test_it_refuses_groups_the_clause_does_not_name(other: dict[str, Any]) -> None:
    d = relief("2022-06-01", registered_unemployed=False, **other)
    assert not d.eligible
    assert failed(d) == {"key_group"}


def test_it_counts_a_business_of_the_individual_kind_whatever_the_form_recorded() -> None:
    assert relief("2022-06-01", employment_form="platform", business_kind="individual_business").eligible


@pytest.mark.parametrize(
    "work",
    [{"employment_form": "part_time"}, {"employment_form": "employee", "business_kind": "small_enterprise"}],
)
def test_it_refuses_anyone_not_running_an_individual_business(work: dict[str, Any]) -> None:
    d = relief("2022-06-01", **work)
    assert not d.eligible
    assert "individual_business" in failed(d)


# --- three years from the month the business was founded ------------------------------------------


def test_it_runs_through_the_36th_month() -> None:
    assert relief("2025-02-28").eligible  # March 2022 … February 2025


def test_it_ends_with_the_37th_month() -> None:
    d = relief("2025-03-01")
    assert not d.eligible
    assert failed(d) == {"within_relief_years"}


def test_it_starts_in_the_month_of_founding() -> None:
    assert relief("2022-03-15").eligible
    assert not relief("2022-03-14").eligible  # the business does not exist yet
    assert not relief("2022-03-16", business_founded_on=None).eligible


# --- the amount: a yearly cap ----------------------------------------------------------------------


def test_it_caps_at_jiangsus_14400_until_2022_12_31() -> None:
    d = relief("2022-12-31")
    assert d.amount_max_fen == 1_440_000
    assert d.amount_fen is None
    assert JIANGSU not in d.unconfirmed_parameters
    assert d.figures["national_annual_limit"] == 1_200_000


def test_it_caps_at_20000_plus_20_percent_from_2023_01_01_and_flags_jiangsus_choice() -> None:
    d = relief("2023-01-01")
    assert d.eligible
    assert d.amount_max_fen == 2_400_000
    assert d.figures["national_annual_limit"] == 2_000_000
    assert JIANGSU in d.unconfirmed_parameters


def test_it_grants_through_2027_12_31_and_ends_on_2028_01_01() -> None:
    late = {"business_founded_on": "2025-06-01"}
    assert relief("2027-12-31", **late).eligible
    d = relief("2028-01-01", **late)
    assert not d.eligible
    assert failed(d) == {"relief_in_force"}


def test_it_gives_no_cap_to_a_refused_person() -> None:
    assert relief("2022-06-01", registered_unemployed=False).amount_max_fen is None


def test_it_names_the_tax_rules_in_the_explanation() -> None:
    assert "苏财税〔2019〕24号" in relief("2022-06-01").explanation_zh
    assert "2023年第15号公告" in relief("2023-06-01").explanation_zh
