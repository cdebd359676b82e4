"""``linghuo keys …``: rotating the key that protects personal data at rest."""

from __future__ import annotations

from typing import Any

import click


@click.group()
def keys() -> None:
    """密钥 — rotate the key of personal data at rest (see SECURITY.md)."""


@keys.command("rotate")
def rotate() -> None:
    """Rewrite every encrypted value and lookup hash under the current LINGHUO_FIELD_KEY.

    Set the new key as LINGHUO_FIELD_KEY and the old one as LINGHUO_FIELD_KEY_PREVIOUS, stop the web
    tier, run this, then drop the old key. Safe to run again after an interruption.
    """
    from linghuo.cli.setup import django_setup

    django_setup()
    from tqdm import tqdm

    from linghuo.audit.services import audit_record
    from linghuo.key_rotation import rotate_field_key

    bars: dict[str, Any] = {}

    def progress(model: str, rows: int, total: int) -> None:
        bar = bars.get(model)
        if bar is None:
            bar = bars[model] = tqdm(total=total, desc=model, unit="行", leave=True)
        bar.n = rows
        bar.refresh()

    done = rotate_field_key(progress)
    for bar in bars.values():
        bar.close()
    audit_record(
        actor=None,
        actor_label="linghuo keys rotate",
        action="field_key_rotated",
        object_type="personal_data",
        object_id="field_key",
        changes={item.model: item.values for item in done},
    )
    for item in done:
        click.echo(f"{item.model}: {item.rows} 行 / rows, {item.values} 个加密值 / encrypted values")
    click.echo("已全部改用当前密钥 / every value is now under the current key")
