"""A batch's records are one chain entry's items: appended as its block ends, covered by its digest."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import DatabaseError, connection, transaction

from linghuo.audit import chain, guard
from linghuo.audit.models import AuditAction, AuditEntry, AuditHead, AuditItem
from linghuo.audit.services import AuditBatch, audit_batch, audit_record, audit_verify
from linghuo.cli import cli

pytestmark = pytest.mark.django_db

CHUNK = "collection_chunk_written"


def _guard(*, install: bool) -> None:
    with connection.cursor() as cursor:
        for sql in guard.statements(connection.vendor, install=install):
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def _guarded_as_in_production() -> None:
    _guard(install=True)


def _tamper(sql: str, params: list[str | int]) -> None:
    """Tamper as a database administrator would: remove the database's guard, then edit the items."""
    _guard(install=False)
    _raw(sql, params)


def _raw(sql: str, params: list[str | int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.format(items=connection.ops.quote_name(AuditItem._meta.db_table)), params)


def _single(n: int) -> AuditEntry:
    return audit_record(
        actor=None,
        action=AuditAction.PERSONAL_DATA_VIEWED,
        object_type="registry.person",
        object_id=n,
        changes={"n": n},
    )


def _chunk(first: int, rows: int = 3) -> AuditEntry:
    """A chunk of ``rows`` audited writes, as an import writes one, between entries of their own."""
    with audit_batch(actor=None, action=CHUNK, object_type="collection.submission", object_id=7) as audit:
        for n in range(first, first + rows):
            audit.record(action="collection_roster_rows_written", changes={"person_ids": [n], "n": n})
    return AuditEntry.objects.get(action=CHUNK, object_id="7", sequence=AuditHead.objects.get().sequence)


def _log() -> tuple[AuditEntry, AuditEntry, AuditEntry]:
    """Entry 1 of its own, entry 2 a chunk of three items, entry 3 of its own."""
    first = _single(1)
    chunk = _chunk(100)
    return first, chunk, _single(2)


def _items(entry: AuditEntry) -> list[AuditItem]:
    assert entry.batch is not None
    return list(AuditItem.objects.filter(batch=entry.batch).order_by("id"))


def test_it_chains_a_batch_as_one_entry_covering_its_items() -> None:
    first, chunk, last = _log()

    assert [first.sequence, chunk.sequence, last.sequence] == [1, 2, 3]
    assert chunk.item_count == 3
    items = _items(chunk)
    assert [i.changes_digest for i in items] == [
        chain.changes_digest({"n": n, "person_ids": [n]}) for n in (100, 101, 102)
    ]
    assert {(i.object_type, i.object_id) for i in items} == {("collection.submission", "7")}
    assert chunk.previous_hash == first.entry_hash
    assert last.previous_hash == chunk.entry_hash
    result = audit_verify()
    assert result.ok, result.message()
    assert result.checked == 3


def test_it_appends_the_entry_only_as_the_block_ends() -> None:
    _single(1)
    with audit_batch(actor=None, action=CHUNK, object_type="collection.submission", object_id=7) as audit:
        audit.record(action="collection_persons_created", changes={"count": 2})
        audit.record(action="collection_roster_rows_written", changes={"person_ids": [1, 2]})
        # the head is not locked nor moved while the chunk is written
        assert AuditHead.objects.get().sequence == 1
        assert AuditEntry.objects.count() == 1
    assert AuditHead.objects.get().sequence == 2
    assert AuditEntry.objects.get(sequence=2).changed_fields == (
        "collection_persons_created,collection_roster_rows_written"
    )


def test_a_batch_without_records_appends_nothing() -> None:
    with audit_batch(actor=None, action=CHUNK, object_type="collection.submission", object_id=7):
        pass
    assert AuditEntry.objects.count() == 0
    assert audit_verify().ok


def _chunk_that_fails() -> None:
    with audit_batch(actor=None, action=CHUNK, object_type="collection.submission", object_id=7) as audit:
        audit.record(action="collection_roster_rows_written", changes={"person_ids": [1]})
        raise RuntimeError("disk full")


def test_a_batch_that_fails_leaves_neither_items_nor_entry() -> None:
    _single(1)
    with pytest.raises(RuntimeError, match="disk full"):
        _chunk_that_fails()
    assert AuditItem.objects.count() == 0
    assert AuditEntry.objects.count() == 1
    assert audit_verify().ok


def _refused_row(audit: AuditBatch) -> None:
    with transaction.atomic():
        audit.record(action="collection_roster_rows_written", changes={"person_ids": [1]})
        raise RuntimeError("row refused")


def test_a_record_rolled_back_with_its_savepoint_is_not_in_the_batch() -> None:
    with audit_batch(actor=None, action=CHUNK, object_type="collection.submission", object_id=7) as audit:
        audit.record(action="collection_persons_created", changes={"count": 1})
        with pytest.raises(RuntimeError, match="row refused"):
            _refused_row(audit)
    entry = AuditEntry.objects.get()
    assert entry.item_count == 1
    assert audit_verify().ok


def test_a_chunk_entry_detects_an_edited_item() -> None:
    _, chunk, _ = _log()
    edited = _items(chunk)[1]
    _tamper("UPDATE {items} SET object_id = %s WHERE id = %s", ["999", edited.pk])

    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 2
    assert result.checked == 1
    assert "批内记录与摘要不符" in result.reason


def test_a_chunk_entry_detects_an_item_whose_digest_was_replaced() -> None:
    _, chunk, _ = _log()
    edited = _items(chunk)[0]
    forged = chain.changes_digest({"n": 100, "person_ids": [100, 555]})
    _tamper("UPDATE {items} SET changes_digest = %s WHERE id = %s", [forged, edited.pk])

    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 2


def test_a_chunk_entry_detects_a_deleted_item() -> None:
    _, chunk, _ = _log()
    _tamper("DELETE FROM {items} WHERE id = %s", [_items(chunk)[2].pk])

    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 2
    assert "2 of 3" in result.reason


def test_a_chunk_entry_detects_an_item_moved_to_another_batch() -> None:
    _, chunk, _ = _log()
    other = _chunk(200)
    assert other.batch is not None
    _tamper("UPDATE {items} SET batch = %s WHERE id = %s", [other.batch.hex, _items(chunk)[0].pk])

    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 2


def test_it_detects_items_that_belong_to_no_entry() -> None:
    _, chunk, _ = _log()
    item = _items(chunk)[0]
    _raw(
        "INSERT INTO {items} (batch, recorded_at, action, object_type, object_id, changed_fields,"
        " changes_digest) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        ["0" * 32, item.recorded_at.isoformat(), "forged", "registry.person", "1", "", "0" * 64],
    )

    result = audit_verify()
    assert not result.ok
    assert "不属于任何条目" in result.reason
    assert result.message() == f"审计日志已被篡改：{result.reason} / audit log broken"


def test_the_command_exits_1_on_a_deleted_item() -> None:
    _, chunk, _ = _log()
    _tamper("DELETE FROM {items} WHERE id = %s", [_items(chunk)[0].pk])
    result = CliRunner().invoke(cli, ["audit", "verify"])
    assert result.exit_code == 1
    assert "audit log broken at entry 2" in result.output


@pytest.mark.parametrize(
    "sql", ["UPDATE {items} SET action = 'forged' WHERE id = %s", "DELETE FROM {items} WHERE id = %s"]
)
def test_the_database_itself_refuses_a_raw_edit_of_an_item(sql: str) -> None:
    _, chunk, _ = _log()
    item = _items(chunk)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw(sql, [item.pk])
    assert AuditItem.objects.filter(pk=item.pk, action="collection_roster_rows_written").exists()
    assert audit_verify().ok


def test_an_entry_outside_a_batch_is_sealed_over_the_fields_it_had_before_batches(settings: Any) -> None:
    entry = _single(1)
    fields = {
        "sequence": 1,
        "recorded_at": chain.timestamp_text(entry.recorded_at),
        "actor_id": None,
        "actor_label": "system",
        "action": "personal_data_viewed",
        "object_type": "registry.person",
        "object_id": "1",
        "changed_fields": "n",
        "changes_digest": chain.changes_digest({"n": 1}),
        "previous_hash": chain.GENESIS_HASH,
        "key_id": entry.key_id,
    }
    secret = settings.LINGHUO_AUDIT_KEY.encode()
    entry_key = hmac.new(secret, b"linghuo.audit.entry", hashlib.sha256).digest()
    assert entry.batch is None
    assert (
        entry.entry_hash
        == hmac.new(entry_key, chain.canonical_json(fields).encode(), hashlib.sha256).hexdigest()
    )
