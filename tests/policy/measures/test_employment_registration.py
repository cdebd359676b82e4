"""（十五） employment registration on a written commitment."""

from __future__ import annotations

from tests.policy.deciding import decide, failed

CODE = "employment_registration"


def test_it_registers_a_flexible_worker_in_the_city_on_a_commitment() -> None:
    d = decide(CODE, "2022-01-01", employment_form="individual_business", work_division="320722")
    assert d.eligible
    assert "书面承诺" in d.explanation_zh


def test_it_says_the_place_of_hukou_is_also_possible_when_it_is_in_the_city() -> None:
    d = decide(
        CODE, "2022-01-01", employment_form="platform", work_division="320706", hukou_division="320723"
    )
    assert d.notes == ("commitment_replaces_proof", "hukou_in_city")


def test_it_does_not_register_someone_working_elsewhere() -> None:
    d = decide(
        CODE, "2022-01-01", employment_form="platform", work_division="320106", hukou_division="320706"
    )
    assert failed(d) == {"works_in_city"}


def test_it_does_not_register_an_employee_as_a_flexible_worker() -> None:
    assert failed(decide(CODE, "2022-01-01", employment_form="employee", work_division="320706")) == {
        "flexible_worker"
    }
