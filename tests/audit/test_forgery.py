"""Forgeries of the audit log that someone who can write to the database may try, and what finds them.

The attacker has the database (they can insert, update and, with the triggers dropped, rewrite rows) and
knows how the chain is computed, but not the key (``LINGHUO_AUDIT_KEY``), nor the anchor file on the
application's disk.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.db import DatabaseError, connection, transaction
from django.test import Client

from linghuo.accounts.models import Role, User
from linghuo.audit import chain, guard
from linghuo.audit.models import AuditAction, AuditEntry, AuditHead
from linghuo.audit.services import audit_anchor, audit_anchor_record, audit_record, audit_verify
from linghuo.cli import cli

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _guard(*, install: bool) -> None:
    with connection.cursor() as cursor:
        for sql in guard.statements(connection.vendor, install=install):
            cursor.execute(sql)


@pytest.fixture(autouse=True)
def _guarded_as_in_production() -> None:
    _guard(install=True)


@pytest.fixture
def anchor_file(settings: Any, tmp_path: Path) -> Path:
    """The anchor file, as production has it (the test settings configure none)."""
    path = tmp_path / "audit-anchors.jsonl"
    settings.LINGHUO_AUDIT_ANCHOR_FILE = str(path)
    return path


def _record(n: int) -> AuditEntry:
    return audit_record(
        actor=None,
        action=AuditAction.PERSONAL_DATA_VIEWED,
        object_type="registry.person",
        object_id=n,
        changes={"field": "id_number", "n": n},
    )


def _record_five() -> list[AuditEntry]:
    return [_record(n) for n in range(1, 6)]


def _raw(sql: str, params: list[str | int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            sql.format(
                entries=connection.ops.quote_name(AuditEntry._meta.db_table),
                head=connection.ops.quote_name(AuditHead._meta.db_table),
            ),
            params,
        )


def _plain_sha256(entry: AuditEntry, previous_hash: str) -> str:
    """What an attacker without the key computes: the entry's fields hashed as the chain once was."""
    return chain.unkeyed_entry_hash(
        sequence=entry.sequence,
        recorded_at=entry.recorded_at,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        changed_fields=entry.changed_fields,
        changes_digest=entry.changes_digest,
        previous_hash=previous_hash,
    )


def _forge_after(last: AuditEntry, *, action: str = "user_role_changed") -> AuditEntry:
    """Insert an entry after ``last`` that looks like the others (its key id copied) — inserts pass the
    database's guard — and move the head onto it, which the guard allows, since the entry exists."""
    forged = AuditEntry(
        sequence=last.sequence + 1,
        recorded_at=dt.datetime(2026, 12, 3, 9, 30, tzinfo=UTC),
        actor=None,
        actor_label="admin#1",
        action=action,
        object_type="accounts.user",
        object_id="42",
        changed_fields="role",
        changes_digest=chain.changes_digest({"role": "admin"}),
        previous_hash=last.entry_hash,
        key_id=last.key_id,
    )
    forged.entry_hash = _plain_sha256(forged, last.entry_hash)
    forged.save(force_insert=True)
    AuditHead.objects.filter(pk=1).update(sequence=forged.sequence, entry_hash=forged.entry_hash)
    return forged


def test_it_refuses_an_entry_forged_and_headed_with_the_triggers_in_place() -> None:
    entries = _record_five()
    old_anchor = audit_anchor()

    _forge_after(entries[-1])

    assert AuditHead.objects.get().sequence == 6  # the guard let the head move onto the new entry
    for result in (audit_verify(), audit_verify(anchor=old_anchor)):
        assert not result.ok
        assert result.broken_sequence == 6
        assert result.checked == 5
        assert "entry altered" in result.reason


def test_it_refuses_a_rewritten_entry_whose_later_hashes_were_all_recomputed() -> None:
    _record_five()
    _guard(install=False)  # a database administrator drops the triggers
    previous = AuditEntry.objects.get(sequence=1).entry_hash
    for entry in AuditEntry.objects.filter(sequence__gte=2).order_by("sequence"):
        if entry.sequence == 2:
            entry.object_id = "999"
        new_hash = _plain_sha256(entry, previous)
        _raw(
            "UPDATE {entries} SET object_id = %s, previous_hash = %s, entry_hash = %s WHERE sequence = %s",
            [entry.object_id, previous, new_hash, entry.sequence],
        )
        previous = new_hash
    _raw("UPDATE {head} SET entry_hash = %s WHERE id = 1", [previous])

    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 2
    assert result.checked == 1
    command = CliRunner().invoke(cli, ["audit", "verify"])
    assert command.exit_code == 1
    assert "第 2 条" in command.output


