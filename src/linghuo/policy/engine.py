"""The rules engine: measures made of conditions and amounts, evaluated for one person or a frame.

A measure is a general rule (its conditions, all required), its exceptions (``unless``: when one
applies, the rule does not) and what it gives (amount, months). Every condition and amount is a
function ``(f: Facts, p: Params) -> pl.Expr``; ``p`` holds the parameters in force on the evaluation
date. The same expressions answer :func:`evaluate_one` (one person, every condition's outcome and an
explanation) and :func:`evaluate_frame` (millions of rows, vectorised).

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any, Literal, TypeVar

import polars as pl

from linghuo import divisions
from linghuo.policy import clauses
from linghuo.policy.expressions import Facts
from linghuo.policy.facts import SCHEMA, facts_frame, normalise_frame, validate_facts
from linghuo.policy.organisation_facts import ORGANISATION_SCHEMA, OrganisationFacts, organisations_frame
from linghuo.policy.parameters import ParameterMissingError, ParameterSet, Params, show_value
from linghuo.policy.parameters import load as load_parameters
from linghuo.policy.scalar import Program, compile_stages
from linghuo.policy.schema import validate_each

Build = Callable[[Facts, Params], pl.Expr]
# What a failed condition means for the decision: not met (the default); the measure's time has passed
# ("closed": a window that ended); or the measure is not for this person ("not_applicable": e.g. already
# certified, so there is nothing to apply for).
Outcome = Literal["not_eligible", "closed", "not_applicable"]
FigureKind = Literal["fen", "ratio", "date", "count", "text", "division"]
MeasureKind = Literal["person", "organisation", "platform"]
DecisionStatus = Literal["eligible", "not_eligible", "closed", "not_applicable"]
_Frame = TypeVar("_Frame", pl.DataFrame, pl.LazyFrame)

# The default of ``scalar_rows``: up to this many records, stages 0 and 1 run in plain Python
# (Compiled.scalar), more in Polars. Why: docs/decisions/0001-scalar-interpreter.md.
SCALAR_ROWS = 64


class PolicyDateError(ValueError):
    """The evaluation date is before the policy took effect."""


@dataclass(frozen=True)
class Condition:
    """One condition of a measure: the general rule's requirement, an exception, or a group member."""

    code: str
    label_zh: str
    label_en: str
    clause: str
    build: Build
    exception: bool = False  # when it applies, the measure does not (its ``passed`` is "does not apply")
    members: tuple[Condition, ...] = ()  # any-of group: passes when any member does
    outcome: Outcome = "not_eligible"  # what failing it means for the decision
    failed_label_zh: str = ""  # what the decision says when it fails (else: the label, "not met")
    failed_label_en: str = ""


@dataclass(frozen=True)
class Figure:
    """A number the explanation shows (a premium, a ratio, a date)."""

    code: str
    label_zh: str
    label_en: str
    kind: FigureKind
    build: Build


@dataclass(frozen=True)
class Note:
    """A sentence the decision carries when its expression is true (e.g. "the extension applies")."""

    code: str
    text_zh: str
    text_en: str
    build: Build


class Group:
    """An any-of condition under construction: register members with :meth:`alternative`."""

    def __init__(self, measure: Measure, code: str, label_zh: str, label_en: str, clause: str) -> None:
        self.measure, self.code, self.label_zh, self.label_en, self.clause = (
            measure,
            code,
            label_zh,
            label_en,
            clause,
        )
        self.members: list[Condition] = []
        measure._groups[code] = self

    def alternative(
        self, code: str, *, label: str, label_en: str, clause: str | None = None
    ) -> Callable[[Build], Build]:
        def register(build: Build) -> Build:
            self.members.append(Condition(code, label, label_en, clause or self.clause, build))
            return build

        return register


