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

from linghuo.policy.engine import compiled, failed_conditions
from linghuo.policy.facts import FACT_NAMES, FACTS, normalise_frame
from linghuo.policy.measures import person_measures, registry
from linghuo.policy.parameters import ParameterSet
from linghuo.screening.errors import ScreeningError

PARTS = ("eligible", "amount_fen", "failed")
_FULL_LOOKUP_UP_TO = 16  # conditions; beyond, the lookup holds only the masks seen in the frame
# up to this many conditions a dictionary of the failed codes holds every combination (at most 256: Parquet
# stores it per row group), beyond, only the masks seen in the chunk
_FULL_DICTIONARY_UP_TO = 8
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


@cache
def _read(on: dt.date, params: ParameterSet | None, codes: tuple[str, ...]) -> frozenset[str]:
    """The columns the expressions of ``codes`` read, through the derived values they use."""
    comp = compiled(on, params, list(codes))
    wanted: set[str] = set()
    pending = [
        e for cm in comp.measures for stage in (cm.stage1, cm.stage2, cm.stage3) for e in stage.values()
    ]
    seen: set[str] = set()
    while pending:
        for name in pending.pop().meta.root_names():
            if name in comp.stage0 and name not in seen:
                seen.add(name)
                pending.append(comp.stage0[name])
            wanted.add(name)
    return frozenset(wanted)


def read_columns(on: dt.date, params: ParameterSet | None, codes: tuple[str, ...]) -> tuple[str, ...]:
    """The fact columns the measures ``codes`` read on ``on`` (``person_id`` first, then in catalogue
    order): the columns of their expressions, through the derived values they use; ``id_number`` too
    where they read the birth date or the sex, which it supplies when absent.

    >>> read_columns(dt.date(2024, 3, 1), None, ("new_urban_employment",))
    ('person_id', 'work_division', 'employment_form', 'monthly_income_fen', 'social_insurance_enrolled')
    """
    wanted = set(_read(on, params, codes))
    if wanted & {"birth_date", "sex"}:
        wanted.add("id_number")
    return ("person_id", *(n for n in FACT_NAMES if n in wanted and n != "person_id"))


def _complete(frame: pl.DataFrame, name: str) -> bool:
    return name in frame.columns and frame[name].null_count() == 0


def normalised_facts(
    frame: pl.DataFrame, *, on: dt.date, params: ParameterSet | None, codes: tuple[str, ...]
) -> pl.DataFrame:
    """The facts of ``frame`` checked (:class:`ScreeningError` for a value a fact cannot take), then
    normalised (:func:`~linghuo.policy.facts.normalise_frame`): only the columns the measures read."""
    _check_choices(frame)
    needed = [n for n in read_columns(on, params, codes) if n in frame.columns]
    known = _complete(frame, "birth_date") and _complete(frame, "sex")
    if known and "id_number" in needed and "id_number" not in _read(on, params, codes):
        # the ID number only fills a missing birth date or sex: with neither missing it changes nothing
        needed.remove("id_number")
    enums = [f.name for f in FACTS if f.kind == "enum" and f.name in needed]
    # dictionary-encoded text arrives as Categorical
    return normalise_frame(frame.select(needed).with_columns(pl.col(enums).cast(pl.String)))


def engine_frame(
    facts: pl.DataFrame, *, on: dt.date, params: ParameterSet | None, codes: tuple[str, ...]
) -> pl.DataFrame:
    """The engine's columns the results keep (``person_id``, per measure eligible, amount and the failed
    bitmask) for normalised facts: the expressions of :func:`~linghuo.policy.engine.evaluate_frame`,
    without the columns the results drop (months, notes, ranges, figures), which are never computed."""
    keep = [f"{code}_{part}" for code in codes for part in ("eligible", "amount_fen", "failed")]
    comp = compiled(on, params, list(codes))
    return comp.run(facts.lazy(), keep=keep).select("person_id", *keep).collect()


