"""Opening real upload files: header search, columns, damaged files, encodings, size limit."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from linghuo.spreadsheets import CONTRIBUTIONS, ROSTER, EmploymentForm, FileRejectedError, parse_file
from tests.spreadsheets.files import (
    CONTRIBUTION_HEADERS,
    ROSTER_HEADERS,
    id_number,
    roster_row,
    write_csv,
    write_xlsx,
)


def test_it_finds_the_header_below_title_rows(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "名册.xlsx",
        [
            ["某某平台2024年3月从业人员名册"],
            ["填报单位：某某科技有限公司", None, None, "填报日期：2024-04-02"],
            ROSTER_HEADERS,
            roster_row(),
        ],
    )
    result = parse_file(path, ROSTER)
    assert result.header_row == 3
    assert [r.row_number for r in result.accepted] == [4]
    assert result.accepted[0].id_number == id_number()


def test_it_matches_headers_with_spaces_half_width_brackets_and_required_marks(tmp_path: Path) -> None:
    loose = [
        " 姓名 ",
        "*身份证号",
        "手机号\n",
        "从业 形态",
        "工作地区划代码",
        "月收入(元)",
        "是否参加社会保险",
        "开始日期",
        "结束日期",
    ]
    path = write_xlsx(tmp_path / "名册.xlsx", [loose, roster_row()])
    result = parse_file(path, ROSTER)
    assert result.counts() == {"rows": 1, "accepted": 1, "rejected": 0}


def test_it_names_missing_and_unknown_columns_in_one_message(tmp_path: Path) -> None:
    headers = [h for h in ROSTER_HEADERS if h not in ("手机号", "开始日期")] + ["电话"]
    path = write_xlsx(tmp_path / "名册.xlsx", [headers, ["李雷"]])
    with pytest.raises(FileRejectedError) as caught:
        parse_file(path, ROSTER)
    message = caught.value.message
    assert "缺少列「手机号」「开始日期」" in message
    assert "无法识别的列「电话」" in message
    assert "第1行" in message


def test_it_names_a_repeated_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [[*ROSTER_HEADERS, "姓名"], roster_row()])
    with pytest.raises(FileRejectedError, match="重复的列「姓名」"):
        parse_file(path, ROSTER)


def test_it_says_when_no_header_is_found(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(FileRejectedError, match="没有找到表头"):
        parse_file(path, ROSTER)


def test_it_keeps_excel_row_numbers_across_blank_rows(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "名册.xlsx",
        [ROSTER_HEADERS, roster_row(), [], [None, " "], roster_row(身份证号=id_number("32070619900101456"))],
    )
    result = parse_file(path, ROSTER)
    assert [r.row_number for r in result.accepted] == [2, 5]


def test_it_reads_typed_excel_cells(tmp_path: Path) -> None:
    row = roster_row(
        手机号=13812345678,
        工作地区划代码=320705,
        开始日期=dt.datetime(2024, 3, 1),
        结束日期=45473,  # serial of 2024-06-30
        是否参加社会保险=True,
    )
    row[5] = 3000.5
    path = write_xlsx(tmp_path / "名册.xlsx", [ROSTER_HEADERS, row])
    [worker] = parse_file(path, ROSTER).accepted
    assert worker.mobile == "13812345678"
    assert worker.work_division == "320706"
    assert worker.monthly_income_fen == 300050
    assert worker.start_date == dt.date(2024, 3, 1)
    assert worker.end_date == dt.date(2024, 6, 30)
    assert worker.social_insurance is True


def test_it_reads_a_year_month_typed_as_a_number_in_excel(tmp_path: Path) -> None:
    row = ["李雷", id_number(), 202403, "养老", 4879, 975.8, "是"]
    path = write_xlsx(tmp_path / "缴费.xlsx", [CONTRIBUTION_HEADERS, row])
    [record] = parse_file(path, CONTRIBUTIONS).accepted
    assert record.period == dt.date(2024, 3, 1)
    assert (record.base_fen, record.paid_fen) == (487900, 97580)


def test_it_finds_the_roster_on_a_later_sheet_keeping_that_sheets_row_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "填表说明"
    notes.append(["请按第二张表的列填写"])
    notes.append(["姓名", "身份证号"])  # a partial header: the full one on the next sheet wins
    roster = workbook.create_sheet("名册")
    roster.append(["某某平台从业人员名册"])
    roster.append(ROSTER_HEADERS)
    roster.append(roster_row())
    workbook.save(tmp_path / "名册.xlsx")
    result = parse_file(tmp_path / "名册.xlsx", ROSTER)
    assert result.header_row == 2
    assert [r.row_number for r in result.accepted] == [3]


def test_it_keeps_excel_row_and_column_numbers_when_the_table_starts_at_c4(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    rows: list[list[object]] = [
        list(ROSTER_HEADERS),
        roster_row(),
        [*roster_row(身份证号=id_number("32070619900101456")), None, "备注"],
    ]
    for values in [[], [], [], *rows]:  # three empty rows, then columns A and B left empty
        sheet.append([None, None, *values] if values else [])
    workbook.save(tmp_path / "名册.xlsx")
    result = parse_file(tmp_path / "名册.xlsx", ROSTER)
    assert result.header_row == 4
    assert [r.row_number for r in result.accepted] == [5]
    [error] = result.errors
    assert (error.row_number, error.column) == (6, "第13列")  # column M: 2 empty + 9 headers + 1 gap + 1


def test_it_normalises_a_messy_row_end_to_end(tmp_path: Path) -> None:
    number = id_number("32070619900101006")  # ends in X
    full_width_mobile = "".join(chr(ord(c) + 0xFEE0) for c in "13912345678")
    messy = roster_row(
        姓名=" 王 小明 ",
        身份证号=f" {number.lower()} ",
        手机号=full_width_mobile,
        从业形态=" 非全日制 ",
        工作地区划代码="３２０７２２",
        开始日期="2024年3月1日",
        结束日期="2024/12/31",
        是否参加社会保险="N",
    )
    messy[5] = "￥3,000.00"
    for path in (
        write_xlsx(tmp_path / "名册.xlsx", [ROSTER_HEADERS, messy]),
        write_csv(tmp_path / "名册.csv", [ROSTER_HEADERS, messy]),
    ):
        [worker] = parse_file(path, ROSTER).accepted
        assert (worker.name, worker.id_number, worker.mobile) == ("王小明", number, "13912345678")
        assert worker.employment_form is EmploymentForm.PART_TIME
        assert worker.work_division == "320722"
        assert worker.monthly_income_fen == 300000
        assert worker.social_insurance is False
        assert (worker.start_date, worker.end_date) == (dt.date(2024, 3, 1), dt.date(2024, 12, 31))


def test_it_reads_a_gb18030_csv_as_chinese_excel_writes_it(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名册.csv", [ROSTER_HEADERS, roster_row(姓名="欧阳䶮")], encoding="gb18030")
    [worker] = parse_file(path, ROSTER).accepted
    assert worker.name == "欧阳䶮"  # 䶮 is outside GBK: only GB18030 has it


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_it_reads_utf8_csv_with_or_without_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    path = write_csv(tmp_path / "名册.csv", [ROSTER_HEADERS, roster_row(姓名="张三")], encoding=encoding)
    [worker] = parse_file(path, ROSTER).accepted
    assert worker.name == "张三"


def test_it_reads_bytes_and_streams_given_a_file_name(tmp_path: Path) -> None:
    data = write_xlsx(tmp_path / "x.xlsx", [ROSTER_HEADERS, roster_row()]).read_bytes()
    assert parse_file(data, ROSTER, filename="上传.xlsx").counts()["accepted"] == 1
    assert parse_file(io.BytesIO(data), ROSTER, filename="上传.xlsx").counts()["accepted"] == 1


def test_it_reports_a_value_in_a_column_without_header(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [ROSTER_HEADERS, [*roster_row(), None, "备注内容"]])
    result = parse_file(path, ROSTER)
    assert result.accepted == []
    assert result.errors[0].column == "第11列"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (os.urandom(4096), "名册.xlsx"),
        ("姓名,身份证号\n李雷,1\n".encode(), "名册.xlsx"),  # a CSV renamed .xlsx
        (b"PK\x03\x04" + os.urandom(2000), "名册.xlsx"),  # looks like a zip, is not
    ],
)
def test_it_rejects_a_corrupt_xlsx_with_a_clear_message(content: bytes, name: str) -> None:
    with pytest.raises(FileRejectedError, match="不是有效的 Excel"):
        parse_file(content, ROSTER, filename=name)


def test_it_rejects_a_truncated_xlsx(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "名册.xlsx", [ROSTER_HEADERS] + [roster_row()] * 50).read_bytes()
    with pytest.raises(FileRejectedError, match="不是有效的 Excel"):
        parse_file(whole[: len(whole) // 2], ROSTER, filename="名册.xlsx")


def test_it_rejects_a_zip_that_is_not_a_workbook() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    with pytest.raises(FileRejectedError, match="不是有效的 Excel"):
        parse_file(buffer.getvalue(), ROSTER, filename="名册.xlsx")


def test_it_asks_for_xlsx_instead_of_legacy_xls() -> None:
    with pytest.raises(FileRejectedError, match=r"另存为"):
        parse_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), ROSTER, filename="名册.xls")


def test_it_refuses_other_file_types() -> None:
    with pytest.raises(FileRejectedError, match=r"只接受 \.xlsx 和 \.csv"):
        parse_file(b"%PDF-1.7", ROSTER, filename="名册.pdf")


def test_it_refuses_an_oversized_upload_before_parsing_naming_the_limit_in_mb(tmp_path: Path) -> None:
    limit = 1024 * 1024  # 1 MB
    oversized = b"\x00" * (limit + 1)  # not even a workbook: the size is checked first
    with pytest.raises(FileRejectedError, match=r"不能超过 1 MB"):
        parse_file(oversized, ROSTER, filename="名册.xlsx", max_bytes=limit)
    path = tmp_path / "大.csv"
    path.write_bytes(oversized)
    with pytest.raises(FileRejectedError, match=r"不能超过 1 MB"):
        parse_file(path, ROSTER, max_bytes=limit)


def test_it_accepts_a_file_exactly_at_the_limit(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "名册.csv", [ROSTER_HEADERS, roster_row()])
    assert parse_file(path, ROSTER, max_bytes=path.stat().st_size).counts()["accepted"] == 1


def test_it_refuses_a_tiny_workbook_whose_used_range_spans_the_whole_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(ROSTER_HEADERS)
    sheet.append(roster_row())
    sheet["XFD1048576"] = "x"  # laid out as one grid: 17 billion cells from a file of a few kilobytes
    workbook.save(tmp_path / "名册.xlsx")
    with pytest.raises(FileRejectedError, match="使用范围过大"):
        parse_file(tmp_path / "名册.xlsx", ROSTER)