def test_it_refuses_a_chain_resealed_under_another_key(settings: Any) -> None:
    _record_five()
    settings.LINGHUO_AUDIT_KEY = "a-key-the-attacker-made-up-0123456789-abcdefghijk"
    result = audit_verify()
    assert not result.ok
    assert result.broken_sequence == 1
    assert "unknown key" in result.reason


def _cut_back_and_wind_the_head_back() -> None:
    _guard(install=False)
    _raw("DELETE FROM {entries} WHERE sequence = %s", [5])
    fourth = AuditEntry.objects.get(sequence=4)
    _raw("UPDATE {head} SET sequence = %s, entry_hash = %s WHERE id = 1", [4, fourth.entry_hash])


def test_a_verification_appends_an_anchor_to_the_file(anchor_file: Path) -> None:
    entries = _record_five()
    first = audit_verify()
    assert first.ok
    assert first.anchor_sequence is None  # nothing to check against yet
    lines = anchor_file.read_text().splitlines()
    assert len(lines) == 1
    anchor = json.loads(lines[0])
    assert (anchor["sequence"], anchor["entry_hash"]) == (5, entries[-1].entry_hash)
    assert anchor["key_id"] == entries[-1].key_id
    assert len(anchor["mac"]) == 64

    again = audit_verify()
    assert again.ok
    assert again.anchor_sequence == 5
    assert len(anchor_file.read_text().splitlines()) == 1  # the same head is not anchored twice


def test_it_finds_the_last_entry_removed_and_the_head_wound_back_against_the_anchor_file(
    anchor_file: Path,
) -> None:
    _record_five()
    assert audit_verify().ok  # anchors entry 5
    _cut_back_and_wind_the_head_back()

    result = audit_verify()  # no anchor given: the file's latest is checked by default
    assert not result.ok
    assert result.broken_sequence == 5
    assert result.anchor_sequence == 5
    assert "anchor file" in result.reason
    command = CliRunner().invoke(cli, ["audit", "verify"])
    assert command.exit_code == 1
    assert "audit log broken at entry 5" in command.output
    assert len(anchor_file.read_text().splitlines()) == 1  # a broken chain is not anchored


def test_it_finds_an_edited_line_of_the_anchor_file(anchor_file: Path) -> None:
    _record_five()
    assert audit_verify().ok
    _cut_back_and_wind_the_head_back()
    # the attacker edits the anchor to the shortened chain, keeping the line's MAC
    line = json.loads(anchor_file.read_text())
    fourth = AuditEntry.objects.get(sequence=4)
    line |= {"sequence": 4, "entry_hash": fourth.entry_hash}
    anchor_file.write_text(chain.canonical_json(line) + "\n")

    result = audit_verify()
    assert not result.ok
    assert "anchor file line 1 does not verify" in result.reason
    command = CliRunner().invoke(cli, ["audit", "verify"])
    assert command.exit_code == 1


def test_it_finds_a_line_added_to_the_anchor_file_without_the_key(anchor_file: Path) -> None:
    entries = _record_five()
    assert audit_verify().ok
    made_up = {
        "sequence": 5,
        "entry_hash": entries[-1].entry_hash,
        "anchored_at": "2026-12-03T10:00:00.000000+00:00",
        "key_id": entries[-1].key_id,
        "mac": chain.anchor_mac(b"guessed", {"sequence": 5}),
    }
    with anchor_file.open("a") as out:
        out.write(chain.canonical_json(made_up) + "\n")

    result = audit_verify()
    assert not result.ok
    assert "anchor file line 2" in result.reason


def _manager_client() -> Client:
    user = User.objects.create_user("13900000077", "manager-密码-2021", name="吴局长", role=Role.MANAGER)
    client = Client()
    client.force_login(user)
    return client


def test_the_api_reports_the_anchor_check(anchor_file: Path) -> None:
    client = _manager_client()
    _record_five()
    first = client.get("/api/v1/audit/verify").json()
    assert first["ok"] is True
    assert first["anchor_checked"] is False
    assert first["anchor_sequence"] is None

    head = AuditHead.objects.get()
    second = client.get("/api/v1/audit/verify").json()
    assert second["ok"] is True
    assert second["anchor_checked"] is True
    assert second["anchor_sequence"] == head.sequence
    assert str(head.sequence) in second["anchor_message"]


