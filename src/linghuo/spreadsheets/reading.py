"""Opening an uploaded ``.xlsx`` or ``.csv`` and streaming its rows with their row numbers.

The header row is found by matching the template's headers (it may sit below title rows); wrong
or missing columns, a damaged file, an unknown encoding or an oversized upload raise
``FileRejectedError`` with a message for the uploader. So does an upload beyond ``ReadLimits`` (rows,
columns, cells, unpacked size), told before the file is parsed where its zip directory, its sheets'
XML or its line count show it, and else as soon as the rows read pass the bound. A workbook is read
with calamine (Rust), one sheet at a time, its rows converted to Python as they are consumed; the CSV
is streamed through an incremental decoder.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import BinaryIO, Literal

from python_calamine import CalamineSheet, CalamineWorkbook, SheetTypeEnum

from linghuo.spreadsheets.errors import FileRejectedError, FileTooLargeError
from linghuo.spreadsheets.formulas import Position, UnsavedFormula, unsaved_formulas
from linghuo.spreadsheets.limits import (
    DEFAULT_LIMITS,
    HEADER_SEARCH_ROWS,
    ReadLimits,
    line_too_long_message,
    too_many_columns_message,
    too_many_rows_message,
    unpacked_too_large_message,
)
from linghuo.spreadsheets.normalise import CellValue, display_value, is_blank
from linghuo.spreadsheets.schema import Column, header_key
from linghuo.spreadsheets.sheet_extent import Extent, check_extent

Source = str | os.PathLike[str] | bytes | BinaryIO
Format = Literal["xlsx", "csv"]

IGNORED_HEADERS = frozenset({"序号"})  # a running number many forms add in front
ENCODING_SAMPLE = 256 * 1024

RawRow = tuple[int, tuple[CellValue, ...]]  # a row number as in the file, and its cells

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row: its row number in the file and its cells, in file order up to the last header."""

    row_number: int
    cells: tuple[CellValue, ...]
    stray_columns: tuple[int, ...] = ()  # 1-based columns holding a value but no header


@dataclass(slots=True)
class Table:
    """An opened upload: where its header is, which column is which, and its remaining rows."""

    format: Format
    header_row: int
    headers: tuple[str, ...]  # the header cells as written, file order
    positions: dict[str, int]  # column key → 0-based index in ``cells``
    _rows: Iterator[tuple[int, tuple[CellValue, ...]]]
    _closers: list[object] = field(default_factory=list)
    _limits: ReadLimits = DEFAULT_LIMITS
    _name: str = "上传的文件"

    def rows(self) -> Iterator[SourceRow]:
        """The data rows below the header, blank rows skipped; ``FileRejectedError`` on damage found late,
        and as soon as a row beyond ``ReadLimits.max_rows`` is read (blank rows counted too)."""
        width = len(self.headers)
        unnamed = [i for i, h in enumerate(self.headers) if not h]
        allowed = self.header_row + self._limits.max_rows
        for number, raw in self._rows:
            if number > allowed:
                raise FileRejectedError(too_many_rows_message(self._name, self._limits))
            if all(is_blank(v) for v in raw):
                continue
            cells = tuple(raw[:width]) + (None,) * max(0, width - len(raw))
            stray = [i + 1 for i in unnamed if not is_blank(cells[i])]
            stray += [i + 1 for i in range(width, len(raw)) if not is_blank(raw[i])]
            yield SourceRow(number, cells, tuple(stray))

    def close(self) -> None:
        for closer in self._closers:
            close = getattr(closer, "close", None)
            if callable(close):
                close()
        self._closers.clear()

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def upload_size(source: Source) -> int:
    """The size in bytes of a path, bytes or seekable file (Django's uploads carry ``size``)."""
    if isinstance(source, bytes):
        return len(source)
    if isinstance(source, str | os.PathLike):
        return os.path.getsize(source)
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    position = source.tell()
    end = source.seek(0, io.SEEK_END)
    source.seek(position)
    return end


def check_size(source: Source, max_bytes: int | None) -> None:
    """Refuse a file above ``max_bytes`` before reading any of it (``FileTooLargeError``)."""
    if max_bytes is None:
        return
    size = upload_size(source)
    if size > max_bytes:
        # an upload is cut one byte past the limit as it arrives (collection.uploads): its size is unknown
        shown = f"{_mb(size)} MB" if size > max_bytes + 1 else f"超过 {_mb(max_bytes)} MB"
        english = f"{_mb(size)} MB" if size > max_bytes + 1 else f"over {_mb(max_bytes)} MB"
        raise FileTooLargeError(
            f"文件过大（{shown}），上传文件不能超过 {_mb(max_bytes)} MB；请分成几个文件上传。"
            f" / File too large ({english}); the limit is {_mb(max_bytes)} MB."
        )


