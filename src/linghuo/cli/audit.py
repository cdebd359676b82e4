"""``linghuo audit …``: the append-only audit log."""

from __future__ import annotations

import sys

import click


@click.group()
def audit() -> None:
    """审计日志 — verify the audit log's hash chain."""


@audit.command("verify")
def verify() -> None:
    """Walk the hash chain; exit 0 when intact, 1 at the first broken entry."""
    from linghuo.cli import django_setup

    django_setup()
    from linghuo.audit.services import audit_verify

    result = audit_verify()
    click.echo(result.message())
    sys.exit(0 if result.ok else 1)
