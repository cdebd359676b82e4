"""The database's own guard on the ledger: a posting is posted only when its lines balance, and a posted
posting and its lines never change.

A posting is written as a draft, its lines are added, then its state turns to ``posted``; a trigger at
that transition refuses it unless the posting has lines and they sum to zero. Triggers refuse a posting
inserted as already posted, any change to a posted posting, and a line added to, changed in or moved out
of a posted posting — from any client, not only the model. Refusing DELETE of a posted posting or its
lines is installed by migrations unless ``LINGHUO_LEDGER_DATABASE_GUARD`` is off (the test settings, where
Django empties tables between transactional tests; tests install it themselves). ``linghuo ledger
verify`` finds a posting that is unbalanced all the same (the triggers dropped by someone with the rights).

On PostgreSQL a line's trigger reads its posting ``FOR SHARE``: a line added while another transaction
posts the posting waits for it, then sees it posted and is refused.
"""

from __future__ import annotations

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

POSTING = "payments_posting"
LINE = "payments_line"
UNBALANCED = "分录借贷不平衡 / the lines of the posting do not balance"
FROZEN = "已过账的分录不可更改 / a posted posting cannot change"
DRAFT_FIRST = "分录须先为草稿 / a posting starts as a draft"


def _sqlite(*, install: bool, deletes: bool) -> list[str]:
    names = [
        "payments_posting_draft_first",
        "payments_posting_balanced",
        "payments_posting_frozen",
        "payments_line_insert_frozen",
        "payments_line_update_frozen",
        "payments_posting_no_delete",
        "payments_line_no_delete",
    ]
    if not install:
        return [f"DROP TRIGGER IF EXISTS {name}" for name in names]
    state = "(SELECT state FROM payments_posting WHERE id = {side}.posting_id) = 'posted'"
    sql = [
        f"""CREATE TRIGGER IF NOT EXISTS payments_posting_draft_first BEFORE INSERT ON {POSTING}
        WHEN NEW.state <> 'draft' BEGIN SELECT RAISE(ABORT, '{DRAFT_FIRST}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS payments_posting_balanced BEFORE UPDATE OF state ON {POSTING}
        WHEN NEW.state = 'posted' AND (
            (SELECT COUNT(*) FROM {LINE} WHERE posting_id = NEW.id) = 0
            OR (SELECT COALESCE(SUM(amount_fen), 0) FROM {LINE} WHERE posting_id = NEW.id) <> 0)
        BEGIN SELECT RAISE(ABORT, '{UNBALANCED}'); END""",  # noqa: S608 (constants only)
        f"""CREATE TRIGGER IF NOT EXISTS payments_posting_frozen BEFORE UPDATE ON {POSTING}
        WHEN OLD.state = 'posted' BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS payments_line_insert_frozen BEFORE INSERT ON {LINE}
        WHEN {state.format(side="NEW")} BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
        f"""CREATE TRIGGER IF NOT EXISTS payments_line_update_frozen BEFORE UPDATE ON {LINE}
        WHEN {state.format(side="OLD")} OR {state.format(side="NEW")}
        BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
    ]
    if deletes:
        sql += [
            f"""CREATE TRIGGER IF NOT EXISTS payments_posting_no_delete BEFORE DELETE ON {POSTING}
            WHEN OLD.state = 'posted' BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
            f"""CREATE TRIGGER IF NOT EXISTS payments_line_no_delete BEFORE DELETE ON {LINE}
            WHEN {state.format(side="OLD")} BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
        ]
    return sql


def _postgres(*, install: bool, deletes: bool) -> list[str]:
    if not install:
        return [
            f"DROP TRIGGER IF EXISTS payments_posting_guard ON {POSTING}",
            f"DROP TRIGGER IF EXISTS payments_line_guard ON {LINE}",
            "DROP FUNCTION IF EXISTS payments_posting_guard()",
            "DROP FUNCTION IF EXISTS payments_line_guard()",
        ]
    posting_ops = "INSERT OR UPDATE OR DELETE" if deletes else "INSERT OR UPDATE"
    line_ops = "INSERT OR UPDATE OR DELETE" if deletes else "INSERT OR UPDATE"
    return [
        f"""CREATE OR REPLACE FUNCTION payments_posting_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE lines bigint; total numeric;
        BEGIN
            IF TG_OP = 'INSERT' THEN
                IF NEW.state <> 'draft' THEN RAISE EXCEPTION '{DRAFT_FIRST}'; END IF;
                RETURN NEW;
            END IF;
            IF OLD.state = 'posted' THEN RAISE EXCEPTION '{FROZEN}'; END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            IF NEW.state = 'posted' THEN
                SELECT count(*), coalesce(sum(amount_fen), 0) INTO lines, total
                FROM {LINE} WHERE posting_id = NEW.id;
                IF lines = 0 OR total <> 0 THEN
                    RAISE EXCEPTION USING MESSAGE = '{UNBALANCED} (posting ' || NEW.id || ')';
                END IF;
            END IF;
            RETURN NEW;
        END $$""",  # noqa: S608 (constants only)
        f"""CREATE OR REPLACE FUNCTION payments_line_guard() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
                SELECT 1 FROM {POSTING} WHERE id = OLD.posting_id AND state = 'posted' FOR SHARE
            ) THEN RAISE EXCEPTION '{FROZEN}'; END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            IF EXISTS (SELECT 1 FROM {POSTING} WHERE id = NEW.posting_id AND state = 'posted' FOR SHARE)
            THEN RAISE EXCEPTION '{FROZEN}'; END IF;
            RETURN NEW;
        END $$""",  # noqa: S608 (constants only)
        f"""CREATE TRIGGER payments_posting_guard BEFORE {posting_ops} ON {POSTING}
        FOR EACH ROW EXECUTE FUNCTION payments_posting_guard()""",
        f"""CREATE TRIGGER payments_line_guard BEFORE {line_ops} ON {LINE}
        FOR EACH ROW EXECUTE FUNCTION payments_line_guard()""",
    ]


def statements(vendor: str, *, install: bool, deletes: bool = True) -> list[str]:
    """The SQL that installs (or removes) the ledger's guard on a database of ``vendor``; ``deletes``
    also refuses deleting a posted posting or its lines."""
    build = {"sqlite": _sqlite, "postgresql": _postgres}.get(vendor)
    if build is None:
        return []  # other databases: the services and ``ledger verify`` still hold
    return build(install=install, deletes=deletes)


def deletes_refused() -> bool:
    """Whether migrations also refuse deletes (``LINGHUO_LEDGER_DATABASE_GUARD``, off under tests)."""
    from django.conf import settings

    return bool(getattr(settings, "LINGHUO_LEDGER_DATABASE_GUARD", True))


def install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in statements(schema_editor.connection.vendor, install=True, deletes=deletes_refused()):
        schema_editor.execute(sql)


def remove(schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(sql)
