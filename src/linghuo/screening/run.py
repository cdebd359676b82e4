"""A whole-population run, Parquet to Parquet, in bounded memory and resumable.

The input is read chunk by chunk (row group by row group, ``chunk_rows`` at a time), each chunk is
screened and its sampled rows checked, and its results are kept as a part file and appended to the
output (one row group per chunk) while the next chunk is screened. A run that is killed leaves its
finished parts; started again with the same input, date and rules, it reads them instead of
screening those chunks again, so the output is byte for byte that of an uninterrupted run.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from linghuo.policy.engine import PolicyDateError, check_evaluation_date, rules_version
from linghuo.policy.parameters import ParameterSet
from linghuo.policy.parameters import load as load_parameters
from linghuo.screening.errors import ScreeningError
from linghuo.screening.frames import screen_chunk
from linghuo.screening.parts import Parts
from linghuo.screening.results import measure_codes, result_schema, to_arrow
from linghuo.screening.sample import SAMPLE_SIZE, SampleReport, sample_positions
from linghuo.screening.source import FactsFile, open_facts

CHUNK_ROWS = 250_000


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
    started = time.perf_counter()
    check_date(on)
    facts = open_facts(source)
    check_output(output)
    parameters = params if params is not None else load_parameters()
    codes = measure_codes(measures)
    version = rules_version(parameters)
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
    with parts.output_writer(result_schema(codes)) as final, ThreadPoolExecutor(max_workers=1) as writer:
        pending: Future[None] | None = None
        for chunk in _chunks(facts, parts, chunk_rows):
            if chunk.frame is not None:
                screened = screen_chunk(
                    chunk.frame, offset=chunk.offset, on=on, params=parameters, measures=codes, sample=sample
                )
                report.add(screened.sample)
                table = to_arrow(screened.results, codes)
                written += 1
            else:
                table = parts.read(chunk.group, chunk.index)
                resumed += chunk.rows
            if pending is not None:
                pending.result()
            pending = writer.submit(_write, parts, final, facts, chunk, table)
            if on_rows is not None:
                on_rows(chunk.rows)
            if stop_after_chunks is not None and written >= stop_after_chunks:
                pending.result()
                raise StopRequestedError(f"stopped after {written} chunks")
        if pending is not None:
            pending.result()
    rows = parts.finish()
    return RunSummary(output, rows, resumed, report, version, on, time.perf_counter() - started)


@dataclass(frozen=True)
class _Chunk:
    group: int
    index: int
    offset: int
    rows: int
    frame: pl.DataFrame | None  # None: finished by an earlier run


def _write(parts: Parts, final: pq.ParquetWriter, facts: FactsFile, chunk: _Chunk, table: pa.Table) -> None:
    """Keep a new chunk as a part (for a later resume), then append it to the output, in order."""
    if chunk.frame is not None:
        parts.write(chunk.group, chunk.index, table)
        if chunk.offset + chunk.rows >= sum(facts.row_group_rows[: chunk.group + 1]):
            parts.mark_group_done(chunk.group)
    final.write_table(table, row_group_size=max(1, table.num_rows))


def _chunks(facts: FactsFile, parts: Parts, chunk_rows: int) -> Iterator[_Chunk]:
    """Every chunk of the input in order; those an earlier run finished come without their frame."""
    parquet = pq.ParquetFile(facts.path)
    offset = 0
    for group in range(len(facts.row_group_rows)):
        if parts.group_done(group):
            for index, part_rows in parts.finished(group):
                yield _Chunk(group, index, offset, part_rows, None)
                offset += part_rows
            continue
        batches = parquet.iter_batches(batch_size=chunk_rows, row_groups=[group], columns=list(facts.columns))
        for index, batch in enumerate(batches):
            frame = None
            if not parts.has(group, index):
                converted = pl.from_arrow(batch)
                assert isinstance(converted, pl.DataFrame)
                frame = converted
            yield _Chunk(group, index, offset, batch.num_rows, frame)
            offset += batch.num_rows
