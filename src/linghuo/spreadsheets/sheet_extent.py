"""How much memory a workbook's sheets would take once laid out, read from the XML before loading them.

calamine lays a sheet out as a full grid from its first to its last used cell, so a few-kilobyte file
with one value in A1 and one in XFD1048576 would ask for hundreds of gigabytes and abort the process.
``sheet_cells`` streams each worksheet's XML (decompressed a block at a time, never whole) and bounds the
grid from the cell references; ``check_extent`` refuses a workbook whose grid is larger than a roster
could need.

>>> _column_number(b"A"), _column_number(b"Z"), _column_number(b"AA"), _column_number(b"XFD")
(1, 26, 27, 16384)
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable
from typing import BinaryIO

# A 50 MB upload holds about 750,000 rows of 9 columns; twice as many cells leaves room for wider forms.
MAX_SHEET_CELLS = 15_000_000
BLOCK = 4 * 1024 * 1024

_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,7})"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,7})"')
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW_TOKEN = re.compile(rb"<(?:\w+:)?c[\s>/]|</(?:\w+:)?row>|<(?:\w+:)?row[\s>/]")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def blocks(archive: zipfile.ZipFile, name: str, handle: Callable[[bytes], None]) -> None:
    """Feed ``handle`` the part's XML in blocks that end before a ``<`` (no tag cut in two)."""
    tail = b""
    with archive.open(name) as part:
        while block := part.read(BLOCK):
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


def _sheet_cells(archive: zipfile.ZipFile, name: str) -> int:
    """An upper bound of the cells of the grid calamine would lay out for one worksheet part."""
    columns, rows, cells, refs = 0, 0, 0, 0

    def scan(data: bytes) -> None:
        nonlocal columns, rows, cells, refs
        found = _CELL_REF.findall(data)
        if found:
            refs += len(found)
            columns = max(columns, *(_column_number(c) for c in {c for c, _ in found}))
            rows = max(rows, *(int(r) for _, r in found))
        cells += len(_CELL_OPEN.findall(data))

    blocks(archive, name, scan)
    if cells > refs:  # some cells are placed by counting: bound the rows and the cells in a row
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

        blocks(archive, name, count)
        columns += max(widest, current)
        rows = max(rows, row_refs) + row_count
    return rows * columns


def check_extent(stream: BinaryIO, refuse: Callable[[], Exception]) -> None:
    """Raise ``refuse()`` when a worksheet's grid would exceed ``MAX_SHEET_CELLS``.

    Not a zip or no worksheet parts: nothing to check here (the reader reports the damage).
    """
    position = stream.tell()
    try:
        with zipfile.ZipFile(stream) as archive:
            largest = max(
                (
                    _sheet_cells(archive, name)
                    for name in archive.namelist()
                    if name.startswith("xl/worksheets/") and name.endswith(".xml")
                ),
                default=0,
            )
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
        largest = 0  # damaged: calamine's reading gives the uploader the same message as any damage
    finally:
        stream.seek(position)
    if largest > MAX_SHEET_CELLS:
        raise refuse()
