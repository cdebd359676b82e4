"""The downloadable templates: ``.xlsx`` (bold headers, an example row, an explanation sheet) and ``.csv``."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from linghuo.spreadsheets.normalise import display_value
from linghuo.spreadsheets.schema import RowT, TableSpec
from linghuo.spreadsheets.spreadsheet_safety import formula_safe

TEXT_FORMAT = "@"  # Excel's “文本” format: keeps ID numbers' 18 digits and leading zeros
DATE_FORMAT = "yyyy-mm-dd"
_TEXT_COLUMNS = frozenset({"id_number", "mobile", "work_division"})
_PREFORMATTED_ROWS = 1000


def template_xlsx(spec: TableSpec[RowT]) -> bytes:
    """The ``.xlsx`` template of ``spec``: a data sheet and a 填写说明 sheet, as bytes."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = spec.name[:31]
    bold = Font(bold=True)
    for index, column in enumerate(spec.columns, start=1):
        header = sheet.cell(row=1, column=index, value=formula_safe(column.header))
        header.font = bold
        example = sheet.cell(row=2, column=index, value=formula_safe(column.example))
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(column.header) * 2 + 4)
        if column.key in _TEXT_COLUMNS:
            for row in range(2, _PREFORMATTED_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = TEXT_FORMAT
        elif isinstance(column.example, dt.date):
            example.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    _explanation_sheet(workbook, spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _explanation_sheet(workbook: Workbook, spec: TableSpec[RowT]) -> None:
    sheet = workbook.create_sheet("填写说明")
    bold = Font(bold=True)
    for index, title in enumerate(("列名", "是否必填", "填写要求与可接受的值", "示例"), start=1):
        sheet.cell(row=1, column=index, value=title).font = bold
    for row, column in enumerate(spec.columns, start=2):
        sheet.cell(row=row, column=1, value=formula_safe(column.header))
        sheet.cell(row=row, column=2, value="必填" if column.required else "可空")
        rule = sheet.cell(row=row, column=3, value=formula_safe(column.rule))
        rule.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row=row, column=4, value=formula_safe(display_value(column.example)))
    notes = (
        "第一行是表头，请勿修改列名；表头上方可以有标题行。",
        "第二行是示例，上传前请删除（保留示例行会被判为错误）。",
        "每人一行；同一文件中同一人出现多次的，只导入第一次出现的行，其余行列入错误报告。",
        "有错误的行不会导入，其余行照常导入；请下载错误报告修改后重新上传，重复上传不会重复导入。",
    )
    start = len(spec.columns) + 3
    sheet.cell(row=start, column=1, value="说明").font = bold
    for offset, note in enumerate(notes, start=1):
        sheet.cell(row=start + offset, column=1, value=f"{offset}. {note}")
    for letter, width in (("A", 20), ("B", 10), ("C", 70), ("D", 24)):
        sheet.column_dimensions[letter].width = width


def template_csv(spec: TableSpec[RowT]) -> bytes:
    """The ``.csv`` template of ``spec`` (UTF-8 with a byte-order mark, so Excel opens it right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([formula_safe(c.header) for c in spec.columns])
    writer.writerow([formula_safe(display_value(c.example)) for c in spec.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
