"""Write a synthetic population to Parquet chunk by chunk (one row group per chunk), so memory stays
bounded whatever the count; the file appears only once complete (written aside, then renamed)."""

from __future__ import annotations

import contextlib
import datetime
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from linghuo.population.columns import SCHEMA
from linghuo.population.generator import CHUNK_ROWS, REFERENCE_DATE, iter_person_tables

_COMPRESSION = "zstd"


def write_persons_parquet(
    path: Path,
    count: int,
    seed: int = 0,
    *,
    chunk_rows: int = CHUNK_ROWS,
    as_of: datetime.date = REFERENCE_DATE,
    on_rows: Callable[[int], object] | None = None,
) -> int:
    """Write ``count`` people for ``seed`` to ``path``; ``on_rows`` hears of every chunk written.

    Returns the file's size in bytes. OSError when the file cannot be written (nothing is left behind).
    """
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        with pq.ParquetWriter(temporary, SCHEMA, compression=_COMPRESSION) as writer:
            for table in iter_person_tables(count, seed, chunk_rows=chunk_rows, as_of=as_of):
                writer.write_table(table, row_group_size=table.num_rows)
                if on_rows is not None:
                    on_rows(table.num_rows)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return path.stat().st_size
