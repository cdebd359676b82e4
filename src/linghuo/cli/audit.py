"""``linghuo audit …``: the append-only audit log."""

from __future__ import annotations

import click


@click.group()
def audit() -> None:
    """审计日志 — verify the audit log's hash chain."""
