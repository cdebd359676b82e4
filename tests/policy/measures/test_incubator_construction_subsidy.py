"""（五） "每年遴选认定一批市级创业孵化基地，按每家最高20万元给予建设补贴。\""""

from __future__ import annotations

import pytest

from linghuo.policy.engine import PolicyDateError
from tests.policy.deciding import failed
from tests.policy.deciding_organisation import decide_org

CODE = "incubator_construction_subsidy"


def test_it_grants_up_to_200000_yuan_to_a_base_selected_in_the_year() -> None:
    d = decide_org(CODE, "2024-03-01", city_level_incubator_selected_year=2024, kind="incubator")
    assert d.eligible
    assert d.clause == "五"
    assert d.amount_max_fen == 20_000_000
    assert d.amount_fen is None  # "最高": a bound, not an amount
    assert "200000元" in d.explanation_zh


@pytest.mark.parametrize(("year", "eligible"), [(2023, False), (2024, True), (2025, False)])
def test_it_reads_the_selection_year_against_the_evaluation_year(year: int, eligible: bool) -> None:
    assert decide_org(CODE, "2024-12-31", city_level_incubator_selected_year=year).eligible is eligible


def test_it_counts_the_year_from_its_first_day() -> None:
    assert decide_org(CODE, "2025-01-01", city_level_incubator_selected_year=2025).eligible
    assert not decide_org(CODE, "2025-01-01", city_level_incubator_selected_year=2024).eligible


def test_it_gives_nothing_to_a_base_never_selected() -> None:
    d = decide_org(CODE, "2024-03-01", kind="incubator")
    assert not d.eligible
    assert failed(d) == {"selected_this_year"}
    assert d.amount_max_fen is None


def test_it_refuses_a_date_before_the_policy() -> None:
    with pytest.raises(PolicyDateError):
        decide_org(CODE, "2021-11-07", city_level_incubator_selected_year=2021)
