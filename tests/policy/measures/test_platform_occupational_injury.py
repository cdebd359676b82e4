"""（十一） "探索开展平台灵活就业人员职业伤害保障试点，平台企业应当按规定参加。"
``eligible`` is "complies"; ``false`` is the flag."""

from __future__ import annotations

from tests.policy.deciding import failed
from tests.policy.deciding_organisation import decide_org

CODE = "platform_occupational_injury"
ON = "2024-03-01"


def test_it_clears_a_platform_in_the_pilot_that_takes_part() -> None:
    d = decide_org(CODE, ON, kind="platform", in_occupational_injury_pilot=True, takes_part_in_pilot=True)
    assert d.eligible
    assert d.notes == ()


def test_it_flags_a_platform_in_the_pilot_that_does_not_take_part() -> None:
    d = decide_org(CODE, ON, kind="platform", in_occupational_injury_pilot=True)
    assert not d.eligible
    assert failed(d) == {"takes_part_if_in_pilot"}
    assert d.clause == "十一"


def test_it_does_not_bind_a_platform_outside_the_pilot() -> None:
    d = decide_org(CODE, ON, kind="platform")
    assert d.eligible
    assert d.notes == ("not_in_pilot",)
