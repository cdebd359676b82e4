"""（十二） social-insurance subsidy: cases from the clause, the catalogue's readings and parameters.md §4."""

from __future__ import annotations

from typing import Any

import pytest

from linghuo.policy.parameters import load
from tests.policy.deciding import decide, failed

CODE = "social_insurance_subsidy"
# A platform worker in 海州区 who paid 1,200 CNY of premiums on the minimum base.
WORKER: dict[str, Any] = {
    "employment_form": "platform",
    "work_division": "320706",
    "si_paid_fen": 120000,
    "si_base_is_minimum": True,
}
GRADUATE = {**WORKER, "college_left_on": "2022-03-01"}
HARD = {**WORKER, "hard_to_employ_since": "2022-01-01", "sex": "male", "birth_date": "1980-05-05"}


def test_it_pays_two_thirds_of_premiums_paid_on_the_minimum_base() -> None:
    d = decide(CODE, "2022-06-01", **GRADUATE)
    assert d.eligible
    assert d.amount_fen == 80000


def test_it_pays_half_above_the_minimum_base_floored_to_the_fen() -> None:
    d = decide(CODE, "2022-06-01", **{**GRADUATE, "si_base_is_minimum": False, "si_paid_fen": 100001})
    assert d.amount_fen == 50000  # 50,000.5 fen floored


def test_it_floors_two_thirds_to_the_fen() -> None:
    assert decide(CODE, "2022-06-01", **{**GRADUATE, "si_paid_fen": 100}).amount_fen == 66


def test_it_uses_an_overridden_ratio_for_the_division_of_work() -> None:
    params = load(overrides={"social_insurance_subsidy.ratio_on_minimum_base[320706]": "1/2"})
    d = decide(CODE, "2022-06-01", params=params, **GRADUATE)
    assert d.amount_fen == 60000
    assert "social_insurance_subsidy.ratio_on_minimum_base" in d.unconfirmed_parameters
    # another division keeps the default
    assert (
        decide(CODE, "2022-06-01", params=params, **{**GRADUATE, "work_division": "320722"}).amount_fen
        == 80000
    )


@pytest.mark.parametrize(("on", "eligible"), [("2024-02-29", True), ("2024-03-01", False)])
def test_it_counts_a_graduate_until_the_day_before_the_second_anniversary(on: str, eligible: bool) -> None:
    assert decide(CODE, on, **GRADUATE).eligible is eligible


@pytest.mark.parametrize(("on", "eligible"), [("2022-02-28", True), ("2022-03-01", False)])
def test_it_puts_the_anniversary_of_29_february_on_1_march(on: str, eligible: bool) -> None:
    assert decide(CODE, on, **{**WORKER, "college_left_on": "2020-02-29"}).eligible is eligible


def test_it_refuses_a_graduate_who_has_been_employed_since_leaving() -> None:
    d = decide(CODE, "2022-06-01", **{**GRADUATE, "employed_since_leaving_college": True})
    assert failed(d) == {"target_group", "within_period"}  # no group, so no period either


@pytest.mark.parametrize(("used", "eligible", "months"), [(23, True, 1), (24, False, None)])
def test_it_gives_a_graduate_at_most_24_months(used: int, eligible: bool, months: int | None) -> None:
    d = decide(CODE, "2022-06-01", **{**GRADUATE, "si_subsidy_months_used": used})
    assert (d.eligible, d.months) == (eligible, months)


@pytest.mark.parametrize(
    ("used", "extension_used", "eligible", "months"),
    [
        (0, False, True, 36),  # "up to 3 years": the extension is not months already granted
        (35, True, True, 1),  # the 36th month
        (35, False, True, 1),  # the 36th month; the extension may follow
        (36, True, False, None),  # the period is over and the extension was used before
        (36, False, True, 12),  # the one-time extension of up to 1 year
        (47, False, True, 1),
        (48, False, False, None),
    ],
)
def test_it_gives_the_hard_to_employ_36_months_then_one_extension_of_12(
    used: int, extension_used: bool, eligible: bool, months: int | None
) -> None:
    d = decide(
        CODE, "2024-06-01", **{**HARD, "si_subsidy_months_used": used, "si_extension_used": extension_used}
    )
    assert (d.eligible, d.months) == (eligible, months)


def test_it_says_when_the_extension_applies_and_that_a_caseworker_confirms() -> None:
    d = decide(CODE, "2024-06-01", **{**HARD, "si_subsidy_months_used": 40})
    assert d.notes == ("extension_applies",)
    assert "仍未实现稳定就业" in d.explanation_zh
    assert "caseworker" in d.explanation_en
    assert (
        "extension_applies" not in decide(CODE, "2024-06-01", **{**HARD, "si_subsidy_months_used": 10}).notes
    )


