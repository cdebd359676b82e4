"""Rewriting stored personal data under a new field key (``linghuo keys rotate``).

A model holding personal data declares ``PERSONAL_DATA``: each encrypted field with the field that holds
its keyed lookup hash (or ``None``). Rotation decrypts every value with whichever key wrote it (the
current one or one of ``FIELD_ENCRYPTION_KEYS_PREVIOUS``), encrypts it again and recomputes its lookup
hash under the current key, a chunk per transaction. A value already under the current key comes out
the same, so an interrupted rotation is simply run again.

Lookups by hash only find the rows already rotated: rotate in a maintenance window, with the web tier
stopped. The audit log keeps the lookup hashes it recorded under the old key; they are not rewritten,
because the log is append-only (see SECURITY.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction

from linghuo import personal_data

CHUNK = 2_000


@dataclass(frozen=True)
class Rotated:
    model: str
    rows: int
    values: int


def personal_data_models() -> Iterator[type[models.Model]]:
    """Every installed model that declares ``PERSONAL_DATA``."""
    for model in apps.get_models():
        if getattr(model, "PERSONAL_DATA", None):
            yield model


def rotate_field_key(progress: Callable[[str, int, int], None] | None = None) -> list[Rotated]:
    """Re-encrypt and re-hash every declared field of every row; returns what each model held."""
    done: list[Rotated] = []
    for model in personal_data_models():
        done.append(_rotate_model(model, progress))
    return done


def _rotate_model(model: type[models.Model], progress: Callable[[str, int, int], None] | None) -> Rotated:
    fields: dict[str, str | None] = model.PERSONAL_DATA  # type: ignore[attr-defined]
    label = model._meta.label
    total = model._default_manager.count()
    names = [name for pair in fields.items() for name in pair if name]
    rows = values = 0
    last = None
    while True:
        with transaction.atomic():
            page = model._default_manager.select_for_update().order_by("pk")
            if last is not None:
                page = page.filter(pk__gt=last)
            chunk = list(page.only("pk", *names)[:CHUNK])
            if not chunk:
                break
            for row in chunk:
                for encrypted, hashed in fields.items():
                    token = getattr(row, encrypted)
                    if not token:
                        continue
                    value = personal_data.decrypt(token)
                    setattr(row, encrypted, personal_data.encrypt(value))
                    if hashed:
                        setattr(row, hashed, personal_data.lookup_hash(value))
                    values += 1
            model._default_manager.bulk_update(chunk, names)
        rows += len(chunk)
        last = chunk[-1].pk
        if progress:
            progress(label, rows, total)
    return Rotated(model=label, rows=rows, values=values)