def _binary(source: Source) -> tuple[BinaryIO, bool]:
    """A binary stream at its start, and whether it is ours to close."""
    if isinstance(source, bytes):
        return io.BytesIO(source), True
    if isinstance(source, str | os.PathLike):
        return open(source, "rb"), True  # closed by Table.close
    source.seek(0)
    return source, False


def _format(name: str, head: bytes) -> Format:
    suffix = Path(name).suffix.lower()
    if suffix == ".xls" or head.startswith(_OLE_MAGIC):
        raise FileRejectedError(
            f"「{name}」是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 或 .csv 后上传。"
            " / Legacy .xls is not supported: save as .xlsx or .csv."
        )
    if suffix == ".xlsx":
        if not head.startswith(_ZIP_MAGIC):
            raise _not_excel(name)
        return "xlsx"
    if suffix == ".csv":
        if head.startswith(_ZIP_MAGIC):
            raise FileRejectedError(
                f"「{name}」的内容是 Excel（.xlsx）文件，扩展名却是 .csv；请改回 .xlsx 后上传。"
                " / The file is an .xlsx named .csv."
            )
        return "csv"
    raise FileRejectedError(
        f"不支持的文件类型「{suffix or name}」：只接受 .xlsx 和 .csv 文件。"
        " / Only .xlsx and .csv files are accepted."
    )


def _not_excel(name: str) -> FileRejectedError:
    return FileRejectedError(
        f"「{name}」不是有效的 Excel（.xlsx）文件：文件可能已损坏，或是改了扩展名的其他文件。"
        "请用 Excel 打开后重新保存为 .xlsx，或下载模板重新填写。"
        " / Not a valid .xlsx file (damaged, or another file renamed)."
    )


def _unreadable_csv(name: str) -> FileRejectedError:
    return FileRejectedError(
        f"「{name}」无法按 CSV 读取：请以 UTF-8 或 GB18030（GBK）编码、逗号分隔保存。"
        " / Cannot read the CSV: save it as UTF-8 or GB18030, comma-separated."
    )


def _is_parser_failure(exc: BaseException) -> bool:
    """Any error of a parser on damaged input, including a panic inside calamine's Rust code
    (which Python sees as ``pyo3_runtime.PanicException``, a ``BaseException``)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _guarded(
    rows: Iterator[tuple[int, tuple[CellValue, ...]]], error: FileRejectedError
) -> Iterator[tuple[int, tuple[CellValue, ...]]]:
    """Damage found while streaming becomes the same clear ``FileRejectedError`` as at opening."""
    try:
        yield from rows
    except FileRejectedError:
        raise
    except BaseException as exc:  # calamine and the csv module raise many kinds on a damaged file
        if not _is_parser_failure(exc):
            raise
        raise error from exc


def _sheet_rows(
    sheet: CalamineSheet, unsaved: Mapping[Position, UnsavedFormula] | None = None
) -> Iterator[RawRow]:
    """A sheet's rows numbered as in Excel, cells as openpyxl would give them.

    calamine yields rows from row 1 but columns from the first used one, so rows are padded on the
    left to keep column positions; an empty cell (``""``) becomes ``None``, and a whole-number float
    an ``int`` (``13812345678``, ``202403``), as the file stores them. A formula saved without its
    result (``unsaved``, by position) is given as its :class:`UnsavedFormula`, not as an empty cell.
    """
    start = sheet.start
    pad: tuple[CellValue, ...] = (None,) * (start[1] if start else 0)
    by_row: dict[int, list[tuple[int, UnsavedFormula]]] = {}
    for (row_number, column), formula in (unsaved or {}).items():
        by_row.setdefault(row_number, []).append((column, formula))
    for number, row in enumerate(sheet.iter_rows(), start=1):
        read: tuple[CellValue, ...] = tuple(
            [None if v == "" else int(v) if isinstance(v, float) and v.is_integer() else v for v in row]
        )
        cells = pad + read if pad else read
        if number in by_row:
            filled: list[CellValue] = list(cells)
            for column, formula in by_row[number]:
                filled.extend([None] * (column + 1 - len(filled)))
                filled[column] = formula
            cells = tuple(filled)
        yield number, cells


def _too_large(name: str) -> FileRejectedError:
    return FileRejectedError(
        f"「{name}」中有工作表的使用范围过大（有内容的单元格远在名册之外的行或列）："
        "请删除表格以外的内容，或只把名册部分复制到新文件后上传。"
        " / A sheet's used range is far larger than a roster: delete the cells far outside the table."
    )


def _refusal(extent: Extent, name: str, limits: ReadLimits) -> FileRejectedError | None:
    """The uploader's message for what ``check_extent`` found (``None``: the workbook fits)."""
    if extent == Extent.FITS:
        return None
    if extent == Extent.DAMAGED:
        return _not_excel(name)
    if extent == Extent.UNPACKED_TOO_LARGE:
        return FileRejectedError(unpacked_too_large_message(name))
    if extent == Extent.TOO_MANY_ROWS:
        return FileRejectedError(too_many_rows_message(name, limits))
    return _too_large(name)  # too many columns, or a grid of too many cells: cells far outside the table


