"""A screening results frame to the compact stored form, and back (see ``models`` for the form).

Pure Polars (no database): ``encode`` turns ``screening.results`` frames (``<code>_eligible``,
``<code>_amount_fen``, ``<code>_failed`` as comma-joined condition codes) into ``person_id``,
``eligible``, ``amounts`` and ``failed``, vectorised; ``decode`` gives one stored row's decisions again.

>>> legend = Legend(("a", "b"), {"a": ("x", "y"), "b": ("z",)})
>>> frame = pl.DataFrame({"person_id": ["7"], "a_eligible": [False], "a_amount_fen": [None],
...     "a_failed": ["y"], "b_eligible": [True], "b_amount_fen": [1200], "b_failed": [""]},
...     schema_overrides={"a_amount_fen": pl.Int64})
>>> encode(frame, legend).row(0)
(7, 2, '{"b":1200}', '2.0')
>>> decode(legend, eligible=2, amounts='{"b":1200}', failed="2.0")["a"]
Decision(eligible=False, amount_fen=None, failed=('y',))
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import polars as pl

from linghuo.policy.measures import registry
from linghuo.screening.results import FAILED_SEPARATOR

MASK_SEPARATOR = "."


@dataclass(frozen=True)
class Legend:
    """What the bits mean: the measures in order, and each measure's conditions in order."""

    measures: tuple[str, ...]
    conditions: Mapping[str, tuple[str, ...]]

    @classmethod
    def current(cls, codes: Sequence[str]) -> Legend:
        """The legend of the engine as it is, for ``codes``."""
        found = registry()
        return cls(tuple(codes), {c: tuple(cond.code for cond in found[c].conditions) for c in codes})

    @classmethod
    def stored(cls, measures: Sequence[str], conditions: Mapping[str, Sequence[str]]) -> Legend:
        """A run's legend as stored in its JSON columns."""
        return cls(tuple(measures), {k: tuple(v) for k, v in conditions.items()})

    def as_json(self) -> dict[str, list[str]]:
        return {k: list(v) for k, v in self.conditions.items()}


class Decision(NamedTuple):
    eligible: bool
    amount_fen: int | None
    failed: tuple[str, ...]


def _failed_mask(codes_text: str, conditions: Sequence[str]) -> int:
    if not codes_text:
        return 0
    index = {code: i for i, code in enumerate(conditions)}
    return sum(1 << index[code] for code in codes_text.split(FAILED_SEPARATOR))


def _mask_column(frame: pl.DataFrame, code: str, conditions: Sequence[str]) -> pl.Expr:
    column = frame[f"{code}_failed"]
    seen = column.unique().to_list()
    mapping = {text: _failed_mask(text or "", conditions) for text in seen}
    return pl.col(f"{code}_failed").replace_strict(mapping, return_dtype=pl.Int64).cast(pl.String)


def encode(results: pl.DataFrame, legend: Legend) -> pl.DataFrame:
    """``person_id`` (Int64), ``eligible`` (Int64 bitmask), ``amounts`` (JSON text), ``failed`` (text)."""
    bits = [pl.col(f"{code}_eligible").cast(pl.Int64) * (1 << i) for i, code in enumerate(legend.measures)]
    pieces = [
        pl.when(pl.col(f"{code}_eligible") & pl.col(f"{code}_amount_fen").is_not_null()).then(
            pl.format(f'"{code}":{{}}', pl.col(f"{code}_amount_fen"))
        )
        for code in legend.measures
    ]
    masks = [_mask_column(results, code, legend.conditions[code]) for code in legend.measures]
    return results.select(
        pl.col("person_id").cast(pl.Int64),
        pl.sum_horizontal(bits).cast(pl.Int64).alias("eligible")
        if bits
        else pl.lit(0, pl.Int64).alias("eligible"),
        pl.concat_str(
            [pl.lit("{"), pl.concat_str(pieces, separator=",", ignore_nulls=True), pl.lit("}")]
        ).alias("amounts")
        if pieces
        else pl.lit("{}").alias("amounts"),
        pl.concat_str(masks, separator=MASK_SEPARATOR).alias("failed")
        if masks
        else pl.lit("").alias("failed"),
    )


def decode(legend: Legend, *, eligible: int, amounts: str, failed: str) -> dict[str, Decision]:
    """One stored result as each measure's decision (eligible, amount, failed condition codes)."""
    money = json.loads(amounts or "{}")
    masks = [int(m) for m in failed.split(MASK_SEPARATOR)] if failed else [0] * len(legend.measures)
    decisions = {}
    for i, code in enumerate(legend.measures):
        conditions = legend.conditions.get(code, ())
        names = tuple(c for j, c in enumerate(conditions) if masks[i] >> j & 1)
        decisions[code] = Decision(bool(eligible >> i & 1), money.get(code), names)
    return decisions


def measures_of(mask: int, legend: Legend) -> list[str]:
    """The measure codes whose bit is set in ``mask``, in the legend's order."""
    return [code for i, code in enumerate(legend.measures) if mask >> i & 1]


class UntranslatableError(ValueError):
    """A stored result names a condition the current legend does not have."""


def translate(
    legend_from: Legend, legend_to: Legend, *, eligible: int, amounts: str, failed: str
) -> tuple[int, str, str]:
    """A stored result in another run's legend, re-encoded in ``legend_to`` (to compare like with like).

    A measure missing from the old legend counts as not eligible with no failed condition; a failed
    condition the new legend lacks raises :class:`UntranslatableError` (the result differs in any case).
    """
    old = decode(legend_from, eligible=eligible, amounts=amounts, failed=failed)
    bits, money, masks = 0, [], []
    for i, code in enumerate(legend_to.measures):
        decision = old.get(code, Decision(False, None, ()))
        bits |= int(decision.eligible) << i
        if decision.eligible and decision.amount_fen is not None:
            money.append(f'"{code}":{decision.amount_fen}')
        index = {c: j for j, c in enumerate(legend_to.conditions.get(code, ()))}
        if any(c not in index for c in decision.failed):
            raise UntranslatableError(code)
        masks.append(str(sum(1 << index[c] for c in decision.failed)))
    return bits, "{" + ",".join(money) + "}", MASK_SEPARATOR.join(masks)