@dataclass
class Measure:
    """A measure of the policy (or a rule the platform keeps), named by its stable ``code``."""

    code: str
    clause: str
    title: str
    title_en: str
    kind: MeasureKind = "person"
    rounding_zh: str = ""
    rounding_en: str = ""
    # Whether the amount is public money paid to the person (spending); a loan's amount is lent, not paid.
    amount_is_spending: bool = True
    _conditions: list[Condition | str] = field(default_factory=list)
    _groups: dict[str, Group] = field(default_factory=dict)
    amount_build: Build | None = None
    amount_min_build: Build | None = None
    amount_max_build: Build | None = None
    months_build: Build | None = None
    figures: list[Figure] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def benefit(self) -> bool:
        """Whether its decision is something the person receives (a subsidy, a service, a status).

        Not so for a rule the platform keeps (``kind="platform"``: the statutory retirement date, the
        minimum wage): decided per person too, but its "eligible" and "amount" are figures the measures
        read, so screening summaries, what-if totals and their pages leave it out."""
        return self.kind == "person"

    def condition(
        self,
        code: str,
        *,
        label: str,
        label_en: str,
        clause: str | None = None,
        outcome: Outcome = "not_eligible",
        failed_label: str = "",
        failed_label_en: str = "",
    ) -> Callable[[Build], Build]:
        """Register a requirement of the general rule (all must pass). ``outcome`` says what failing it
        means (a window closed, not for this person); ``failed_label`` what the decision then says."""
        return self._register(
            Condition(
                code,
                label,
                label_en,
                clause or self.clause,
                _no_build,
                outcome=outcome,
                failed_label_zh=failed_label,
                failed_label_en=failed_label_en,
            )
        )

    def unless(
        self,
        code: str,
        *,
        label: str,
        label_en: str,
        clause: str | None = None,
        outcome: Outcome = "not_eligible",
        failed_label: str = "",
        failed_label_en: str = "",
    ) -> Callable[[Build], Build]:
        """Register an exception: the function says when it applies; then the measure does not.
        ``label`` reads as the exception not applying; ``failed_label`` says that it does."""
        return self._register(
            Condition(
                code,
                label,
                label_en,
                clause or self.clause,
                _no_build,
                exception=True,
                outcome=outcome,
                failed_label_zh=failed_label,
                failed_label_en=failed_label_en,
            )
        )

    def _register(self, template: Condition) -> Callable[[Build], Build]:
        def register(build: Build) -> Build:
            self._conditions.append(replace(template, build=build))
            return build

        return register

    def any_of(self, code: str, *, label: str, label_en: str, clause: str | None = None) -> Group:
        """Register a requirement met by any one of its alternatives (a list of groups of people)."""
        group = Group(self, code, label, label_en, clause or self.clause)
        self._conditions.append(code)
        return group

    @property
    def conditions(self) -> tuple[Condition, ...]:
        """The top-level conditions, in the order they were declared (groups with their members)."""
        out: list[Condition] = []
        for item in self._conditions:
            if isinstance(item, str):
                g = self._groups[item]
                out.append(
                    Condition(g.code, g.label_zh, g.label_en, g.clause, _any_of(g), members=tuple(g.members))
                )
            else:
                out.append(item)
        return tuple(out)

    def amount(self, build: Build) -> Build:
        """Register the amount in fen (an integer expression; null where there is none)."""
        self.amount_build = build
        return build

    def amount_min(self, build: Build) -> Build:
        self.amount_min_build = build
        return build

    def amount_max(self, build: Build) -> Build:
        self.amount_max_build = build
        return build

    def months(self, build: Build) -> Build:
        """Register the months (of entitlement, of a period) the decision reports."""
        self.months_build = build
        return build

    def figure(
        self, code: str, *, label: str, label_en: str, kind: FigureKind = "fen"
    ) -> Callable[[Build], Build]:
        def register(build: Build) -> Build:
            self.figures.append(Figure(code, label, label_en, kind, build))
            return build

        return register

    def note(self, code: str, *, text: str, text_en: str) -> Callable[[Build], Build]:
        def register(build: Build) -> Build:
            self.notes.append(Note(code, text, text_en, build))
            return build

        return register


@dataclass(frozen=True)
class PlatformRule:
    """A rule the platform keeps that is not a decision about a person (e.g. a working-day deadline).

    ``compute`` is its plain Python function; ``parameters`` the parameters it reads.
    """

    code: str
    clause: str
    title: str
    title_en: str
    compute: Callable[..., Any]
    parameters: tuple[str, ...] = ()
    kind: MeasureKind = "platform"


def _no_build(f: Facts, p: Params) -> pl.Expr:
    raise AssertionError("a condition registered without its function")


