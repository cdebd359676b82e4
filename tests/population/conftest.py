"""A shared synthetic population for the population tests (generated once per session)."""

from __future__ import annotations

import datetime

import polars as pl
import pytest

from linghuo.population import generate_persons

REFERENCE_DATE = datetime.date(2026, 1, 1)


@pytest.fixture(scope="session")
def people() -> pl.DataFrame:
    """20,000 residents, seed 2026."""
    return generate_persons(20_000, seed=2026)


@pytest.fixture(scope="session")
def many_people() -> pl.DataFrame:
    """50,000 residents in five chunks, seed 11 (for ID numbers across chunks)."""
    return generate_persons(50_000, seed=11, chunk_rows=10_000)
