"""Concurrent writers keep the audit chain linear (the head row is locked for each append), chunks too."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from linghuo.audit.models import AuditAction, AuditEntry, AuditItem
from linghuo.audit.services import audit_batch, audit_record, audit_verify

WRITERS = 4
ENTRIES_EACH = 15


def _append(writer: int, errors: list[BaseException]) -> None:
    try:
        for n in range(ENTRIES_EACH):
            audit_record(
                actor=None,
                action=AuditAction.PERSONAL_DATA_VIEWED,
                object_type="registry.person",
                object_id=f"{writer}-{n}",
                changes={"writer": writer, "n": n},
            )
    except BaseException as exc:  # reported to the main thread
        errors.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_chain_linear_under_concurrent_writers() -> None:
    # PostgreSQL: SELECT … FOR UPDATE on the head row; SQLite: IMMEDIATE transactions serialise writers
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_append, args=(w, errors)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, WRITERS * ENTRIES_EACH + 1))
    result = audit_verify()
    assert result.ok, result.message()
    assert result.checked == WRITERS * ENTRIES_EACH


BATCHES_EACH, ITEMS_EACH = 5, 20


def _append_batches(writer: int, errors: list[BaseException]) -> None:
    try:
        for n in range(BATCHES_EACH):
            with audit_batch(
                actor=None,
                action="collection_chunk_written",
                object_type="collection.submission",
                object_id=n,
            ) as audit:
                for row in range(ITEMS_EACH):
                    audit.record(
                        action="collection_roster_rows_written", changes={"writer": writer, "row": row}
                    )
    except BaseException as exc:  # reported to the main thread
        errors.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_chain_valid_with_chunks_and_single_entries_written_at_once() -> None:
    errors: list[BaseException] = []
    threads = [threading.Thread(target=_append, args=(w, errors)) for w in range(WRITERS // 2)] + [
        threading.Thread(target=_append_batches, args=(w, errors)) for w in range(WRITERS // 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    singles, chunks = WRITERS // 2 * ENTRIES_EACH, WRITERS // 2 * BATCHES_EACH
    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, singles + chunks + 1))
    assert AuditEntry.objects.filter(batch__isnull=False).count() == chunks
    assert AuditItem.objects.count() == chunks * ITEMS_EACH
    result = audit_verify()
    assert result.ok, result.message()
    assert result.checked == singles + chunks
