"""A run stopped half-way and started again gives exactly the output of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linghuo.population import write_persons_parquet
from linghuo.screening.run import StopRequestedError, screen_parquet
from tests.screening.conftest import ON


def test_it_resumes_after_a_failure_and_writes_the_same_bytes(population: Path, tmp_path: Path) -> None:
    whole = screen_parquet(population, tmp_path / "whole.parquet", on=ON, chunk_rows=400)
    resumed_out = tmp_path / "resumed.parquet"
    with pytest.raises(StopRequestedError):
        screen_parquet(population, resumed_out, on=ON, chunk_rows=400, stop_after_chunks=4)
    parts = resumed_out.with_name("resumed.parquet.parts")
    assert len(list(parts.glob("part-*.arrow"))) == 4
    assert not resumed_out.exists()
    again = screen_parquet(population, resumed_out, on=ON, chunk_rows=400)
    assert again.resumed_rows == 1_000 + 400  # row group 0 (400 + 400 + 200), then 400 of group 1
    assert resumed_out.read_bytes() == whole.output.read_bytes()
    assert not parts.exists()


def test_it_starts_over_when_the_date_changed(population: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    with pytest.raises(StopRequestedError):
        screen_parquet(population, out, on=ON, chunk_rows=400, stop_after_chunks=2)
    other_day = ON.replace(month=4)
    summary = screen_parquet(population, out, on=other_day, chunk_rows=400)
    assert summary.resumed_rows == 0
    fresh = screen_parquet(population, tmp_path / "fresh.parquet", on=other_day, chunk_rows=400)
    assert out.read_bytes() == fresh.output.read_bytes()


def _screen_command(source: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from linghuo.cli import main; main()",
        "screen",
        "--input",
        str(source),
        "--output",
        str(out),
        "--on",
        ON.isoformat(),
        "--chunk-rows",
        "2000",
        "--no-progress",
    ]


def test_it_resumes_after_the_process_is_killed(tmp_path: Path) -> None:
    source = tmp_path / "persons.parquet"
    write_persons_parquet(source, 40_000, seed=9, chunk_rows=10_000)
    reference = tmp_path / "reference.parquet"
    subprocess.run(_screen_command(source, reference), check=True, capture_output=True)
    out = tmp_path / "out.parquet"
    parts = tmp_path / "out.parquet.parts"
    process = subprocess.Popen(
        _screen_command(source, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while (
        len(list(parts.glob("part-*.arrow"))) < 3 and process.poll() is None and time.monotonic() < deadline
    ):
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert not out.exists(), "the run finished before it could be killed"
    done = len(list(parts.glob("part-*.arrow")))
    finished = subprocess.run(_screen_command(source, out), check=True, capture_output=True, text=True)
    assert "续跑" in finished.stdout
    assert done >= 3
    assert out.read_bytes() == reference.read_bytes()
