"""（四） "对经批准占道经营的，免征城市道路占用费，不得额外设置条件变相收费。\""""

from __future__ import annotations

from linghuo.policy.measures import platform_rules
from linghuo.policy.measures.road_occupancy_fee_exemption import road_occupancy_fee


def test_it_exempts_approved_street_trading_from_the_road_occupancy_fee() -> None:
    answer = road_occupancy_fee(approved=True)
    assert answer.exempt
    assert answer.improper_conditions == ()


def test_it_does_not_exempt_street_trading_without_approval() -> None:
    assert not road_occupancy_fee(approved=False).exempt


def test_it_keeps_the_exemption_and_names_every_extra_condition_as_improper() -> None:
    answer = road_occupancy_fee(approved=True, conditions_imposed=("缴纳押金", "本地户籍"))
    assert answer.exempt
    assert answer.improper_conditions == ("缴纳押金", "本地户籍")
    assert "不得额外设置条件" in answer.explanation_zh
    assert "缴纳押金" in answer.explanation_zh


def test_it_is_a_platform_rule_of_clause_4() -> None:
    assert platform_rules()["road_occupancy_fee_exemption"].clause == "四"
