"""How large a workbook is once unpacked and laid out, read from the zip and the XML before loading it.

calamine lays a sheet out as a full grid from its first to its last used cell, and holds every shared
string, so a few-kilobyte file with one value in A1 and one in XFD1048576, a sheet of a million tiny rows,
or a part that inflates a thousandfold would ask for gigabytes. ``check_extent`` looks, cheapest first, at
the zip's directory (how many parts, their unpacked sizes and compression ratios), at each worksheet's
``<dimension>`` and then streams its XML (decompressed a block at a time, never whole), bounding rows,
columns and the grid from the cell references and stopping as soon as a bound (``ReadLimits``) is passed.
Every other part is unpacked once too, up to the same budget, so that no part unpacks to more than the
directory says. The answer is an ``Extent``; the reader turns it into the uploader's message.

>>> _column_number(b"A"), _column_number(b"Z"), _column_number(b"AA"), _column_number(b"XFD")
(1, 26, 27, 16384)
"""

from __future__ import annotations

import copy
import enum
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from typing import IO, BinaryIO

from linghuo.spreadsheets.limits import DEFAULT_LIMITS, ReadLimits

MAX_SHEET_CELLS = DEFAULT_LIMITS.max_cells
BLOCK = 4 * 1024 * 1024
RATIO_FLOOR = 1024 * 1024  # parts smaller than this unpacked are not judged by their compression ratio

_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,7})"')
_ROW_OPEN = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_TOKEN = re.compile(rb"<(?:\w+:)?c[\s>/]|</(?:\w+:)?row>|<(?:\w+:)?row[\s>/]")
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s[^>]*?\bref="([A-Z]{0,3})([0-9]{0,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"'
)
_END_OF_DIRECTORY = b"PK\x05\x06"


class Extent(enum.Enum):
    """What the look before loading found."""

    FITS = "fits"
    DAMAGED = "damaged"  # not a readable zip: the reader says so as for any damage
    UNPACKED_TOO_LARGE = "unpacked_too_large"  # too many parts, too large unpacked, or a bomb's ratio
    TOO_MANY_COLUMNS = "too_many_columns"
    USED_RANGE_TOO_LARGE = "used_range_too_large"  # the grid (rows × columns) exceeds the cells' bound
    TOO_MANY_ROWS = "too_many_rows"


class _StopError(Exception):
    def __init__(self, extent: Extent) -> None:
        super().__init__(extent.value)
        self.extent = extent


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _Budget:
    """The bytes still allowed to be unpacked from one workbook, across its parts."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise _StopError(Extent.UNPACKED_TOO_LARGE)


def _unpacked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget | None) -> IO[bytes]:
    """The part's content as it really unpacks, not cut at the size its directory entry claims: a part
    that unpacks to more than it claims (which some readers would read on) is refused once it does."""
    if budget is None:
        return archive.open(info)
    probe = copy.copy(info)
    probe.file_size = max(info.file_size, budget.left) + 1
    return archive.open(probe)


def blocks(
    archive: zipfile.ZipFile,
    name: str | zipfile.ZipInfo,
    handle: Callable[[bytes], None],
    budget: _Budget | None = None,
) -> None:
    """Feed ``handle`` the part's XML in blocks that end before a ``<`` (no tag cut in two); with a
    ``budget``, the bytes unpacked are counted against it and against the part's declared size."""
    info = name if isinstance(name, zipfile.ZipInfo) else archive.getinfo(name)
    tail = b""
    read = 0
    with _unpacked(archive, info, budget) as part:
        while block := part.read(BLOCK):
            read += len(block)
            if budget is not None:
                if read > info.file_size:
                    raise _StopError(Extent.UNPACKED_TOO_LARGE)
                budget.spend(len(block))
            data = tail + block
            cut = data.rfind(b"<")
            if cut <= 0:
                tail = data if len(data) < BLOCK else b""
                if not tail:
                    handle(data)
                continue
            handle(data[:cut])
            tail = data[cut:]
    if tail:
        handle(tail)


