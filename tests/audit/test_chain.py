"""The audit log is a hash chain: any edited or removed row is found by ``audit verify``."""

from __future__ import annotations

import itertools

import pytest
from click.testing import CliRunner
from django.db import DatabaseError, connection, transaction

from linghuo.audit import chain, guard
from linghuo.audit.models import AppendOnlyError, AuditAction, AuditEntry, AuditHead
from linghuo.audit.services import AnchorFormatError, audit_anchor, audit_record, audit_verify
from linghuo.cli import cli

pytestmark = pytest.mark.django_db


def _record_five() -> list[AuditEntry]:
    return [
        audit_record(
            actor=None,
            action=AuditAction.PERSONAL_DATA_VIEWED,
            object_type="registry.person",
            object_id=n,
            changes={"field": "id_number", "n": n},
        )
        for n in range(1, 6)
    ]


def _guard(*, install: bool) -> None:
    with connection.cursor() as cursor:
        for sql in guard.statements(connection.vendor, install=install):
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def _guarded_as_in_production() -> None:
    # The test settings leave the guard out of migrations (Django empties tables between
    # transactional tests); here it is installed inside the test's transaction, as production has it.
    _guard(install=True)


def _execute(sql: str, params: list[str | int]) -> None:
    """Tamper as a database administrator would: remove the database's guard, then edit the table."""
    _guard(install=False)
    _raw(sql, params)


def _raw(sql: str, params: list[str | int]) -> None:
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=connection.ops.quote_name(table)), params)


def test_it_verifies_an_intact_chain() -> None:
    entries = _record_five()
    result = audit_verify()
    assert result.ok
    assert result.checked == 5
    assert [e.sequence for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].previous_hash == chain.GENESIS_HASH
    assert all(later.previous_hash == earlier.entry_hash for earlier, later in itertools.pairwise(entries))


def test_it_verifies_an_empty_log() -> None:
    assert audit_verify().ok


def test_it_keeps_only_a_digest_of_the_changes() -> None:
    entry = audit_record(
        actor=None,
        action=AuditAction.PERSONAL_DATA_VIEWED,
        object_type="registry.person",
        object_id=7,
        changes={"id_number_hash": "ab" * 32, "reason": "复核"},
    )
    stored = AuditEntry.objects.values().get(pk=entry.pk)
    assert "复核" not in str(stored)
    assert stored["changes_digest"] == chain.changes_digest({"reason": "复核", "id_number_hash": "ab" * 32})
    assert stored["changed_fields"] == "id_number_hash,reason"


def test_it_refuses_updates_and_deletes_through_the_model() -> None:
    entry = _record_five()[2]
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(sequence=3).update(action="forged")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(sequence=3).delete()
    assert audit_verify().ok


def test_it_detects_an_edited_action() -> None:
    _record_five()
    _execute("UPDATE {table} SET action = %s WHERE sequence = %s", ["user_created", 3])
    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 3
    assert result.checked == 2


def test_it_detects_an_edited_row_whose_hash_was_recomputed_alone() -> None:
    entries = _record_five()
    forged = chain.unkeyed_entry_hash(
        sequence=3,
        recorded_at=entries[2].recorded_at,
        actor_id=None,
        actor_label="system",
        action="user_created",
        object_type="registry.person",
        object_id="3",
        changed_fields=entries[2].changed_fields,
        changes_digest=entries[2].changes_digest,
        previous_hash=entries[2].previous_hash,
    )
    _execute(
        "UPDATE {table} SET action = %s, entry_hash = %s WHERE sequence = %s", ["user_created", forged, 3]
    )
    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 3  # a plain SHA-256 is not the entry's keyed seal


def test_it_detects_a_deleted_middle_row() -> None:
    _record_five()
    _execute("DELETE FROM {table} WHERE sequence = %s", [3])
    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 3


def test_it_detects_a_deleted_first_row() -> None:
    _record_five()
    _execute("DELETE FROM {table} WHERE sequence = %s", [1])
    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 1


def test_it_detects_a_deleted_last_row() -> None:
    _record_five()
    _execute("DELETE FROM {table} WHERE sequence = %s", [5])
    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 5
    assert result.checked == 4


def test_it_detects_an_emptied_table() -> None:
    _record_five()
    _execute("DELETE FROM {table} WHERE sequence > %s", [0])
    assert not audit_verify().ok


def test_it_continues_the_chain_after_verification() -> None:
    _record_five()
    assert audit_verify().ok
    entry = audit_record(actor=None, action=AuditAction.LOGOUT, object_type="accounts.user", changes={})
    assert entry.sequence == 6
    assert audit_verify().checked == 6


def test_it_refuses_an_entry_without_an_object() -> None:
    with pytest.raises(ValueError, match="对象类型"):
        audit_record(actor=None, action=AuditAction.LOGOUT, changes={})


class TestCommand:
    def test_it_exits_0_on_an_intact_chain(self) -> None:
        _record_five()
        result = CliRunner().invoke(cli, ["audit", "verify"])
        assert result.exit_code == 0, result.output
        assert "审计日志完整" in result.output
        assert "5" in result.output

    def test_it_exits_1_on_an_edited_row(self) -> None:
        _record_five()
        _execute("UPDATE {table} SET object_id = %s WHERE sequence = %s", ["999", 2])
        result = CliRunner().invoke(cli, ["audit", "verify"])
        assert result.exit_code == 1
        assert "第 2 条" in result.output

    def test_it_exits_1_on_a_deleted_last_row(self) -> None:
        _record_five()
        _execute("DELETE FROM {table} WHERE sequence = %s", [5])
        result = CliRunner().invoke(cli, ["audit", "verify"])
        assert result.exit_code == 1
        assert "audit log broken at entry 5" in result.output


@pytest.mark.parametrize(
    "sql",
    ["UPDATE {table} SET action = 'forged' WHERE sequence = 3", "DELETE FROM {table} WHERE sequence = 3"],
)
def test_the_database_itself_refuses_a_raw_edit(sql: str) -> None:
    _record_five()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(sql, [])
    assert AuditEntry.objects.filter(sequence=3).exclude(action="forged").exists()
    assert audit_verify().ok


def test_an_anchor_catches_a_log_cut_back_and_re_headed() -> None:
    _record_five()
    anchor = audit_anchor()
    assert anchor.startswith("5:")
    _execute("DELETE FROM {table} WHERE sequence = %s", [5])
    fourth = AuditEntry.objects.get(sequence=4)
    AuditHead.objects.filter(pk=1).update(sequence=4, entry_hash=fourth.entry_hash)

    assert audit_verify().ok  # the chain alone cannot tell
    result = audit_verify(anchor=anchor)
    assert not result.ok
    assert result.broken_sequence == 5


def test_it_refuses_a_malformed_anchor() -> None:
    with pytest.raises(AnchorFormatError, match="序号:哈希"):
        audit_verify(anchor="five:abc")


def test_the_command_prints_an_anchor_that_a_later_run_accepts() -> None:
    _record_five()
    first = CliRunner().invoke(cli, ["audit", "verify"])
    assert first.exit_code == 0, first.output
    anchor = first.output.split("anchor: ")[1].strip()
    audit_record(
        actor=None, action=AuditAction.PERSONAL_DATA_VIEWED, object_type="registry.person", changes={}
    )
    later = CliRunner().invoke(cli, ["audit", "verify", "--anchor", anchor])
    assert later.exit_code == 0, later.output
    bad = CliRunner().invoke(cli, ["audit", "verify", "--anchor", "3:" + "0" * 64])
    assert bad.exit_code == 1
