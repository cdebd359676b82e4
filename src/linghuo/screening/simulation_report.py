"""A what-if comparison as people read it: a text table, JSON, or an Excel workbook.

Money is integer fen in JSON and yuan (two decimals) in the table and the workbook; every text
cell of the workbook goes through ``formula_safe`` so no value can start a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from decimal import Decimal
from typing import Any

import polars as pl

from linghuo.policy.engine import yuan
from linghuo.registry.rosters.spreadsheet_safety import formula_safe
from linghuo.screening.simulation import COUNTS, Simulation

HEADERS_ZH = {
    "date": "评估日期",
    "measure": "措施",
    "district": "区划",
    "eligible_before": "现行符合人数",
    "eligible_after": "调整后符合人数",
    "spending_before_fen": "现行支出（元）",
    "spending_after_fen": "调整后支出（元）",
    "gained": "新增符合",
    "lost": "不再符合",
}


def _with_change(table: pl.DataFrame) -> pl.DataFrame:
    return table.with_columns(
        eligible_change=pl.col("eligible_after") - pl.col("eligible_before"),
        spending_change_fen=pl.col("spending_after_fen") - pl.col("spending_before_fen"),
    )


def _tables(result: Simulation) -> dict[str, pl.DataFrame]:
    return {
        "by_measure": _with_change(result.by_measure),
        "by_district": _with_change(result.by_district),
        "by_month": _with_change(result.by_month),
    }


_EXTRA_ZH = {"eligible_change": "人数变化", "spending_change_fen": "支出变化（元）"}
_TITLES_ZH = {"by_measure": "按措施", "by_district": "按措施和区划", "by_month": "按月份"}


def _header(column: str) -> str:
    return HEADERS_ZH.get(column) or _EXTRA_ZH[column]


def _is_money(column: str) -> bool:
    return column.startswith("spending")


def _text(column: str, value: Any) -> str:
    if value is None:
        return "—"
    if _is_money(column):
        return yuan(int(value))
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def as_json(result: Simulation) -> str:
    """The comparison as JSON (money in integer fen, dates as YYYY-MM-DD)."""
    document = {
        "overrides": dict(result.overrides),
        "dates": [d.isoformat() for d in result.dates],
        "persons": result.rows,
        "rules_version_before": result.rules_before,
        "rules_version_after": result.rules_after,
        "changed_measures": list(result.changed_measures),
        **{name: table.to_dicts() for name, table in _tables(result).items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=str)


_KEYS = ("date", "measure", "district")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _align(table: pl.DataFrame) -> str:
    rows = [[_header(c) for c in table.columns]]
    rows += [[_text(c, v) for c, v in row.items()] for row in table.iter_rows(named=True)]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(table.columns))]
    lines = []
    for row in rows:
        cells = []
        for column, cell, w in zip(table.columns, row, widths, strict=True):
            pad = " " * (w - _width(cell))
            cells.append(cell + pad if column in _KEYS else pad + cell)
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def as_table(result: Simulation) -> str:
    """The comparison as aligned text tables (by measure, by district, by month)."""
    head = (
        f"假设分析：{', '.join(f'{k}={v}' for k, v in result.overrides.items())}；"
        f"{result.rows:,} 人；评估日期 {', '.join(d.isoformat() for d in result.dates)}；"
        f"受影响措施：{'、'.join(result.changed_measures) or '无'}"
    )
    blocks = [head]
    for name, table in _tables(result).items():
        blocks.append(f"\n{_TITLES_ZH[name]}\n{_align(table)}")
    return "\n".join(blocks) + "\n"


def as_excel(result: Simulation) -> bytes:
    """The comparison as an .xlsx workbook: an explanation sheet, then one sheet per table."""
    from openpyxl import Workbook

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = "说明"
    for key, value in (
        ("覆盖参数", "; ".join(f"{k}={v}" for k, v in result.overrides.items())),
        ("人数", result.rows),
        ("评估日期", ", ".join(d.isoformat() for d in result.dates)),
        ("现行规则版本", result.rules_before),
        ("调整后规则版本", result.rules_after),
        ("受影响措施", "、".join(result.changed_measures)),
        ("支出口径", "当日判定金额之和（每位符合者领取一次）"),
    ):
        about.append([formula_safe(key), formula_safe(value)])
    for name, table in _tables(result).items():
        sheet = book.create_sheet(_TITLES_ZH[name])
        sheet.append([formula_safe(_header(c)) for c in table.columns])
        for row in table.iter_rows(named=True):
            sheet.append([formula_safe(_excel_value(c, v)) for c, v in row.items()])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _excel_value(column: str, value: Any) -> Any:
    if value is not None and _is_money(column):
        return Decimal(int(value)) / 100  # yuan, a number the manager can add up
    return value


__all__ = ["COUNTS", "as_excel", "as_json", "as_table"]
