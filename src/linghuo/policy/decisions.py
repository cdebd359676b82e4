"""What an evaluation answers: each measure's decision for one person (or organisation), with the
outcome of every condition; the explanations are written by :mod:`linghuo.policy.explain`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from linghuo.policy.dsl import Outcome

DecisionStatus = Literal["eligible", "not_eligible", "closed", "not_applicable"]


@dataclass(frozen=True)
class ConditionOutcome:
    code: str
    label: str
    label_en: str
    clause: str
    passed: bool
    outcome: Outcome = "not_eligible"  # what its failing means for the decision
    failed_label: str = ""  # what to say when it failed (else the label, "not met")
    failed_label_en: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "clause": self.clause, "passed": self.passed}


@dataclass(frozen=True)
class Decision:
    """One measure's decision for one person (the ``measures`` items of the JSON output)."""

    code: str
    clause: str
    eligible: bool
    amount_fen: int | None
    amount_min_fen: int | None
    amount_max_fen: int | None
    months: int | None
    conditions: tuple[ConditionOutcome, ...]
    explanation_zh: str
    explanation_en: str
    unconfirmed_parameters: tuple[str, ...]
    figures: Mapping[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    # eligible; not_eligible; closed (a window that has ended); not_applicable (nothing to apply for)
    status: DecisionStatus = "not_eligible"
    # the explanation in plain words for the person: no parameter names, sources by their titles
    plain_zh: str = ""
    plain_en: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Exactly the shape of issue 3 (figures and notes are in the explanations)."""
        return {
            "code": self.code,
            "clause": self.clause,
            "eligible": self.eligible,
            "amount_fen": self.amount_fen,
            "amount_min_fen": self.amount_min_fen,
            "amount_max_fen": self.amount_max_fen,
            "months": self.months,
            "conditions": [c.as_dict() for c in self.conditions],
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "unconfirmed_parameters": list(self.unconfirmed_parameters),
        }


class Decisions:
    """What a person's and an organisation's evaluation share: a decision looked up by its code."""

    decisions: tuple[Decision, ...]

    def decision(self, code: str) -> Decision:
        for d in self.decisions:
            if d.code == code:
                return d
        raise KeyError(code)


@dataclass(frozen=True)
class Evaluation(Decisions):
    """Every measure's decision for one person on one date, with the rules version."""

    rules_version: str
    evaluated_on: dt.date
    person_id: str | None
    decisions: tuple[Decision, ...]

    def as_dict(self) -> dict[str, Any]:
        """The ``results`` item: ``{"person_id", "measures": [...]}``."""
        return {"person_id": self.person_id, "measures": [d.as_dict() for d in self.decisions]}
