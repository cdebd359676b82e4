"""The plain-Python reading of the measures' expressions gives exactly what Polars gives.

Polars itself is the oracle: every case evaluates one expression both ways on the same row and
asserts the same value of the same Python type (``True`` and ``1`` are told apart).
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.requirements import Requirement
from packaging.version import Version

from linghuo.policy import engine
from linghuo.policy.expressions import add_months, add_years, elapsed_years, months_between, within_years
from linghuo.policy.facts import FACTS, SCHEMA, validate_facts
from linghuo.policy.scalar import Program, compile_stages, offset_date

ROW_SCHEMA: dict[str, pl.DataType] = {
    "i": pl.Int32(),
    "j": pl.Int32(),
    "big": pl.Int64(),
    "u": pl.UInt32(),
    "x": pl.Float64(),
    "p": pl.Boolean(),
    "q": pl.Boolean(),
    "s": pl.String(),
    "e": pl.Enum(["male", "female"]),
    "d": pl.Date(),
    "d2": pl.Date(),
}
NULL_ROW: dict[str, Any] = dict.fromkeys(ROW_SCHEMA)


def by_polars(expr: pl.Expr, row: dict[str, Any]) -> Any:
    return pl.DataFrame([{**NULL_ROW, **row}], schema=ROW_SCHEMA).select(expr.alias("v")).item()


def by_python(expr: pl.Expr, row: dict[str, Any]) -> Any:
    program = compile_stages([{"v": expr}], ROW_SCHEMA)
    assert program.fallbacks == {}, program.fallbacks
    return program.run([{**NULL_ROW, **row}])[0]["v"]


def typed(value: Any) -> tuple[type, Any]:
    """A value with its type (``True`` is not ``1``), NaN equal to itself."""
    return type(value), "NaN" if isinstance(value, float) and math.isnan(value) else value


def assert_same(expr: pl.Expr, row: dict[str, Any]) -> None:
    expected, got = by_polars(expr, row), by_python(expr, row)
    assert typed(got) == typed(expected), (expr, row)


BOOLS = [True, False, None]
KLEENE_ROWS = [{"p": p, "q": q} for p in BOOLS for q in BOOLS]


@pytest.mark.parametrize("row", KLEENE_ROWS)
@pytest.mark.parametrize(
    "expr",
    [
        pl.col("p") & pl.col("q"),
        pl.col("p") | pl.col("q"),
        pl.col("p") ^ pl.col("q"),
        ~pl.col("p"),
        pl.any_horizontal(pl.col("p"), pl.col("q")),
        pl.all_horizontal(pl.col("p"), pl.col("q")),
        pl.col("p").fill_null(pl.col("q")),
        pl.col("p").is_null() | pl.col("q").is_not_null(),
        pl.when(pl.col("p")).then(1).otherwise(2),
        pl.sum_horizontal(pl.col("p"), pl.col("q")),
        pl.col("p") == pl.col("q"),
        pl.col("p").eq_missing(pl.col("q")),
    ],
    ids=repr,
)
def test_it_follows_kleene_logic_and_nulls(expr: pl.Expr, row: dict[str, Any]) -> None:
    assert_same(expr, row)


INT_ROWS = [{"i": i, "j": j} for i in (7, -7, 0, None) for j in (2, -2, 0, None)]


@pytest.mark.parametrize("row", INT_ROWS)
@pytest.mark.parametrize(
    "expr",
    [
        pl.col("i") // pl.col("j"),
        pl.col("i") % pl.col("j"),
        pl.col("i") / pl.col("j"),
        pl.col("i") + pl.col("j") * 3 - 1,
        pl.col("i") // 2,
        pl.col("i") * pl.lit(2.5),
        (pl.col("i") < pl.col("j")) | (pl.col("i") >= 0),
        pl.max_horizontal(pl.col("i"), pl.col("j"), pl.lit(0, pl.Int32)),
        pl.min_horizontal(pl.col("i"), pl.col("j")),
        pl.sum_horizontal(pl.col("i"), pl.col("j"), 1),
        pl.col("i").cast(pl.Int64) * pl.col("j"),
        pl.col("i").cast(pl.Boolean),
        pl.col("i").cast(pl.String),
        pl.col("i").cast(pl.Float64) / 4,
        pl.col("i").cast(pl.Date),
        pl.col("i").fill_null(pl.col("j")) + pl.lit(None, pl.Int32),
        pl.col("i").is_in([7, 0]),
        pl.col("i").is_in([7, None], nulls_equal=True),
    ],
    ids=repr,
)
def test_it_divides_and_computes_as_polars_does_on_integers(expr: pl.Expr, row: dict[str, Any]) -> None:
    assert_same(expr, row)


@pytest.mark.parametrize("x", [1.5, -0.0, 0.0, None])
@pytest.mark.parametrize(
    "expr",
    [pl.col("x") / 0, pl.lit(1) / pl.col("x"), pl.col("x") * 2 + pl.col("i"), pl.col("x") < pl.col("i")],
    ids=repr,
)
def test_it_divides_floats_by_zero_as_polars_does(expr: pl.Expr, x: float | None) -> None:
    assert_same(expr, {"x": x, "i": 3})


def test_it_hands_an_integer_overflow_to_polars() -> None:
    # Int32 wraps in Polars; Python integers do not: the row's value is Polars'
    assert_same(pl.col("i") * pl.col("j"), {"i": 2**30, "j": 4})


def test_it_lets_a_failing_strict_cast_fail_as_in_polars() -> None:
    expr = pl.col("big").cast(pl.Int32)
    with pytest.raises(pl.exceptions.InvalidOperationError):
        by_polars(expr, {"big": 2**40})
    with pytest.raises(pl.exceptions.InvalidOperationError):
        by_python(expr, {"big": 2**40})


@pytest.mark.parametrize(
    "row",
    [
        {"p": True, "q": False, "i": 3, "s": "a"},
        {"p": None, "q": True, "i": 3, "s": "a"},
        {"p": False, "q": None, "i": None, "s": None},
        {"p": False, "q": False, "i": 3, "s": "b"},
    ],
)
@pytest.mark.parametrize(
    "expr",
    [
        pl.when(pl.col("p")).then(pl.col("i")).when(pl.col("q")).then(10).otherwise(pl.lit(None)),
        pl.when(pl.col("p")).then(pl.col("i")).when(pl.col("q")).then(pl.lit(2.5)),
        pl.when(pl.col("s") == "a").then(pl.lit("yes")).otherwise(pl.col("s")),
        pl.when(pl.col("p")).then(pl.col("i").cast(pl.Int64)).otherwise(pl.col("u")),
        pl.when(pl.col("q")).then(pl.lit(True)),
    ],
    ids=repr,
)
def test_it_chains_when_then_otherwise_as_polars_does(expr: pl.Expr, row: dict[str, Any]) -> None:
    assert_same(expr, row)


DAYS = [dt.date(2020, 2, 29), dt.date(2021, 1, 31), dt.date(2021, 12, 31), dt.date(1970, 1, 1), None]


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize(
    "expr",
    [
        pl.col("d").dt.year(),
        pl.col("d").dt.month() * 100 + pl.col("d").dt.day(),
        pl.col("d").dt.offset_by("1mo"),
        pl.col("d").dt.offset_by("-1y"),
        pl.col("d").dt.offset_by("1y1mo2d"),
        pl.col("d").dt.offset_by(pl.format("{}mo", pl.col("i"))),
        pl.col("d").cast(pl.Int32),
        pl.col("d").cast(pl.String),
        pl.col("d") <= pl.col("d2"),
        pl.col("d").is_in([dt.date(2020, 2, 29)]),
        add_months(pl.col("d"), pl.col("i")),
        add_years(pl.col("d"), 2),
        elapsed_years(pl.col("d"), dt.date(2022, 2, 28)),
        elapsed_years(pl.col("d"), dt.date(2022, 3, 1)),
        within_years(pl.col("d"), 2, dt.date(2022, 2, 28)),
        months_between(pl.col("d"), pl.col("d2")),
    ],
    ids=repr,
)
def test_it_computes_dates_as_polars_does(expr: pl.Expr, day: dt.date | None) -> None:
    assert_same(expr, {"d": day, "d2": dt.date(2022, 1, 30), "i": -13})


@pytest.mark.parametrize("row", [{"s": "320706", "e": "female"}, {"s": "male", "e": "male"}, {}])
@pytest.mark.parametrize(
    "expr",
    [
        pl.col("s").is_in(["320706", "320707"]),
        pl.col("s").str.starts_with("32"),
        pl.col("s").str.ends_with("06"),
        pl.concat_str([pl.col("s"), pl.lit("/"), pl.col("i")]),
        pl.format("{}-{}", pl.col("s"), pl.col("e")),
        pl.col("e") == "female",
        pl.col("e") != pl.col("s"),
        pl.col("e").cast(pl.String).is_in(["female"]),
        pl.col("s") < pl.lit("4"),
        pl.col("s") + pl.lit("!"),
    ],
    ids=repr,
)
def test_it_reads_strings_and_enums_as_polars_does(expr: pl.Expr, row: dict[str, Any]) -> None:
    assert_same(expr, {**row, "i": 12})


def test_it_casts_a_string_to_an_enum_or_fails_as_polars_does() -> None:
    expr = pl.col("s").cast(pl.Enum(["male", "female"])) == "male"
    assert_same(expr, {"s": "male"})
    with pytest.raises(pl.exceptions.InvalidOperationError):
        by_polars(expr, {"s": "other"})
    with pytest.raises(pl.exceptions.InvalidOperationError):
        by_python(expr, {"s": "other"})


@pytest.mark.parametrize(
    "expr",
    [
        pl.col("s").str.contains("0+"),  # a regular expression
        pl.col("i").sum(),  # an aggregation
        pl.col("i").rank().over("s"),  # a window
        pl.col("x").cast(pl.Float32),
        pl.col("e") < "male",  # an enum's order
    ],
    ids=repr,
)
def test_it_leaves_a_node_it_does_not_know_to_polars(expr: pl.Expr) -> None:
    program = compile_stages([{"v": expr}, {"w": pl.col("i") + 1}], ROW_SCHEMA)
    assert list(program.fallbacks) == ["v"]
    row = {**NULL_ROW, "s": "320706", "i": 4, "x": 0.5, "e": "female"}
    assert program.run([row])[0]["v"] == by_polars(expr, row)
    assert program.run([row])[0]["w"] == 5


def test_it_leaves_an_expression_polars_refuses_to_polars_which_raises() -> None:
    program = compile_stages([{"v": pl.col("no_such_fact") + 1}], ROW_SCHEMA)
    assert list(program.fallbacks) == ["v"]
    with pytest.raises(pl.exceptions.ColumnNotFoundError):
        program.run([NULL_ROW])


def test_it_evaluates_later_stages_over_earlier_ones() -> None:
    program = compile_stages(
        [{"a": pl.col("i") * 2}, {"b": pl.col("a") + 1, "c": pl.col("a").is_null()}], ROW_SCHEMA
    )
    rows = program.run([{**NULL_ROW, "i": 5}, {**NULL_ROW, "i": None}])
    assert [(r["a"], r["b"], r["c"]) for r in rows] == [(10, 11, False), (None, None, True)]


def test_it_offsets_by_calendar_months_clamping_the_day() -> None:
    # 31 January plus a month is the last day of February; 29 February less a year, 28 February
    assert offset_date(dt.date(2021, 1, 31), "1mo") == dt.date(2021, 2, 28)
    assert offset_date(dt.date(2020, 2, 29), "-1y") == dt.date(2019, 2, 28)
    assert offset_date(dt.date(2020, 12, 15), "1mo") == dt.date(2021, 1, 15)


# --- the measures themselves -----------------------------------------------------------------------

# Expressions of the compiled measures that stay with Polars, and why (none at present).
EXPECTED_FALLBACKS: dict[str, str] = {}
DATES = [dt.date(2021, 11, 8), dt.date(2022, 6, 1), dt.date(2025, 6, 1), dt.date(2026, 12, 31)]


@pytest.mark.parametrize("on", DATES, ids=str)
def test_it_interprets_every_expression_of_every_measure_or_lists_it(on: dt.date) -> None:
    program = engine.compiled(on).scalar
    stage1 = {name for cm in engine.compiled(on).measures for name in cm.stage1}
    assert stage1 <= {s.name for s in program.steps}
    assert program.fallbacks == EXPECTED_FALLBACKS


def staged_by_polars(comp: engine.Compiled, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    frame = pl.DataFrame({name: [r[name] for r in rows] for name in SCHEMA}, schema=SCHEMA)
    for name, expr in comp.stage0.items():
        frame = frame.with_columns(expr.alias(name))
    return frame.with_columns(**{k: v for cm in comp.measures for k, v in cm.stage1.items()}).to_dicts()


DIVISIONS = ["320703", "320706", "320707", "320722", "320705", "320821", "110105"]
fact_dates = st.one_of(st.none(), st.dates(dt.date(1955, 1, 1), dt.date(2026, 12, 31)))
FACT_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "bool": st.one_of(st.none(), st.booleans()),
    "count": st.one_of(st.none(), st.integers(0, 12)),
    "money": st.one_of(st.none(), st.integers(0, 60_000_000)),
    "date": fact_dates,
    "division": st.one_of(st.none(), st.sampled_from(DIVISIONS)),
}
any_facts = st.fixed_dictionaries(
    {
        f.name: (
            st.sampled_from([None, *f.choices]) if f.kind == "enum" else FACT_VALUES.get(f.kind, st.none())
        )
        for f in FACTS
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(any_facts, min_size=1, max_size=4), on=st.sampled_from(DATES))
def test_it_gives_every_stage_value_polars_gives_on_random_facts(
    people: list[dict[str, Any]], on: dt.date
) -> None:
    comp = engine.compiled(on)
    rows = [validate_facts({**p, "person_id": str(i)}) for i, p in enumerate(people)]
    expected = staged_by_polars(comp, rows)
    for got, want in zip(comp.scalar.run(rows), expected, strict=True):
        assert {k: typed(v) for k, v in got.items()} == {k: typed(v) for k, v in want.items()}


def test_it_reads_up_to_the_rows_it_is_given_and_leaves_more_to_polars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read: list[int] = []
    run = Program.run

    def counted(self: Program, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        read.append(len(rows))
        return run(self, rows)

    monkeypatch.setattr(Program, "run", counted)
    people = [{"person_id": str(i), "employment_form": "platform"} for i in range(3)]
    on = dt.date(2024, 3, 1)
    by_python = engine.evaluate_many(people, on=on, scalar_rows=3)
    by_polars = engine.evaluate_many(people, on=on, scalar_rows=2)
    engine.evaluate_one(people[0], on=on)
    engine.evaluate_one(people[0], on=on, scalar_rows=0)
    assert read == [3, 1]
    assert [e.as_dict() for e in by_python] == [e.as_dict() for e in by_polars]


def test_it_runs_on_the_polars_minor_version_the_project_bounds() -> None:
    """The interpreter reads Polars' internal node names: pyproject.toml allows only the minor version
    the suite runs on (docs/decisions/0001-scalar-interpreter.md)."""
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    [bound] = [r for r in map(Requirement, project["project"]["dependencies"]) if r.name == "polars"]
    ceiling = [s for s in bound.specifier if s.operator == "<"]
    floor = [s for s in bound.specifier if s.operator == ">="]
    assert ceiling, f"Polars must have a ceiling: {bound}"
    assert floor, f"Polars must have a floor: {bound}"
    assert bound.specifier.contains(pl.__version__)
    installed = Version(pl.__version__)
    assert (Version(floor[0].version).major, Version(floor[0].version).minor) == (
        installed.major,
        installed.minor,
    )
    assert Version(ceiling[0].version) == Version(f"{installed.major}.{installed.minor + 1}")


def decisions(people: list[dict[str, Any]], on: dt.date, *, scalar_rows: int) -> list[dict[str, Any]]:
    return [e.as_dict() for e in engine.evaluate_many(people, on=on, scalar_rows=scalar_rows)]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(people=st.lists(any_facts, min_size=1, max_size=3), on=st.sampled_from(DATES))
def test_it_decides_and_explains_as_the_polars_path_does(people: list[dict[str, Any]], on: dt.date) -> None:
    facts = [{**p, "person_id": str(i)} for i, p in enumerate(people)]
    assert decisions(facts, on, scalar_rows=len(facts)) == decisions(facts, on, scalar_rows=0)
