"""（四） "在政府指定的场所和时间内销售农副产品、日常生活用品，或者个人利用自己的技能从事依法无须取得许可的
便民劳务活动，无须办理营业执照。"
"""

from __future__ import annotations

import pytest

from linghuo.policy.measures import platform_rules
from linghuo.policy.measures.license_exemption import Activity, licence_needed


def test_it_exempts_farm_produce_and_daily_goods_sold_at_the_designated_place_and_time() -> None:
    answer = licence_needed(
        Activity(
            sells_farm_produce_or_daily_goods=True, at_designated_place=True, within_designated_hours=True
        )
    )
    assert not answer.licence_required
    assert answer.exemption == "designated_trading"


@pytest.mark.parametrize(
    "activity",
    [
        Activity(sells_farm_produce_or_daily_goods=True, at_designated_place=True),  # outside the hours
        Activity(sells_farm_produce_or_daily_goods=True, within_designated_hours=True),  # elsewhere
        Activity(at_designated_place=True, within_designated_hours=True),  # other goods
    ],
)
def test_it_requires_a_licence_outside_the_designated_place_or_time_or_for_other_goods(
    activity: Activity,
) -> None:
    answer = licence_needed(activity)
    assert answer.licence_required
    assert answer.exemption is None


def test_it_exempts_a_personal_skill_service_that_needs_no_permit() -> None:
    answer = licence_needed(Activity(personal_skill_convenience_service=True))
    assert not answer.licence_required
    assert answer.exemption == "personal_skill_service"
    assert "便民劳务" in answer.explanation_zh


def test_it_requires_a_licence_for_a_personal_skill_service_that_needs_a_permit() -> None:
    answer = licence_needed(Activity(personal_skill_convenience_service=True, permit_required_by_law=True))
    assert answer.licence_required
    assert "business licence is needed" in answer.explanation_en


def test_it_requires_a_licence_by_default() -> None:
    assert licence_needed(Activity()).licence_required


def test_it_is_a_platform_rule_of_clause_4() -> None:
    assert platform_rules()["license_exemption"].clause == "四"
