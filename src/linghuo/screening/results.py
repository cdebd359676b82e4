"""One facts frame to one results frame: the engine's decisions, with failed conditions by code.

The results have one row per person: ``person_id``, then for each person measure, in catalogue
order, ``<code>_eligible`` (bool), ``<code>_amount_fen`` (Int64, null where the measure gives no
amount or the person is not eligible) and ``<code>_failed``: the codes of the conditions that
failed, in the measure's order, joined by commas (``"flexible_worker,income_at_least_minimum_wage"``;
the empty string when eligible; split on ``,`` for a list). A compact string rather than a list
column: it has a handful of distinct values per measure, so Parquet's dictionary encoding stores
and reads it several times faster than a list of strings. The engine's ``<code>_failed`` bitmask
is turned into codes by a lookup table per measure, so the conversion is vectorised.

>>> import datetime as dt
>>> out = screen_frame(pl.DataFrame({"person_id": ["p1"], "employment_form": ["platform"],
...     "work_division": ["320706"], "monthly_income_fen": [300000],
...     "social_insurance_enrolled": [True]}), on=dt.date(2024, 3, 1))
>>> out.select("person_id", "new_urban_employment_eligible", "new_urban_employment_failed").row(0)
('p1', True, '')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache

import polars as pl
import pyarrow as pa

from linghuo.policy.engine import evaluate_frame, failed_conditions
from linghuo.policy.facts import FACTS
from linghuo.policy.measures import person_measures, registry
from linghuo.policy.parameters import ParameterSet
from linghuo.screening.errors import ScreeningError

PARTS = ("eligible", "amount_fen", "failed")
_FULL_LOOKUP_UP_TO = 16  # conditions; beyond, the lookup holds only the masks seen in the frame
FAILED_SEPARATOR = ","


def measure_codes(measures: Sequence[str] | None = None) -> tuple[str, ...]:
    """The codes screened: every person measure in catalogue order, or ``measures`` (each once, in the
    order given). An unknown code, or none at all, is a :class:`ScreeningError` listing the valid codes.

    >>> measure_codes(["pension_enrollment", "new_urban_employment", "pension_enrollment"])
    ('pension_enrollment', 'new_urban_employment')
    """
    every = tuple(m.code for m in person_measures())
    if measures is None:
        return every
    codes = tuple(dict.fromkeys(code.strip() for code in measures if code.strip()))
    unknown = [code for code in codes if code not in every]
    if unknown or not codes:
        raise ScreeningError(
            f"未知的措施代码：{'、'.join(unknown) or '（空）'}；可用的代码：{', '.join(every)}",
            f"unknown measure codes: {', '.join(unknown) or '(none given)'}; valid codes: {', '.join(every)}",
        )
    return codes


def result_columns(codes: Sequence[str]) -> list[str]:
    """``person_id`` then ``<code>_eligible``, ``<code>_amount_fen``, ``<code>_failed`` per measure."""
    return ["person_id", *(f"{code}_{part}" for code in codes for part in PARTS)]


def result_schema(codes: Sequence[str], *, large: bool = True) -> pa.Schema:
    """The Arrow schema of the results (``large=False``: 32-bit offsets, as Spark's Arrow wants)."""
    text = pa.large_string() if large else pa.string()
    fields = [pa.field("person_id", text)]
    for code in codes:
        fields += [
            pa.field(f"{code}_eligible", pa.bool_()),
            pa.field(f"{code}_amount_fen", pa.int64()),
            pa.field(f"{code}_failed", text),
        ]
    return pa.schema(fields)


@cache
def _lookup(code: str) -> pl.Series:
    size = len(registry()[code].conditions)
    return pl.Series([_joined(code, mask) for mask in range(1 << size)], dtype=pl.String)


def _joined(code: str, mask: int) -> str:
    return FAILED_SEPARATOR.join(failed_conditions(code, mask))


def failed_codes(frame: pl.DataFrame, code: str) -> pl.Series:
    """The ``<code>_failed`` bitmask column of an engine frame as condition codes joined by commas."""
    masks = frame[f"{code}_failed"]
    if len(registry()[code].conditions) <= _FULL_LOOKUP_UP_TO:
        return _lookup(code).gather(masks).alias(masks.name)
    seen = masks.unique().sort()
    table = pl.Series([_joined(code, int(m)) for m in seen], dtype=pl.String)
    return table.gather(masks.replace_strict(seen, pl.arange(0, len(seen), eager=True))).alias(masks.name)


def _check_choices(frame: pl.DataFrame) -> None:
    for fact in FACTS:
        if fact.kind != "enum" or fact.name not in frame.columns:
            continue
        column = frame[fact.name].cast(pl.String)
        unknown = column.filter(column.is_not_null() & ~column.is_in(list(fact.choices))).unique().sort()
        if len(unknown):
            shown = ", ".join(unknown.head(5).to_list())
            raise ScreeningError(
                f"列 {fact.name} 含有未知取值 {shown}，应为 {'、'.join(fact.choices)} 之一",
                f"column {fact.name} has unknown values {shown}; expected one of {', '.join(fact.choices)}",
            )


def screen_frame(
    frame: pl.DataFrame,
    *,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Screen one frame of facts (missing columns and nulls take their defaults): the results frame.

    Raises :class:`ScreeningError` for a value a fact cannot take (an unknown employment form, …).
    """
    codes = measure_codes(measures)
    _check_choices(frame)
    enums = [f.name for f in FACTS if f.kind == "enum" and f.name in frame.columns]
    frame = frame.with_columns(pl.col(enums).cast(pl.String))  # dictionary-encoded arrives as Categorical
    engine = evaluate_frame(frame, on=on, params=params, measures=list(codes))
    failed = [failed_codes(engine, code) for code in codes]
    return engine.with_columns(failed).select(result_columns(codes))


def to_arrow(results: pl.DataFrame, codes: Sequence[str], *, large: bool = True) -> pa.Table:
    """The results as an Arrow table with exactly :func:`result_schema` (what every writer writes)."""
    return results.to_arrow().cast(result_schema(codes, large=large))
