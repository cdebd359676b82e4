"""What makes a run fast must not change its results: the columns read, the part files, the timings."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from linghuo.policy.engine import evaluate_frame
from linghuo.screening.results import (
    compact_table,
    dense,
    engine_frame,
    failed_codes,
    measure_codes,
    normalised_facts,
    read_columns,
    result_columns,
    screen_frame,
)
from linghuo.screening.run import STEPS, StopRequestedError, screen_parquet
from tests.screening.conftest import ON


def _expected(facts: pl.DataFrame, codes: tuple[str, ...]) -> pl.DataFrame:
    """The results as the engine gives them from every fact column (nothing left out)."""
    engine = evaluate_frame(facts, on=ON, measures=list(codes))
    return engine.with_columns([failed_codes(engine, c) for c in codes]).select(result_columns(codes))


@pytest.mark.parametrize(
    "measures",
    [
        None,
        ["social_insurance_subsidy", "new_urban_employment", "pension_enrollment", "startup_subsidy_once"],
    ],
)
def test_reading_only_the_columns_the_measures_read_changes_no_result(
    population: Path, measures: list[str] | None
) -> None:
    facts = pl.read_parquet(population)
    codes = measure_codes(measures)
    assert screen_frame(facts, on=ON, measures=codes).equals(_expected(facts, codes))


def test_the_columns_read_follow_the_derived_values_and_the_id_number() -> None:
    # 十二 reads the retirement date, a derived value of the birth date and sex; the ID number gives both
    columns = read_columns(ON, None, ("social_insurance_subsidy",))
    assert {"birth_date", "sex", "id_number", "hard_to_employ_since", "si_paid_fen"} <= set(columns)
    assert "monthly_income_fen" not in columns
    assert columns[0] == "person_id"
    assert "birth_date" not in read_columns(ON, None, ("new_urban_employment",))


def test_the_compact_table_decodes_to_the_results_frame(population: Path) -> None:
    facts = pl.read_parquet(population).head(500)
    codes = measure_codes(None)
    engine = engine_frame(
        normalised_facts(facts, on=ON, params=None, codes=codes), on=ON, params=None, codes=codes
    )
    decoded = pl.from_arrow(dense(compact_table(engine, codes), codes))
    assert isinstance(decoded, pl.DataFrame)
    assert decoded.equals(screen_frame(facts, on=ON))


def test_the_output_holds_what_screen_frame_gives_and_the_run_reports_its_steps(
    population: Path, tmp_path: Path
) -> None:
    summary = screen_parquet(population, tmp_path / "o.parquet", on=ON, chunk_rows=700)
    assert pl.read_parquet(summary.output).equals(screen_frame(pl.read_parquet(population), on=ON))
    assert set(summary.timings) == set(STEPS)
    assert all(seconds >= 0 for seconds in summary.timings.values())


def test_a_single_chunk_keeps_no_part_file(population: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.parquet"
    pl.read_parquet(population).write_parquet(one, row_group_size=5_000)
    out = tmp_path / "out.parquet"
    with pytest.raises(StopRequestedError):
        screen_parquet(one, out, on=ON, chunk_rows=5_000, stop_after_chunks=1)
    assert not list(out.with_name("out.parquet.parts").glob("part-*"))
    assert screen_parquet(one, out, on=ON, chunk_rows=5_000).resumed_rows == 0
    assert pl.read_parquet(out).equals(screen_frame(pl.read_parquet(one), on=ON))


def test_the_id_number_still_gives_a_missing_birth_date_and_sex(population: Path) -> None:
    # the ID number is left unread only when no birth date or sex is missing
    facts = pl.read_parquet(population).with_columns(
        birth_date=pl.when(pl.int_range(pl.len()) % 2 == 0).then(None).otherwise(pl.col("birth_date")),
        sex=pl.when(pl.int_range(pl.len()) % 3 == 0).then(None).otherwise(pl.col("sex")),
    )
    codes = measure_codes(["social_insurance_subsidy"])
    got = screen_frame(facts, on=ON, measures=codes)
    assert got.equals(_expected(facts, codes))
    assert got.equals(screen_frame(pl.read_parquet(population), on=ON, measures=codes))


def test_the_output_reads_as_the_results_schema_though_written_from_dictionaries(
    population: Path, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    from linghuo.screening.results import result_schema

    codes = measure_codes(["social_insurance_subsidy", "startup_subsidy_once"])
    out = screen_parquet(population, tmp_path / "o.parquet", on=ON, measures=codes, chunk_rows=1_000).output
    table = pq.read_table(out)
    assert table.schema.remove_metadata() == result_schema(codes)
    expected = screen_frame(pl.read_parquet(population), on=ON, measures=codes)
    assert table.to_pylist() == expected.to_dicts()
