"""Real upload files for the tests: rosters and contribution records as .xlsx and .csv."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence

from openpyxl import Workbook
from stdnum.cn import ric

from linghuo.spreadsheets import CONTRIBUTIONS, ROSTER

Cell = str | int | float | dt.date | None


def id_number(county: str, birth: dt.date, serial: int) -> str:
    """A resident ID number with a valid check digit."""
    body = f"{county}{birth:%Y%m%d}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def roster_row(serial: int, *, income: str = "3,500.00", name: str = "王芳") -> list[Cell]:
    """A valid roster row for a different person per ``serial``."""
    return [
        name,
        id_number("320706", dt.date(1990, 1, 1) + dt.timedelta(days=serial), serial % 1000),
        f"139{serial:08d}",
        "平台就业",
        "320706",
        income,
        "是",
        dt.date(2024, 3, 1),
        None,
    ]


def contribution_row(serial: int, *, paid: str = "975.80") -> list[Cell]:
    return [
        "李强",
        id_number("320722", dt.date(1985, 6, 1) + dt.timedelta(days=serial), serial % 1000),
        "2024-03",
        "养老",
        "4,879.00",
        paid,
        "是",
    ]


def xlsx(
    rows: Sequence[Sequence[Cell]], headers: Sequence[str] = ROSTER.headers, title: str | None = None
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title:
        sheet.append([title])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[Cell]], headers: Sequence[str] = ROSTER.headers) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if c is None else c.isoformat() if isinstance(c, dt.date) else c for c in row])
    return buffer.getvalue().encode("utf-8")


CONTRIBUTION_HEADERS = CONTRIBUTIONS.headers
