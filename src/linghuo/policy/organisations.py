"""Evaluating the organisation measures: one organisation with reasons, or a frame of many, vectorised.

The organisation measures (``kind="organisation"``) are compiled by the engine as the person measures are
(the same conditions, exceptions, amounts, explanations and rules version); they read the facts of
:mod:`linghuo.policy.organisation_facts`. A decision has the person decisions' shape; for the duties of
clause 十一 (``part_time_work_injury_obligation``, ``project_injury_insurance_first``,
``platform_occupational_injury``) ``eligible`` means "complies", and ``false`` is the flag.

>>> import datetime as dt
>>> result = evaluate_organisation(
...     {"organisation_id": "o1", "part_time_workers": 3, "part_time_workers_injury_insured": 2},
...     on=dt.date(2024, 3, 1),
... )
>>> result.decision("part_time_work_injury_obligation").eligible
False
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from linghuo.policy import engine
from linghuo.policy.decisions import Decision, Decisions
from linghuo.policy.engine import Compiled
from linghuo.policy.measures import registry
from linghuo.policy.organisation_facts import normalise_organisations_frame, validate_organisation_facts
from linghuo.policy.parameters import ParameterSet
from linghuo.policy.schema import validate_each


@dataclass(frozen=True)
class OrganisationEvaluation(Decisions):
    """Every organisation measure's decision for one organisation on one date, with the rules version."""

    rules_version: str
    evaluated_on: dt.date
    organisation_id: str | None
    decisions: tuple[Decision, ...]

    def as_dict(self) -> dict[str, Any]:
        """``{"organisation_id", "measures": [...]}``, each measure as in a person's result."""
        return {"organisation_id": self.organisation_id, "measures": [d.as_dict() for d in self.decisions]}


def organisation_measure_codes() -> tuple[str, ...]:
    """The codes of the organisation measures, in clause order."""
    return tuple(m.code for m in registry().values() if m.kind == "organisation")


def _compiled(on: dt.date, params: ParameterSet | None, measures: Sequence[str] | None) -> Compiled:
    codes = organisation_measure_codes()
    if measures is not None:
        unknown = [c for c in measures if c not in codes]
        if unknown:
            raise KeyError(f"不是单位措施的代码 {unknown} / not organisation measure codes {unknown}")
        codes = tuple(measures)
    return engine.compiled(on, params, codes)


def evaluate_organisation(
    facts: Mapping[str, Any],
    *,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
) -> OrganisationEvaluation:
    """Evaluate every organisation measure (or ``measures``) for one organisation's facts, with reasons.

    ``facts`` are validated first (:class:`~linghuo.policy.facts.FactsError` on bad input); a date before
    the policy's raises :class:`~linghuo.policy.engine.PolicyDateError`.
    """
    return evaluate_organisations([facts], on=on, params=params, measures=measures)[0]


def evaluate_organisations(
    organisations: Sequence[Mapping[str, Any]],
    *,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
    scalar_rows: int = engine.SCALAR_ROWS,
) -> list[OrganisationEvaluation]:
    """:func:`evaluate_organisation` for several organisations in one pass; a bad fact names its
    organisation (``organisation_id``, or ``#n`` counting from 1). Up to ``scalar_rows``
    organisations are read by the plain-Python interpreter, more by Polars."""
    comp = _compiled(on, params, measures)
    valid = validate_each(organisations, validate_organisation_facts, key="organisation_id")
    version = engine.rules_version(comp.parameters)
    decided = comp.decisions(valid, organisations=True, scalar_rows=scalar_rows)
    return [
        OrganisationEvaluation(version, comp.on, facts["organisation_id"], decisions)
        for facts, decisions in zip(valid, decided, strict=True)
    ]


def evaluate_organisations_frame(
    frame: pl.DataFrame,
    *,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Evaluate the organisation measures for every row of a frame of organisation facts, vectorised.

    Columns out: ``organisation_id``, then per measure the columns of
    :func:`~linghuo.policy.engine.evaluate_frame` (``<code>_eligible``, ``<code>_amount_fen``,
    ``<code>_failed``, and where the measure has them ``<code>_amount_max_fen``, ``<code>_notes`` …);
    :func:`~linghuo.policy.engine.failed_conditions` reads the ``_failed`` bitmasks.
    """
    comp = _compiled(on, params, measures)
    keep = [n for cm in comp.measures for n in (*cm.stage2, *cm.stage3)]
    staged = comp.run(normalise_organisations_frame(frame).lazy(), organisations=True)
    return staged.select("organisation_id", *keep).collect()
