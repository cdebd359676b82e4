"""``linghuo demo``: load the demo accounts and a small synthetic population (idempotent)."""

from __future__ import annotations

import click


@click.command()
def demo() -> None:
    """加载演示数据 — demo accounts of every role and a small population."""
    raise click.ClickException("not yet built")
