"""``linghuo demo-data …``: synthetic data for demos and benchmarks (pure: no Django)."""

from __future__ import annotations

import click


@click.group("demo-data")
def demo_data() -> None:
    """合成数据 — synthetic Lianyungang residents for demos and benchmarks."""
