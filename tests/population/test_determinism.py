"""The same seed gives the same people and the same file; another seed gives others; chunking changes
nothing for a consumer."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from linghuo.population import generate_persons, iter_person_chunks, write_persons_parquet


def test_it_writes_the_identical_file_for_the_same_seed(tmp_path: Path) -> None:
    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    write_persons_parquet(first, 30_000, seed=5, chunk_rows=7_000)
    write_persons_parquet(second, 30_000, seed=5, chunk_rows=7_000)
    assert first.read_bytes() == second.read_bytes()


def test_it_writes_other_people_for_another_seed(tmp_path: Path) -> None:
    first, second = tmp_path / "a.parquet", tmp_path / "b.parquet"
    write_persons_parquet(first, 5_000, seed=5)
    write_persons_parquet(second, 5_000, seed=6)
    assert first.read_bytes() != second.read_bytes()
    a, b = pl.read_parquet(first), pl.read_parquet(second)
    assert (a["id_number"] != b["id_number"]).mean() > 0.99  # type: ignore[operator]


def test_it_reads_back_what_it_generated(tmp_path: Path) -> None:
    path = tmp_path / "people.parquet"
    write_persons_parquet(path, 12_345, seed=9, chunk_rows=5_000)
    assert pl.read_parquet(path).equals(generate_persons(12_345, seed=9, chunk_rows=5_000))


def test_it_yields_chunks_that_together_make_the_population() -> None:
    chunks = list(iter_person_chunks(25_000, seed=3, chunk_rows=10_000))
    assert [c.height for c in chunks] == [10_000, 10_000, 5_000]
    assert pl.concat(chunks).equals(generate_persons(25_000, seed=3, chunk_rows=10_000))


def test_it_refuses_a_count_that_is_not_positive() -> None:
    with pytest.raises(ValueError, match="人数必须为正整数"):
        generate_persons(0, seed=1)
