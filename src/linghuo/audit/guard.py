"""The database's own guard on the audit log: triggers that refuse UPDATE and DELETE.

The model already refuses edits; the triggers refuse them from any other client too (a shell, a
report tool, a mistaken script). Someone with the rights to drop a trigger can still tamper, and
``audit verify`` (the hash chain, the head row and an anchor kept outside the database) finds that.
"""

from __future__ import annotations

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

TABLE = "audit_auditentry"
MESSAGE = "审计日志只能追加 / the audit log is append-only"

_SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
_SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete"]

_POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$""",
    f"""CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()""",
    f"""CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_append_only()""",
]
_POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]


def statements(vendor: str, *, install: bool) -> list[str]:
    """The SQL that installs (or removes) the guard on a database of ``vendor``."""
    if vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_REMOVE
    if vendor == "postgresql":
        return _POSTGRES_INSTALL if install else _POSTGRES_REMOVE
    return []  # other databases: the model's refusal and the hash chain still hold


def enabled() -> bool:
    """Whether migrations install the guard (``LINGHUO_AUDIT_DATABASE_GUARD``; off in the test settings,
    where Django empties tables between transactional tests — the guard's tests install it themselves)."""
    from django.conf import settings

    return bool(getattr(settings, "LINGHUO_AUDIT_DATABASE_GUARD", True))


def install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    if enabled():
        for sql in statements(schema_editor.connection.vendor, install=True):
            schema_editor.execute(sql)


def remove(schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(sql)