def test_the_api_finds_a_log_cut_back_against_the_anchor_file(anchor_file: Path) -> None:
    client = _manager_client()
    _record_five()
    assert client.get("/api/v1/audit/verify").json()["ok"] is True
    anchored = AuditHead.objects.get().sequence
    _guard(install=False)
    _raw("DELETE FROM {entries} WHERE sequence = %s", [anchored])
    previous = AuditEntry.objects.get(sequence=anchored - 1)
    _raw("UPDATE {head} SET sequence = %s, entry_hash = %s WHERE id = 1", [anchored - 1, previous.entry_hash])

    response = client.get("/api/v1/audit/verify")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is False
    assert body["broken_sequence"] == anchored
    assert body["anchor_sequence"] == anchored


def test_the_api_checks_an_anchor_given_and_refuses_a_malformed_one() -> None:
    client = _manager_client()
    _record_five()
    head = AuditHead.objects.get()
    kept = audit_anchor()
    assert client.get("/api/v1/audit/verify", {"anchor": kept}).json()["ok"] is True
    wrong = f"{head.sequence}:{'0' * 64}"
    refused = client.get("/api/v1/audit/verify", {"anchor": wrong}).json()
    assert refused["ok"] is False
    assert refused["broken_sequence"] == head.sequence
    assert client.get("/api/v1/audit/verify", {"anchor": "five:abc"}).status_code == 422


class TestHeadGuard:
    def test_it_refuses_winding_the_head_back(self) -> None:
        entries = _record_five()
        with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
            _raw("UPDATE {head} SET sequence = %s, entry_hash = %s WHERE id = 1", [4, entries[3].entry_hash])
        assert AuditHead.objects.get().sequence == 5

    def test_it_refuses_a_head_on_no_entry(self) -> None:
        _record_five()
        with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
            _raw("UPDATE {head} SET sequence = %s, entry_hash = %s WHERE id = 1", [6, "f" * 64])
        with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
            _raw("UPDATE {head} SET entry_hash = %s WHERE id = 1", ["f" * 64])

    def test_it_refuses_deleting_the_head_or_adding_another(self) -> None:
        entries = _record_five()
        with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
            _raw("DELETE FROM {head} WHERE id = %s", [1])
        with pytest.raises(DatabaseError, match="only moves forward"), transaction.atomic():
            _raw("INSERT INTO {head} (id, sequence, entry_hash) VALUES (%s, %s, %s)", [2, 9, "f" * 64])
        assert AuditHead.objects.get().entry_hash == entries[-1].entry_hash

    def test_it_lets_the_head_follow_appended_entries(self) -> None:
        _record_five()
        _record(6)
        assert AuditHead.objects.get().sequence == 6
        assert audit_verify().ok


class TestAnchorRecord:
    def test_it_anchors_the_entries_written_since_the_last_anchor(self, anchor_file: Path) -> None:
        _record_five()
        assert audit_anchor_record().ok
        _record(6)
        _record(7)
        result = audit_anchor_record(now=dt.datetime(2026, 12, 3, 10, 15, tzinfo=UTC))
        assert result.ok
        assert result.checked == 7
        assert result.anchor_sequence == 5
        latest = json.loads(anchor_file.read_text().splitlines()[-1])
        assert (latest["sequence"], latest["anchored_at"]) == (7, "2026-12-03T10:15:00.000000+00:00")

    def test_it_appends_nothing_when_the_new_entries_do_not_hold(self, anchor_file: Path) -> None:
        entries = _record_five()
        assert audit_anchor_record().ok
        _forge_after(entries[-1])
        result = audit_anchor_record()
        assert not result.ok
        assert result.broken_sequence == 6
        assert len(anchor_file.read_text().splitlines()) == 1

    def test_the_command_appends_an_anchor(self, anchor_file: Path) -> None:
        _record_five()
        command = CliRunner().invoke(cli, ["audit", "anchor"])
        assert command.exit_code == 0, command.output
        assert "anchor recorded: 5:" in command.output
        assert json.loads(anchor_file.read_text())["sequence"] == 5

    def test_the_command_says_when_no_anchor_file_is_configured(self) -> None:
        command = CliRunner().invoke(cli, ["audit", "anchor"])
        assert command.exit_code == 1
        assert "LINGHUO_AUDIT_ANCHOR_FILE" in command.output


def test_a_verification_stands_when_its_anchor_cannot_be_written(settings: Any, tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("")
    settings.LINGHUO_AUDIT_ANCHOR_FILE = str(tmp_path / "not-a-folder" / "audit-anchors.jsonl")
    _record_five()
    result = audit_verify()
    assert result.ok, result.message()


def test_an_anchor_file_that_cannot_be_read_fails_the_verification(settings: Any, tmp_path: Path) -> None:
    settings.LINGHUO_AUDIT_ANCHOR_FILE = str(tmp_path)  # a folder, not a file
    _record_five()
    result = audit_verify()
    assert not result.ok
    assert "cannot be read" in result.reason
