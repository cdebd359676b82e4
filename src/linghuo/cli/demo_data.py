"""``linghuo demo-data …``: synthetic data for demos and benchmarks (``persons`` is pure: no Django)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

_PROGRESS_FROM_ROWS = 1_000_000  # a progress bar for populations at least this large
_PROGRESS_HELP = (
    f"进度条（默认 {_PROGRESS_FROM_ROWS:,} 人起显示）/ progress bar (default: from {_PROGRESS_FROM_ROWS:,})"
)


@click.group("demo-data")
def demo_data() -> None:
    """合成数据 — synthetic Lianyungang residents for demos and benchmarks."""


def _check_output(out: Path) -> None:
    """Refuse, in Chinese and English, a path that cannot be written before any work is done."""
    parent = out.parent if str(out.parent) else Path()
    if out.is_dir():
        raise click.UsageError(f"输出路径是一个目录：{out} / --out is a directory: {out}")
    if not parent.is_dir():
        raise click.UsageError(f"输出目录不存在：{parent} / output directory does not exist: {parent}")
    if not os.access(parent, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise click.UsageError(f"没有写入权限：{out} / cannot write to {out}")


@demo_data.command("persons")
@click.option("--count", "-n", type=int, required=True, help="人数 / number of residents (> 0)")
@click.option(
    "--out", "-o", type=click.Path(path_type=Path), required=True, help="输出 Parquet 文件 / output file"
)
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子 / random seed")
@click.option(
    "--progress/--no-progress",
    default=None,
    help=_PROGRESS_HELP,
)
def persons(count: int, out: Path, seed: int, progress: bool | None) -> None:
    """生成合成居民（政策目录的全部事实字段）写入 Parquet — synthetic residents with every fact of the
    policy catalogue, written to Parquet. The same seed always gives the same file."""
    if count <= 0:
        raise click.BadParameter(
            f"人数必须为正整数，收到 {count} / must be a positive integer", param_hint="--count"
        )
    if seed < 0:
        raise click.BadParameter(
            f"随机种子不能为负数，收到 {seed} / must not be negative", param_hint="--seed"
        )
    _check_output(out)
    from tqdm import tqdm

    from linghuo.population.parquet import write_persons_parquet

    started = time.perf_counter()
    show = count >= _PROGRESS_FROM_ROWS if progress is None else progress
    with tqdm(total=count, unit="人", unit_scale=True, disable=not show, desc="生成居民") as bar:
        try:
            size = write_persons_parquet(out, count, seed, on_rows=bar.update)
        except OSError as error:
            raise click.ClickException(
                f"无法写入 {out}：{error.strerror or error} / cannot write {out}"
            ) from error
    seconds = time.perf_counter() - started
    click.echo(
        f"已写入 {count:,} 人 → {out}（{size / 1_000_000:.1f} MB，{seconds:.1f} 秒）"
        f" / wrote {count:,} residents to {out} ({size / 1_000_000:.1f} MB, {seconds:.1f} s)"
    )


@demo_data.command("postings")
@click.option("--count", "-n", type=int, required=True, help="岗位数 / number of gig postings (> 0)")
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子 / random seed")
@click.option("--progress/--no-progress", default=None, help="进度条（默认 10,000 个起显示）/ progress bar")
def postings(count: int, seed: int, progress: bool | None) -> None:
    """把合成的零工岗位写入数据库 — load synthetic gig postings (Chinese titles and descriptions, trades,
    districts, pay at or above the minimum wage) into the database, with their search index."""
    if count <= 0:
        raise click.BadParameter(
            f"岗位数必须为正整数，收到 {count} / must be a positive integer", param_hint="--count"
        )
    if seed < 0:
        raise click.BadParameter(
            f"随机种子不能为负数，收到 {seed} / must not be negative", param_hint="--seed"
        )
    from tqdm import tqdm

    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.market import synthetic

    started = time.perf_counter()
    show = count >= 10_000 if progress is None else progress
    with tqdm(total=count, unit="个", unit_scale=True, disable=not show, desc="写入岗位") as bar:
        loaded = synthetic.load(count, seed, on_rows=bar.update)
    seconds = time.perf_counter() - started
    click.echo(f"已写入 {loaded:,} 个岗位（{seconds:.1f} 秒）/ loaded {loaded:,} postings ({seconds:.1f} s)")
