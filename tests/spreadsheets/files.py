"""Real upload files for the roster tests, written with openpyxl and the csv module."""

from __future__ import annotations

import csv
import io
import zipfile
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


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml"'
    ' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def crafted_xlsx(
    rows: int, *, dimension: str | None = None, extra_parts: dict[str, bytes] | None = None
) -> bytes:
    """A workbook written part by part with ``zipfile``, as a script or an attacker would: the roster's
    header in row 1, then ``rows`` tiny rows of one inline-string cell each (a million compress to about
    5 MB), under a ``<dimension>`` that may lie; ``extra_parts`` are added as they are."""
    buffer = io.BytesIO()
    header = "".join(_inline(f"{chr(65 + i)}1", h) for i, h in enumerate(ROSTER_HEADERS))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        for name, content in (extra_parts or {}).items():
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            declared = f'<dimension ref="{dimension}"/>' if dimension else ""
            part.write(
                '<?xml version="1.0" encoding="UTF-8"?><worksheet'
                f' xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{declared}'
                f'<sheetData><row r="1">{header}</row>'.encode()
            )
            for start in range(2, rows + 2, 10_000):
                part.write(
                    "".join(
                        f'<row r="{n}">{_inline(f"A{n}", "x")}</row>'
                        for n in range(start, min(start + 10_000, rows + 2))
                    ).encode()
                )
            part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()
