"""``linghuo screen``: every person measure for every row of a Parquet file (pure: no Django), or for
every person of the registry (``--from-registry``: sets Django up, stores the results with the run)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from linghuo.cli.options import ISO_DATE
from linghuo.screening.errors import ScreeningError

_ENGINES = ("polars", "spark")


@click.command("screen")
@click.option(
    "--input", "source", type=click.Path(path_type=Path), default=None, help="事实 Parquet 文件 / facts"
)
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="结果 Parquet 文件（spark：目录）/ results",
)
@click.option(
    "--from-registry",
    is_flag=True,
    help="筛查登记库中的全部人员并保存结果（仅记录变化）/ screen the registry and store the results",
)
@click.option("--on", "on", type=ISO_DATE, default=None, help="评估日期，默认今天 / evaluation date")
@click.option("--engine", type=click.Choice(_ENGINES), default="polars", show_default=True)
@click.option(
    "--measures",
    default=None,
    metavar="CODE,…",
    help="只筛查这些措施（逗号分隔的代码），默认全部 / screen only these measures (comma-separated codes)",
)
@click.option("--chunk-rows", type=click.IntRange(min=1), default=250_000, show_default=True, help="每块行数")
@click.option(
    "--sample", type=click.IntRange(min=0), default=200, show_default=True, help="逐人核对的抽样行数"
)
@click.option("--master", default="local[*]", show_default=True, help="Spark master（仅 spark）")
@click.option("--progress/--no-progress", default=True, help="进度条 / progress bar (stderr)")
def screen(  # noqa: PLR0917 -- click passes every option
    source: Path | None,
    output: Path | None,
    from_registry: bool,
    on: dt.date | None,
    engine: str,
    measures: str | None,
    chunk_rows: int,
    sample: int,
    master: str,
    progress: bool,
) -> None:
    """全员筛查：对每一行评估全部个人措施，写出每人一行的结果 — screen every person against every
    person measure. Columns: person_id, then per measure <code>_eligible, <code>_amount_fen and
    <code>_failed (failed condition codes, comma-separated). A killed run started again resumes."""
    day = on if on is not None else dt.date.today()
    codes = _measures(measures)
    if from_registry:
        if source is not None or output is not None or engine != "polars" or codes is not None:
            raise click.UsageError(
                "--from-registry 不与 --input/--output/--engine/--measures 同用 / "
                "--from-registry takes no --input, --output, --engine or --measures"
            )
        _run_registry(day, sample=sample, progress=progress)
        return
    if source is None or output is None:
        raise click.UsageError("请给出 --input 和 --output，或 --from-registry / give --input and --output")
    try:
        if engine == "spark":
            _run_spark(source, output, day, master, measures=codes)
        else:
            _run_polars(
                source, output, day, measures=codes, chunk_rows=chunk_rows, sample=sample, progress=progress
            )
    except ScreeningError as error:
        raise click.ClickException(str(error)) from None


def _measures(text: str | None) -> tuple[str, ...] | None:
    """The codes of ``--measures``, checked against the person measures (none given: every measure)."""
    if text is None:
        return None
    from linghuo.screening.results import measure_codes

    try:
        return measure_codes(text.split(","))
    except ScreeningError as error:
        raise click.BadParameter(str(error), param_hint="--measures") from None


def _run_polars(
    source: Path,
    output: Path,
    day: dt.date,
    *,
    measures: tuple[str, ...] | None,
    chunk_rows: int,
    sample: int,
    progress: bool,
) -> None:
    from tqdm import tqdm

    from linghuo.screening.run import screen_parquet
    from linghuo.screening.source import open_facts

    total = open_facts(source).num_rows
    with tqdm(total=total, unit="人", unit_scale=True, disable=not progress, desc="筛查") as bar:
        summary = screen_parquet(
            source,
            output,
            on=day,
            measures=measures,
            chunk_rows=chunk_rows,
            sample_size=sample,
            on_rows=bar.update,
        )
    if summary.resumed_rows:
        click.echo(
            f"续跑：沿用上次已完成的 {summary.resumed_rows:,} 行"
            f" / resumed: {summary.resumed_rows:,} rows reused"
        )
    for person, reason in summary.sample.invalid:
        click.echo(f"抽样行 {person} 的事实无效，未能逐人核对：{reason}", err=True)
    click.echo(
        f"已筛查 {summary.rows:,} 人（{day}，规则版本 {summary.rules_version}，"
        f"抽样核对 {summary.sample.checked} 行一致，"
        f"{summary.seconds:.1f} 秒）→ {output} / screened {summary.rows:,} persons on {day}, "
        f"{summary.sample.checked} sampled rows agree with evaluate_one"
    )


def _run_registry(day: dt.date, *, sample: int, progress: bool) -> None:
    from linghuo.cli.setup import django_setup

    django_setup()
    from tqdm import tqdm

    from linghuo.insights.services import ScreeningBusyError, screening_run_create, screening_run_execute

    try:
        run = screening_run_create(on=day, actor=None)
    except ScreeningBusyError as error:
        raise click.ClickException(str(error)) from None
    with tqdm(total=run.rows_total, unit="人", unit_scale=True, disable=not progress, desc="筛查") as bar:
        try:
            run = screening_run_execute(run, sample_size=sample, on_rows=bar.update)
        except ScreeningError as error:
            raise click.ClickException(str(error)) from None
    click.echo(
        f"已筛查登记库 {run.rows_done:,} 人（{day}，规则版本 {run.rules_version}，批次 {run.pk}），"
        f"结果有变化 {run.changed:,} 人，抽样核对 {run.sample_checked} 行一致 / screened {run.rows_done:,} "
        f"registry persons, {run.changed:,} changed results stored (run {run.pk})"
    )


def _run_spark(
    source: Path, output: Path, day: dt.date, master: str, *, measures: tuple[str, ...] | None
) -> None:
    from linghuo.screening.spark import screen_parquet_spark, spark_session

    with spark_session(master) as spark:
        rows = screen_parquet_spark(spark, str(source), str(output), on=day, measures=measures)
    click.echo(f"已筛查 {rows:,} 人（Spark，{day}）→ {output}/ / screened {rows:,} persons on Spark")
