"""Shared inputs for the screening tests: a small synthetic population in Parquet, and one Spark session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linghuo.population import write_persons_parquet

ON = dt.date(2024, 3, 1)


@pytest.fixture(scope="session")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3,000 synthetic residents, seed 5, in three row groups of 1,000."""
    path = tmp_path_factory.mktemp("population") / "persons.parquet"
    write_persons_parquet(path, 3_000, seed=5, chunk_rows=1_000)
    return path


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local Spark session (two cores) for every Spark test: its start-up is paid once."""
    from linghuo.screening.spark import spark_session

    with spark_session("local[2]") as session:
        yield session
