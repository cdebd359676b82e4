"""The database's own guard on the audit log: triggers that refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL) on its entries and on its batches' items, and that let the chain's head only move forward.

The model already refuses edits; the triggers refuse them from any other client too (a shell, a
report tool, a mistaken script). The head row may be inserted empty (sequence 0) or onto an existing
entry, and updated only to a greater sequence whose entry exists with the same hash; it is never deleted.
Someone with the rights to drop a trigger can still tamper, and ``audit verify`` (the keyed chain, the
head row and the anchors kept outside the database) finds that.
"""

from __future__ import annotations

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

ENTRY_TABLE = "audit_auditentry"
ITEM_TABLE = "audit_audititem"
HEAD_TABLE = "audit_audithead"
TABLES = (ENTRY_TABLE, ITEM_TABLE, HEAD_TABLE)
MESSAGE = "审计日志只能追加 / the audit log is append-only"
HEAD_MESSAGE = "审计链头只能前进到已有记录 / the audit head only moves forward, onto an existing entry"
# A head row that is the empty start or an existing entry; an update that moves it forward onto one.
# (Trigger conditions over this module's constant table names, no outside input.)
_HEAD_KNOWN = (
    f"(NEW.sequence = 0 AND NEW.entry_hash = '') OR EXISTS (SELECT 1 FROM {ENTRY_TABLE} AS e"  # noqa: S608
    " WHERE e.sequence = NEW.sequence AND e.entry_hash = NEW.entry_hash)"
)
_HEAD_ADVANCES = (
    f"NEW.id = OLD.id AND NEW.sequence > OLD.sequence AND EXISTS (SELECT 1 FROM {ENTRY_TABLE} AS e"  # noqa: S608
    " WHERE e.sequence = NEW.sequence AND e.entry_hash = NEW.entry_hash)"
)


def _sqlite_head(table: str, *, install: bool) -> list[str]:
    names = ("no_insert", "no_update", "no_delete")
    if not install:
        return [f"DROP TRIGGER IF EXISTS {table}_{name}" for name in names]
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_insert BEFORE INSERT ON {table}
        WHEN NOT ({_HEAD_KNOWN}) BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
        WHEN NOT ({_HEAD_ADVANCES}) BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END""",
    ]


def _postgres_head(table: str, *, install: bool) -> list[str]:
    if not install:
        return [
            f"DROP TRIGGER IF EXISTS {table}_forward_only ON {table}",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_forward_only()",
        ]
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                IF {_HEAD_KNOWN} THEN RETURN NEW; END IF;
            ELSIF TG_OP = 'UPDATE' THEN
                IF {_HEAD_ADVANCES} THEN RETURN NEW; END IF;
            END IF;
            RAISE EXCEPTION '{HEAD_MESSAGE}';
        END $$""",
        f"""CREATE TRIGGER {table}_forward_only BEFORE INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {table}_forward_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION {table}_forward_only()""",
    ]


def _sqlite(table: str, *, install: bool) -> list[str]:
    if table == HEAD_TABLE:
        return _sqlite_head(table, install=install)
    if not install:
        return [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]
    return [
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    ]


def _postgres(table: str, *, install: bool) -> list[str]:
    if table == HEAD_TABLE:
        return _postgres_head(table, install=install)
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
