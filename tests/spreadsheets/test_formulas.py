"""A formula cell saved without its result is reported as such, not as an empty cell; one with its saved
result is read as that result."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from linghuo.spreadsheets import ROSTER, parse_file
from linghuo.spreadsheets.formulas import UnsavedFormula, unsaved_formulas
from tests.spreadsheets.files import ROSTER_HEADERS, id_number, roster_row, write_xlsx

INCOME = ROSTER_HEADERS.index("月收入（元）")


def _roster_with_a_formula(tmp_path: Path) -> Path:
    # openpyxl, like many exporters, writes a formula without calculating it: no saved result
    return write_xlsx(
        tmp_path / "名册.xlsx",
        [
            ROSTER_HEADERS,
            roster_row(),
            roster_row(身份证号=id_number("32072219850505321"), **{"月收入（元）": "=2500+500"}),
        ],
    )


def _save_result(path: Path, reference: str, value: str) -> Path:
    """The workbook as Excel would save it: the formula's result written beside it."""
    out = path.with_name("saved.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'(<c r="' + reference.encode() + rb'"[^>]*>)(<f>[^<]*</f>)(<v>\s*</v>|<v\s*/>)?',
                    rb"\1\2<v>" + value.encode() + rb"</v>",
                    data,
                )
            target.writestr(item, data)
    return out


def test_it_says_the_cell_holds_a_formula_without_a_saved_result(tmp_path: Path) -> None:
    result = parse_file(_roster_with_a_formula(tmp_path), ROSTER)
    assert [r.row_number for r in result.accepted] == [2]
    [error] = result.errors
    assert (error.row_number, error.column, error.value) == (3, "月收入（元）", "=2500+500")
    assert "公式" in error.reason
    assert "没有保存计算结果" in error.reason
    assert "不能为空" not in error.reason


def test_it_reads_a_formula_with_its_saved_result_as_that_result(tmp_path: Path) -> None:
    column = chr(ord("A") + INCOME)
    saved = _save_result(_roster_with_a_formula(tmp_path), f"{column}3", "3000")
    assert unsaved_formulas(saved.open("rb")) == {}
    result = parse_file(saved, ROSTER)
    assert result.errors == []
    assert [r.monthly_income_fen for r in result.accepted] == [300_000, 300_000]


def test_it_finds_the_unsaved_formulas_by_sheet_and_position(tmp_path: Path) -> None:
    with _roster_with_a_formula(tmp_path).open("rb") as stream:
        assert unsaved_formulas(stream) == {"名册": {(3, INCOME): UnsavedFormula("2500+500")}}


def test_it_finds_none_in_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    with path.open("rb") as stream:
        assert unsaved_formulas(stream) == {}
