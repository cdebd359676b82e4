"""（一）（六）富民创业担保贷款: cases from the policy text and parameters.md §4.

Seed: "对城镇登记失业人员、就业困难人员、复员转业退役军人等在我市从事个体经营自主创业者和互联网平台就业人员，
购置生产经营必需工具的，可给予最高50万元的富民创业担保贷款及贴息政策支持。"
(六) "对符合条件的借款人，免除反担保要求。"
Jiangsu (苏财金〔2018〕124号, B): 300,000 when the business employs 3–5, 500,000 when 6 or more;
counter-guarantee normally waived up to 100,000. Interest subsidy ½ of the actual rate from 2024-03-01
(苏财金〔2024〕20号, B); 苏财金〔2025〕149号 (2025-09-24): figures not read.
"""

from __future__ import annotations

from typing import Any

import pytest

from linghuo.policy.engine import PolicyDateError
from tests.policy.deciding import decide, failed

CODE = "startup_guarantee_loan"
ON = "2024-06-03"

# a registered unemployed person running an individual business in 海州区, borrowing for tools
BASE: dict[str, Any] = {
    "registered_unemployed": True,
    "employment_form": "individual_business",
    "work_division": "320706",
    "loan_for_tools": True,
    "business_employees": 3,
    "loan_requested_fen": 20_000_000,
}


def loan(on: str = ON, **changes: Any) -> Any:
    return decide(CODE, on, **{**BASE, **changes})


# --- who -------------------------------------------------------------------------------------------


def test_it_lends_to_a_registered_unemployed_person_running_an_individual_business() -> None:
    d = loan()
    assert d.eligible
    assert d.clause == "一"


@pytest.mark.parametrize(
    "group",
    [
        {"registered_unemployed": True},
        {"hard_to_employ_since": "2023-05-01"},
        {"veteran": True},
    ],
)
def test_it_lends_to_each_group_the_clause_names(group: dict[str, Any]) -> None:
    d = loan(**{"registered_unemployed": False, **group})
    assert d.eligible


def test_it_refuses_a_person_from_none_of_the_groups() -> None:
    d = loan(registered_unemployed=False, disabled=True, college_left_on="2023-06-30")
    assert not d.eligible
    assert failed(d) == {"target_group"}


def test_it_refuses_a_hard_to_employ_certification_dated_after_the_evaluation_date() -> None:
    assert not loan(registered_unemployed=False, hard_to_employ_since="2024-06-04").eligible
    assert loan(registered_unemployed=False, hard_to_employ_since="2024-06-03").eligible


def test_it_lends_to_an_internet_platform_worker_of_the_groups() -> None:
    assert loan(employment_form="platform").eligible


def test_it_lends_to_an_internet_platform_worker_from_none_of_the_groups() -> None:
    # "……从事个体经营自主创业者和互联网平台就业人员": platform workers are a group of their own
    d = loan(registered_unemployed=False, employment_form="platform", business_employees=0)
    assert d.eligible
    groups = {c.code for c in d.conditions if c.passed and c.code.startswith("target_group.")}
    assert groups == {"target_group.platform_worker"}


def test_it_refuses_a_person_from_none_of_the_groups_running_an_individual_business() -> None:
    d = loan(registered_unemployed=False, employment_form="individual_business")
    assert not d.eligible
    assert failed(d) == {"target_group"}


@pytest.mark.parametrize("form", ["part_time", "other_flexible", "employee", "unemployed"])
def test_it_refuses_the_groups_in_other_forms_of_work(form: str) -> None:
    # the listed groups qualify "从事个体经营自主创业" only
    d = loan(employment_form=form)
    assert not d.eligible
    assert failed(d) == {"target_group"}


def test_it_counts_the_runner_of_an_individual_business_by_the_business_kind_too() -> None:
    assert loan(employment_form="other_flexible", business_kind="individual_business").eligible
    assert not loan(employment_form="other_flexible", business_kind="small_enterprise").eligible


@pytest.mark.parametrize("form", ["individual_business", "platform"])
def test_it_refuses_work_outside_the_city(form: str) -> None:
    d = loan(employment_form=form, work_division="320106")
    assert not d.eligible
    assert failed(d) == {"works_in_city"}


def test_it_accepts_a_historical_county_code_of_the_city() -> None:
    assert loan(work_division="320721").eligible  # 赣榆县, now 赣榆区


def test_it_refuses_a_loan_not_for_the_tools_of_the_business() -> None:
    d = loan(loan_for_tools=False)
    assert not d.eligible
    assert failed(d) == {"for_tools"}


# --- how much: the caps ----------------------------------------------------------------------------


def test_it_allows_the_seed_maximum_of_500000_when_the_business_employs_6() -> None:
    d = loan(business_employees=6, loan_requested_fen=50_000_000)
    assert d.eligible
    assert d.amount_max_fen == 50_000_000
    assert d.amount_fen == 50_000_000


def test_it_lends_up_to_500000_to_a_request_above_it_even_with_many_employees() -> None:
    d = loan(business_employees=40, loan_requested_fen=50_000_001)
    assert d.eligible
    assert d.amount_fen == 50_000_000
    assert "amount_capped" in d.notes


