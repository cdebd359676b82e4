"""``linghuo audit …``: the append-only audit log."""

from __future__ import annotations

import sys

import click


@click.group()
def audit() -> None:
    """审计日志 — verify the audit log's hash chain."""


@audit.command("verify")
@click.option(
    "--anchor",
    default=None,
    metavar="SEQUENCE:HASH",
    help="an anchor printed by an earlier verification: detects a log cut back and re-headed",
)
def verify(anchor: str | None) -> None:
    """Walk the hash chain; exit 0 when intact, 1 at the first broken entry.

    On success it prints the current anchor: keep it outside the database (the operations log) and
    pass it to a later run with ``--anchor``.
    """
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.audit.services import AnchorFormatError, audit_anchor, audit_verify

    try:
        result = audit_verify(anchor=anchor)
    except AnchorFormatError as exc:
        raise click.BadParameter(str(exc), param_hint="--anchor") from exc
    click.echo(result.message())
    if result.ok:
        click.echo(f"锚点 / anchor: {audit_anchor()}")
    sys.exit(0 if result.ok else 1)