def _open_workbook(stream: BinaryIO, name: str, limits: ReadLimits) -> CalamineWorkbook:
    # calamine lays a sheet out as one full grid and holds it whole: its size is bounded before
    refusal = _refusal(check_extent(stream, limits), name, limits)
    if refusal is not None:
        raise refusal
    try:
        return CalamineWorkbook.from_filelike(stream)
    except BaseException as exc:
        if not _is_parser_failure(exc):
            raise
        raise _not_excel(name) from exc


def _xlsx_sheets(
    workbook: CalamineWorkbook, name: str, unsaved: Mapping[str, Mapping[Position, UnsavedFormula]]
) -> Iterator[Iterator[RawRow]]:
    """Each worksheet's rows, a sheet loaded only when its turn comes (chart sheets skipped)."""
    indexes = [i for i, m in enumerate(workbook.sheets_metadata) if m.typ == SheetTypeEnum.WorkSheet]
    if not indexes:
        raise _not_excel(name)
    for index in indexes:
        try:
            sheet = workbook.get_sheet_by_index(index)
        except BaseException as exc:
            if not _is_parser_failure(exc):
                raise
            raise _not_excel(name) from exc
        yield _guarded(_sheet_rows(sheet, unsaved.get(sheet.name)), _not_excel(name))


def _encoding(sample: bytes) -> tuple[str, bytes]:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", sample
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", sample
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "gb18030", sample  # what Chinese Excel writes for “CSV (逗号分隔)”
    return "utf-8", sample


def _check_line_count(stream: BinaryIO, name: str, limits: ReadLimits) -> None:
    """Refuse a CSV file with more lines than rows allowed, counted in blocks before it is parsed (a
    line break inside a quoted cell counts too: a roster has next to none)."""
    lines = 0
    while block := stream.read(1024 * 1024):
        lines += block.count(b"\n")
        if lines > limits.allowed_sheet_rows:
            raise FileRejectedError(too_many_rows_message(name, limits))
    stream.seek(0)


def _bounded_lines(text: io.TextIOWrapper, name: str, limits: ReadLimits) -> Iterator[str]:
    """The file's lines, refused at the first one longer than ``limits.max_line_chars``."""
    while line := text.readline(limits.max_line_chars + 1):
        if len(line) > limits.max_line_chars:
            raise FileRejectedError(line_too_long_message(name, limits))
        yield line


def _bounded_records(
    reader: Iterator[list[str]], name: str, limits: ReadLimits
) -> Iterator[tuple[int, tuple[CellValue, ...]]]:
    for number, record in enumerate(reader, start=1):
        if len(record) > limits.max_columns:
            raise FileRejectedError(too_many_columns_message(name, limits))
        yield number, tuple(record)


