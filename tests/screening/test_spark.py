"""The Spark back-end (local mode) gives the polars engine's results, row for row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest

from linghuo.screening.errors import ScreeningError
from linghuo.screening.run import screen_parquet
from linghuo.screening.spark import screen_parquet_spark
from tests.screening.conftest import ON


def test_it_matches_the_polars_engine_row_for_row(spark: Any, population: Path, tmp_path: Path) -> None:
    polars_out = screen_parquet(population, tmp_path / "polars.parquet", on=ON, sample_size=0).output
    spark_out = tmp_path / "spark"
    rows = screen_parquet_spark(spark, str(population), str(spark_out), on=ON, partitions=3)
    expected = pl.read_parquet(polars_out)
    got = pl.read_parquet(spark_out / "*.parquet").sort("person_id")
    assert rows == expected.height == got.height
    assert got.columns == expected.columns
    assert got.equals(expected.sort("person_id"))


def test_it_applies_what_if_overrides_on_the_executors(spark: Any, population: Path, tmp_path: Path) -> None:
    from linghuo.policy.parameters import load

    overrides = {"social_insurance_subsidy.ratio_above_minimum_base[default]": "2/3"}
    polars_out = screen_parquet(
        population, tmp_path / "p.parquet", on=ON, params=load(overrides=overrides), sample_size=0
    ).output
    spark_out = tmp_path / "spark"
    screen_parquet_spark(spark, str(population), str(spark_out), on=ON, overrides=overrides)
    got = pl.read_parquet(spark_out / "*.parquet").sort("person_id")
    assert got.equals(pl.read_parquet(polars_out).sort("person_id"))


def test_it_refuses_a_date_before_the_policy_before_starting_a_job(spark: Any, population: Path) -> None:
    import datetime as dt

    with pytest.raises(ScreeningError, match="早于政策施行日期"):
        screen_parquet_spark(spark, str(population), "/nonexistent", on=dt.date(2021, 1, 1))
