"""``linghuo ledger …``: the payments ledger."""

from __future__ import annotations

import sys

import click


@click.group()
def ledger() -> None:
    """资金账簿 — check the double-entry ledger of payments."""


@ledger.command("verify")
def verify() -> None:
    """Check that every posted posting balances; print ``balanced`` and exit 0, or name the first
    unbalanced posting and exit 1."""
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.payments.ledger import ledger_verify

    result = ledger_verify()
    click.echo(result.message())
    sys.exit(0 if result.ok else 1)
