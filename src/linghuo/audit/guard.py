"""The database's own guard on the audit log: triggers that refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL) on its entries and on its batches' items.

The model already refuses edits; the triggers refuse them from any other client too (a shell, a
report tool, a mistaken script). Someone with the rights to drop a trigger can still tamper, and
``audit verify`` (the hash chain, the head row and an anchor kept outside the database) finds that.
"""

from __future__ import annotations

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

ENTRY_TABLE = "audit_auditentry"
ITEM_TABLE = "audit_audititem"
TABLES = (ENTRY_TABLE, ITEM_TABLE)
MESSAGE = "审计日志只能追加 / the audit log is append-only"


def _sqlite(table: str, *, install: bool) -> list[str]:
    if not install:
        return [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ]


def _postgres(table: str, *, install: bool) -> list[str]:
    if not install:
        return [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_append_only()",
        ]
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$""",
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_append_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()""",
    ]


def statements(vendor: str, *, install: bool, tables: tuple[str, ...] = TABLES) -> list[str]:
    """The SQL that installs (or removes) the guard on ``tables`` of a database of ``vendor``."""
    build = {"sqlite": _sqlite, "postgresql": _postgres}.get(vendor)
    if build is None:
        return []  # other databases: the model's refusal and the hash chain still hold
    return [sql for table in tables for sql in build(table, install=install)]


def enabled() -> bool:
    """Whether migrations install the guard (``LINGHUO_AUDIT_DATABASE_GUARD``; off in the test settings,
    where Django empties tables between transactional tests — the guard's tests install it themselves)."""
    from django.conf import settings

    return bool(getattr(settings, "LINGHUO_AUDIT_DATABASE_GUARD", True))


def install(schema_editor: BaseDatabaseSchemaEditor, tables: tuple[str, ...]) -> None:
    if enabled():
        for sql in statements(schema_editor.connection.vendor, install=True, tables=tables):
            schema_editor.execute(sql)


def remove(schema_editor: BaseDatabaseSchemaEditor, tables: tuple[str, ...]) -> None:
    for sql in statements(schema_editor.connection.vendor, install=False, tables=tables):
        schema_editor.execute(sql)