class _Grid:
    """The extent of one sheet as its XML is read, checked against the limits after every block."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.columns = 0
        self.rows = 0  # the last row referenced, or the rows counted when that is more
        self.row_tags = 0
        self.cells = 0
        self.refs = 0
        self.started = False

    def check(self, rows: int, columns: int) -> None:
        if columns > self.limits.max_columns:
            raise _StopError(Extent.TOO_MANY_COLUMNS)
        if rows > self.limits.allowed_sheet_rows:
            raise _StopError(Extent.TOO_MANY_ROWS)
        if rows * columns > self.limits.max_cells:
            raise _StopError(Extent.USED_RANGE_TOO_LARGE)

    def dimension(self, data: bytes) -> None:
        """The ``<dimension ref="A1:I300001"/>`` the writer declared: refused at once when it is too large
        (a smaller one may lie, so the cells are counted all the same)."""
        found = _DIMENSION.search(data, 0, 64 * 1024)
        if found is None:
            return
        last_column, last_row = (found.group(3), found.group(4)) if found.group(3) else found.group(1, 2)
        if last_column and last_row:
            self.check(int(last_row), _column_number(last_column))

    def scan(self, data: bytes) -> None:
        if not self.started:  # the first block: the dimension comes before the rows
            self.started = True
            self.dimension(data)
        found = _CELL_REF.findall(data)
        if found:
            self.refs += len(found)
            self.columns = max(self.columns, *(_column_number(c) for c in {c for c, _ in found}))
            self.rows = max(self.rows, *(int(r) for _, r in found))
        self.row_tags += len(_ROW_OPEN.findall(data))
        self.cells += len(_CELL_OPEN.findall(data))
        # calamine places a row or cell without a reference after the one before: the rows counted
        # bound the grid from below as well
        self.check(max(self.rows, self.row_tags), self.columns)


def _sheet_cells(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: ReadLimits = DEFAULT_LIMITS,
    budget: _Budget | None = None,
) -> int:
    """An upper bound of the cells of the grid calamine would lay out for one worksheet part;
    ``_StopError`` as soon as a bound of ``limits`` is passed."""
    grid = _Grid(limits)
    blocks(archive, info, grid.scan, budget)
    columns, rows = grid.columns, grid.rows
    if grid.cells > grid.refs:  # some cells are placed by counting: bound the rows and the cells in a row
        widest, current, row_count, row_refs = 0, 0, 0, 0

        def count(data: bytes) -> None:
            nonlocal widest, current, row_count, row_refs
            for token in _ROW_TOKEN.finditer(data):
                text = token.group()
                if text.startswith(b"</"):
                    widest, current = max(widest, current), 0
                elif b"row" in text[:6]:
                    row_count += 1
                else:
                    current += 1
            row_refs = max([row_refs, *(int(r) for r in _ROW_REF.findall(data))])
            grid.check(max(row_refs, row_count), columns + max(widest, current))

        blocks(archive, info, count)  # the part was unpacked once already, within the budget
        columns += max(widest, current)
        rows = max(rows, row_refs) + row_count
    grid.check(rows, columns)
    return rows * columns


def _declared_parts(stream: BinaryIO) -> int | None:
    """How many parts the zip's end-of-directory record declares (``None``: no such record), read from
    the file's tail before the directory itself is read."""
    end = stream.seek(0, io.SEEK_END)
    start = max(0, end - (22 + 65535))
    stream.seek(start)
    tail = stream.read(end - start)
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) < at + 22:
        return None
    return int.from_bytes(tail[at + 10 : at + 12], "little")


def _directory(archive: zipfile.ZipFile, limits: ReadLimits) -> list[zipfile.ZipInfo]:
    parts = archive.infolist()
    if sum(info.file_size for info in parts) > limits.max_unpacked_bytes:
        raise _StopError(Extent.UNPACKED_TOO_LARGE)
    for info in parts:
        if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise _StopError(Extent.UNPACKED_TOO_LARGE)
    return parts


def _is_worksheet(info: zipfile.ZipInfo) -> bool:
    return info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")


def check_extent(stream: BinaryIO, limits: ReadLimits = DEFAULT_LIMITS) -> Extent:
    """Whether a workbook fits ``limits`` once unpacked and laid out (see the module), looked at before
    any of it is parsed; the stream is left where it was."""
    position = stream.tell()
    try:
        declared = _declared_parts(stream)
        if declared is None:
            return Extent.DAMAGED
        if declared > limits.max_parts:  # 0xFFFF: a zip64 directory, never an Excel workbook's
            return Extent.UNPACKED_TOO_LARGE
        stream.seek(0)
        with zipfile.ZipFile(stream) as archive:
            parts = _directory(archive, limits)
            budget = _Budget(limits.max_unpacked_bytes)
            for info in sorted(parts, key=lambda i: not _is_worksheet(i)):
                if _is_worksheet(info):
                    _sheet_cells(archive, info, limits, budget)
                elif not info.is_dir():
                    blocks(archive, info, lambda _data: None, budget)
    except _StopError as stop:
        return stop.extent
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        KeyError,
        RuntimeError,
        NotImplementedError,
    ):
        return Extent.DAMAGED
    finally:
        stream.seek(position)
    return Extent.FITS
