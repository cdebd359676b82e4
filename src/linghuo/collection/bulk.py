"""Inserting many rows at once: ``INSERT … ON CONFLICT`` from plain values, without model instances.

Django's ``bulk_create`` builds a model instance per row and prepares every value through the field
machinery, which for a 100,000-row roster costs more than the database itself. ``insert_rows`` takes the
values as mappings (attribute name → value), fills the fields not given with their defaults (as a new
instance would), adapts dates and times once per value through the connection's own adapters and sends
them in one ``executemany`` (SQLite, in-process) or as one array per column through ``unnest``
(PostgreSQL, one round trip). The statement is the same on SQLite (3.24+) and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

Converter = Callable[[Any], Any]


def _converter(field: models.Field[Any, Any]) -> Converter:
    """How a field's Python value becomes the value sent to the database."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.CharField | models.TextField | models.BooleanField | models.IntegerField):
        return lambda value: value
    if isinstance(field, models.ForeignKey):
        return lambda value: value
    return lambda value: field.get_db_prep_save(value, connection)


def _is_automatic_time(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, models.DateField) and bool(
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    )


def _value(
    row: Mapping[str, Any],
    name: str,
    defaults: Mapping[str, Any],
    automatic: set[str],
    per_row: Mapping[str, models.Field[Any, Any]],
) -> Any:
    if name in automatic:
        return defaults[name]
    if name in row:
        return row[name]
    if name in per_row:
        return per_row[name].get_default()  # a callable default: a new value for each row
    return defaults[name]


def insert_rows(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    conflict_fields: Sequence[str],
    update_fields: Sequence[str] = (),
) -> None:
    """Insert ``rows`` into ``model``'s table; on a conflict on ``conflict_fields`` (a unique constraint),
    update ``update_fields`` from the new row, or leave the stored row as it is when none are given.

    Fields with ``auto_now``/``auto_now_add`` get the current time; other fields missing from a row get
    their default. Keys are attribute names (``person_id`` for a foreign key).
    """
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    defaults = {f.attname: (now if _is_automatic_time(f) else f.get_default()) for f in fields}
    automatic = {f.attname for f in fields if _is_automatic_time(f)}
    per_row = {f.attname: f for f in fields if f.has_default() and callable(f.default)}
    converters = [(f.attname, _converter(f)) for f in fields]
    quote = connection.ops.quote_name
    by_name = {f.name: f for f in fields}
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    target = ", ".join(quote(by_name[name].column) for name in conflict_fields)
    if update_fields:
        assignments = ", ".join(
            f"{quote(by_name[name].column)} = EXCLUDED.{quote(by_name[name].column)}"
            for name in update_fields
        )
        action = f"DO UPDATE SET {assignments}"
    else:
        action = "DO NOTHING"
    params = [
        [convert(_value(row, name, defaults, automatic, per_row)) for name, convert in converters]
        for row in rows
    ]
    if not params:
        return
    # Table and column names come from the model and are quoted; every value is a parameter.
    head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "  # noqa: S608
    tail = f" ON CONFLICT ({target}) {action}"
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(head + f"({placeholders})" + tail, params)  # SQLite: in-process, fast
            return
        # PostgreSQL: one statement with one array per column (one round trip, a handful of parameters).
        arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
        unnest = f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT * FROM unnest({arrays})"  # noqa: S608
        cursor.execute(unnest + tail, [list(column) for column in zip(*params, strict=True)])
