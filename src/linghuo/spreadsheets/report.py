"""The downloadable error report: one line per reason, with the rejected row's original cells."""

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
_BOLD = Font(bold=True)


def _export_cell(value: CellValue) -> CellValue:
    """A cell fit for export: formula-safe text; times and durations as text."""
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, str):
        return formula_safe(value)
    return formula_safe(display_value(value))


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
) -> None:
    """Write the report for ``rejected`` rows to a path or binary stream (streamed, write-only).

    ``headers`` are the uploaded file's header cells, used above the original cells.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(_bold_row(sheet, [*REPORT_COLUMNS, *(f"原表：{h}" if h else "" for h in headers)]))
    for row in rejected:
        original = [_export_cell(v) for v in row.cells]
        for error in row.errors:
            sheet.append(
                [
                    error.row_number,
                    formula_safe(error.column),
                    formula_safe(error.value),
                    formula_safe(error.reason),
                    *original,
                ]
            )
    workbook.save(target)


def error_report_bytes(
    rejected: Iterable[RejectedRow], *, headers: Sequence[str], title: str = "导入错误明细"
) -> bytes:
    """The error report as ``.xlsx`` bytes (for a download response)."""
    buffer = io.BytesIO()
    write_error_report(rejected, headers=headers, target=buffer, title=title)
    return buffer.getvalue()
