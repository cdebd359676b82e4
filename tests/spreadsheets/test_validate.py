"""Row validation over whole files: every reason reported, repeats caught, results streamed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from linghuo.spreadsheets import (
    CONTRIBUTIONS,
    EXAMPLE_ID_NUMBER,
    ROSTER,
    InsuranceType,
    iter_chunks,
    open_table,
    parse_file,
)
from tests.spreadsheets.files import (
    CONTRIBUTION_HEADERS,
    ROSTER_HEADERS,
    id_number,
    roster_row,
    write_csv,
    write_xlsx,
)


def test_it_rejects_later_duplicates_naming_the_first_row(tmp_path: Path) -> None:
    same = id_number()
    other = id_number("32072219850505321")
    path = write_xlsx(
        tmp_path / "名册.xlsx",
        [
            ["2024年3月名册"],
            ROSTER_HEADERS,
            roster_row(身份证号=same),
            roster_row(身份证号=other),
            roster_row(身份证号=same.lower(), 姓名="李雷"),  # the same person, written differently
            roster_row(身份证号=same, 手机号="13700000000"),
        ],
    )
    result = parse_file(path, ROSTER)
    assert [r.row_number for r in result.accepted] == [3, 4]
    assert [r.row_number for r in result.rejected] == [5, 6]
    for error in result.errors:
        assert error.column == "身份证号"
        assert "与第3行重复" in error.reason


def test_it_rejects_an_invalid_id_number_and_keeps_the_good_rows(tmp_path: Path) -> None:
    good = id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    path = write_csv(tmp_path / "名册.csv", [ROSTER_HEADERS, roster_row(), roster_row(身份证号=bad)])
    result = parse_file(path, ROSTER)
    assert [r.row_number for r in result.accepted] == [2]
    [error] = result.errors
    assert (error.row_number, error.column, error.value) == (3, "身份证号", bad)
    assert "校验位" in error.reason


def test_it_reports_every_bad_field_of_a_row(tmp_path: Path) -> None:
    row = roster_row(
        姓名="",
        手机号="123",
        工作地区划代码="320102",
        开始日期="2024-05-01",
        结束日期="2024-04-30",
    )
    row[5] = "3000.123"
    path = write_xlsx(tmp_path / "名册.xlsx", [ROSTER_HEADERS, row])
    [rejected] = parse_file(path, ROSTER).rejected
    by_column = {e.column: e for e in rejected.errors}
    assert set(by_column) == {"姓名", "手机号", "工作地区划代码", "月收入（元）", "结束日期"}
    assert by_column["姓名"].reason == "必填，不能为空"
    assert by_column["月收入（元）"].value == "3000.123"
    assert "早于开始日期" in by_column["结束日期"].reason
    assert rejected.cells[1] == id_number()  # the original cells, as given


def test_it_accepts_an_empty_end_date_and_an_end_equal_to_the_start(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "名册.xlsx",
        [
            ROSTER_HEADERS,
            roster_row(结束日期=None),
            roster_row(身份证号=id_number("32070619900101456"), 结束日期="2024-03-01"),
        ],
    )
    workers = parse_file(path, ROSTER).accepted
    assert [w.end_date for w in workers] == [None, dt.date(2024, 3, 1)]


def test_it_rejects_the_templates_example_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "名册.xlsx", [ROSTER_HEADERS, roster_row(身份证号=EXAMPLE_ID_NUMBER)])
    result = parse_file(path, ROSTER)
    assert result.accepted == []
    assert "示例行" in result.errors[0].reason


def test_it_streams_in_chunks_and_reports_progress(tmp_path: Path) -> None:
    rows = [roster_row(身份证号=id_number(f"32072219850505{i:03d}")) for i in range(25)]
    rows[7][2] = "bad"
    path = write_xlsx(tmp_path / "名册.xlsx", [ROSTER_HEADERS, *rows])
    progress: list[int] = []
    with open_table(path, ROSTER.columns) as table:
        chunks = list(iter_chunks(table, ROSTER, chunk_size=10, on_progress=progress.append))
    assert progress == [10, 20, 25]
    assert [len(c.accepted) + len(c.rejected) for c in chunks] == [10, 10, 5]
    assert chunks[0].rejected[0].row_number == 9  # the 8th data row, below the header


def test_it_reports_progress_for_a_parse(tmp_path: Path) -> None:
    rows = [roster_row(身份证号=id_number(f"32072219850505{i:03d}")) for i in range(12)]
    path = write_csv(tmp_path / "名册.csv", [ROSTER_HEADERS, *rows])
    progress: list[int] = []
    result = parse_file(path, ROSTER, chunk_size=5, on_progress=progress.append)
    assert progress == [5, 10, 12]
    assert result.counts() == {"rows": 12, "accepted": 12, "rejected": 0}


def contribution(**overrides: object) -> list[object]:
    row: dict[str, object] = {
        "姓名": "李雷",
        "身份证号": id_number(),
        "缴费年月": "2024-03",
        "险种": "企业职工基本养老保险",
        "缴费基数（元）": "4,879.00",
        "个人实缴金额（元）": "975.80",
        "是否按最低基数缴费": "是",
    }
    row.update(overrides)
    return [row[h] for h in CONTRIBUTION_HEADERS]


def test_it_reads_contribution_records(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "缴费.xlsx",
        [
            ["连云港市社会保险事业管理中心 缴费明细"],
            CONTRIBUTION_HEADERS,
            contribution(),
            contribution(险种="医疗", 缴费年月="2024年3月", 是否按最低基数缴费="否"),
            contribution(缴费年月=dt.datetime(2024, 4, 1)),
        ],
    )
    records = parse_file(path, CONTRIBUTIONS).accepted
    assert [(r.period, r.insurance) for r in records] == [
        (dt.date(2024, 3, 1), InsuranceType.ENTERPRISE_PENSION),
        (dt.date(2024, 3, 1), InsuranceType.EMPLOYEE_MEDICAL),
        (dt.date(2024, 4, 1), InsuranceType.ENTERPRISE_PENSION),
    ]
    assert (records[0].base_fen, records[0].paid_fen, records[0].minimum_base) == (487900, 97580, True)
    assert records[1].minimum_base is False


def test_it_rejects_a_repeated_contribution_for_the_same_person_month_and_insurance(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "缴费.csv",
        [CONTRIBUTION_HEADERS, contribution(), contribution(险种="医疗"), contribution(险种="养老")],
        encoding="gb18030",
    )
    result = parse_file(path, CONTRIBUTIONS)
    assert [r.row_number for r in result.accepted] == [2, 3]
    assert "与第2行重复" in result.errors[0].reason


def test_it_rejects_bad_contribution_cells(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "缴费.xlsx",
        [CONTRIBUTION_HEADERS, contribution(缴费年月="2024-13", 险种="工伤", **{"缴费基数（元）": "0"})],
    )
    columns = {e.column for e in parse_file(path, CONTRIBUTIONS).errors}
    assert columns == {"缴费年月", "险种", "缴费基数（元）"}
