"""How much of an upload is read at most: rows, columns, cells, the unpacked size of a workbook.

A platform's monthly roster has at most a few hundred thousand rows of about ten columns; an upload far
beyond that is refused as early as it can be told — from the zip directory, the sheet's ``<dimension>``
and a streamed scan of the sheet XML that stops as soon as a bound is passed — before any parser lays the
sheet out in memory. The bounds are ``ReadLimits`` (the importers build theirs from the settings); the
messages name them, in Chinese with an English gloss.

>>> ReadLimits().allowed_sheet_rows
300030
"""

from __future__ import annotations

from dataclasses import dataclass

# Title rows above the header: a few in practice (the reader looks for the header in this many rows).
HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The bounds of one upload. ``max_rows`` counts the rows below the header (title rows and the header
    come on top, up to ``HEADER_SEARCH_ROWS``); ``max_cells`` bounds a sheet's grid (first to last used
    cell, as calamine lays it out); ``max_unpacked_bytes`` the sum of a workbook's parts unpacked,
    ``max_ratio`` how much one part may grow when unpacked, ``max_parts`` the parts of a workbook;
    ``max_line_chars`` one line of a CSV file."""

    max_rows: int = 300_000
    max_columns: int = 200
    max_cells: int = 10_000_000
    max_unpacked_bytes: int = 512 * 1024 * 1024
    max_ratio: int = 200
    max_parts: int = 1_000
    max_line_chars: int = 100_000

    @property
    def allowed_sheet_rows(self) -> int:
        """The rows a sheet or CSV file may have in all: the data rows and the rows above them."""
        return self.max_rows + HEADER_SEARCH_ROWS


DEFAULT_LIMITS = ReadLimits()


def _number(value: int) -> str:
    return f"{value:,}"


def too_many_rows_message(name: str, limits: ReadLimits) -> str:
    return (
        f"「{name}」的行数超过上限：一个文件最多 {_number(limits.max_rows)} 行数据；请分成几个文件上传。"
        f" / Too many rows: a file may hold at most {_number(limits.max_rows)} data rows; split it."
    )


def too_many_columns_message(name: str, limits: ReadLimits) -> str:
    return (
        f"「{name}」的列数超过上限（最多 {_number(limits.max_columns)} 列）："
        "请删除表格以外的内容，或按模板的列填写。"
        f" / Too many columns (at most {_number(limits.max_columns)}): use the template's columns."
    )


def unpacked_too_large_message(name: str) -> str:
    return (
        f"「{name}」解压后的内容过大或压缩比异常，不像是一份名册："
        "请用 Excel 打开后重新保存，或分成几个文件上传。"
        " / The workbook unpacks to far more than a roster (a zip bomb?): save it again in Excel or split it."
    )


def line_too_long_message(name: str, limits: ReadLimits) -> str:
    return (
        f"「{name}」中有一行超过 {_number(limits.max_line_chars)} 个字符，不像是名册的一行："
        "请检查文件后重新上传。"
        f" / A line is longer than {_number(limits.max_line_chars)} characters: check the file."
    )
