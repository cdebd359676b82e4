"""（九）创业培训 — cases from the clause text.

"全市各类灵活就业人员中有创业意愿的均纳入创业培训范围"
"""

from __future__ import annotations

import pytest

from tests.policy.deciding import decide, failed

CODE = "entrepreneurship_training"


@pytest.mark.parametrize("form", ["individual_business", "part_time", "platform", "other_flexible"])
def test_it_admits_any_flexible_worker_with_entrepreneurial_intent(form: str) -> None:
    # "各类灵活就业人员": no key group needed
    d = decide(CODE, "2024-03-01", employment_form=form, work_division="320724", entrepreneurial_intent=True)
    assert d.eligible
    assert failed(d) == set()


def test_it_refuses_a_flexible_worker_without_the_intent() -> None:
    d = decide(CODE, "2024-03-01", employment_form="platform", work_division="320706")
    assert not d.eligible
    assert failed(d) == {"entrepreneurial_intent"}


@pytest.mark.parametrize("form", ["employee", "unemployed", "student"])
def test_it_refuses_someone_with_the_intent_not_in_flexible_employment(form: str) -> None:
    d = decide(CODE, "2024-03-01", employment_form=form, work_division="320706", entrepreneurial_intent=True)
    assert not d.eligible
    assert failed(d) == {"flexible_employment"}


def test_it_refuses_a_flexible_worker_working_outside_the_city() -> None:
    # "全市各类灵活就业人员"
    d = decide(
        CODE, "2024-03-01", employment_form="platform", work_division="310101", entrepreneurial_intent=True
    )
    assert not d.eligible
    assert failed(d) == {"works_in_city"}


def test_it_applies_on_the_policy_date() -> None:
    assert decide(
        CODE, "2021-11-08", employment_form="part_time", work_division="320703", entrepreneurial_intent=True
    ).eligible
