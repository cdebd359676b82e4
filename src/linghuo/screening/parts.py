"""A run's finished chunks on disk, so a run killed half-way resumes where it stopped.

Each chunk's results go to ``OUT.parquet.parts/part-GGGGGG-IIIIII.parquet`` (row group G of the
input, chunk I within it), written aside and renamed into place, so a part file is always whole.
``manifest.json`` records what the parts were computed from (the input's fingerprint, the date,
the rules version, the chunk size, the measures): a restart with anything different starts over.
The output is written alongside, chunk by chunk (a resumed run reads the parts an earlier run
finished and appends them in their place), and moved into place when complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

PART_COMPRESSION = "none"  # parts are read once, soon: cheap to write and read back
OUTPUT_COMPRESSION = "zstd"
# person_id is unique per row: a dictionary of it is built only to be thrown away (Parquet falls back to
# plain encoding once the dictionary grows too large), a quarter of the time of writing a chunk
PLAIN_COLUMNS = frozenset({"person_id"})


def _dictionary_columns(schema: pa.Schema) -> list[str]:
    return [name for name in schema.names if name not in PLAIN_COLUMNS]


def _write_atomically(path: Path, write: Any) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


class Parts:
    """The folder of finished parts next to an output file."""

    def __init__(self, output: Path, manifest: Mapping[str, Any]) -> None:
        self.output = output
        self.folder = output.with_name(output.name + ".parts")
        self.manifest = dict(manifest)

    def open(self) -> bool:
        """Create the folder or reuse it; True when finished parts of the same run were found."""
        found = self.folder / "manifest.json"
        if found.exists():
            try:
                same = json.loads(found.read_text("utf-8")) == self.manifest
            except ValueError:
                same = False
            if same:
                return any(self.folder.glob("part-*.parquet"))
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.manifest, ensure_ascii=False, sort_keys=True, indent=1)
        _write_atomically(found, lambda p: p.write_text(text, "utf-8"))
        return False

    def part(self, group: int, index: int) -> Path:
        return self.folder / f"part-{group:06d}-{index:06d}.parquet"

    def has(self, group: int, index: int) -> bool:
        return self.part(group, index).exists()

    def group_done(self, group: int) -> bool:
        return (self.folder / f"group-{group:06d}.done").exists()

    def mark_group_done(self, group: int) -> None:
        _write_atomically(self.folder / f"group-{group:06d}.done", lambda p: p.write_bytes(b""))

    def write(self, group: int, index: int, table: pa.Table) -> None:
        _write_atomically(
            self.part(group, index),
            lambda p: pq.write_table(
                table,
                p,
                compression=PART_COMPRESSION,
                use_dictionary=_dictionary_columns(table.schema),
                write_statistics=False,
            ),
        )

    def read(self, group: int, index: int) -> pa.Table:
        """A finished part."""
        return pq.read_table(self.part(group, index))

    def finished(self, group: int) -> list[tuple[int, int]]:
        """``(index, rows)`` of each finished part of a row group, in order."""
        found = sorted(self.folder.glob(f"part-{group:06d}-*.parquet"))
        return [(int(p.stem.rsplit("-", 1)[1]), pq.ParquetFile(p).metadata.num_rows) for p in found]

    @property
    def _pending_output(self) -> Path:
        return self.folder / "output.parquet.tmp"

    def output_writer(self, schema: pa.Schema) -> pq.ParquetWriter:
        """The writer of the output, kept aside in the folder until :meth:`finish`."""
        return pq.ParquetWriter(
            self._pending_output,
            schema,
            compression=OUTPUT_COMPRESSION,
            use_dictionary=_dictionary_columns(schema),
        )

    def finish(self) -> int:
        """Move the complete output into place, remove the parts; the number of rows."""
        rows = int(pq.ParquetFile(self._pending_output).metadata.num_rows)
        os.replace(self._pending_output, self.output)
        shutil.rmtree(self.folder)
        return rows