def test_within_the_3_years_the_extension_is_a_later_step_a_caseworker_confirms() -> None:
    # "期满仍未实现稳定就业的，根据实际情况将社保补贴享受期限一次性延长，延长期不超过1年"
    d = decide(CODE, "2024-06-01", **{**HARD, "si_subsidy_months_used": 10})
    assert d.months == 26  # what is left of the 36 months, not 36 + 12 - 10
    assert d.notes == ("extension_possible_later",)
    assert "延长期不超过1年" in d.plain_zh
    assert "经办人员确认" in d.plain_zh
    assert "caseworker" in d.plain_en


def test_no_later_extension_is_offered_when_it_was_used_before() -> None:
    d = decide(CODE, "2024-06-01", **{**HARD, "si_subsidy_months_used": 10, "si_extension_used": True})
    assert (d.months, d.notes) == (26, ())


def test_a_graduate_is_offered_no_extension() -> None:
    # the extension is for 就业困难人员 only
    d = decide(CODE, "2022-06-01", **{**GRADUATE, "si_subsidy_months_used": 4})
    assert (d.months, d.notes) == (20, ())


# A man born 1963-06-15 retires on 2023-06-15 (60, before the reform reaches his birth month).
NEAR = {**HARD, "birth_date": "1963-06-15", "si_subsidy_months_used": 40, "si_extension_used": True}


def test_it_pays_to_retirement_when_fewer_than_5_years_remained_at_first_approval() -> None:
    d = decide(CODE, "2022-06-01", **{**NEAR, "si_first_approved_on": "2018-06-16"})
    assert d.eligible
    assert d.months == 12  # 2022-06-01 → 2023-06-15
    assert d.notes == ("until_retirement",)


def test_a_first_approval_today_counts_the_years_to_retirement_from_today() -> None:
    # never approved before: this decision is the first approval (2022-06-01), and only about a year remains
    d = decide(CODE, "2022-06-01", **{**HARD, "birth_date": "1963-06-15"})
    assert d.eligible
    assert d.months == 12  # 2022-06-01 → 2023-06-15, not 36 months plus the extension
    assert d.notes == ("until_retirement",)


def test_a_first_approval_today_far_from_retirement_keeps_the_month_limit() -> None:
    d = decide(CODE, "2022-06-01", **{**HARD, "birth_date": "1985-06-15"})
    assert d.months == 36
    assert d.notes == ("extension_possible_later",)


def test_it_states_the_years_to_retirement_of_the_parameter_not_a_number_written_in_the_note() -> None:
    # 5½ years before his retirement date (2023-06-15): to retirement only with a limit of 6 years
    params = load(overrides={"social_insurance_subsidy.years_to_retirement_for_until_retirement": 6})
    d = decide(CODE, "2022-06-01", params, **{**NEAR, "si_first_approved_on": "2017-12-15"})
    assert (d.notes, d.months) == (("until_retirement",), 12)
    assert d.figures["years_to_retirement_limit"] == 6
    for text in (d.plain_zh, d.explanation_zh):
        assert "享受至退休的距退休年数 6" in text
        assert "不足5年" not in text
    assert "years to retirement below which it runs to retirement 6" in d.plain_en


def test_it_keeps_the_month_limit_when_exactly_5_years_remained() -> None:
    d = decide(CODE, "2022-06-01", **{**NEAR, "si_first_approved_on": "2018-06-15"})
    assert failed(d) == {"within_period"}


def test_it_stops_at_the_retirement_date() -> None:
    d = decide(CODE, "2023-06-15", **{**NEAR, "si_first_approved_on": "2018-06-16"})
    assert failed(d) == {"within_period"}


def test_it_pays_nothing_while_unemployment_benefit_is_drawn() -> None:
    d = decide(CODE, "2022-06-01", **{**GRADUATE, "receiving_unemployment_benefit": True})
    assert not d.eligible
    assert d.amount_fen is None
    assert failed(d) == {"receiving_unemployment_benefit"}


def test_it_requires_premiums_actually_paid() -> None:
    assert failed(decide(CODE, "2022-06-01", **{**GRADUATE, "si_paid_fen": 0})) == {"premiums_paid"}


def test_it_requires_flexible_employment() -> None:
    d = decide(CODE, "2022-06-01", **{**GRADUATE, "employment_form": "employee"})
    assert failed(d) == {"flexible_employment"}


def test_it_refuses_someone_neither_hard_to_employ_nor_a_recent_graduate() -> None:
    assert failed(decide(CODE, "2022-06-01", **WORKER)) == {"target_group", "within_period"}


def test_it_needs_the_certification_to_have_happened_by_the_date() -> None:
    assert not decide(CODE, "2021-12-31", **HARD).eligible
    assert decide(CODE, "2022-01-01", **HARD).eligible
