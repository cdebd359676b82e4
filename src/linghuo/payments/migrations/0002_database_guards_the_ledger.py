"""Triggers in the database: a posting is posted only balanced, and posted postings and lines never change
(SQLite and PostgreSQL, see linghuo.payments.guard)."""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from linghuo.payments import guard


def forwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.install(schema_editor)


def backwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_ledger_accounts_postings_lines")]

    operations = [migrations.RunPython(forwards, backwards)]
