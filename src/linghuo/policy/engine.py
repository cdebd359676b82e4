"""The evaluator: the measures loaded, compiled to expressions once per date and parameter set, and
evaluated for one person or a frame.

The measures are written in the words of :mod:`linghuo.policy.dsl`, one module each under
:mod:`linghuo.policy.measures`; :func:`compiled` loads them (:func:`linghuo.policy.measures.load`)
with the values they share, and compiles their expressions. The same expressions answer
:func:`evaluate_one` (one person, every condition's outcome and an explanation, from
:mod:`linghuo.policy.explain`) and :func:`evaluate_frame` (millions of rows, vectorised).

>>> import datetime as dt
>>> result = evaluate_one({"person_id": "p1", "employment_form": "platform", "work_division": "320706",
...                        "monthly_income_fen": 300000, "social_insurance_enrolled": True},
...                       on=dt.date(2024, 3, 1))
>>> [(d.code, d.eligible) for d in result.decisions if d.code == "new_urban_employment"]
[('new_urban_employment', True)]
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any, TypeVar

import polars as pl

from linghuo.policy import clauses
from linghuo.policy.decisions import ConditionOutcome, Decision, Decisions, DecisionStatus, Evaluation
from linghuo.policy.dsl import Condition, Measure
from linghuo.policy.explain import explain, explain_plain, yuan
from linghuo.policy.expressions import Facts
from linghuo.policy.facts import SCHEMA, facts_frame, normalise_frame, validate_facts
from linghuo.policy.measures import load as load_rules
from linghuo.policy.measures import person_measures, registry
from linghuo.policy.organisation_facts import ORGANISATION_SCHEMA, OrganisationFacts, organisations_frame
from linghuo.policy.parameters import ParameterMissingError, ParameterSet, Params
from linghuo.policy.parameters import load as load_parameters
from linghuo.policy.scalar import Program, compile_stages
from linghuo.policy.schema import validate_each

__all__ = [
    "SCALAR_ROWS",
    "Compiled",
    "CompiledMeasure",
    "Condition",
    "ConditionOutcome",
    "Decision",
    "Decisions",
    "Evaluation",
    "Measure",
    "PolicyDateError",
    "check_evaluation_date",
    "compiled",
    "evaluate_frame",
    "evaluate_many",
    "evaluate_one",
    "failed_conditions",
    "rules_version",
    "yuan",
]

_Frame = TypeVar("_Frame", pl.DataFrame, pl.LazyFrame)

# The default of ``scalar_rows``: up to this many records, stages 0 and 1 run in plain Python
# (Compiled.scalar), more in Polars. Why: docs/decisions/0001-scalar-interpreter.md.
SCALAR_ROWS = 64


class PolicyDateError(ValueError):
    """The evaluation date is before the policy took effect."""


# --- compiling: the expressions of every measure, once per (date, parameter set) -------------------


@dataclass(frozen=True)
class CompiledMeasure:
    measure: Measure
    conditions: tuple[Condition, ...]
    stage1: dict[str, pl.Expr]  # conditions, members, raw amounts, figures, raw notes (over facts)
    stage2: dict[str, pl.Expr]  # eligible and the failed bitmask (over stage 1)
    stage3: dict[str, pl.Expr]  # amounts and months gated by eligibility, the notes bitmask
    parameters: tuple[str, ...]  # the parameters its expressions read


@dataclass(frozen=True)
class Compiled:
    on: dt.date
    parameters: ParameterSet
    params: Params
    stage0: dict[str, pl.Expr]  # derived values shared by measures (e.g. the retirement date)
    measures: tuple[CompiledMeasure, ...]

    def run(
        self, frame: pl.LazyFrame, *, keep: Sequence[str] = (), organisations: bool = False
    ) -> pl.LazyFrame:
        """Add every stage's columns to ``frame``; with ``organisations`` (a frame of organisation
        facts) without the derived values of stage 0, which read a person's facts."""
        return self._staged(frame, ("stage1", "stage2", "stage3"), derived=not organisations)

    def _staged(self, frame: _Frame, stages: Sequence[str], *, derived: bool) -> _Frame:
        staged = frame
        if derived:
            for name, expr in self.stage0.items():
                staged = staged.with_columns(expr.alias(name))
        for stage in stages:
            staged = staged.with_columns(
                **{k: v for cm in self.measures for k, v in getattr(cm, stage).items()}
            )
        return staged

    @cached_property
    def scalar(self) -> Program:
        """Stages 0 and 1 compiled to plain Python over a validated facts dict (one person, a short
        list): the same expressions, no frame (:mod:`linghuo.policy.scalar`)."""
        stages = [{name: expr} for name, expr in self.stage0.items()]
        stages.append(self._stage1)
        return compile_stages(stages, SCHEMA)

    @cached_property
    def organisation_scalar(self) -> Program:
        """:attr:`scalar` over an organisation's validated facts: stage 1 only."""
        return compile_stages([self._stage1], ORGANISATION_SCHEMA)

    @property
    def _stage1(self) -> dict[str, pl.Expr]:
        return {k: v for cm in self.measures for k, v in cm.stage1.items()}

    def decisions(
        self,
        valid: Sequence[Mapping[str, Any]],
        *,
        organisations: bool = False,
        scalar_rows: int = SCALAR_ROWS,
    ) -> list[tuple[Decision, ...]]:
        """Every measure's decision, with its conditions and explanation, for each validated facts
        record (a person's; an organisation's with ``organisations``), in order.

        Stages 0 and 1 (the definitions) run in plain Python up to ``scalar_rows`` records, else in
        Polars (0: always Polars); stages 2 and 3 only combine them: done in Python, as in
        _compile_measure_in_force (the property test holds the two to the same answers).

        A measure's decision depends only on its stage-1 values: records with the same values share
        one decision, built once (a batch of alike persons costs little more than one of them).
        """
        rows: Sequence[Mapping[str, Any]]
        if len(valid) <= scalar_rows:
            rows = (self.organisation_scalar if organisations else self.scalar).run(valid)
        else:
            frame = organisations_frame(valid) if organisations else facts_frame(valid)
            rows = self._staged(frame, ("stage1",), derived=not organisations).rows(named=True)
        built: dict[tuple[int, tuple[Any, ...]], Decision] = {}

        def decision(i: int, cm: CompiledMeasure, row: Mapping[str, Any]) -> Decision:
            # the type with each value: 1, 1.0 and True are equal keys but are shown differently
            key = (i, tuple((type(v), v) for v in (row[name] for name in cm.stage1)))
            try:
                return built[key]
            except KeyError:
                made = built[key] = _decision(cm, row, self.params)
                return made
            except TypeError:  # a value that cannot be a key (a list): built for this record alone
                return _decision(cm, row, self.params)

        return [tuple(decision(i, cm, row) for i, cm in enumerate(self.measures)) for row in rows]


