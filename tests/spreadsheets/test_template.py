"""The downloadable templates: what they contain, and that they read back through the parser."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from linghuo.spreadsheets import (
    CONTRIBUTIONS,
    ROSTER,
    EmploymentForm,
    parse_file,
    template_csv,
    template_xlsx,
)
from tests.spreadsheets.files import CONTRIBUTION_HEADERS, ROSTER_HEADERS, id_number


def test_it_publishes_exactly_the_rosters_headers_in_bold_with_an_example() -> None:
    book = load_workbook(io.BytesIO(template_xlsx(ROSTER)))
    data = book.worksheets[0]
    assert [c.value for c in data[1]] == ROSTER_HEADERS
    assert all(c.font.bold for c in data[1])
    example = [c.value for c in data[2]]
    assert example[0] == "张三"
    assert data.cell(row=2, column=2).data_type == "s"  # the ID number is text, all 18 characters


def test_it_explains_every_column_on_a_second_sheet() -> None:
    book = load_workbook(io.BytesIO(template_xlsx(ROSTER)))
    explanation = book["填写说明"]
    rows = {row[0]: row for row in explanation.iter_rows(min_row=2, values_only=True) if row[0]}
    for header in ROSTER_HEADERS:
        assert header in rows
    forms_rule = str(rows["从业形态"][2])
    for form in EmploymentForm:
        assert form.value in forms_rule
        assert form.label in forms_rule
    assert rows["结束日期"][1] == "可空"


def test_it_rejects_only_the_example_when_the_template_is_uploaded_unchanged() -> None:
    for data, name in ((template_xlsx(ROSTER), "模板.xlsx"), (template_csv(ROSTER), "模板.csv")):
        result = parse_file(data, ROSTER, filename=name)
        assert result.counts() == {"rows": 1, "accepted": 0, "rejected": 1}
        assert "示例行" in result.errors[0].reason


def test_it_accepts_a_filled_in_template(tmp_path: Path) -> None:
    book = load_workbook(io.BytesIO(template_xlsx(ROSTER)))
    sheet = book.worksheets[0]
    values = ["韩梅梅", id_number(), "13512345678", "个体经营", "320723", "2,500", "否", "2024-01-15", None]
    for column, value in enumerate(values, start=1):
        sheet.cell(row=2, column=column, value=value)
    path = tmp_path / "填好的模板.xlsx"
    book.save(path)
    [worker] = parse_file(path, ROSTER).accepted
    assert (worker.name, worker.employment_form, worker.monthly_income_fen) == (
        "韩梅梅",
        EmploymentForm.INDIVIDUAL_BUSINESS,
        250000,
    )


def test_it_writes_the_csv_template_in_utf8_with_a_byte_order_mark() -> None:
    data = template_csv(CONTRIBUTIONS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == CONTRIBUTION_HEADERS
    assert len(rows[1]) == len(CONTRIBUTION_HEADERS)


def test_it_publishes_the_contribution_template() -> None:
    book = load_workbook(io.BytesIO(template_xlsx(CONTRIBUTIONS)))
    assert [c.value for c in book.worksheets[0][1]] == CONTRIBUTION_HEADERS
    assert parse_file(template_xlsx(CONTRIBUTIONS), CONTRIBUTIONS, filename="t.xlsx").rejected
