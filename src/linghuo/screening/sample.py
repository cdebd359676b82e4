"""The sample check: a few rows of every batch run are decided again, one by one, by ``evaluate_one``.

The batch path (vectorised, one frame) and the one-person path (validated facts, explained
decisions) share the same definitions; the check proves it on the run's own data. The sampled rows
of a chunk go through ``evaluate_many``, which is ``evaluate_one`` for several persons in one pass.
A row whose facts ``validate_facts`` refuses cannot be decided one by one: it is counted
(``invalid``), never passed over silently.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from linghuo.policy.engine import Evaluation, evaluate_many, evaluate_one
from linghuo.policy.facts import FACT_NAMES, FactsError
from linghuo.policy.parameters import ParameterSet
from linghuo.screening.errors import SampleMismatchError
from linghuo.screening.results import FAILED_SEPARATOR

SAMPLE_SIZE = 200
SAMPLE_SEED = 20211108


def sample_positions(total: int, size: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED) -> frozenset[int]:
    """``size`` row positions out of ``total`` (all of them when fewer), the same for the same seed."""
    return frozenset(
        random.Random(seed).sample(  # noqa: S311 -- a reproducible sample, not a secret
            range(total), min(size, total)
        )
    )


@dataclass
class SampleReport:
    """How many sampled rows were checked, and which could not be (invalid facts, with the reason)."""

    checked: int = 0
    invalid: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: SampleReport) -> None:
        self.checked += other.checked
        self.invalid += other.invalid


def _expected(code: str, evaluation: Evaluation) -> tuple[bool, int | None, str]:
    decision = evaluation.decision(code)
    failed = [c.code for c in decision.conditions if "." not in c.code and not c.passed]
    return decision.eligible, decision.amount_fen, FAILED_SEPARATOR.join(failed)


def _decide(
    people: list[dict[str, Any]],
    on: dt.date,
    params: ParameterSet | None,
    codes: Sequence[str],
    report: SampleReport,
) -> list[Evaluation | None]:
    """``evaluate_one`` for each person (through ``evaluate_many``, the same decisions in one pass);
    None, recorded in ``report``, for a person whose facts are invalid."""
    try:
        return list(evaluate_many(people, on=on, params=params, measures=list(codes)))
    except FactsError:
        pass
    decided: list[Evaluation | None] = []
    for person in people:
        try:
            decided.append(evaluate_one(person, on=on, params=params, measures=list(codes)))
        except FactsError as error:
            report.invalid.append((str(person.get("person_id")), str(error)))
            decided.append(None)
    return decided


def check_rows(
    facts: pl.DataFrame,
    results: pl.DataFrame,
    *,
    codes: Sequence[str],
    on: dt.date,
    params: ParameterSet | None = None,
) -> SampleReport:
    """Decide each row of ``facts`` with ``evaluate_one`` and compare with the same row of ``results``.

    Raises :class:`SampleMismatchError` naming the person, the measure and both answers.
    """
    report = SampleReport()
    names = [n for n in FACT_NAMES if n in facts.columns]
    people = [
        {k: v for k, v in raw.items() if v is not None} for raw in facts.select(names).iter_rows(named=True)
    ]
    for person, evaluation, got in zip(
        people, _decide(people, on, params, codes, report), results.iter_rows(named=True), strict=True
    ):
        if evaluation is None:
            continue
        for code in codes:
            expected = _expected(code, evaluation)
            batch = (got[f"{code}_eligible"], got[f"{code}_amount_fen"], got[f"{code}_failed"])
            if batch != expected:
                raise SampleMismatchError(
                    f"抽样核对不一致：人员 {person['person_id']} 的措施 {code} 批量结果为 {batch}，"
                    f"逐人评估结果为 {expected}；本次筛查作废",
                    f"sample check failed: person {person['person_id']}, measure {code}: batch gave {batch}, "
                    f"evaluate_one gave {expected}; the run is void",
                )
        report.checked += 1
    return report
