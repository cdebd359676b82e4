"""Real upload files for the roster tests, written with openpyxl and the csv module."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

ROSTER_HEADERS = [
    "姓名",
    "身份证号",
    "手机号",
    "从业形态",
    "工作地区划代码",
    "月收入（元）",
    "是否参加社会保险",
    "开始日期",
    "结束日期",
]
CONTRIBUTION_HEADERS = [
    "姓名",
    "身份证号",
    "缴费年月",
    "险种",
    "缴费基数（元）",
    "个人实缴金额（元）",
    "是否按最低基数缴费",
]

# GB 11643-1999: weights of the first 17 digits and the check character for each remainder mod 11.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_number(body: str = "32070619900101123") -> str:
    """An 18-character ID number with its correct check character (computed here, per the standard)."""
    assert len(body) == 17
    return body + _CHECK[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def wrong_check(number: str) -> str:
    """The same number with a check character that cannot be right."""
    return number[:17] + ("0" if number[17] != "0" else "1")


def roster_row(**overrides: object) -> list[object]:
    """A valid roster row (template column order); keyword arguments replace cells by header."""
    row: dict[str, object] = {
        "姓名": "李雷",
        "身份证号": id_number(),
        "手机号": "13912345678",
        "从业形态": "platform",
        "工作地区划代码": "320706",
        "月收入（元）": "3000",
        "是否参加社会保险": "是",
        "开始日期": "2024-03-01",
        "结束日期": "",
    }
    row.update(overrides)
    return [row[h] for h in ROSTER_HEADERS]


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], *, sheet_title: str = "名册") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path