# --- compiling each measure ---------------------------------------------------------------------


def _col(code: str, part: str) -> str:
    return f"{code}__{part}"


def _compile_measure(measure: Measure, params: Params) -> CompiledMeasure:
    """The measure's expressions; where a parameter it needs has no value on the date, a measure
    that nobody meets, whose one failed condition says which parameter is missing."""
    try:
        return _compile_measure_in_force(measure, params)
    except ParameterMissingError as missing:
        zh, _, en = str(missing).partition(" / ")
        stub = Measure(measure.code, measure.clause, measure.title, measure.title_en, measure.kind)
        stub.condition(
            "parameters_in_force",
            label=f"所需参数在评估日有取值（{zh}）",
            label_en=f"parameters in force ({en})",
        )(lambda f, p: pl.lit(False))
        compiled = _compile_measure_in_force(stub, params)
        # the failed bitmask counts the real measure's conditions: unknown here, so null
        stage2 = {**compiled.stage2, f"{measure.code}_failed": pl.lit(None, pl.UInt32)}
        return replace(compiled, stage2=stage2)


def _facts_of(measure: Measure) -> Facts:
    """The facts a measure reads: an organisation's for an organisation measure, else a person's."""
    return OrganisationFacts() if measure.kind == "organisation" else Facts()


