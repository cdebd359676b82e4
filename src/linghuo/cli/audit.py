"""``linghuo audit …``: the append-only audit log."""

from __future__ import annotations

import sys

import click


@click.group()
def audit() -> None:
    """审计日志 — verify the audit log's keyed chain and keep its anchors."""


@audit.command("verify")
@click.option(
    "--anchor",
    default=None,
    metavar="SEQUENCE:HASH",
    help="an anchor printed by an earlier verification: detects a log cut back and re-headed",
)
def verify(anchor: str | None) -> None:
    """Walk the keyed chain; exit 0 when intact, 1 at the first broken entry.

    The chain is checked against the anchor file's latest anchor, and on success an anchor of it is
    appended there. It also prints the current anchor: keep it outside the database too (the operations
    log) and pass it to a later run with ``--anchor``.
    """
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.audit.services import AnchorFormatError, audit_anchor, audit_verify

    try:
        result = audit_verify(anchor=anchor)
    except AnchorFormatError as exc:
        raise click.BadParameter(str(exc), param_hint="--anchor") from exc
    click.echo(result.message())
    click.echo(result.anchor_message())
    if result.ok:
        click.echo(f"锚点 / anchor: {audit_anchor()}")
    sys.exit(0 if result.ok else 1)


@audit.command("anchor")
def anchor() -> None:
    """Check the entries written since the latest anchor and append an anchor of the head to the anchor
    file; exit 0 when appended (or already there), 1 when the chain does not hold (nothing appended).

    ``linghuo worker`` does this every LINGHUO_AUDIT_ANCHOR_MINUTES; run it from cron where no worker runs.
    """
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.audit.services import AnchorFileNotConfiguredError, audit_anchor, audit_anchor_record

    try:
        result = audit_anchor_record()
    except AnchorFileNotConfiguredError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(result.message())
    if result.ok:
        click.echo(f"锚点已记下 / anchor recorded: {audit_anchor()}")
    sys.exit(0 if result.ok else 1)
