"""Helpers the organisation-measure tests share: one measure's decision for an organisation on a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from linghuo.policy.engine import Decision
from linghuo.policy.organisations import evaluate_organisation


def decide_org(code: str, on: str, **facts: Any) -> Decision:
    """The decision of organisation measure ``code`` on date ``on`` (ISO) for ``facts``."""
    result = evaluate_organisation(
        {"organisation_id": "o", **facts}, on=dt.date.fromisoformat(on), measures=[code]
    )
    return result.decision(code)
