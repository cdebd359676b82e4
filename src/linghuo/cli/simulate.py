"""``linghuo simulate``: what-if runs (pure: no Django)."""

from __future__ import annotations

import click


@click.command("simulate")
def simulate() -> None:
    """假设分析 — what-if comparison of the current rules with changed parameters."""
