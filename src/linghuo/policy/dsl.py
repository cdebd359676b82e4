"""The authoring vocabulary of the rules: a measure, its conditions, groups, amounts, figures, notes,
and the values several measures share (:func:`derived`).

A measure is a general rule (its conditions, all required), its exceptions (``unless``: when one
applies, the rule does not) and what it gives (amount, months). Every condition and amount is a
function ``(f: Facts, p: Params) -> pl.Expr``; ``p`` holds the parameters in force on the evaluation
date. The measure modules (:mod:`linghuo.policy.measures`) are written in these words only; the
evaluator (:mod:`linghuo.policy.engine`) loads them and compiles their expressions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import update_wrapper
from typing import Any, Literal

import polars as pl

from linghuo.policy.expressions import Facts
from linghuo.policy.parameters import Params

Build = Callable[[Facts, Params], pl.Expr]
# What a failed condition means for the decision: not met (the default); the measure's time has passed
# ("closed": a window that ended); or the measure is not for this person ("not_applicable": e.g. already
# certified, so there is nothing to apply for).
Outcome = Literal["not_eligible", "closed", "not_applicable"]
FigureKind = Literal["fen", "ratio", "date", "count", "text", "division"]
MeasureKind = Literal["person", "organisation", "platform"]


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


# --- derived values: computed once per row, read by several measures ------------------------------


class Derived:
    """A value computed once per row (stage 0) that measures read as a column ``__<name>``.

    Calling it, as a measure does, gives ``pl.col("__<name>")`` and attributes the parameters its
    :attr:`build` reads to the measure reading it. The evaluator finds it in the module that defines
    it when it loads the measures (:func:`linghuo.policy.measures.load`), nothing registers it."""

    def __init__(self, name: str, build: Build) -> None:
        self.name = name
        self.build = build
        update_wrapper(self, build)

    @property
    def module(self) -> str:
        """The name of the module that defines it."""
        return self.build.__module__

    def __call__(self, f: Facts, p: Params) -> pl.Expr:
        p.used.update(p.derived_parameters.get(self.name, ()))
        return pl.col(f"__{self.name}")

    def __repr__(self) -> str:
        return f"Derived({self.name!r})"


def derived(name: str) -> Callable[[Build], Derived]:
    """Declare a value computed once per row (stage 0) and read by measures as a column.

    The decorated function becomes a :class:`Derived`: called as before, it gives
    ``pl.col("__<name>")``; the parameters the original reads are attributed to every measure that
    reads the value. A derived value may read another one defined before it.
    """

    def declare(build: Build) -> Derived:
        return Derived(name, build)

    return declare
