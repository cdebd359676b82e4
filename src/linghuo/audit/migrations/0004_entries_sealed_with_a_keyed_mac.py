"""Entries sealed by an HMAC under a key kept outside the database, each naming its key; the guard on the head.

The entries written before are verified as they were (plain SHA-256) and re-sealed with the current key
(``linghuo.audit.reseal``: why re-sealing rather than a legacy stretch, and what happens to a broken chain).
SQLite rebuilds the table to add the column, which drops its triggers: the guard on the entries is taken off
before and put back after, with the new guard on the head row, in both directions.
"""

from typing import Any

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from linghuo.audit import guard, reseal


def unguarded(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.remove(schema_editor, (guard.ENTRY_TABLE, guard.HEAD_TABLE))


def entries_guarded(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.install(schema_editor, (guard.ENTRY_TABLE,))


def entries_and_head_guarded(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.install(schema_editor, (guard.ENTRY_TABLE, guard.HEAD_TABLE))


def sealed(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    reseal.reseal_unkeyed(apps.get_model("audit", "AuditEntry"), apps.get_model("audit", "AuditHead"))


def unsealed(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    reseal.unseal_keyed(apps.get_model("audit", "AuditEntry"), apps.get_model("audit", "AuditHead"))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_one_entry_per_batch_with_its_items"),
    ]

    operations = [
        migrations.RunPython(unguarded, entries_guarded),
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(default="", max_length=16, verbose_name="密钥标识"),
            preserve_default=False,
        ),
        migrations.RunPython(sealed, unsealed),
        migrations.RunPython(entries_and_head_guarded, unguarded),
    ]
