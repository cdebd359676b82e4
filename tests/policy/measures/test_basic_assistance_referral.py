"""（十四）困难灵活就业人员纳入低保、临时救助 — cases from the clause text.

"对符合条件的灵活就业人员，及时按规定纳入最低生活保障、临时救助范围。"
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy.deciding import decide, failed

CODE = "basic_assistance_referral"


@pytest.mark.parametrize(
    ("groups", "member"),
    [({"dibao": True}, "dibao"), ({"temporary_assistance_conditions": True}, "temporary_assistance")],
)
def test_it_refers_a_flexible_worker_meeting_either_condition(groups: dict[str, Any], member: str) -> None:
    d = decide(CODE, "2024-03-01", employment_form="platform", **groups)
    assert d.eligible
    assert {c.code: c.passed for c in d.conditions}[f"assistance_conditions.{member}"]


def test_it_refers_a_flexible_worker_meeting_both() -> None:
    d = decide(
        CODE, "2024-03-01", employment_form="part_time", dibao=True, temporary_assistance_conditions=True
    )
    assert d.eligible


def test_it_does_not_refer_a_flexible_worker_meeting_neither() -> None:
    d = decide(CODE, "2024-03-01", employment_form="part_time", veteran=True)
    assert not d.eligible
    assert failed(d) == {"assistance_conditions"}


@pytest.mark.parametrize("form", ["employee", "unemployed", "student"])
def test_it_leaves_others_to_the_general_assistance_rules(form: str) -> None:
    # the clause is about 灵活就业人员
    d = decide(CODE, "2024-03-01", employment_form=form, dibao=True)
    assert not d.eligible
    assert failed(d) == {"flexible_employment"}
