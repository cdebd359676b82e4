"""A whole-population run, Parquet to Parquet, in bounded memory and resumable.

The input is read chunk by chunk (row group by row group, ``chunk_rows`` at a time), each chunk is
screened and its sampled rows checked, and its results are kept as a part file and appended to the
output (one row group per chunk) while the next chunk is screened. A run that is killed leaves its
finished parts; started again with the same input, date and rules, it reads them instead of
screening those chunks again, so the output is byte for byte that of an uninterrupted run.

Where the time goes: a chunk is read with Polars (only the fact columns), normalised and evaluated for
just the columns its measures read and the results keep; its failed conditions stay dictionary-encoded
(the bitmask indexes the joined codes) in its part file and are decoded once, for the output. An input
of one chunk keeps no part file: there is nothing to resume. ``RunSummary.timings`` says how long each
step took (:data:`STEPS`).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from linghuo.policy.engine import PolicyDateError, check_evaluation_date, compiled, rules_version
from linghuo.policy.parameters import ParameterSet
from linghuo.policy.parameters import load as load_parameters
from linghuo.screening.errors import ScreeningError
from linghuo.screening.parts import Parts
from linghuo.screening.results import (
    compact_schema,
    compact_table,
    dense,
    engine_frame,
    measure_codes,
    normalised_facts,
    result_schema,
)
from linghuo.screening.sample import SAMPLE_SIZE, SampleReport, check_rows, sample_positions
from linghuo.screening.source import FactsFile, open_facts

CHUNK_ROWS = 250_000
# The steps a run's time goes to (RunSummary.timings, in seconds): checking the input and compiling the
# rules; reading chunks; normalising the facts the measures read; the engine; the failed bitmasks as
# codes (an Arrow table); the sample check; writing part files (and reading them back when resuming)
# and the output's row groups, on the writer thread beside the rest; waiting for that thread; closing
# and moving the output into place.
STEPS = ("prepare", "read", "normalise", "engine", "failed", "sample", "parts", "output", "wait", "finish")


class StopRequestedError(RuntimeError):
    """Raised by a run told to stop after a number of chunks (to test resuming)."""


@dataclass(frozen=True)
class RunSummary:
    """What a run did: rows, rows taken from an earlier interrupted run, the sample check, time."""

    output: Path
    rows: int
    resumed_rows: int
    sample: SampleReport
    rules_version: str
    on: dt.date
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)  # by step (STEPS): seconds


def check_date(on: dt.date) -> None:
    """Refuse a date before the policy took effect, as a :class:`ScreeningError`."""
    try:
        check_evaluation_date(on)
    except PolicyDateError as error:
        zh, _, en = str(error).partition(" / ")
        raise ScreeningError(zh, en) from None


def check_output(output: Path) -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    if output.is_dir():
        raise ScreeningError(f"输出路径是一个目录：{output}", f"--output is a directory: {output}")
    parent = output.parent if str(output.parent) else Path()
    if not parent.is_dir():
        raise ScreeningError(f"输出目录不存在：{parent}", f"output directory does not exist: {parent}")


def screen_parquet(
    source: Path,
    output: Path,
    *,
    on: dt.date,
    params: ParameterSet | None = None,
    measures: Sequence[str] | None = None,
    chunk_rows: int = CHUNK_ROWS,
    sample_size: int = SAMPLE_SIZE,
    on_rows: Callable[[int], object] | None = None,
    stop_after_chunks: int | None = None,
) -> RunSummary:
    """Screen every row of the Parquet file ``source`` into ``output`` (see the module docstring).

    ``on_rows`` hears of every chunk done (skipped ones included). Raises :class:`ScreeningError`
    for unusable input, :class:`~linghuo.screening.errors.SampleMismatchError` when the sample check
    fails (no part of the failing chunk is kept).
    """
    clock = Timings()
    started = time.perf_counter()
    check_date(on)
    facts = open_facts(source)
    check_output(output)
    parameters = params if params is not None else load_parameters()
    codes = measure_codes(measures)
    version = rules_version(parameters)
    compiled(on, parameters, list(codes))
    parts = Parts(
        output,
        {
            "input": facts.fingerprint(),
            "on": on.isoformat(),
            "rules_version": version,
            "chunk_rows": chunk_rows,
            "measures": list(codes),
            "sample_size": sample_size,
        },
    )
    parts.open()
    sample = sample_positions(facts.num_rows, sample_size)
    report = SampleReport()
    resumed = written = 0
    # one chunk: nothing to resume from, so no part file (the output is written once)
    keep_parts = len(_plan(facts, chunk_rows)) > 1
    clock.add("prepare", started)
    writing = parts.output_writer(compact_schema(codes), read_as=result_schema(codes))
    with writing as final, ThreadPoolExecutor(max_workers=1) as writer:
        pending: Future[None] | None = None
        if sample and sample_size:
            # the sample check's one-person path (the plain-Python program of the rules) is compiled on
            # the writer's thread while the first chunk is read and screened, not after
            writer.submit(_scalar_program, on, parameters, codes)
        for chunk in _chunks(facts, parts, chunk_rows, clock):
            if chunk.frame is not None:
                compact, checked = _screen(chunk, on, parameters, codes, sample, clock)
                report.add(checked)
                written += 1
            else:
                mark = time.perf_counter()
                compact = parts.read(chunk.group, chunk.index)
                clock.add("parts", mark)
                resumed += chunk.rows
            mark = time.perf_counter()
            if pending is not None:
                pending.result()
            clock.add("wait", mark)
            pending = writer.submit(_write, parts, final, facts, chunk, compact, codes, keep_parts, clock)
            if on_rows is not None:
                on_rows(chunk.rows)
            if stop_after_chunks is not None and written >= stop_after_chunks:
                pending.result()
                raise StopRequestedError(f"stopped after {written} chunks")
        mark = time.perf_counter()
        if pending is not None:
            pending.result()
        clock.add("wait", mark)
        mark = time.perf_counter()
    rows = parts.finish()
    clock.add("finish", mark)
    return RunSummary(
        output, rows, resumed, report, version, on, time.perf_counter() - started, dict(clock.seconds)
    )


def _scalar_program(on: dt.date, params: ParameterSet, codes: tuple[str, ...]) -> None:
    compiled(on, params, list(codes)).scalar  # noqa: B018 -- a cached property, computed once


class Timings:
    """Seconds spent per step of a run, summed over its chunks (the writer's steps run beside the rest)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STEPS, 0.0)
        self._lock = threading.Lock()

    def add(self, step: str, since: float) -> float:
        """Add the time from ``since`` to now to ``step``; now."""
        now = time.perf_counter()
        with self._lock:
            self.seconds[step] += now - since
        return now


def _screen(  # noqa: PLR0917 -- one call, from one place
    chunk: _Chunk,
    on: dt.date,
    params: ParameterSet,
    codes: tuple[str, ...],
    sample: frozenset[int],
    clock: Timings,
) -> tuple[pa.Table, SampleReport]:
    """One chunk's results (failed codes dictionary-encoded) and the check of its sampled rows."""
    assert chunk.frame is not None
    mark = time.perf_counter()
    facts = normalised_facts(chunk.frame, on=on, params=params, codes=codes)
    mark = clock.add("normalise", mark)
    engine = engine_frame(facts, on=on, params=params, codes=codes)
    mark = clock.add("engine", mark)
    compact = compact_table(engine, codes)
    mark = clock.add("failed", mark)
    local = sorted(p - chunk.offset for p in sample if chunk.offset <= p < chunk.offset + chunk.rows)
    report = SampleReport()
    if local:
        got = pl.from_arrow(dense(compact.take(local), codes))
        assert isinstance(got, pl.DataFrame)
        index = pl.Series(local, dtype=pl.UInt32)
        report = check_rows(chunk.frame[index], got, codes=codes, on=on, params=params)
    clock.add("sample", mark)
    return compact, report


@dataclass(frozen=True)
class _Chunk:
    group: int
    index: int
    offset: int
    rows: int
    frame: pl.DataFrame | None  # None: finished by an earlier run


def _write(  # noqa: PLR0917 -- one call, from one place
    parts: Parts,
    final: pq.ParquetWriter,
    facts: FactsFile,
    chunk: _Chunk,
    compact: pa.Table,
    codes: tuple[str, ...],
    keep_parts: bool,
    clock: Timings,
) -> None:
    """Keep a new chunk as a part (for a later resume), then append it to the output, in order."""
    mark = time.perf_counter()
    if chunk.frame is not None and keep_parts:
        parts.write(chunk.group, chunk.index, compact)
        if chunk.offset + chunk.rows >= sum(facts.row_group_rows[: chunk.group + 1]):
            parts.mark_group_done(chunk.group)
    mark = clock.add("parts", mark)
    final.write_table(compact, row_group_size=max(1, compact.num_rows))
    clock.add("output", mark)


def _plan(facts: FactsFile, chunk_rows: int) -> list[tuple[int, int, int, int]]:
    """``(group, index, offset, rows)`` of every chunk: each row group cut into ``chunk_rows`` rows."""
    plan, offset = [], 0
    for group, group_rows in enumerate(facts.row_group_rows):
        for index, start in enumerate(range(0, group_rows, chunk_rows)):
            rows = min(chunk_rows, group_rows - start)
            plan.append((group, index, offset, rows))
            offset += rows
    return plan


def _chunks(facts: FactsFile, parts: Parts, chunk_rows: int, clock: Timings) -> Iterator[_Chunk]:
    """Every chunk of the input in order; those an earlier run finished come without their frame."""
    scan = pl.scan_parquet(facts.path).select(facts.columns)
    offset = 0
    done = {
        group: parts.finished(group) for group in range(len(facts.row_group_rows)) if parts.group_done(group)
    }
    for group, index, start, rows in _plan(facts, chunk_rows):
        if group in done:
            if index == 0:
                for found, part_rows in done[group]:
                    yield _Chunk(group, found, offset, part_rows, None)
                    offset += part_rows
            continue
        frame = None
        if not parts.has(group, index):
            mark = time.perf_counter()
            frame = scan.slice(start, rows).collect()
            clock.add("read", mark)
        yield _Chunk(group, index, offset, rows, frame)
        offset += rows
