"""（一）一次性创业补贴: cases from the policy text, the catalogue's readings and parameters.md §4.

Seed: "对普通高校在校生及毕业2年内毕业生、从事非农产业创业的农民、退役军人、登记失业人员和就业困难人员所创办的
创业主体，可按规定给予一次性创业补贴。"
Readings: the 2-year window is tested on the founding date (29 February's anniversary is 1 March);
the business was founded on or before the evaluation date; once per person, ever.
Amount: 5,000 CNY for students and graduates within 2 years, first business, at least one other employee,
operating at least 6 months (C); other groups: unconfirmed.
"""

from __future__ import annotations

from typing import Any

import pytest

from linghuo.policy.parameters import load
from tests.policy.deciding import decide, failed

CODE = "startup_subsidy_once"
ON = "2024-03-01"
OTHER_AMOUNT = "startup_subsidy_once.amount_other_groups"

# a veteran whose business was founded a year before
BASE: dict[str, Any] = {"veteran": True, "business_founded_on": "2023-03-01", "business_employees": 0}
# a college student whose business employs one other person and has run six months to the day
STUDENT: dict[str, Any] = {
    "college_student": True,
    "business_founded_on": "2023-09-01",
    "business_employees": 1,
}


def subsidy(on: str = ON, base: dict[str, Any] | None = None, **changes: Any) -> Any:
    return decide(CODE, on, **{**(BASE if base is None else base), **changes})


# --- groups ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "group",
    [
        {"veteran": True},
        {"registered_unemployed": True},
        {"hard_to_employ_since": "2022-01-01"},
        {"hukou_rural": True, "business_non_agricultural": True},
    ],
)
def test_it_grants_the_groups_the_clause_names(group: dict[str, Any]) -> None:
    d = subsidy(**{"veteran": False, **group})
    assert d.eligible
    assert d.clause == "一"


def test_it_refuses_a_founder_from_none_of_the_groups() -> None:
    d = subsidy(veteran=False, disabled=True, rural_transfer_worker=True)
    assert not d.eligible
    assert failed(d) == {"target_group"}  # the students' conditions are not held against them


def test_it_needs_both_a_rural_hukou_and_a_non_agricultural_business_for_a_farmer() -> None:
    assert not subsidy(veteran=False, hukou_rural=True, business_non_agricultural=False).eligible
    assert not subsidy(veteran=False, hukou_rural=False, business_non_agricultural=True).eligible


def test_it_reads_the_hard_to_employ_certification_on_the_evaluation_date() -> None:
    assert subsidy(veteran=False, hard_to_employ_since="2024-03-01").eligible
    assert not subsidy(veteran=False, hard_to_employ_since="2024-03-02").eligible


# --- the graduate's window, tested on the founding date ---------------------------------------------


def graduate(left: str, founded: str, on: str = ON) -> Any:
    return subsidy(
        on,
        base={"college_left_on": left, "business_founded_on": founded, "business_employees": 1},
    )


def test_it_counts_a_business_founded_the_day_before_the_second_anniversary_of_leaving() -> None:
    assert graduate("2021-06-30", "2023-06-29", on="2024-03-01").eligible


def test_it_refuses_a_business_founded_on_the_second_anniversary_of_leaving() -> None:
    d = graduate("2021-06-30", "2023-06-30", on="2024-03-01")
    assert not d.eligible
    assert "target_group" in failed(d)


def test_it_puts_the_anniversary_of_29_february_on_1_march() -> None:
    assert graduate("2020-02-29", "2022-02-28", on="2022-09-01").eligible
    assert not graduate("2020-02-29", "2022-03-01", on="2022-09-01").eligible


def test_it_tests_the_window_on_the_founding_date_not_the_evaluation_date() -> None:
    # left more than two years before the evaluation, founded within the two years
    assert graduate("2021-06-30", "2022-06-30", on="2024-03-01").eligible


def test_it_refuses_a_business_founded_before_leaving_college_when_no_longer_a_student() -> None:
    assert not graduate("2022-06-30", "2022-06-29", on="2024-03-01").eligible


# --- the business ----------------------------------------------------------------------------------


def test_it_counts_a_business_founded_on_the_evaluation_date() -> None:
    assert subsidy(business_founded_on=ON).eligible


def test_it_refuses_a_business_founded_after_the_evaluation_date() -> None:
    d = subsidy(business_founded_on="2024-03-02")
    assert not d.eligible
    assert failed(d) == {"business_founded"}


def test_it_refuses_a_person_without_a_business() -> None:
    d = subsidy(business_founded_on=None)
    assert not d.eligible
    assert failed(d) == {"business_founded"}


# --- once, ever ------------------------------------------------------------------------------------


def test_it_refuses_a_person_who_has_received_it_before() -> None:
    d = subsidy(startup_subsidy_received=True)
    assert not d.eligible
    assert failed(d) == {"startup_subsidy_received"}


def test_it_refuses_a_student_who_has_received_it_before() -> None:
    assert not subsidy(base=STUDENT, startup_subsidy_received=True).eligible


# --- students and graduates: 5,000 CNY with the conditions (C) -------------------------------------


def test_it_pays_a_student_5000_after_six_months_with_one_other_employee() -> None:
    d = subsidy(base=STUDENT)
    assert d.eligible
    assert d.amount_fen == 500_000
    assert "first_business_to_confirm" in d.notes


def test_it_refuses_a_student_one_day_before_six_months_of_operation() -> None:
    d = subsidy("2024-02-29", base=STUDENT)
    assert not d.eligible
    assert failed(d) == {"student_requirements"}


def test_it_refuses_a_student_whose_business_employs_no_one_else() -> None:
    d = subsidy(base=STUDENT, business_employees=0)
    assert not d.eligible
    assert failed(d) == {"student_requirements"}


def test_it_pays_a_graduate_within_two_years_the_same_5000() -> None:
    d = graduate("2022-06-30", "2023-09-01", on="2024-03-01")
    assert d.amount_fen == 500_000


def test_it_grants_a_student_who_is_also_a_veteran_by_the_veteran_route() -> None:
    d = subsidy(base=STUDENT, veteran=True, business_employees=0)
    assert d.eligible
    assert d.amount_fen is None  # the other groups' amount is not known
    assert OTHER_AMOUNT in d.unconfirmed_parameters


def test_it_shows_the_student_amount_with_its_grade_c() -> None:
    d = subsidy(base=STUDENT)
    assert "startup_subsidy_once.amount_students_and_graduates=5000元" in d.explanation_zh
    assert "可信度C" in d.explanation_zh


# --- other groups: amount unconfirmed --------------------------------------------------------------


def test_it_grants_a_veteran_without_a_known_amount_and_flags_it() -> None:
    d = subsidy()
    assert d.eligible
    assert d.amount_fen is None
    assert OTHER_AMOUNT in d.unconfirmed_parameters
    assert OTHER_AMOUNT in d.explanation_zh


def test_it_does_not_hold_other_groups_to_the_student_conditions() -> None:
    d = subsidy(business_founded_on="2024-02-01", business_employees=0)
    assert d.eligible


def test_it_pays_the_other_groups_amount_an_operator_sets() -> None:
    params = load(overrides={OTHER_AMOUNT: "8000"})
    d = decide(CODE, ON, params=params, **BASE)
    assert d.amount_fen == 800_000
    assert OTHER_AMOUNT in d.unconfirmed_parameters


def test_it_gives_no_amount_to_a_refused_person() -> None:
    assert subsidy(base=STUDENT, startup_subsidy_received=True).amount_fen is None
