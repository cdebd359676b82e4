"""Stored decisions that replay: what the engine read, what it answered, and a replay that checks it.

``decision_store`` keeps one engine decision with its facts snapshot (exactly the facts record the
engine read, as JSON: dates as ISO text), the date, the rules version and the parameters' digest, and
its trace (every condition's code, clause and outcome, plus the eligibility, amount and months).
``replay`` evaluates each stored snapshot again on its date with the rules in force now and lists the
decisions whose trace differs, with the conditions that changed (``linghuo decisions replay``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from linghuo.benefits.models import Decision, DecisionSource
from linghuo.insights.models import ScreeningRun
from linghuo.policy.decisions import Decision as EngineDecision
from linghuo.policy.decisions import Decisions
from linghuo.policy.engine import evaluate_many
from linghuo.policy.organisations import evaluate_organisations, organisation_measure_codes
from linghuo.registry.models import Person

REPLAY_CHUNK = 500


def facts_snapshot(facts: Mapping[str, Any]) -> dict[str, Any]:
    """A facts record as JSON values (dates as ISO text), which ``validate_facts`` reads back."""
    out: dict[str, Any] = {}
    for name, value in facts.items():
        if isinstance(value, datetime.date):
            out[name] = value.isoformat()
        elif isinstance(value, tuple):
            out[name] = list(value)
        else:
            out[name] = value
    if out.get("person_id") is not None:
        out["person_id"] = str(out["person_id"])
    return out


def decision_trace(decision: EngineDecision) -> dict[str, Any]:
    return {
        "eligible": decision.eligible,
        "status": decision.status,
        "amount_fen": decision.amount_fen,
        "months": decision.months,
        "conditions": [{"code": c.code, "clause": c.clause, "passed": c.passed} for c in decision.conditions],
    }


def decision_build(
    person: Person,
    decision: EngineDecision,
    *,
    facts: Mapping[str, Any],
    on: datetime.date,
    rules_version: str,
    parameters_digest: str,
    source: DecisionSource,
    run: ScreeningRun | None = None,
) -> Decision:
    """An unsaved ``Decision`` row of one engine decision (saved by the caller, alone or in bulk)."""
    return Decision(
        person=person,
        measure=decision.code,
        on=on,
        rules_version=rules_version,
        parameters_digest=parameters_digest,
        facts=facts_snapshot(facts),
        trace=decision_trace(decision),
        eligible=decision.eligible,
        amount_fen=decision.amount_fen,
        months=decision.months,
        source=source,
        screening_run=run,
    )


@dataclass(frozen=True)
class Difference:
    decision_id: int
    person_id: int
    measure: str
    on: datetime.date
    stored_rules_version: str
    conditions: list[dict[str, Any]]  # {"code", "stored", "now"} of each condition that changed
    fields: dict[str, dict[str, Any]]  # {"eligible" | "amount_fen" | "months": {"stored", "now"}}

    def as_dict(self) -> dict[str, Any]:
        return {
            "decision": self.decision_id,
            "person": self.person_id,
            "measure": self.measure,
            "on": self.on.isoformat(),
            "stored_rules_version": self.stored_rules_version,
            "conditions": self.conditions,
            "fields": self.fields,
        }


@dataclass
class ReplayReport:
    checked: int = 0
    differences: list[Difference] = field(default_factory=list)

    @property
    def differ(self) -> int:
        return len(self.differences)

    def as_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "differ": self.differ,
            "differences": [d.as_dict() for d in self.differences],
        }


def compare(stored: Decision, now: Mapping[str, Any]) -> Difference | None:
    """The difference between a stored trace and the one computed again (None when the same)."""
    was = stored.trace
    before = {c["code"]: c["passed"] for c in was.get("conditions", [])}
    after = {c["code"]: c["passed"] for c in now["conditions"]}
    conditions = [
        {"code": code, "stored": before.get(code), "now": after.get(code)}
        for code in sorted(set(before) | set(after))
        if before.get(code) != after.get(code)
    ]
    fields = {
        name: {"stored": was.get(name), "now": now[name]}
        for name in ("eligible", "amount_fen", "months")
        if was.get(name) != now[name]
    }
    if not conditions and not fields:
        return None
    return Difference(
        decision_id=stored.pk,
        person_id=stored.person_id,
        measure=stored.measure,
        on=stored.on,
        stored_rules_version=stored.rules_version,
        conditions=conditions,
        fields=fields,
    )


def _chunks(since: datetime.date | None) -> Iterator[list[Decision]]:
    rows = Decision.objects.order_by("pk")
    if since is not None:
        rows = rows.filter(created_at__date__gte=since)
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:REPLAY_CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1].pk


def replay(*, since: datetime.date | None = None) -> ReplayReport:
    """Evaluate every stored decision (created on or after ``since``) again from its snapshot and date."""
    report = ReplayReport()
    for chunk in _chunks(since):
        by_key: dict[tuple[datetime.date, str], list[Decision]] = {}
        for stored in chunk:
            by_key.setdefault((stored.on, stored.measure), []).append(stored)
        for (on, measure), group in by_key.items():
            evaluations: Sequence[Decisions] = (
                evaluate_organisations([d.facts for d in group], on=on, measures=[measure])
                if measure in organisation_measure_codes()  # an organisation's decision (五)
                else evaluate_many([d.facts for d in group], on=on, measures=[measure])
            )
            for stored, evaluation in zip(group, evaluations, strict=True):
                report.checked += 1
                difference = compare(stored, decision_trace(evaluation.decision(measure)))
                if difference is not None:
                    report.differences.append(difference)
    return report
