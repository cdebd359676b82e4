"""Helpers the rule tests share: one measure's decision for a person on a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from linghuo.policy.engine import Decision, evaluate_one
from linghuo.policy.parameters import ParameterSet


def decide(code: str, on: str, params: ParameterSet | None = None, **facts: Any) -> Decision:
    """The decision of measure ``code`` on date ``on`` (ISO) for ``facts``."""
    result = evaluate_one(
        {"person_id": "t", **facts}, on=dt.date.fromisoformat(on), params=params, measures=[code]
    )
    return result.decision(code)


def failed(decision: Decision) -> set[str]:
    """The codes of the top-level conditions that failed."""
    return {c.code for c in decision.conditions if not c.passed and "." not in c.code}
