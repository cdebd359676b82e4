"""Concurrent writers keep the audit chain linear (the head row is locked for each append)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from linghuo.audit.models import AuditAction, AuditEntry
from linghuo.audit.services import audit_record, audit_verify

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
