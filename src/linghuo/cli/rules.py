"""``linghuo rules …``: the rules engine from the command line (pure: no Django)."""

from __future__ import annotations

import click


@click.group()
def rules() -> None:
    """规则引擎 — evaluate, list and show the policy's measures."""