def _csv_rows(
    stream: BinaryIO, name: str, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[object, Iterator[tuple[int, tuple[CellValue, ...]]]]:
    _check_line_count(stream, name, limits)
    sample = stream.read(ENCODING_SAMPLE)
    stream.seek(0)
    encoding, _ = _encoding(sample)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    decoded_sample = sample.decode(encoding, errors="ignore")
    delimiter = "\t" if decoded_sample.count("\t") > decoded_sample.count(",") else ","
    reader = csv.reader(_bounded_lines(text, name, limits), delimiter=delimiter)
    return text, _guarded(_bounded_records(reader, name, limits), _unreadable_csv(name))


@dataclass(frozen=True, slots=True)
class _HeaderMatch:
    row_number: int
    cells: tuple[CellValue, ...]
    positions: dict[str, int]
    unknown: tuple[str, ...]
    repeated: tuple[str, ...]

    @property
    def score(self) -> int:
        return len(self.positions)


def _match_header(row_number: int, cells: Sequence[CellValue], columns: Sequence[Column]) -> _HeaderMatch:
    lookup = {header_key(name): c.key for c in columns for name in (c.header, *c.aliases)}
    headers = {c.key: c.header for c in columns}
    positions: dict[str, int] = {}
    unknown: list[str] = []
    repeated: list[str] = []
    for index, cell in enumerate(cells):
        key = header_key(cell)
        if not key or key in IGNORED_HEADERS:
            continue
        if key not in lookup:
            unknown.append(display_value(cell).strip())
        elif lookup[key] in positions:
            repeated.append(headers[lookup[key]])
        else:
            positions[lookup[key]] = index
    return _HeaderMatch(row_number, tuple(cells), positions, tuple(unknown), tuple(repeated))


def _find_header(
    rows: Iterator[tuple[int, tuple[CellValue, ...]]], columns: Sequence[Column]
) -> tuple[_HeaderMatch | None, list[tuple[int, tuple[CellValue, ...]]]]:
    """The best-matching header among the first rows, and the rows read past it (to replay)."""
    scanned = list(islice(rows, HEADER_SEARCH_ROWS))
    best: _HeaderMatch | None = None
    for number, cells in scanned:
        match = _match_header(number, cells, columns)
        if match.score and (best is None or match.score > best.score):
            best = match
        if match.score == len(columns):
            break
    if best is None:
        return None, scanned
    return best, [r for r in scanned if r[0] > best.row_number]


def _check_header(match: _HeaderMatch | None, columns: Sequence[Column], name: str) -> _HeaderMatch:
    expected = "、".join(f"「{c.header}」" for c in columns)
    if match is None:
        raise FileRejectedError(
            f"「{name}」中没有找到表头（前{HEADER_SEARCH_ROWS}行里没有 {expected} 这些列名）；"
            "请下载模板，按模板的列填写。 / No header row found: use the template."
        )
    problems = []
    missing = [c.header for c in columns if c.key not in match.positions]
    if missing:
        problems.append("缺少列" + "".join(f"「{h}」" for h in missing))
    if match.unknown:
        problems.append("无法识别的列" + "".join(f"「{h}」" for h in match.unknown))
    if match.repeated:
        problems.append("重复的列" + "".join(f"「{h}」" for h in match.repeated))
    if problems:
        raise FileRejectedError(
            f"「{name}」的表头（第{match.row_number}行）与模板不符：{'；'.join(problems)}。"
            f"模板的列为：{expected}。"
            f" / Columns do not match the template ({_english(missing, match)})."
        )
    return match


def _english(missing: Sequence[str], match: _HeaderMatch) -> str:
    parts = [
        f"{label}: {', '.join(names)}"
        for label, names in (("missing", missing), ("unknown", match.unknown), ("repeated", match.repeated))
        if names
    ]
    return "; ".join(parts)


def _last_header_index(match: _HeaderMatch) -> int:
    return max(i for i, cell in enumerate(match.cells) if not is_blank(cell))


def open_table(
    source: Source,
    columns: Sequence[Column],
    *,
    filename: str | None = None,
    max_bytes: int | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Table:
    """Open an upload and locate its header; rows are read lazily from ``Table.rows()``.

    ``filename`` gives the format (``.xlsx`` or ``.csv``) when ``source`` is bytes or a stream;
    ``max_bytes`` is checked before anything is parsed, and so are ``limits`` as far as the file's
    directory, sheet XML or line count tell them. Close the table (or use ``with``).
    """
    name = filename or (Path(source).name if isinstance(source, str | os.PathLike) else "上传的文件")
    check_size(source, max_bytes)
    stream, owned = _binary(source)
    closers: list[object] = [stream] if owned else []
    try:
        table_format = _format(name, stream.read(8))
        stream.seek(0)
        match, rest = _open_rows(stream, table_format, name, columns, closers, limits)
    except BaseException:
        for closer in closers:
            getattr(closer, "close", lambda: None)()
        raise
    width = _last_header_index(match) + 1
    headers = tuple(display_value(c).strip() for c in match.cells[:width])
    return Table(table_format, match.row_number, headers, dict(match.positions), rest, closers, limits, name)


def _open_rows(  # noqa: PLR0917 — one private step of open_table
    stream: BinaryIO,
    table_format: Format,
    name: str,
    columns: Sequence[Column],
    closers: list[object],
    limits: ReadLimits,
) -> tuple[_HeaderMatch, Iterator[tuple[int, tuple[CellValue, ...]]]]:
    if table_format == "csv":
        text, rows = _csv_rows(stream, name, limits)
        closers.insert(0, text)
        match, replay = _find_header(rows, columns)
        return _check_header(match, columns, name), chain(replay, rows)
    workbook = _open_workbook(stream, name, limits)
    closers.insert(0, workbook)
    unsaved = unsaved_formulas(stream)
    best: tuple[_HeaderMatch | None, Iterable[RawRow], Iterator[RawRow]] = (None, [], iter(()))
    for sheet_rows in _xlsx_sheets(workbook, name, unsaved):
        match, replay = _find_header(sheet_rows, columns)
        if match is not None and match.score == len(columns):
            return _check_header(match, columns, name), chain(replay, sheet_rows)
        if match is not None and (best[0] is None or match.score > best[0].score):
            best = (match, replay, sheet_rows)  # the first best sheet is kept, the others let go
    return _check_header(best[0], columns, name), chain(best[1], best[2])
