"""A what-if comparison as people read it: a text table, JSON, or an Excel workbook.

Money is integer fen in JSON and yuan (two decimals) in the table and the workbook; every text
cell of the workbook goes through ``formula_safe`` so no value can start a formula. Measures and
districts are named (the measure's title, the division's name), their codes in the column beside;
the eligible people with no amount yet are counted next to the spending, with the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import polars as pl

from linghuo import divisions
from linghuo.policy.engine import yuan
from linghuo.policy.measures import registry
from linghuo.screening.benefits import no_amount_reason
from linghuo.screening.simulation import COUNTS, UNKNOWN_DISTRICT, Simulation
from linghuo.spreadsheets.spreadsheet_safety import formula_safe

HEADERS_ZH = {
    "date": "评估日期",
    "measure_title": "措施",
    "measure": "措施代码",
    "district_name": "区划",
    "district": "区划代码",
    "eligible_before": "现行符合人数",
    "eligible_after": "调整后符合人数",
    "spending_before_fen": "现行支出（元）",
    "spending_after_fen": "调整后支出（元）",
    "no_amount_before": "现行符合但金额待定人数",
    "no_amount_after": "调整后符合但金额待定人数",
    "gained": "新增符合",
    "lost": "不再符合",
}


def measure_title(code: str, *, english: bool = False) -> str:
    """A measure's title (English with ``english``); its code when the engine does not know it."""
    found = registry().get(code)
    if found is None:
        return code
    return found.title_en if english else found.title


def district_name(code: str) -> str:
    """A district's name (``320706`` → 海州区, the city's own code → 市本级); 市外 for a division outside
    the city, 未知 when none was known."""
    if code == UNKNOWN_DISTRICT:
        return code
    return divisions.district_name(code) or "市外"


def no_amount_text(result: Simulation, code: str, *, english: bool = False) -> str:
    """Why eligible people of ``code`` have no amount yet, now and after the change (one reason when
    both are the same); "" when everyone eligible has one."""
    row = result.by_measure.filter(pl.col("measure") == code)
    if row.is_empty():
        return ""
    before, after = row["no_amount_before"][0], row["no_amount_after"][0]
    now = no_amount_reason(result.unset_before.get(code, ()), english=english) if before else ""
    then = no_amount_reason(result.unset_after.get(code, ()), english=english) if after else ""
    if now and then and now != then:
        return f"now: {now}; after the change: {then}" if english else f"现行：{now}；调整后：{then}"
    if now and then:
        return now
    if now:
        return f"now: {now}" if english else f"现行：{now}"
    if then:
        return f"after the change: {then}" if english else f"调整后：{then}"
    return ""


def _with_change(table: pl.DataFrame) -> pl.DataFrame:
    return table.with_columns(
        eligible_change=pl.col("eligible_after") - pl.col("eligible_before"),
        spending_change_fen=pl.col("spending_after_fen") - pl.col("spending_before_fen"),
    )


def _named(table: pl.DataFrame) -> pl.DataFrame:
    """The measure's title before its code, the district's name before its code."""
    names: dict[str, tuple[str, Callable[[str], str]]] = {
        "measure": ("measure_title", measure_title),
        "district": ("district_name", district_name),
    }
    columns = []
    for column in table.columns:
        if column in names:
            alias, name = names[column]
            mapping = {code: name(code) for code in table[column].unique().to_list()}
            columns.append(pl.col(column).replace_strict(mapping, return_dtype=pl.String).alias(alias))
        columns.append(pl.col(column))
    return table.select(columns)


def _tables(result: Simulation) -> dict[str, pl.DataFrame]:
    reasons = [no_amount_text(result, code) for code in result.by_measure["measure"]]
    by_measure = _with_change(result.by_measure).with_columns(
        no_amount_reason=pl.Series(reasons, dtype=pl.String)
    )
    return {
        "by_measure": _named(by_measure),
        "by_district": _named(_with_change(result.by_district)),
        "by_month": _named(_with_change(result.by_month)),
    }


_EXTRA_ZH = {
    "eligible_change": "人数变化",
    "spending_change_fen": "支出变化（元）",
    "no_amount_reason": "金额待定原因",
}
_TITLES_ZH = {"by_measure": "按措施", "by_district": "按措施和区划", "by_month": "按月份"}


def _header(column: str) -> str:
    return HEADERS_ZH.get(column) or _EXTRA_ZH[column]


def _is_money(column: str) -> bool:
    return column.startswith("spending")


def _text(column: str, value: Any) -> str:
    if value is None or value == "":
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
        "no_amount_reasons": {
            code: {"zh": zh, "en": no_amount_text(result, code, english=True)}
            for code in result.measures
            if (zh := no_amount_text(result, code))
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=1, default=str)


_KEYS = ("date", "measure_title", "measure", "district_name", "district", "no_amount_reason")


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
        f"受影响措施：{_changed(result) or '无'}"
    )
    blocks = [head]
    for name, table in _tables(result).items():
        blocks.append(f"\n{_TITLES_ZH[name]}\n{_align(table.drop('no_amount_reason', strict=False))}")
    pending = _pending_lines(result)
    if pending:
        blocks.append("\n金额待定\n" + "\n".join(pending))
    return "\n".join(blocks) + "\n"


def _changed(result: Simulation) -> str:
    return "、".join(f"{measure_title(c)}（{c}）" for c in result.changed_measures)


def _pending_lines(result: Simulation) -> list[str]:
    """A line per measure and rules (now, after the change) with eligible people and no amount: how
    many, and why."""
    lines = []
    for row in result.by_measure.iter_rows(named=True):
        code = row["measure"]
        for label, count, unset in (
            ("现行", row["no_amount_before"], result.unset_before),
            ("调整后", row["no_amount_after"], result.unset_after),
        ):
            if count:
                reason = no_amount_reason(unset.get(code, ()))
                lines.append(f"{measure_title(code)}（{label}）：{count:,} 人符合条件但金额待定：{reason}")
    return lines


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
        ("受影响措施", _changed(result)),
        ("支出口径", "当日判定金额之和（每位符合者领取一次）；符合条件但金额待定者不计入，人数另列"),
        *(("金额待定", line) for line in _pending_lines(result)),
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
