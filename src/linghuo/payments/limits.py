"""The limits on months paid, in the database: triggers on ``payments_paidmonth`` (SQLite and PostgreSQL).

- no month twice: the unique constraint (person, measure, month), across all claims;
- the months cap across all claims of a person: an insert is refused when the person already has
  ``months_cap`` months of the measure (on PostgreSQL under a transaction-scoped advisory lock per person
  and measure, so two claims paid at once cannot both take the last month);
- no month while the person draws unemployment benefit (失业保险金) that month: refused when a registry
  membership ``receiving_unemployment_benefit`` overlaps the month;
- a paid month never changes (it is deleted only when its payment is reversed).

The refusals are integrity errors (SQLite ``RAISE(ABORT)``; PostgreSQL SQLSTATE 23514), which the
payment service reports as a refused payment.
"""

from __future__ import annotations

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

TABLE = "payments_paidmonth"
MEMBERSHIP = "registry_groupmembership"
UNEMPLOYMENT_BENEFIT = "receiving_unemployment_benefit"
CAP = "已达补贴月数上限 / the months cap across all claims is reached"
UNEMPLOYED = "当月领取失业保险金，不发放补贴 / no subsidy for a month of unemployment benefit"
FROZEN = "已发放月份不可更改 / a paid month cannot change"


def _sqlite(*, install: bool) -> list[str]:
    names = ("payments_paidmonth_cap", "payments_paidmonth_unemployment", "payments_paidmonth_frozen")
    if not install:
        return [f"DROP TRIGGER IF EXISTS {name}" for name in names]
    return [
        f"""CREATE TRIGGER IF NOT EXISTS payments_paidmonth_cap BEFORE INSERT ON {TABLE}
        WHEN (SELECT COUNT(*) FROM {TABLE} WHERE person_id = NEW.person_id AND measure = NEW.measure)
            >= NEW.months_cap
        BEGIN SELECT RAISE(ABORT, '{CAP}'); END""",  # noqa: S608 (constants only)
        f"""CREATE TRIGGER IF NOT EXISTS payments_paidmonth_unemployment BEFORE INSERT ON {TABLE}
        WHEN EXISTS (SELECT 1 FROM {MEMBERSHIP} m WHERE m.person_id = NEW.person_id
            AND m.kind = '{UNEMPLOYMENT_BENEFIT}' AND m.valid_from < date(NEW.month, '+1 month')
            AND (m.valid_until IS NULL OR m.valid_until >= NEW.month))
        BEGIN SELECT RAISE(ABORT, '{UNEMPLOYED}'); END""",  # noqa: S608 (constants only)
        f"""CREATE TRIGGER IF NOT EXISTS payments_paidmonth_frozen BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{FROZEN}'); END""",
    ]


def _postgres(*, install: bool) -> list[str]:
    if not install:
        return [
            f"DROP TRIGGER IF EXISTS payments_paidmonth_limits ON {TABLE}",
            "DROP FUNCTION IF EXISTS payments_paidmonth_limits()",
        ]
    return [
        f"""CREATE OR REPLACE FUNCTION payments_paidmonth_limits() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                RAISE EXCEPTION USING MESSAGE = '{FROZEN}', ERRCODE = 'check_violation';
            END IF;
            PERFORM pg_advisory_xact_lock(
                hashtext('payments_paidmonth:' || NEW.person_id || ':' || NEW.measure));
            IF (SELECT count(*) FROM {TABLE} WHERE person_id = NEW.person_id AND measure = NEW.measure)
                >= NEW.months_cap THEN
                RAISE EXCEPTION USING MESSAGE = '{CAP}', ERRCODE = 'check_violation';
            END IF;
            IF EXISTS (SELECT 1 FROM {MEMBERSHIP} m WHERE m.person_id = NEW.person_id
                AND m.kind = '{UNEMPLOYMENT_BENEFIT}' AND m.valid_from < NEW.month + interval '1 month'
                AND (m.valid_until IS NULL OR m.valid_until >= NEW.month)) THEN
                RAISE EXCEPTION USING MESSAGE = '{UNEMPLOYED}', ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$""",  # noqa: S608 (constants only)
        f"""CREATE TRIGGER payments_paidmonth_limits BEFORE INSERT OR UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION payments_paidmonth_limits()""",
    ]


def statements(vendor: str, *, install: bool) -> list[str]:
    """The SQL that installs (or removes) the limits' triggers on a database of ``vendor``."""
    build = {"sqlite": _sqlite, "postgresql": _postgres}.get(vendor)
    return [] if build is None else build(install=install)


def install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(sql)


def remove(schema_editor: BaseDatabaseSchemaEditor) -> None:
    for sql in statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(sql)