def _compile_measure_in_force(measure: Measure, params: Params) -> CompiledMeasure:
    f = _facts_of(measure)
    code = measure.code
    stage1: dict[str, pl.Expr] = {}
    conditions = measure.conditions
    with params.tracking() as used:
        passes: list[str] = []
        for c in conditions:
            for m in c.members:
                stage1[_col(code, f"{c.code}.{m.code}")] = m.build(f, params).fill_null(False)
            applies = c.build(f, params).fill_null(False)
            stage1[_col(code, c.code)] = ~applies if c.exception else applies
            passes.append(_col(code, c.code))
        builds = {
            "amount_fen": measure.amount_build,
            "amount_min_fen": measure.amount_min_build,
            "amount_max_fen": measure.amount_max_build,
            "months": measure.months_build,
        }
        for name, build in builds.items():
            if build is not None:
                stage1[_col(code, name)] = build(f, params).cast(pl.Int64)
        for i, n in enumerate(measure.notes):
            stage1[_col(code, f"note{i}")] = n.build(f, params).fill_null(False)
        for fig in measure.figures:
            stage1[_col(code, f"figure.{fig.code}")] = fig.build(f, params)
    eligible = pl.all_horizontal([pl.col(c) for c in passes]) if passes else pl.lit(True)
    stage2 = {f"{code}_eligible": eligible, f"{code}_failed": _bitmask([~pl.col(c) for c in passes])}
    stage3: dict[str, pl.Expr] = {}
    for name, build in builds.items():
        if build is not None:
            stage3[f"{code}_{name}"] = pl.when(pl.col(f"{code}_eligible")).then(pl.col(_col(code, name)))
        elif name == "amount_fen":
            stage3[f"{code}_{name}"] = pl.lit(None, pl.Int64)
    if measure.notes:
        flags = [
            pl.col(f"{code}_eligible") & pl.col(_col(code, f"note{i}")) for i in range(len(measure.notes))
        ]
        stage3[f"{code}_notes"] = _bitmask(flags)
    return CompiledMeasure(measure, conditions, stage1, stage2, stage3, tuple(sorted(used)))


def _bitmask(flags: Sequence[pl.Expr]) -> pl.Expr:
    if not flags:
        return pl.lit(0, pl.UInt32)
    return pl.sum_horizontal(
        [pl.when(flag).then(pl.lit(1 << i, pl.UInt32)).otherwise(0) for i, flag in enumerate(flags)]
    ).cast(pl.UInt32)


@lru_cache(maxsize=64)
def _compile(on: dt.date, parameters: ParameterSet, codes: tuple[str, ...]) -> Compiled:
    rules = load_rules()
    params = parameters.at(on)
    f = Facts()
    stage0 = {}
    for value in rules.derived:
        with params.tracking() as used:
            stage0[f"__{value.name}"] = value.build(f, params)
        params.derived_parameters[value.name] = frozenset(used)
    compiled = tuple(_compile_measure(rules.measures[code], params) for code in codes)
    return Compiled(on, parameters, params, stage0, compiled)


def check_evaluation_date(on: dt.date) -> None:
    """Refuse a date before the policy's (2021-11-08), with a message in Chinese and English."""
    start = clauses.document().in_force_from
    if on < start:
        raise PolicyDateError(
            f"评估日期 {on} 早于政策施行日期 {start}（{clauses.document().number}），不能评估 / "
            f"the evaluation date {on} is before the policy took effect on {start}"
        )


