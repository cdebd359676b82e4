"""A batch's items and its entry's key and count; the database's guard on the items.

SQLite rebuilds a table to add these columns, which drops its triggers: the guard on the entries is
taken off before and put back after, so it holds on both databases and in both directions.
"""

from typing import Any

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from linghuo.audit import guard


def entries_unguarded(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.remove(schema_editor, (guard.ENTRY_TABLE,))


def entries_guarded(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.install(schema_editor, (guard.ENTRY_TABLE,))


def all_guarded(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.install(schema_editor, (guard.ENTRY_TABLE, guard.ITEM_TABLE))


def all_unguarded(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
    guard.remove(schema_editor, (guard.ENTRY_TABLE, guard.ITEM_TABLE))


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_database_refuses_edits"),
    ]

    operations = [
        migrations.RunPython(entries_unguarded, entries_guarded),
        migrations.AddField(
            model_name="auditentry",
            name="batch",
            field=models.UUIDField(blank=True, null=True, unique=True, verbose_name="批次"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="item_count",
            field=models.PositiveIntegerField(default=0, verbose_name="批内记录数"),
        ),
        migrations.CreateModel(
            name="AuditItem",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("batch", models.UUIDField(db_index=True, verbose_name="批次")),
                ("recorded_at", models.DateTimeField(verbose_name="时间")),
                ("action", models.CharField(db_index=True, max_length=64, verbose_name="操作")),
                ("object_type", models.CharField(max_length=64, verbose_name="对象类型")),
                ("object_id", models.CharField(blank=True, max_length=64, verbose_name="对象标识")),
                ("changed_fields", models.CharField(blank=True, max_length=512, verbose_name="变更字段")),
                ("changes_digest", models.CharField(max_length=64, verbose_name="变更摘要（SHA-256）")),
            ],
            options={
                "verbose_name": "审计批内记录",
                "verbose_name_plural": "审计批内记录",
                "ordering": ("id",),
                "indexes": [
                    models.Index(fields=["object_type", "object_id"], name="audit_audit_object__a04b3a_idx")
                ],
            },
        ),
        migrations.RunPython(all_guarded, all_unguarded),
    ]
