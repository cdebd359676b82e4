"""The downloadable error report: one line per reason, with the rejected row's original cells.

The report is bounded whatever the upload: at most ``MAX_REPORT_ROWS`` rejected rows are listed, each
cell cut to ``MAX_CELL_CHARS`` characters, and listing stops once ``MAX_REPORT_CHARS`` characters are
written; one last line says how many rows with errors are not listed ("另有 N 行错误未列出").
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from linghuo.spreadsheets.normalise import CellValue, display_value
from linghuo.spreadsheets.schema import RejectedRow
from linghuo.spreadsheets.spreadsheet_safety import formula_safe

REPORT_COLUMNS = ("行号", "列", "填写的内容", "原因")
MAX_REPORT_ROWS = 10_000
MAX_CELL_CHARS = 500
MAX_REPORT_CHARS = 50_000_000  # about the report's size before compression: its temporary file's bound
_BOLD = Font(bold=True)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def _export_cell(value: CellValue) -> CellValue:
    """A cell fit for export: formula-safe text, cut to ``MAX_CELL_CHARS``; times and durations as text."""
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, str):
        return formula_safe(_clip(value))
    return formula_safe(_clip(display_value(value)))


def not_listed_line(count: int) -> str:
    """The report's last line when rows with errors are left out."""
    return f"另有 {count} 行错误未列出 / {count} more rows with errors not listed"


def _size(values: Sequence[object]) -> int:
    return sum(len(v) if isinstance(v, str) else 8 for v in values)


def _bold_row(sheet: WriteOnlyWorksheet, values: Sequence[str]) -> list[Cell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=formula_safe(value))
        cell.font = _BOLD
        cells.append(cell)
    return cells


def write_error_report(
    rejected: Iterable[RejectedRow],
    *,
    headers: Sequence[str],
    target: str | os.PathLike[str] | io.BufferedIOBase | io.BytesIO,
    title: str = "导入错误明细",
    not_listed: int = 0,
    max_rows: int = MAX_REPORT_ROWS,
) -> int:
    """Write the report for ``rejected`` rows to a path or binary stream (streamed, write-only); returns
    how many rows it lists.

    ``headers`` are the uploaded file's header cells, used above the original cells. At most ``max_rows``
    rows are listed (and no more once ``MAX_REPORT_CHARS`` are written); the others, and ``not_listed``
    more left out by the caller, are counted on the last line.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(_bold_row(sheet, [*REPORT_COLUMNS, *(_clip(f"原表：{h}") if h else "" for h in headers)]))
    listed, written, left_out = 0, 0, not_listed
    for row in rejected:
        if listed >= max_rows or written > MAX_REPORT_CHARS:
            left_out += 1
            continue
        listed += 1
        original = [_export_cell(v) for v in row.cells]
        for error in row.errors:
            line = [
                error.row_number,
                formula_safe(_clip(error.column)),
                formula_safe(_clip(error.value)),
                formula_safe(_clip(error.reason)),
                *original,
            ]
            written += _size(line)
            sheet.append(line)
    if left_out:
        sheet.append(_bold_row(sheet, [not_listed_line(left_out)]))
    workbook.save(target)
    return listed


def error_report_bytes(
    rejected: Iterable[RejectedRow], *, headers: Sequence[str], title: str = "导入错误明细"
) -> bytes:
    """The error report as ``.xlsx`` bytes (for a download response)."""
    buffer = io.BytesIO()
    write_error_report(rejected, headers=headers, target=buffer, title=title)
    return buffer.getvalue()