def _any_of(group: Group) -> Build:
    def build(f: Facts, p: Params) -> pl.Expr:
        return pl.any_horizontal([m.build(f, p).fill_null(False) for m in group.members])

    return build


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
        """
        rows: Sequence[Mapping[str, Any]]
        if len(valid) <= scalar_rows:
            rows = (self.organisation_scalar if organisations else self.scalar).run(valid)
        else:
            frame = organisations_frame(valid) if organisations else facts_frame(valid)
            rows = self._staged(frame, ("stage1",), derived=not organisations).rows(named=True)
        return [tuple(_decision(cm, row, self.params) for cm in self.measures) for row in rows]


# --- derived values: computed once per row, read by several measures ------------------------------

_DERIVED: dict[str, Build] = {}


def derived(name: str) -> Callable[[Build], Build]:
    """Register a value computed once per row (stage 0) and read by measures as a column.

    The decorated function is replaced by one returning ``pl.col("__<name>")``; the parameters the
    original reads are attributed to every measure that reads the value.
    """

    def register(build: Build) -> Build:
        _DERIVED[name] = build

        def read(f: Facts, p: Params) -> pl.Expr:
            p.used.update(p.derived_parameters.get(name, ()))
            return pl.col(f"__{name}")

        read.__doc__ = build.__doc__
        return read

    return register


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
    from linghuo.policy.measures import registry

    params = parameters.at(on)
    f = Facts()
    stage0 = {}
    for name, build in _DERIVED.items():
        with params.tracking() as used:
            stage0[f"__{name}"] = build(f, params)
        params.derived_parameters[name] = frozenset(used)
    compiled = tuple(_compile_measure(registry()[code], params) for code in codes)
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
    from linghuo.policy.measures import person_measures, registry

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


@cache
def _source_digest() -> str:
    h = hashlib.sha256()
    root = resources.files("linghuo.policy")
    stack = [root]
    files = []
    while stack:
        folder = stack.pop()
        for item in folder.iterdir():
            if item.is_dir() and item.name != "__pycache__":
                stack.append(item)
            elif item.name.endswith(".py"):
                files.append(item)
    for item in sorted(files, key=str):
        h.update(item.name.encode())
        h.update(item.read_bytes())
    return h.hexdigest()


def rules_version(params: ParameterSet | None = None) -> str:
    """A digest of the rules' source and the parameters (overrides included): 16 hex digits."""
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
    from linghuo.policy.measures import registry

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


# --- explanations ----------------------------------------------------------------------------------


def yuan(fen: int) -> str:
    """Fen as yuan with two decimals and thousands separators, exactly (integers, no float).

    >>> yuan(123456), yuan(7), yuan(-500000)
    ('1,234.56', '0.07', '-5,000.00')
    """
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def _figure_text(kind: FigureKind, value: Any) -> str:
    if value is None:
        return "—"
    if kind == "fen":
        return f"{yuan(int(value))}元"
    return str(value)


_VERDICTS: dict[DecisionStatus, tuple[str, str]] = {
    "eligible": ("符合", "eligible"),
    "not_eligible": ("不符合", "not eligible"),
    "closed": ("已截止", "closed"),
    "not_applicable": ("不适用", "not applicable"),
}


def _plain_figure(kind: FigureKind, value: Any, english: bool) -> str:
    if value is None:
        return "—"
    if kind == "fen":
        return f"CNY {yuan(int(value))}" if english else f"{yuan(int(value))}元"
    if kind == "division":
        return divisions.district_name(str(value)) or str(value)
    return str(value)


def _failed_text(c: ConditionOutcome, english: bool) -> str:
    if english:
        return c.failed_label_en or c.label_en
    return c.failed_label or c.label


def explain_plain(
    measure: Measure, d: Decision, parameter_names: Sequence[str], params: Params
) -> tuple[str, str]:
    """The explanation in plain words, for the person it is about: the verdict, the conditions met and
    failed (a failed condition's own sentence where it has one), the amount, months, figures and notes;
    the rules it rests on named by their titles, and an unconfirmed number by what it is. No parameter
    names or raw values: those stay in :func:`explain` (the API and the caseworker's trace)."""
    top = [c for c in d.conditions if "." not in c.code]
    met = [c for c in top if c.passed]
    failed = [c for c in top if not c.passed]
    groups = [c for c in d.conditions if "." in c.code and c.passed]
    verdict_zh, verdict_en = _VERDICTS[d.status]
    zh = [f"{measure.title}：{verdict_zh}。"]
    en = [f"{measure.title_en}: {verdict_en}."]
    if met:
        zh.append("已满足：" + "；".join(c.label for c in met) + "。")
        en.append(" Met: " + "; ".join(c.label_en for c in met) + ".")
    if groups:
        zh.append("所属类别：" + "、".join(c.label for c in groups) + "。")
        en.append(" Groups: " + ", ".join(c.label_en for c in groups) + ".")
    said = [c for c in failed if c.failed_label]
    unmet = [c for c in failed if not c.failed_label]
    for c in said:
        zh.append(_failed_text(c, english=False) + "。")
        en.append(" " + _failed_text(c, english=True) + ".")
    if unmet:
        zh.append("未满足：" + "；".join(c.label for c in unmet) + "。")
        en.append(" Not met: " + "; ".join(c.label_en for c in unmet) + ".")
    if d.amount_fen is not None:
        rounding_zh = f"（{measure.rounding_zh}）" if measure.rounding_zh else ""
        rounding_en = f" ({measure.rounding_en})" if measure.rounding_en else ""
        zh.append(f"金额：{yuan(d.amount_fen)}元{rounding_zh}。")
        en.append(f" Amount: CNY {yuan(d.amount_fen)}{rounding_en}.")
    if d.months is not None:
        zh.append(f"月数：{d.months}个月。")
        en.append(f" Months: {d.months}.")
    if measure.figures:
        zh.append(
            "所用数字："
            + "；".join(
                f"{f.label_zh} {_plain_figure(f.kind, d.figures[f.code], False)}" for f in measure.figures
            )
            + "。"
        )
        en.append(
            " Figures used: "
            + "; ".join(
                f"{f.label_en} {_plain_figure(f.kind, d.figures[f.code], True)}" for f in measure.figures
            )
            + "."
        )
    for n in measure.notes:
        if n.code in d.notes:
            zh.append(n.text_zh)
            en.append(" " + n.text_en)
    sources_zh, sources_en = _plain_sources(d, parameter_names, params)
    return "".join(zh) + sources_zh, "".join(en) + sources_en


