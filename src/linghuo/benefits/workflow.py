"""A case's states and the transitions between them, declared here and nowhere else.

**Why a table of our own** (not django-fsm-2 or viewflow): the workflow has five states and six
transitions, each already a service in ``benefits.services`` that must lock the row, check maker-checker,
write the transition log and the audit entry in one transaction. django-fsm-2 would add a decorator
layer over the same checks (and its protected field fights ``select_for_update`` + ``update``);
viewflow brings a process engine, its own tables and views that this project does not use. A plain
table is read by the services, the log, the pages and the tests alike, and is checked by a test that
every state is reachable and every transition has a service.

    submitted ──prepare──▶ prepared ──approve──▶ approved
                               └──reject──▶ rejected ──request_reconsideration──▶ reconsideration
                                                              reconsideration ──reconsider_approve──▶ approved
                                                              reconsideration ──reconsider_reject──▶ rejected

Who may act: ``prepare``, ``approve``, ``reject`` and the two ``reconsider_…`` are caseworkers'
(the maker prepares, a checker other than the maker approves or rejects; the reconsideration is decided
by someone other than the first decider); ``request_reconsideration`` is the applicant's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from linghuo.benefits.errors import ConflictError


class CaseState(models.TextChoices):
    SUBMITTED = "submitted", _("已受理")
    PREPARED = "prepared", _("已初审")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未通过")
    RECONSIDERATION = "reconsideration", _("复核中")


class Action(models.TextChoices):
    SUBMIT = "submit", _("提交")
    PREPARE = "prepare", _("初审")
    APPROVE = "approve", _("批准")
    REJECT = "reject", _("不予批准")
    REQUEST_RECONSIDERATION = "request_reconsideration", _("申请复核")
    RECONSIDER_APPROVE = "reconsider_approve", _("复核批准")
    RECONSIDER_REJECT = "reconsider_reject", _("复核维持不予批准")


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    by_applicant: bool = False  # else a caseworker's
    needs_reason: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(Action.PREPARE, CaseState.SUBMITTED, CaseState.PREPARED),
    Transition(Action.APPROVE, CaseState.PREPARED, CaseState.APPROVED),
    Transition(Action.REJECT, CaseState.PREPARED, CaseState.REJECTED, needs_reason=True),
    Transition(
        Action.REQUEST_RECONSIDERATION, CaseState.REJECTED, CaseState.RECONSIDERATION, by_applicant=True
    ),
    Transition(Action.RECONSIDER_APPROVE, CaseState.RECONSIDERATION, CaseState.APPROVED),
    Transition(Action.RECONSIDER_REJECT, CaseState.RECONSIDERATION, CaseState.REJECTED, needs_reason=True),
)

# the states a caseworker still has to act on (queues, deadlines, overdue)
OPEN_STATES: tuple[str, ...] = (CaseState.SUBMITTED, CaseState.PREPARED, CaseState.RECONSIDERATION)


class TransitionError(ConflictError):
    """A transition the table does not allow from the case's state."""


def transition_for(action: str, state: str) -> Transition:
    """The declared transition of ``action`` from ``state``; ``TransitionError`` when there is none."""
    for t in TRANSITIONS:
        if t.action == action and t.source == state:
            return t
    raise TransitionError(
        f"案件当前状态为“{CaseState(state).label}”，不能{Action(action).label}",
        f"a case in state {state!r} cannot {action.replace('_', ' ')}",
    )


def actions_from(state: str) -> tuple[str, ...]:
    return tuple(t.action for t in TRANSITIONS if t.source == state)
