"""``linghuo roster import FILE --organisation USCC --period YYYY-MM``: a platform's monthly roster (十五).

Prints the summary as one JSON object: ``{"accepted", "unchanged", "rejected", "error_report"}`` (the
error report's path, or null). A bad argument or an unreadable file: a message in Chinese (and English)
on standard error and a non-zero exit code.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from tqdm import tqdm


def existing_file(path: Path) -> Path:
    """The path of an existing file, or a click error in Chinese."""
    if not path.is_file():
        raise click.ClickException(f"文件不存在：{path} / File not found: {path}")
    return path


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int], None]]:
    """An ``on_progress(rows_done)`` callback: a bar on a terminal's standard error, silent otherwise."""
    bar = tqdm(desc=label, unit="行", file=sys.stderr, disable=not sys.stderr.isatty())
    done = 0

    def advance(rows_done: int) -> None:
        nonlocal done
        bar.update(rows_done - done)
        done = rows_done

    try:
        yield advance
    finally:
        bar.close()


def echo_summary(summary: dict[str, int | str | None]) -> None:
    click.echo(json.dumps(summary, ensure_ascii=False))


@click.group()
def roster() -> None:
    """平台从业人员名册 — platform worker rosters (clause 十五)."""


@roster.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--organisation", "uscc", required=True, help="报送单位的统一社会信用代码 (USCC)")
@click.option("--period", required=True, help="所属月份 YYYY-MM")
def import_roster(file: Path, uscc: str, period: str) -> None:
    """Import FILE (.xlsx or .csv) as the organisation's roster for the month; print a JSON summary."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from django.core.exceptions import ValidationError

    from linghuo.collection.periods import period_parse
    from linghuo.collection.services import roster_import
    from linghuo.registry.models import Organisation
    from linghuo.spreadsheets import FileRejectedError

    try:
        month = period_parse(period)
    except ValidationError as exc:
        raise click.ClickException("；".join(exc.messages)) from None
    organisation = Organisation.objects.filter(uscc=uscc.strip().upper()).first()
    if organisation is None:
        raise click.ClickException(
            f"没有统一社会信用代码为 {uscc} 的单位，请先登记该单位。 / Unknown organisation: {uscc}"
        )
    existing_file(file)
    try:
        with progress_bar("导入名册") as advance:
            summary = roster_import(
                organisation=organisation,
                period=month,
                source=file,
                filename=file.name,
                actor=None,
                on_progress=advance,
            )
    except FileRejectedError as exc:
        raise click.ClickException(exc.message) from None
    echo_summary(summary.as_dict())
