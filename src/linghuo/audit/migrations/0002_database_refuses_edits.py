"""Triggers in the database refuse UPDATE and DELETE on audit entries (SQLite and PostgreSQL)."""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from linghuo.audit import guard


def forwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.install(schema_editor, (guard.ENTRY_TABLE,))


def backwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.remove(schema_editor, (guard.ENTRY_TABLE,))


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_append_only_entries_and_head")]

    operations = [migrations.RunPython(forwards, backwards)]
