"""Validating a whole upload: every row checked, good rows typed, bad rows explained.

``iter_chunks`` streams results a chunk at a time (for importers that write as they go);
``parse_file`` collects everything. Both report progress as rows done.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Generic

from linghuo.spreadsheets.limits import DEFAULT_LIMITS, ReadLimits
from linghuo.spreadsheets.reading import Source, SourceRow, Table, open_table
from linghuo.spreadsheets.schema import RejectedRow, RowContext, RowError, RowT, TableSpec

ProgressCallback = Callable[[int], None]
DEFAULT_CHUNK_SIZE = 1000
EXAMPLE_ROW_REASON = "这是模板中的示例行，请删除后再上传"


@dataclass(frozen=True, slots=True)
class Chunk(Generic[RowT]):
    """The outcome of consecutive rows: the good ones typed, the bad ones with their reasons."""

    accepted: list[RowT]
    rejected: list[RejectedRow]
    rows_done: int  # rows read so far, this chunk included


@dataclass(slots=True)
class ParseResult(Generic[RowT]):
    """The outcome of a whole file."""

    spec_name: str
    header_row: int
    headers: tuple[str, ...]  # the file's header cells, for the error report
    accepted: list[RowT] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.accepted) + len(self.rejected)

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rejected for error in row.errors]

    def counts(self) -> dict[str, int]:
        return {"rows": self.total, "accepted": len(self.accepted), "rejected": len(self.rejected)}


class RowValidator(Generic[RowT]):
    """Checks rows one by one, remembering the first row of each person to reject repeats."""

    def __init__(self, spec: TableSpec[RowT], table: Table) -> None:
        self.spec = spec
        self.positions = table.positions
        self.columns = {c.key: c for c in spec.columns}
        self.first_rows: dict[Hashable, int] = {}

    def check(self, source: SourceRow) -> RowT | RejectedRow:
        """The typed row, or the row rejected with every reason found."""
        cells = {key: source.cells[index] for key, index in self.positions.items()}
        context = RowContext(source.row_number, self.columns, cells)
        row = self.spec.build(context)
        for column in source.stray_columns:
            context.errors.append(
                RowError(
                    source.row_number, f"第{column}列", "", "该列没有表头却填写了内容，请删除或移入对应的列"
                )
            )
        if row is not None and not context.failed:
            if self.spec.example_marker(row):
                context.errors.append(RowError(source.row_number, "", "", EXAMPLE_ROW_REASON))
            else:
                self._check_duplicate(row, context)
        if row is None or context.failed:
            return RejectedRow(source.row_number, source.cells, tuple(context.errors))
        return row

    def _check_duplicate(self, row: RowT, context: RowContext) -> None:
        key = self.spec.duplicate_key(row)
        first = self.first_rows.setdefault(key, context.row_number)
        if first != context.row_number:
            column = next(c.key for c in self.spec.columns if c.header == self.spec.duplicate_column)
            context.error(column, f"与第{first}行重复（{self.spec.duplicate_label}），本行未导入")


def _chunks(
    rows: Iterable[SourceRow], validator: RowValidator[RowT], size: int, on_progress: ProgressCallback | None
) -> Iterator[Chunk[RowT]]:
    accepted: list[RowT] = []
    rejected: list[RejectedRow] = []
    done = 0
    for source in rows:
        outcome = validator.check(source)
        if isinstance(outcome, RejectedRow):
            rejected.append(outcome)
        else:
            accepted.append(outcome)
        done += 1
        if done % size == 0:
            yield Chunk(accepted, rejected, done)
            accepted, rejected = [], []
            if on_progress is not None:
                on_progress(done)
    if accepted or rejected or done == 0:
        yield Chunk(accepted, rejected, done)
    if on_progress is not None and done % size != 0:
        on_progress(done)


def iter_chunks(
    table: Table,
    spec: TableSpec[RowT],
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_progress: ProgressCallback | None = None,
) -> Iterator[Chunk[RowT]]:
    """Validate an opened table's rows, ``chunk_size`` at a time; ``on_progress(rows_done)`` after each.

    Only one chunk of rows is held at a time (plus one key per accepted row, to find repeats).
    A file damaged half-way raises ``FileRejectedError`` from the iteration.
    """
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    return _chunks(table.rows(), RowValidator(spec, table), chunk_size, on_progress)


def parse_file(
    source: Source,
    spec: TableSpec[RowT],
    *,
    filename: str | None = None,
    max_bytes: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    on_progress: ProgressCallback | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> ParseResult[RowT]:
    """Read and validate a whole ``.xlsx`` or ``.csv`` upload against ``spec``.

    Raises ``FileRejectedError`` when the file as a whole is unusable (size, format, columns, beyond
    ``limits``).
    """
    with open_table(source, spec.columns, filename=filename, max_bytes=max_bytes, limits=limits) as table:
        result: ParseResult[RowT] = ParseResult(spec.name, table.header_row, table.headers)
        for chunk in iter_chunks(table, spec, chunk_size=chunk_size, on_progress=on_progress):
            result.accepted.extend(chunk.accepted)
            result.rejected.extend(chunk.rejected)
    return result