def test_it_lends_a_veteran_asking_600000_with_8_employees_the_500000_cap() -> None:
    # the seed's "可给予最高50万元": a request above the cap is capped, not refused
    d = loan(registered_unemployed=False, veteran=True, business_employees=8, loan_requested_fen=60_000_000)
    assert d.eligible
    assert (d.amount_fen, d.amount_max_fen) == (50_000_000, 50_000_000)
    assert d.figures["requested"] == 60_000_000
    assert "amount_capped" in d.notes
    assert "按上限核定" in d.explanation_zh
    assert "set at the cap" in d.explanation_en


def test_it_does_not_say_capped_for_a_request_at_the_cap() -> None:
    d = loan(business_employees=6, loan_requested_fen=50_000_000)
    assert "amount_capped" not in d.notes


@pytest.mark.parametrize("employees", [3, 5])
def test_it_caps_at_300000_when_the_business_employs_3_to_5(employees: int) -> None:
    at_cap = loan(business_employees=employees, loan_requested_fen=30_000_000)
    assert at_cap.eligible
    assert at_cap.amount_max_fen == 30_000_000
    above = loan(business_employees=employees, loan_requested_fen=30_000_001)
    assert above.eligible
    assert above.amount_fen == 30_000_000
    assert "amount_capped" in above.notes


def test_it_raises_the_cap_at_the_sixth_employee() -> None:
    assert loan(business_employees=5, loan_requested_fen=30_000_100).amount_fen == 30_000_000
    assert loan(business_employees=6, loan_requested_fen=30_000_100).amount_fen == 30_000_100


def test_it_caps_below_3_employees_with_an_unconfirmed_parameter() -> None:
    d = loan(business_employees=2, loan_requested_fen=30_000_000)
    assert d.eligible
    assert d.amount_max_fen == 30_000_000
    assert "startup_guarantee_loan.individual_cap_employing_fewer_than_3" in d.unconfirmed_parameters
    assert loan(business_employees=2, loan_requested_fen=30_000_001).amount_fen == 30_000_000


def test_it_treats_a_platform_worker_without_employees_as_below_3() -> None:
    d = loan(employment_form="platform", business_employees=0, loan_requested_fen=0)
    assert d.eligible
    assert d.amount_max_fen == 30_000_000
    assert d.amount_fen is None  # no request: the cap only


def test_it_gives_no_amount_when_not_eligible() -> None:
    d = loan(loan_for_tools=False)
    assert d.amount_fen is None
    assert d.amount_max_fen is None


# --- counter-guarantee (六) ------------------------------------------------------------------------


def test_it_notes_the_waived_counter_guarantee_up_to_100000() -> None:
    assert "counter_guarantee_waived" in loan(loan_requested_fen=10_000_000).notes
    assert "counter_guarantee_waived" not in loan(loan_requested_fen=10_000_001).notes
    assert "counter_guarantee_waived" not in loan(loan_requested_fen=0).notes


def test_it_leaves_out_the_waiver_when_even_the_capped_loan_is_above_it() -> None:
    assert "counter_guarantee_waived" not in loan(business_employees=2, loan_requested_fen=90_000_000).notes


def test_it_does_not_note_the_waiver_for_a_refused_person() -> None:
    assert "counter_guarantee_waived" not in loan(loan_requested_fen=10_000_000, loan_for_tools=False).notes


def test_it_shows_the_waiver_threshold_as_a_figure() -> None:
    assert loan().figures["counter_guarantee_waived_up_to"] == 10_000_000


# --- interest subsidy and dates --------------------------------------------------------------------


def test_it_subsidises_half_the_interest_from_2024_03_01() -> None:
    d = loan(on="2024-03-01")
    assert d.figures["interest_subsidy_ratio"] == "1/2"
    assert "startup_guarantee_loan.interest_subsidy_ratio" not in d.unconfirmed_parameters


def test_it_flags_the_interest_subsidy_before_2024_03_01_as_unknown() -> None:
    d = loan(on="2024-02-29")
    assert d.eligible  # the seed grants 贴息; only its ratio is not known
    assert d.figures["interest_subsidy_ratio"] is None
    assert "startup_guarantee_loan.interest_subsidy_ratio" in d.unconfirmed_parameters


def test_it_flags_the_jiangsu_figures_unconfirmed_from_the_2025_rule() -> None:
    before = loan(on="2025-09-23", business_employees=6)
    after = loan(on="2025-09-24", business_employees=6)
    name = "startup_guarantee_loan.individual_cap_employing_6_or_more"
    assert name not in before.unconfirmed_parameters
    assert name in after.unconfirmed_parameters
    assert after.amount_max_fen == 50_000_000


def test_it_keeps_the_seed_maximum_confirmed() -> None:
    assert "startup_guarantee_loan.maximum_loan" not in loan(on="2026-01-05").unconfirmed_parameters


def test_it_applies_from_the_policy_date_and_refuses_earlier_dates() -> None:
    assert loan(on="2021-11-08").eligible
    with pytest.raises(PolicyDateError):
        loan(on="2021-11-07")


def test_it_explains_in_chinese_and_english_with_the_sources() -> None:
    d = loan()
    assert "富民创业担保贷款" in d.explanation_zh
    assert "苏财金〔2018〕124号" in d.explanation_zh
    assert "guaranteed start-up loan" in d.explanation_en.lower()
