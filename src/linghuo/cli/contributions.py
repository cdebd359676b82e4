"""``linghuo contributions import FILE``: contribution records from the social-insurance agency.

Prints the same JSON summary as ``linghuo roster import``.
"""

from __future__ import annotations

from pathlib import Path

import click

from linghuo.cli.roster import echo_summary, existing_file, progress_bar


@click.group()
def contributions() -> None:
    """社会保险缴费记录 — contribution records."""


@contributions.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def import_contributions(file: Path) -> None:
    """Import FILE (.xlsx or .csv) of contribution records; print a JSON summary."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.collection.services import contributions_import
    from linghuo.spreadsheets import FileRejectedError

    existing_file(file)
    try:
        with progress_bar("导入缴费记录") as advance:
            summary = contributions_import(source=file, filename=file.name, actor=None, on_progress=advance)
    except FileRejectedError as exc:
        raise click.ClickException(exc.message) from None
    echo_summary(summary.as_dict())
