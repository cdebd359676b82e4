"""Triggers in the database: the months cap across claims, and no month paid while drawing unemployment
benefit (SQLite and PostgreSQL, see linghuo.payments.limits)."""

from typing import Any

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from linghuo.payments import limits


def forwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    limits.install(schema_editor)


def backwards(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    limits.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("payments", "0003_paid_months_bank_accounts_batches_payments_files")]

    operations = [migrations.RunPython(forwards, backwards)]