def _codes(measures: Sequence[str] | None) -> tuple[str, ...]:
    if measures is None:
        return tuple(m.code for m in person_measures())
    unknown = [c for c in measures if c not in registry()]
    if unknown:
        raise KeyError(f"未知的措施代码 {unknown} / unknown measure codes {unknown}")
    return tuple(measures)


def compiled(
    on: dt.date, params: ParameterSet | None = None, measures: Sequence[str] | None = None
) -> Compiled:
    """The compiled expressions for ``on`` (cached per date, parameter set and measures)."""
    check_evaluation_date(on)
    return _compile(on, params if params is not None else load_parameters(), _codes(measures))


# --- rules version ---------------------------------------------------------------------------------


def rule_sources(root: Traversable) -> list[Traversable]:
    """Every Python module under ``root`` (the package :mod:`linghuo.policy`: the vocabulary, the
    evaluator, the explanations, the measure modules …), in a stable order."""
    stack = [root]
    files = []
    while stack:
        folder = stack.pop()
        for item in folder.iterdir():
            if item.is_dir() and item.name != "__pycache__":
                stack.append(item)
            elif item.name.endswith(".py"):
                files.append(item)
    return sorted(files, key=str)


def source_digest(root: Traversable) -> str:
    """A digest of :func:`rule_sources` under ``root``: the names and contents of the files."""
    h = hashlib.sha256()
    for item in rule_sources(root):
        h.update(item.name.encode())
        h.update(item.read_bytes())
    return h.hexdigest()


@cache
def _source_digest() -> str:
    return source_digest(resources.files("linghuo.policy"))


def rules_version(params: ParameterSet | None = None) -> str:
    """A digest of the rules' source (:func:`rule_sources`) and the parameters, their YAML files with
    any overrides (:attr:`~linghuo.policy.parameters.ParameterSet.digest`): 16 hex digits."""
    parameters = params if params is not None else load_parameters()
    return hashlib.sha256(f"{_source_digest()}:{parameters.digest}".encode()).hexdigest()[:16]


# --- evaluation ------------------------------------------------------------------------------------


def evaluate_frame(
    frame: pl.DataFrame,
    *,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
    figures: bool = False,
) -> pl.DataFrame:
    """Evaluate every person measure (or ``measures``) for every row of a facts frame, vectorised.

    Columns out: ``person_id``, then per measure ``<code>_eligible`` (bool), ``<code>_amount_fen``
    (Int64, null where there is no amount or the person is not eligible), ``<code>_failed`` (UInt32:
    bit *i* set when the measure's *i*-th condition failed; see :func:`failed_conditions`), and where
    the measure has them ``<code>_amount_min_fen``, ``<code>_amount_max_fen``, ``<code>_months``,
    ``<code>_notes`` (bitmask of notes). With ``figures=True`` also ``<code>__figure.<name>``.
    """
    comp = compiled(on, params, measures)
    frame = normalise_frame(frame)
    keep = [n for cm in comp.measures for n in (*cm.stage2, *cm.stage3)]
    if figures:
        keep += [n for cm in comp.measures for n in cm.stage1 if "__figure." in n]
    return comp.run(frame.lazy(), keep=keep).select("person_id", *keep).collect()


def failed_conditions(code: str, mask: int | None) -> list[str]:
    """The codes of the conditions a ``<code>_failed`` bitmask records.

    A null mask means the measure could not be evaluated on the date (a parameter it needs has no
    value then): ``["parameters_in_force"]``.
    """
    if mask is None:
        return ["parameters_in_force"]
    return [c.code for i, c in enumerate(registry()[code].conditions) if mask >> i & 1]


def evaluate_one(
    facts: Mapping[str, Any],
    *,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
    scalar_rows: int = SCALAR_ROWS,
) -> Evaluation:
    """Evaluate every person measure for one person's facts: decisions with reasons and sources.

    ``facts`` are validated first (:class:`~linghuo.policy.facts.FactsError` on bad input); a fact
    left out or null takes its default. ``scalar_rows=0`` evaluates on a one-row Polars frame
    instead of the plain-Python interpreter (the same answers; see :meth:`Compiled.decisions`).
    """
    comp = compiled(on, params, measures)
    return _evaluate_valid(comp, [validate_facts(facts)], scalar_rows)[0]


