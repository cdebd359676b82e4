"""The case workflow is declared once: every state is reachable from submitted, every transition has a
service that makes it, and an undeclared transition is refused."""

from __future__ import annotations

import pytest

from linghuo.benefits import services
from linghuo.benefits.workflow import TRANSITIONS, Action, CaseState, TransitionError, transition_for

SERVICES = {
    Action.PREPARE: services.case_prepare,
    Action.APPROVE: services.case_approve,
    Action.REJECT: services.case_reject,
    Action.REQUEST_RECONSIDERATION: services.case_request_reconsideration,
    Action.RECONSIDER_APPROVE: services.case_reconsider,
    Action.RECONSIDER_REJECT: services.case_reconsider,
}


def test_every_state_is_reachable_from_submitted() -> None:
    reached, frontier = {CaseState.SUBMITTED.value}, [CaseState.SUBMITTED.value]
    while frontier:
        state = frontier.pop()
        for t in TRANSITIONS:
            if t.source == state and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == {s.value for s in CaseState}


def test_every_declared_transition_has_its_service() -> None:
    assert {t.action for t in TRANSITIONS} == set(SERVICES)


def test_only_rejections_need_a_reason_and_only_the_reconsideration_request_is_the_applicants() -> None:
    assert {t.action for t in TRANSITIONS if t.needs_reason} == {Action.REJECT, Action.RECONSIDER_REJECT}
    assert {t.action for t in TRANSITIONS if t.by_applicant} == {Action.REQUEST_RECONSIDERATION}


@pytest.mark.parametrize(
    ("action", "state"),
    [
        (Action.APPROVE, CaseState.SUBMITTED),  # approving before the first check
        (Action.PREPARE, CaseState.APPROVED),
        (Action.REQUEST_RECONSIDERATION, CaseState.APPROVED),
        (Action.RECONSIDER_APPROVE, CaseState.REJECTED),
    ],
)
def test_an_undeclared_transition_is_refused_in_chinese(action: str, state: str) -> None:
    with pytest.raises(TransitionError, match="不能"):
        transition_for(action, state)
