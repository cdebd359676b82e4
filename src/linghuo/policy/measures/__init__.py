"""The measures of the policy, one module each, named by the measure's ``code``.

How to add a measure (one module, its parameters, its cases and its tests):

1. **The module** ``policy/measures/<code>.py`` defines ``measure = Measure(code, clause=…, title=…,
   title_en=…)`` (``kind="organisation"`` or ``"platform"`` where it is not about a person). Then,
   reading like the clause (quote the clause text in a comment at the line that implements it):

   - ``@measure.condition("code", label="中文", label_en="English")`` for each requirement of the
     general rule, a function ``(f: Facts, p: Params) -> pl.Expr`` (all must pass);
   - ``g = measure.any_of("code", label=…, label_en=…)`` and ``@g.alternative("code", label=…,
     label_en=…)`` for a list of groups where any one suffices;
   - ``@measure.unless("code", label=…, label_en=…)`` for each exception: the function says when it
     applies, and then the measure does not;
   - ``@measure.amount`` (integer fen; state the rounding in ``rounding_zh``/``rounding_en``),
     ``@measure.amount_min`` / ``@measure.amount_max`` where the text gives a range,
     ``@measure.months``, ``@measure.figure(…)`` for numbers the explanation shows, and
     ``@measure.note(…)`` for a sentence the decision carries when an expression is true.

   ``f`` gives the facts as columns (``f.si_paid_fen``) and shared readings (``f.flexible_worker``,
   ``f.age_on(p.on)``, ``f.works_in_city``; see :mod:`linghuo.policy.expressions`); ``p`` gives the
   parameters in force on the evaluation date (``p.integer("<code>.<name>")``, ``p.money``,
   ``p.ratio``, ``p.date``, ``p.keyed``) and ``p.on``. Never write an amount or a date in a
   formula: it is a parameter. A value several measures read (the retirement date, the local
   minimum wage) is computed once per row: decorate its function with ``@derived("name")``
   (:func:`linghuo.policy.dsl.derived`) and call it as usual. A rule that is a plain function
   rather than a decision about a person is
   ``rule = PlatformRule(code, clause=…, title=…, title_en=…, compute=…)``. A module imports these
   words from :mod:`linghuo.policy.dsl`, never the evaluator.
2. **The parameters** ``policy/parameters/<code>.yaml``: every number the module reads, with dated values,
   ``reference`` and ``confidence`` (see :mod:`linghuo.policy.parameters`); ``limits`` where the policy
   text bounds it.
3. **The cases** ``policy/measures/<code>.yaml``, beside the module, for policy staff to read and add
   to without Python (:mod:`linghuo.policy.cases`; ``linghuo rules test`` runs them, and so does the
   suite): a list of cases, each its ``name``, evaluation date ``on``, ``facts`` (the catalogue's
   names), ``expect`` (``eligible``; where it matters ``amount_fen``/``amount_max_fen``/``months``, the
   ``failed`` conditions, the ``notes``) and the ``source`` — the clause text or the parameter's source
   that gives that outcome. Three to eight cases: both sides of every threshold the text gives.
4. **The tests** ``tests/policy/measures/test_<code>.py``: cases from the policy text and
   ``parameters.md``, written first: both sides of every threshold and effective date, every
   exception. :func:`load` finds the module by itself; the code-health tests check its clause
   citations and literals.

The evaluator loads the rules by calling :func:`load`: it imports every module here and collects their
``measure``, ``rule`` and :class:`~linghuo.policy.dsl.Derived` values; importing a module registers
nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from linghuo.policy import clauses
from linghuo.policy.dsl import Derived, Measure, PlatformRule


@dataclass(frozen=True)
class Rules:
    """What the measure modules define."""

    measures: dict[str, Measure]  # by code, in clause order
    platform_rules: dict[str, PlatformRule]  # by code, in clause order
    # computed once per row before the measures (stage 0): by module name, then in the order each
    # module defines them, so a value may read one defined before it in its module
    derived: tuple[Derived, ...]


@cache
def load() -> Rules:
    """Import every measure module here and collect what it defines: its ``measure``, its ``rule``
    and the derived values it defines (not those it imports)."""
    modules = _modules()
    measures = [m for m in _attrs(modules, "measure") if isinstance(m, Measure)]
    rules = [r for r in _attrs(modules, "rule") if isinstance(r, PlatformRule)]
    derived = tuple(
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, Derived) and value.module == module.__name__
    )
    names = [value.name for value in derived]
    if twice := sorted({name for name in names if names.count(name) > 1}):
        raise ValueError(f"派生值重复定义 {twice} / derived values defined twice {twice}")
    return Rules(
        measures={m.code: m for m in sorted(measures, key=_order)},
        platform_rules={r.code: r for r in sorted(rules, key=_order)},
        derived=derived,
    )


def registry() -> dict[str, Measure]:
    """Every measure (``measure`` attribute of a module here), by code, in clause order."""
    return load().measures


def platform_rules() -> dict[str, PlatformRule]:
    """Every rule that is a plain function (``rule`` attribute of a module here), by code."""
    return load().platform_rules


def person_measures() -> tuple[Measure, ...]:
    """The measures decided per person (what ``evaluate_one`` and ``evaluate_frame`` evaluate)."""
    return tuple(m for m in registry().values() if m.kind in ("person", "platform"))


def _order(item: Measure | PlatformRule) -> tuple[int, str]:
    return (clauses.clause(item.clause).index, item.code)


def _modules() -> list[ModuleType]:
    return [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)]


def _attrs(modules: list[ModuleType], attr: str) -> list[object]:
    return [getattr(module, attr) for module in modules if hasattr(module, attr)]
