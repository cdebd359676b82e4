"""（十一） "用人单位应依法为其非全日制从业人员参加工伤保险。在两个或两个以上用人单位同时就业的非全日制
从业人员，各用人单位应当分别为其缴纳工伤保险费。" ``eligible`` is "complies"; ``false`` is the flag."""

from __future__ import annotations

from tests.policy.deciding import failed
from tests.policy.deciding_organisation import decide_org

CODE = "part_time_work_injury_obligation"
ON = "2024-03-01"


def test_it_clears_an_employer_insuring_every_part_time_worker() -> None:
    d = decide_org(CODE, ON, part_time_workers=5, part_time_workers_injury_insured=5)
    assert d.eligible
    assert d.clause == "十一"


def test_it_flags_an_employer_with_one_part_time_worker_uninsured() -> None:
    d = decide_org(CODE, ON, part_time_workers=5, part_time_workers_injury_insured=4)
    assert not d.eligible
    assert failed(d) == {"each_part_time_worker_insured"}
    assert d.figures["uninsured"] == 1
    assert "未缴纳工伤保险费人数 1" in d.explanation_zh


def test_it_flags_each_employer_of_a_worker_with_several_when_it_does_not_pay_itself() -> None:
    # one worker, two employers: the first pays, the second relies on it — the second is flagged
    first = decide_org(CODE, ON, part_time_workers=1, part_time_workers_injury_insured=1)
    second = decide_org(CODE, ON, part_time_workers=1, part_time_workers_injury_insured=0)
    assert first.eligible
    assert not second.eligible


def test_it_does_not_bind_an_employer_without_part_time_workers() -> None:
    d = decide_org(CODE, ON)
    assert d.eligible
    assert d.notes == ("not_bound",)
    assert (
        "not_bound" not in decide_org(CODE, ON, part_time_workers=1, part_time_workers_injury_insured=1).notes
    )
