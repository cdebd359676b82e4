"""``linghuo stats new-employment --from YYYY-MM --to YYYY-MM [--format json]``: new urban employment (十五).

The figures of the statistics page (:mod:`linghuo.insights.statistics`): the entries — people newly
counted, once per spell of flexible employment — by district and month, their total over the range, and
the stock (people meeting the rule at the range's last month-end) as a figure of its own. ``--format
json`` prints one object::

    {"from": "2024-01", "to": "2024-03", "months": ["2024-01", …],
     "evaluated_on": {"2024-01": "2024-01-31", …},
     "counts": {"320706": {"2024-01": 2, …}, …},      # entries, every district and month
     "by_month": {"2024-01": 2, …},                  # entries of each month, all districts
     "total": 2,                                     # the entries over the range
     "stock": {"on": "2024-03-31", "total": 5, "by_district": {"320706": 3, …}},
     "rules_version": "…"}

A bad month, a first month after the last, a month in the future or before the policy, or too many
months: a message in Chinese (and English) on standard error and a non-zero exit code.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from linghuo.insights.statistics import UrbanEmploymentTable


@click.group()
def stats() -> None:
    """统计 — statistics from the registry."""


def _table_json(table: UrbanEmploymentTable) -> dict[str, Any]:
    def month(m: dt.date) -> str:
        return f"{m:%Y-%m}"

    return {
        "from": month(table.months[0]),
        "to": month(table.months[-1]),
        "months": [month(m) for m in table.months],
        "evaluated_on": {month(m): on.isoformat() for m, on in table.evaluated_on.items()},
        "counts": {code: {month(m): table.count(code, m) for m in table.months} for code in table.districts},
        "by_month": {month(m): number for m, number in zip(table.months, table.monthly_totals, strict=True)},
        "total": table.total,
        "stock": {
            "on": table.stock_on.isoformat() if table.stock_on else None,
            "total": table.stock_total,
            "by_district": {code: table.stock.get(code, 0) for code in table.districts},
        },
        "rules_version": table.rules_version,
    }


def _table_text(table: UrbanEmploymentTable) -> str:
    months = [f"{m:%Y-%m}" for m in table.months]
    header = ["区县代码", "区县", *months, "合计", "期末存量"]
    lines = ["\t".join(header)]
    for code, name, values, total, stock in table.rows():
        lines.append("\t".join([code, name, *map(str, values), str(total), str(stock)]))
    lines.append(
        "\t".join(["", "合计", *map(str, table.monthly_totals), str(table.total), str(table.stock_total)])
    )
    lines.append("")
    lines.append(f"城镇新增就业 / new urban employment {months[0]}–{months[-1]}: {table.total}")
    lines.append(
        f"期末符合条件人数（存量） / meeting the condition on {table.stock_on} (stock): {table.stock_total}"
    )
    lines.append(f"规则版本 / rules version: {table.rules_version}")
    return "\n".join(lines)


def _month(parse: Callable[[str], dt.date], text: str, option: str) -> dt.date:
    try:
        return parse(text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=option) from None


@stats.command("new-employment")
@click.option("--from", "first_text", required=True, metavar="YYYY-MM", help="起始月份 / first month")
@click.option("--to", "last_text", required=True, metavar="YYYY-MM", help="截止月份 / last month")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def new_employment(first_text: str, last_text: str, fmt: str) -> None:
    """城镇新增就业（十五）：按区县和月份的新增人数、合计与期末存量 — new urban employment by district and
    month (a person once per spell of flexible employment), the range's total, and the stock at its end."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.insights import statistics
    from linghuo.policy.engine import PolicyDateError

    first = _month(statistics.month_parse, first_text, "--from")
    last = _month(statistics.month_parse, last_text, "--to")
    try:
        months = statistics.month_range(first, last)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--from") from None

    try:
        table = statistics.new_urban_employment_counts(months=months)
    except (ValueError, PolicyDateError) as error:
        raise click.ClickException(str(error)) from None
    if fmt == "json":
        click.echo(json.dumps(_table_json(table), ensure_ascii=False))
    else:
        click.echo(_table_text(table))
