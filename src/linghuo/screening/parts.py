"""A run's finished chunks on disk, so a run killed half-way resumes where it stopped.

Each chunk's results go to ``OUT.parquet.parts/part-GGGGGG-IIIIII.arrow`` (row group G of the
input, chunk I within it), written aside and renamed into place, so a part file is always whole. A part
is an Arrow IPC file (LZ4), the failed codes dictionary-encoded as they are computed: written and read
back in a fraction of the time of Parquet, for a file that lives only until the output is complete.
``manifest.json`` records what the parts were computed from (the input's fingerprint, the date,
the rules version, the chunk size, the measures): a restart with anything different starts over.
The output is written alongside, chunk by chunk (a resumed run reads the parts an earlier run
finished and appends them in their place), and moved into place when complete.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

PART_COMPRESSION = "lz4"  # parts are read once, soon: cheap to write and read back
PART_SUFFIX = ".arrow"
ROWS_KEY = b"linghuo.rows"  # a part's row count, in its schema's metadata (read without its data)
OUTPUT_COMPRESSION = "zstd"
ARROW_SCHEMA = "ARROW:schema"
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


def _rows(path: Path) -> int:
    with pa.memory_map(str(path)) as source:
        metadata = pa.ipc.open_file(source).schema.metadata or {}
    return int(metadata[ROWS_KEY])


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
                return any(self.folder.glob(f"part-*{PART_SUFFIX}"))
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.manifest, ensure_ascii=False, sort_keys=True, indent=1)
        _write_atomically(found, lambda p: p.write_text(text, "utf-8"))
        return False

    def part(self, group: int, index: int) -> Path:
        return self.folder / f"part-{group:06d}-{index:06d}{PART_SUFFIX}"

    def has(self, group: int, index: int) -> bool:
        return self.part(group, index).exists()

    def group_done(self, group: int) -> bool:
        return (self.folder / f"group-{group:06d}.done").exists()

    def mark_group_done(self, group: int) -> None:
        _write_atomically(self.folder / f"group-{group:06d}.done", lambda p: p.write_bytes(b""))

    def write(self, group: int, index: int, table: pa.Table) -> None:
        schema = table.schema.with_metadata({ROWS_KEY: str(table.num_rows).encode()})
        options = pa.ipc.IpcWriteOptions(compression=PART_COMPRESSION)

        def write(path: Path) -> None:
            with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, schema, options=options) as out:
                out.write_table(table.replace_schema_metadata(schema.metadata))

        _write_atomically(self.part(group, index), write)

    def read(self, group: int, index: int) -> pa.Table:
        """A finished part."""
        with pa.OSFile(str(self.part(group, index))) as source:  # read, not mapped: the file goes soon
            return pa.ipc.open_file(source).read_all().replace_schema_metadata(None)

    def finished(self, group: int) -> list[tuple[int, int]]:
        """``(index, rows)`` of each finished part of a row group, in order."""
        found = sorted(self.folder.glob(f"part-{group:06d}-*{PART_SUFFIX}"))
        return [(int(p.stem.rsplit("-", 1)[1]), _rows(p)) for p in found]

    @property
    def _pending_output(self) -> Path:
        return self.folder / "output.parquet.tmp"

    def output_writer(self, schema: pa.Schema, read_as: pa.Schema) -> pq.ParquetWriter:
        """The writer of the output, kept aside in the folder until :meth:`finish`: it takes tables of
        ``schema`` and the file reads as ``read_as`` (the same columns, dictionaries decoded).

        The failed codes arrive dictionary-encoded, and Parquet stores text dictionary-encoded: written
        as they are, nothing is decoded and hashed again. The Arrow schema the file records (the
        ``ARROW:schema`` key, which Arrow readers use to restore the types) is ``read_as``'s, so the
        file reads exactly as if the decoded table had been written.
        """
        writer = pq.ParquetWriter(
            self._pending_output,
            schema,
            compression=OUTPUT_COMPRESSION,
            use_dictionary=_dictionary_columns(schema),
            store_schema=False,
        )
        writer.add_key_value_metadata(
            {ARROW_SCHEMA: base64.b64encode(read_as.serialize().to_pybytes()).decode()}
        )
        return writer

    def finish(self) -> int:
        """Move the complete output into place, remove the parts; the number of rows."""
        rows = int(pq.ParquetFile(self._pending_output).metadata.num_rows)
        os.replace(self._pending_output, self.output)
        shutil.rmtree(self.folder)
        return rows