def evaluate_many(
    people: Sequence[Mapping[str, Any]],
    *,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
    scalar_rows: int = SCALAR_ROWS,
) -> list[Evaluation]:
    """:func:`evaluate_one` for several persons in one pass (the cost of a pass hardly depends on
    its rows: use this for a list, a batch request or micro-batched requests). Up to
    ``scalar_rows`` persons are read by the plain-Python interpreter, more by Polars.

    A bad fact raises :class:`~linghuo.policy.facts.FactsError` naming the person
    (``person_id``, or ``#n`` counting from 1) before the fact.
    """
    comp = compiled(on, params, measures)
    valid = validate_each(people, validate_facts, key="person_id")
    return _evaluate_valid(comp, valid, scalar_rows)


def _evaluate_valid(comp: Compiled, valid: Sequence[Mapping[str, Any]], scalar_rows: int) -> list[Evaluation]:
    version = rules_version(comp.parameters)
    return [
        Evaluation(version, comp.on, facts["person_id"], decisions)
        for facts, decisions in zip(valid, comp.decisions(valid, scalar_rows=scalar_rows), strict=True)
    ]


def _confidence(params: Params, name: str) -> str | None:
    dated = params.parameters[name].at(params.on)
    return dated.confidence if dated is not None else None


def _decision(cm: CompiledMeasure, row: Mapping[str, Any], params: Params) -> Decision:
    m = cm.measure
    outcomes: list[ConditionOutcome] = []
    for c in cm.conditions:
        outcomes.append(
            ConditionOutcome(
                c.code,
                c.label_zh,
                c.label_en,
                c.clause,
                bool(row[_col(m.code, c.code)]),
                c.outcome,
                c.failed_label_zh,
                c.failed_label_en,
            )
        )
        for member in c.members:
            key = f"{c.code}.{member.code}"
            outcomes.append(
                ConditionOutcome(
                    key, member.label_zh, member.label_en, member.clause, bool(row[_col(m.code, key)])
                )
            )
    figures = {fig.code: row[_col(m.code, f"figure.{fig.code}")] for fig in m.figures}
    eligible = all(row[_col(m.code, c.code)] for c in cm.conditions)

    def gated(name: str) -> Any:
        return row.get(_col(m.code, name)) if eligible else None

    notes = tuple(n.code for i, n in enumerate(m.notes) if eligible and row[_col(m.code, f"note{i}")])
    unconfirmed = tuple(n for n in cm.parameters if _confidence(params, n) == "unconfirmed")
    decision = Decision(
        code=m.code,
        clause=m.clause,
        eligible=eligible,
        amount_fen=gated("amount_fen"),
        amount_min_fen=gated("amount_min_fen"),
        amount_max_fen=gated("amount_max_fen"),
        months=gated("months"),
        conditions=tuple(outcomes),
        explanation_zh="",
        explanation_en="",
        unconfirmed_parameters=unconfirmed,
        figures=figures,
        notes=notes,
        status=_status(eligible, outcomes),
    )
    zh, en = explain(m, decision, cm.parameters, params)
    plain_zh, plain_en = explain_plain(m, decision, cm.parameters, params)
    return replace(decision, explanation_zh=zh, explanation_en=en, plain_zh=plain_zh, plain_en=plain_en)


def _status(eligible: bool, outcomes: Sequence[ConditionOutcome]) -> DecisionStatus:
    """Eligible; else closed when a window has ended, not applicable when the measure is not for the
    person, whatever else failed; else not eligible."""
    if eligible:
        return "eligible"
    failed = {c.outcome for c in outcomes if "." not in c.code and not c.passed}
    for status in ("closed", "not_applicable"):
        if status in failed:
            return status
    return "not_eligible"
