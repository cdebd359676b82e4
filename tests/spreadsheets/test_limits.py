"""Upload bombs: a file beyond the rows, columns, cells or unpacked size a roster needs is refused early,
before it is laid out in memory, and the error report stays bounded whatever the upload."""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from linghuo.spreadsheets import ROSTER, FileRejectedError, parse_file, write_error_report
from linghuo.spreadsheets import reading as reading_module
from linghuo.spreadsheets.limits import ReadLimits
from linghuo.spreadsheets.schema import RejectedRow, RowError
from tests.spreadsheets.files import ROSTER_HEADERS, crafted_xlsx, roster_row, write_csv, write_xlsx

TOO_MANY_ROWS = "行数超过上限"
UNPACKED = "解压后的内容过大"
MILLION = 1_000_000


class _Unpacked:
    """Counts the bytes unpacked from any zip part while installed."""

    def __init__(self) -> None:
        self.bytes = 0


@pytest.fixture
def unpacked(monkeypatch: pytest.MonkeyPatch) -> _Unpacked:
    counter = _Unpacked()
    read = zipfile.ZipExtFile.read

    def counting(self: zipfile.ZipExtFile, n: int | None = -1) -> bytes:
        data = read(self, n)
        counter.bytes += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return counter


@pytest.fixture
def no_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """calamine must not be asked to load the workbook: it would lay the whole sheet out in memory."""

    class Refusing:
        @classmethod
        def from_filelike(cls, *_args: Any, **_kwargs: Any) -> None:
            raise _ParserCalledError

    monkeypatch.setattr(reading_module, "CalamineWorkbook", Refusing)


class _ParserCalledError(BaseException):
    """Raised past the reader's own error handling: the workbook was handed to the parser."""


def _sheet_size(content: bytes) -> int:
    return zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml").file_size


@pytest.mark.usefixtures("no_parser")
def test_it_refuses_a_million_row_workbook_from_its_dimension_with_the_default_limits(
    unpacked: _Unpacked,
) -> None:
    content = crafted_xlsx(MILLION, dimension=f"A1:I{MILLION + 1}")
    assert len(content) < 8 * 1024 * 1024  # a small upload, well under the size limit
    tracemalloc.start()
    try:
        with pytest.raises(FileRejectedError, match=TOO_MANY_ROWS) as refused:
            parse_file(content, ROSTER, filename="名册.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "300,000" in refused.value.message
    assert unpacked.bytes < _sheet_size(content) // 10  # the dimension was enough: no full scan
    assert peak < 32 * 1024 * 1024  # a block or two of XML, never the million rows


@pytest.mark.usefixtures("no_parser")
def test_it_refuses_a_million_rows_under_a_lying_dimension_once_the_bound_is_passed(
    unpacked: _Unpacked,
) -> None:
    content = crafted_xlsx(MILLION, dimension="A1:I2")  # claims one data row

    with pytest.raises(FileRejectedError, match=TOO_MANY_ROWS):
        parse_file(content, ROSTER, filename="名册.xlsx")

    assert unpacked.bytes < _sheet_size(content) * 0.45  # stopped a little past row 300,000


def test_it_reads_a_workbook_within_the_row_bound(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [ROSTER_HEADERS] + [roster_row()] * 2)
    result = parse_file(path, ROSTER, limits=ReadLimits(max_rows=2))
    assert result.total == 2
    write_xlsx(path, [ROSTER_HEADERS] + [roster_row()] * 3)
    with pytest.raises(FileRejectedError, match=TOO_MANY_ROWS):
        parse_file(path, ROSTER, limits=ReadLimits(max_rows=2))


def test_it_counts_a_csv_files_lines_before_parsing_it(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名册.csv", [ROSTER_HEADERS] + [roster_row()] * 50)
    with pytest.raises(FileRejectedError, match=TOO_MANY_ROWS):
        parse_file(path, ROSTER, limits=ReadLimits(max_rows=10))


def test_it_refuses_a_csv_line_far_longer_than_a_roster_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名册.csv", [ROSTER_HEADERS, roster_row(结束日期="x" * 5_000)])
    with pytest.raises(FileRejectedError, match="超过 1,000 个字符"):
        parse_file(path, ROSTER, limits=ReadLimits(max_line_chars=1_000))


def test_it_refuses_a_csv_with_more_columns_than_allowed(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名册.csv", [ROSTER_HEADERS, [*roster_row(), *([""] * 40), "x"]])
    with pytest.raises(FileRejectedError, match="列数超过上限"):
        parse_file(path, ROSTER, limits=ReadLimits(max_columns=30))


def test_it_refuses_a_workbook_with_a_part_that_inflates_a_thousandfold() -> None:
    content = crafted_xlsx(1, extra_parts={"xl/media/blank.bin": b"\0" * (4 * 1024 * 1024)})
    assert len(content) < 64 * 1024
    with pytest.raises(FileRejectedError, match=UNPACKED):
        parse_file(content, ROSTER, filename="名册.xlsx")


def test_it_refuses_a_workbook_that_unpacks_to_more_than_allowed(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [ROSTER_HEADERS, roster_row()])
    unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    assert parse_file(path, ROSTER, limits=ReadLimits(max_unpacked_bytes=unpacked)).total == 1
    with pytest.raises(FileRejectedError, match=UNPACKED):
        parse_file(path, ROSTER, limits=ReadLimits(max_unpacked_bytes=unpacked - 1))


def test_it_refuses_a_part_that_unpacks_to_more_than_its_directory_entry_says(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [ROSTER_HEADERS, roster_row()])
    original = path.read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(original))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # the directory entry (and the local header) claim 100 bytes; the data inflates to its real size
    forged = bytearray(original)
    local = info.header_offset
    forged[local + 22 : local + 26] = (100).to_bytes(4, "little")
    central = original.rfind(b"xl/worksheets/sheet1.xml") - 46  # the name ends the central header
    forged[central + 24 : central + 28] = (100).to_bytes(4, "little")
    with pytest.raises(FileRejectedError, match=UNPACKED):
        parse_file(bytes(forged), ROSTER, filename="名册.xlsx")


def _rejected(count: int) -> list[RejectedRow]:
    return [
        RejectedRow(n, ("王芳", "x" * 10_000), (RowError(n, "身份证号", "x", "校验位不正确"),))
        for n in range(2, count + 2)
    ]


def test_it_lists_at_most_the_bound_of_rejected_rows_and_counts_the_others(tmp_path: Path) -> None:
    report = tmp_path / "错误.xlsx"

    listed = write_error_report(_rejected(25), headers=["姓名", "身份证号"], target=report, max_rows=10)

    lines = list(load_workbook(report).worksheets[0].iter_rows(min_row=2, values_only=True))
    assert listed == 10
    assert [line[0] for line in lines[:10]] == list(range(2, 12))
    assert lines[-1][0] == "另有 15 行错误未列出 / 15 more rows with errors not listed"
    assert len(lines) == 11
    assert all(len(str(line[5])) <= 500 for line in lines[:10])  # a 10,000-character cell is cut


def test_it_counts_the_rows_left_out_before_the_report_on_its_last_line(tmp_path: Path) -> None:
    report = io.BytesIO()
    write_error_report(_rejected(3), headers=["姓名"], target=report, not_listed=7)
    sheet = load_workbook(report).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)][-1] == (
        "另有 7 行错误未列出 / 7 more rows with errors not listed"
    )
