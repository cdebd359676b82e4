"""（十三） "鼓励人力资源服务机构为灵活就业人员提供求职招聘、技能培训、人力资源外包等专业化服务，给予相关机构
相应政策补助，并在确定诚信服务机构、入选行业骨干企业等方面优先支持。\""""

from __future__ import annotations

import pytest

from tests.policy.deciding import failed
from tests.policy.deciding_organisation import decide_org

CODE = "hr_agency_support"
ON = "2024-03-01"


def test_it_supports_an_hr_agency_serving_flexible_workers_with_priority() -> None:
    d = decide_org(CODE, ON, kind="hr_agency", serves_flexible_workers=True)
    assert d.eligible
    assert d.notes == ("priority_support",)
    assert "诚信服务机构" in d.explanation_zh


def test_it_does_not_support_an_hr_agency_not_serving_flexible_workers() -> None:
    d = decide_org(CODE, ON, kind="hr_agency")
    assert not d.eligible
    assert failed(d) == {"serves_flexible_workers"}


@pytest.mark.parametrize("kind", ["employer", "platform", "training_provider", "incubator", None])
def test_it_does_not_support_another_kind_of_organisation(kind: str | None) -> None:
    d = decide_org(CODE, ON, kind=kind, serves_flexible_workers=True)
    assert not d.eligible
    assert failed(d) == {"hr_agency"}