def _engine_frame(
    frame: pl.DataFrame, *, on: dt.date, params: ParameterSet | None, codes: tuple[str, ...]
) -> pl.DataFrame:
    facts = normalised_facts(frame, on=on, params=params, codes=codes)
    return engine_frame(facts, on=on, params=params, codes=codes)


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
    engine = _engine_frame(frame, on=on, params=params, codes=codes)
    failed = [failed_codes(engine, code) for code in codes]
    return engine.with_columns(failed).select(result_columns(codes))


@cache
def _arrow_lookup(code: str) -> pa.Array:
    return pa.array(_lookup(code).to_list(), pa.large_string())


def failed_dictionary(masks: pl.Series, code: str) -> pa.DictionaryArray:
    """:func:`failed_codes` as an Arrow dictionary array: the bitmask indexes the measure's joined codes,
    so no string is built per row (a part file stores it as it is; :func:`dense` decodes it)."""
    if len(registry()[code].conditions) <= _FULL_DICTIONARY_UP_TO:
        dictionary, indices = _arrow_lookup(code), masks
    else:
        seen = masks.drop_nulls().unique().sort()
        dictionary = pa.array([_joined(code, int(m)) for m in seen], pa.large_string())
        positions = pl.arange(0, len(seen), eager=True, dtype=pl.UInt32)
        indices = masks.replace_strict(seen, positions, return_dtype=pl.UInt32)
    return pa.DictionaryArray.from_arrays(indices.cast(pl.Int32).to_arrow(), dictionary)


def compact_schema(codes: Sequence[str]) -> pa.Schema:
    """:func:`result_schema` with every ``<code>_failed`` dictionary-encoded (what a part file holds)."""
    failed = pa.dictionary(pa.int32(), pa.large_string())
    schema = result_schema(codes)
    return pa.schema([pa.field(f.name, failed) if f.name.endswith("_failed") else f for f in schema])


def screen_table(
    frame: pl.DataFrame,
    *,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
) -> pa.Table:
    """:func:`screen_frame` as an Arrow table of :func:`compact_schema` (the failed codes dictionary-encoded;
    :func:`dense` gives :func:`result_schema`, what every writer writes)."""
    codes = measure_codes(measures)
    return compact_table(_engine_frame(frame, on=on, params=params, codes=codes), codes)


def compact_table(engine: pl.DataFrame, codes: Sequence[str]) -> pa.Table:
    """An :func:`engine_frame` as a table of :func:`compact_schema` (one export of the frame to Arrow,
    the bitmasks then used as they are as the indices of each measure's codes)."""
    masks = [f"{code}_failed" for code in codes]
    table = engine.with_columns(pl.col(masks).cast(pl.Int32)).to_arrow()
    schema = compact_schema(codes)
    columns: list[pa.Array | pa.ChunkedArray] = []
    for name, field in zip(schema.names, schema, strict=True):
        code = name.removesuffix("_failed")
        if name not in masks:
            column: pa.Array | pa.ChunkedArray = table[name]
        elif len(registry()[code].conditions) <= _FULL_DICTIONARY_UP_TO:
            # not validated again: a bitmask of n conditions is below 2**n, the lookup's length
            indices = table[name].combine_chunks()
            column = pa.DictionaryArray.from_arrays(indices, _arrow_lookup(code), safe=False)
        else:
            column = failed_dictionary(engine[name], code)
        columns.append(column if column.type == field.type else column.cast(field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def dense(table: pa.Table, codes: Sequence[str]) -> pa.Table:
    """A :func:`compact_schema` table (or a results table) with exactly :func:`result_schema`.

    Column by column, only those whose type differs (``Table.cast`` is several times slower).
    """
    schema = result_schema(codes)
    columns = [c if c.type == f.type else c.cast(f.type) for c, f in zip(table.columns, schema, strict=True)]
    return pa.Table.from_arrays(columns, schema=schema)


def to_arrow(results: pl.DataFrame, codes: Sequence[str], *, large: bool = True) -> pa.Table:
    """The results as an Arrow table with exactly :func:`result_schema` (what every writer writes)."""
    return results.to_arrow().cast(result_schema(codes, large=large))
