"""（十三）自由职业专业技术人员直接申报职称 — cases from the clause text.

"畅通灵活就业人员职称申报渠道，符合本市职称评审条件的自由职业专业技术人员可直接申报。"
"""

from __future__ import annotations

import pytest

from tests.policy.deciding import decide, failed

CODE = "professional_title_direct"


def test_it_lets_a_freelance_professional_meeting_the_conditions_apply_directly() -> None:
    d = decide(
        CODE,
        "2024-03-01",
        employment_form="other_flexible",
        freelance_professional=True,
        meets_title_conditions=True,
    )
    assert d.eligible


def test_it_refuses_a_freelance_professional_not_meeting_the_citys_conditions() -> None:
    d = decide(CODE, "2024-03-01", employment_form="other_flexible", freelance_professional=True)
    assert not d.eligible
    assert failed(d) == {"meets_title_conditions"}


def test_it_refuses_a_flexible_worker_who_is_not_a_freelance_professional() -> None:
    d = decide(CODE, "2024-03-01", employment_form="platform", meets_title_conditions=True)
    assert not d.eligible
    assert failed(d) == {"freelance_professional"}


@pytest.mark.parametrize("form", ["employee", "unemployed", "student"])
def test_it_leaves_an_employed_professional_to_the_employers_channel(form: str) -> None:
    d = decide(
        CODE, "2024-03-01", employment_form=form, freelance_professional=True, meets_title_conditions=True
    )
    assert not d.eligible
    assert failed(d) == {"flexible_employment"}
