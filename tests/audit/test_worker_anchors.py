"""``linghuo worker`` keeps the anchor file: an anchor at start-up, then one every so often."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from linghuo.audit.models import AuditAction, AuditHead
from linghuo.audit.services import audit_anchors_start, audit_record


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_appends_an_anchor_of_the_head(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "audit-anchors.jsonl"
    settings.LINGHUO_AUDIT_ANCHOR_FILE = str(path)
    for n in range(3):
        audit_record(
            actor=None, action=AuditAction.LOGOUT, object_type="accounts.user", object_id=n, changes={}
        )
    head = AuditHead.objects.get()

    stop = audit_anchors_start(3600)
    assert stop is not None
    try:
        deadline = time.monotonic() + 20
        while not (path.exists() and path.read_text().endswith("\n")) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
    anchor = json.loads(path.read_text().splitlines()[0])
    assert (anchor["sequence"], anchor["entry_hash"]) == (3, head.entry_hash)


def test_no_thread_runs_without_an_anchor_file(settings: Any) -> None:
    settings.LINGHUO_AUDIT_ANCHOR_FILE = ""
    assert audit_anchors_start(60) is None
