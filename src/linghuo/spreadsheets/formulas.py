"""Formula cells a workbook holds without a saved result, read from the sheets' XML.

Excel saves each formula's last result beside it, and calamine reads that result. A workbook written by a
program that does not calculate (a script, some exporters) holds the formula alone: calamine then sees an
empty cell, and the uploader would be told "必填，不能为空" for a cell that is visibly filled in Excel. Such
cells are found here, so the row's error can say what is wrong. Only a worksheet whose XML contains a
formula at all is parsed (streamed, each cell let go once read); most rosters have none and cost one scan.

>>> _cell_position(b"C12"), _cell_position(b"AA1")
((12, 2), (1, 26))
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO
from xml.etree import ElementTree

from linghuo.spreadsheets.sheet_extent import blocks

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_REFERENCE = re.compile(rb"([A-Z]{1,3})([0-9]{1,7})")

Position = tuple[int, int]  # the row as numbered in Excel, the 0-based column


@dataclass(frozen=True, slots=True)
class UnsavedFormula:
    """A formula cell whose file holds no result (``formula`` as written, without ``=``; may be empty)."""

    formula: str

    def __str__(self) -> str:
        return f"={self.formula}" if self.formula else "（公式）"


def _cell_position(reference: bytes) -> Position:
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        raise ValueError(reference)
    column = 0
    for letter in match.group(1):
        column = column * 26 + letter - 64
    return int(match.group(2)), column - 1


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its worksheet part (``xl/worksheets/sheet1.xml``), from the workbook and its relations."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))  # noqa: S314 — a few KB, no DTDs
    relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))  # noqa: S314
    targets = {r.get("Id"): r.get("Target", "") for r in relations.iter(f"{_PACKAGE_RELS}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_RELATIONSHIP_ID))
        if target:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            parts[sheet.get("name", "")] = posixpath.normpath(path)
    return parts


def _has_formula(archive: zipfile.ZipFile, part: str) -> bool:
    found = False

    def scan(data: bytes) -> None:
        nonlocal found
        found = found or _FORMULA_TAG.search(data) is not None

    blocks(archive, part, scan)
    return found


def _no_result(cell: ElementTree.Element) -> bool:
    """No saved result: no ``<v>``, or an empty one (``<v />``) where the result is not a text."""
    value = cell.find(f"{_MAIN}v")
    return value is None or (not (value.text or "").strip() and cell.get("t") != "str")


def _unsaved_in_part(archive: zipfile.ZipFile, part: str) -> Iterator[tuple[Position, UnsavedFormula]]:
    row, column = 0, -1
    with archive.open(part) as stream:
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):  # noqa: S314
            if element.tag == f"{_MAIN}row" and event == "start":
                reference = element.get("r")
                row, column = (int(reference) if reference else row + 1), -1
            elif element.tag == f"{_MAIN}c" and event == "end":
                reference = element.get("r")
                column = _cell_position(reference.encode())[1] if reference else column + 1
                formula = element.find(f"{_MAIN}f")
                if formula is not None and _no_result(element):
                    yield (row, column), UnsavedFormula((formula.text or "").strip())
                element.clear()
            elif element.tag == f"{_MAIN}row" and event == "end":
                element.clear()


def unsaved_formulas(stream: BinaryIO) -> dict[str, dict[Position, UnsavedFormula]]:
    """Sheet name → the formula cells without a saved result, by position (sheets with none left out).

    A damaged or unusual file gives nothing here: the reader reports its damage as for any upload.
    """
    position = stream.tell()
    found: dict[str, dict[Position, UnsavedFormula]] = {}
    try:
        with zipfile.ZipFile(stream) as archive:
            for sheet, part in _sheet_parts(archive).items():
                if part in archive.namelist() and _has_formula(archive, part):
                    cells = dict(_unsaved_in_part(archive, part))
                    if cells:
                        found[sheet] = cells
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, KeyError, ElementTree.ParseError):
        return {}
    finally:
        stream.seek(position)
    return found
