"""（二）公益性岗位补贴: cases from the policy text and parameters.md §4.

Seed: "加强现有扶贫车间、扶贫工厂建设，引导农村留守妇女、就业困难人员等就近就地就业。
对以上符合条件的纳入公益性岗位开发管理范围，按规定给予岗位补贴。" Lianyungang's amount: unconfirmed.
"""

from __future__ import annotations

from typing import Any

from linghuo.policy.parameters import load
from tests.policy.deciding import decide, failed

CODE = "public_welfare_post_subsidy"
ON = "2024-03-01"
AMOUNT = "public_welfare_post_subsidy.monthly_amount"

BASE: dict[str, Any] = {"public_welfare_post": True, "hard_to_employ_since": "2023-01-01"}


def post(on: str = ON, **changes: Any) -> Any:
    return decide(CODE, on, **{**BASE, **changes})


def test_it_grants_a_hard_to_employ_person_in_a_public_welfare_post() -> None:
    d = post()
    assert d.eligible
    assert d.clause == "二"


def test_it_refuses_a_person_not_in_a_public_welfare_post() -> None:
    d = post(public_welfare_post=False)
    assert not d.eligible
    assert failed(d) == {"public_welfare_post"}


def test_it_refuses_a_post_holder_not_from_the_target_group() -> None:
    d = post(hard_to_employ_since=None, veteran=True, registered_unemployed=True)
    assert not d.eligible
    assert failed(d) == {"target_group"}


def test_it_reads_the_certification_on_the_evaluation_date() -> None:
    assert post(hard_to_employ_since=ON).eligible
    assert not post(hard_to_employ_since="2024-03-02").eligible


def test_it_gives_no_amount_while_lianyungangs_is_unconfirmed_and_flags_it() -> None:
    d = post()
    assert d.amount_fen is None
    assert AMOUNT in d.unconfirmed_parameters
    assert AMOUNT in d.explanation_zh
    assert AMOUNT in d.explanation_en


def test_it_pays_the_amount_an_operator_sets_still_flagged() -> None:
    d = decide(CODE, ON, params=load(overrides={AMOUNT: "1500"}), **BASE)
    assert d.amount_fen == 150_000
    assert AMOUNT in d.unconfirmed_parameters


def test_it_gives_no_amount_to_a_refused_person() -> None:
    d = decide(CODE, ON, params=load(overrides={AMOUNT: "1500"}), public_welfare_post=True)
    assert not d.eligible
    assert d.amount_fen is None


def test_it_applies_from_the_policy_date() -> None:
    assert post(on="2021-11-08", hard_to_employ_since="2021-11-08").eligible
