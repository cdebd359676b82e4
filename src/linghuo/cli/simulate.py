"""``linghuo simulate``: what-if runs over a Parquet file of facts (pure: no Django)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from linghuo.cli.options import ISO_DATE
from linghuo.screening.errors import ScreeningError


@click.command("simulate")
@click.option(
    "--input", "source", type=click.Path(path_type=Path), required=True, help="事实 Parquet 文件 / facts"
)
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="NAME=VALUE",
    help="调整的参数（可多次），如 minimum_wage.monthly[1]=2500 / a changed parameter (repeatable)",
)
@click.option("--on", "on", type=ISO_DATE, default=None, help="评估日期，默认今天 / evaluation date")
@click.option(
    "--months",
    type=click.IntRange(1, 36),
    default=1,
    show_default=True,
    help="按月评估的月数（每月同一日）/ months to evaluate (same day of each month)",
)
@click.option(
    "--format", "fmt", type=click.Choice(("table", "json", "excel")), default="table", show_default=True
)
@click.option(
    "--out", type=click.Path(path_type=Path), default=None, help="输出文件（excel 必填）/ output file"
)
def simulate(  # noqa: PLR0917 -- click passes every option
    source: Path,
    assignments: tuple[str, ...],
    on: dt.date | None,
    months: int,
    fmt: str,
    out: Path | None,
) -> None:
    """假设分析：比较现行规则与调整参数后的规则 — compare the current rules with changed parameters:
    eligible people and spending by measure, district and month, and how many gain or lose."""
    from linghuo.screening import simulation_report
    from linghuo.screening.simulation import parse_parameter_overrides, simulate_parquet

    if fmt == "excel" and out is None:
        raise click.UsageError("Excel 输出需要 --out 文件 / --format excel needs --out FILE")
    day = on if on is not None else dt.date.today()
    try:
        overrides, _ = parse_parameter_overrides(assignments)
        result = simulate_parquet(source, on=day, overrides=overrides, months=months)
    except ScreeningError as error:
        raise click.ClickException(str(error)) from None
    if fmt == "excel":
        assert out is not None
        out.write_bytes(simulation_report.as_excel(result))
        click.echo(f"已写入 {out}（{result.rows:,} 人，{result.seconds:.1f} 秒）/ wrote {out}")
        return
    text = simulation_report.as_json(result) if fmt == "json" else simulation_report.as_table(result)
    if out is not None:
        out.write_text(text, "utf-8")
        click.echo(f"已写入 {out} / wrote {out}")
    else:
        click.echo(text)