def _plain_sources(d: Decision, parameter_names: Sequence[str], params: Params) -> tuple[str, str]:
    """The rules a decision rests on, by their titles; its unconfirmed numbers, by what they are."""
    zh, en = [], []
    titles: list[str] = []
    for name in parameter_names:
        dated = params.parameters[name].at(params.on)
        if dated is not None and dated.reference.title not in titles:
            titles.append(dated.reference.title)
    if titles:
        zh.append("依据：" + "；".join(titles) + "。")
        en.append(" Based on: " + "; ".join(titles) + ".")
    if d.unconfirmed_parameters:
        described = [params.parameters[n].described for n in d.unconfirmed_parameters]
        zh.append("注意：以下数值尚未经确认，结论仅供参考：" + "；".join(z for z, _ in described) + "。")
        en.append(
            " Note: these values are not confirmed yet, so treat the result with care: "
            + "; ".join(e for _, e in described)
            + "."
        )
    return "".join(zh), "".join(en)


def explain(measure: Measure, d: Decision, parameter_names: Sequence[str], params: Params) -> tuple[str, str]:
    """The Chinese and English explanation: verdict, conditions met and failed, figures, sources."""
    top = [c for c in d.conditions if "." not in c.code]
    met = [c for c in top if c.passed]
    failed = [c for c in top if not c.passed]
    groups = [c for c in d.conditions if "." in c.code and c.passed]
    zh = [f"{measure.title}（第（{measure.clause}）条）：{'符合' if d.eligible else '不符合'}。"]
    number = clauses.clause(measure.clause).index
    en = [f"{measure.title_en} (measure {number}): {'eligible' if d.eligible else 'not eligible'}."]
    if met:
        zh.append("已满足：" + "；".join(c.label for c in met) + "。")
        en.append(" Met: " + "; ".join(c.label_en for c in met) + ".")
    if groups:
        zh.append("所属类别：" + "、".join(c.label for c in groups) + "。")
        en.append(" Groups: " + ", ".join(c.label_en for c in groups) + ".")
    if failed:
        zh.append("未满足：" + "；".join(c.label for c in failed) + "。")
        en.append(" Not met: " + "; ".join(c.label_en for c in failed) + ".")
    if d.amount_fen is not None:
        rounding_zh = f"（{measure.rounding_zh}）" if measure.rounding_zh else ""
        rounding_en = f" ({measure.rounding_en})" if measure.rounding_en else ""
        zh.append(f"金额：{yuan(d.amount_fen)}元{rounding_zh}。")
        en.append(f" Amount: CNY {yuan(d.amount_fen)}{rounding_en}.")
    if d.months is not None:
        zh.append(f"月数：{d.months}。")
        en.append(f" Months: {d.months}.")
    if measure.figures:
        zh.append(
            "所用数字："
            + "；".join(f"{f.label_zh} {_figure_text(f.kind, d.figures[f.code])}" for f in measure.figures)
            + "。"
        )
        en.append(
            " Figures used: "
            + "; ".join(f"{f.label_en} {_figure_text(f.kind, d.figures[f.code])}" for f in measure.figures)
            + "."
        )
    notes = [n for n in measure.notes if n.code in d.notes]
    for n in notes:
        zh.append(n.text_zh)
        en.append(" " + n.text_en)
    sources_zh, sources_en = [], []
    for name in parameter_names:
        parameter = params.parameters[name]
        dated = parameter.at(params.on)
        if dated is None:
            continue
        value = show_value(parameter, dated.value)
        sources_zh.append(f"{name}={value}（{dated.reference}，可信度{dated.confidence}）")
        sources_en.append(f"{name}={value} ({dated.reference}, grade {dated.confidence})")
    if sources_zh:
        zh.append("参数来源：" + "；".join(sources_zh) + "。")
        en.append(" Parameters: " + "; ".join(sources_en) + ".")
    if d.unconfirmed_parameters:
        zh.append("注意：以下参数未经确认，结论仅供参考：" + "、".join(d.unconfirmed_parameters) + "。")
        en.append(
            " Warning: unconfirmed parameters, treat the result with care: "
            + ", ".join(d.unconfirmed_parameters)
            + "."
        )
    return "".join(zh), "".join(en)
