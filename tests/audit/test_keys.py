"""The audit chain's key: outside the database, refused when weak in production, rotated through a keyring;
the entries written before the chain was keyed are verified and sealed by the migration."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from linghuo.audit import chain, keys, reseal
from linghuo.audit.models import AuditAction, AuditEntry, AuditHead
from linghuo.audit.services import audit_record, audit_verify

OLD_KEY = "old-audit-key-" + "Qz9kP2mW7vB4nR6tY8uI0oL1xC3eF5gH"
NEW_KEY = "new-audit-key-" + "aS7dF9gH2jK4lZ6xC8vB0nM1qW3eR5tY"


def _record(n: int) -> AuditEntry:
    return audit_record(
        actor=None,
        action=AuditAction.PERSONAL_DATA_VIEWED,
        object_type="registry.person",
        object_id=n,
        changes={"n": n},
    )


@pytest.mark.django_db
class TestRotation:
    def test_entries_sealed_with_an_old_key_verify_while_it_is_in_the_keyring(self, settings: Any) -> None:
        settings.LINGHUO_AUDIT_KEY = OLD_KEY
        first = [_record(n) for n in (1, 2, 3)]
        settings.LINGHUO_AUDIT_KEY, settings.LINGHUO_AUDIT_KEY_PREVIOUS = NEW_KEY, [OLD_KEY]
        later = [_record(n) for n in (4, 5)]

        assert {e.key_id for e in first} == {keys.audit_key(OLD_KEY).key_id}
        assert {e.key_id for e in later} == {keys.audit_key(NEW_KEY).key_id}
        result = audit_verify()
        assert result.ok, result.message()
        assert result.checked == 5

    def test_an_old_key_taken_out_of_the_keyring_no_longer_verifies_its_entries(self, settings: Any) -> None:
        settings.LINGHUO_AUDIT_KEY = OLD_KEY
        _record(1)
        settings.LINGHUO_AUDIT_KEY, settings.LINGHUO_AUDIT_KEY_PREVIOUS = NEW_KEY, []
        _record(2)
        result = audit_verify()
        assert not result.ok
        assert result.broken_sequence == 1
        assert "LINGHUO_AUDIT_KEY_PREVIOUS" in result.reason

    def test_an_entry_sealed_again_with_a_retired_key_is_refused(self, settings: Any) -> None:
        # someone who obtained the retired key appends under it, after the new key took over
        settings.LINGHUO_AUDIT_KEY = OLD_KEY
        _record(1)
        settings.LINGHUO_AUDIT_KEY, settings.LINGHUO_AUDIT_KEY_PREVIOUS = NEW_KEY, [OLD_KEY]
        _record(2)
        settings.LINGHUO_AUDIT_KEY, settings.LINGHUO_AUDIT_KEY_PREVIOUS = OLD_KEY, [NEW_KEY]
        _record(3)
        settings.LINGHUO_AUDIT_KEY, settings.LINGHUO_AUDIT_KEY_PREVIOUS = NEW_KEY, [OLD_KEY]

        result = audit_verify()
        assert not result.ok
        assert result.broken_sequence == 3
        assert "retired" in result.reason

    def test_the_key_id_does_not_give_the_key_away(self) -> None:
        key = keys.audit_key(NEW_KEY)
        assert key.key_id not in NEW_KEY
        assert key.key_id != keys.audit_key(OLD_KEY).key_id
        assert len({key.entry_key, key.anchor_key}) == 2


def _unkeyed_chain(count: int) -> list[AuditEntry]:
    """Entries as the chain wrote them before it was keyed: plain SHA-256, no key id."""
    entries, previous = [], chain.GENESIS_HASH
    for n in range(1, count + 1):
        entry = AuditEntry(
            sequence=n,
            recorded_at=dt.datetime(2026, 11, 20, 8, n, tzinfo=dt.UTC),
            actor_label="system",
            action=AuditAction.LOGIN_SUCCEEDED,
            object_type="accounts.user",
            object_id=str(n),
            changed_fields="",
            changes_digest=chain.changes_digest({}),
            previous_hash=previous,
            key_id="",
        )
        entry.entry_hash = chain.unkeyed_entry_hash(
            sequence=n,
            recorded_at=entry.recorded_at,
            actor_id=None,
            actor_label="system",
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            changed_fields="",
            changes_digest=entry.changes_digest,
            previous_hash=previous,
        )
        entry.save(force_insert=True)
        entries.append(entry)
        previous = entry.entry_hash
    AuditHead.objects.update_or_create(pk=1, defaults={"sequence": count, "entry_hash": previous})
    return entries


@pytest.mark.django_db
class TestResealing:
    def test_it_seals_the_entries_written_before_the_chain_was_keyed(self) -> None:
        _unkeyed_chain(4)
        assert not audit_verify().ok  # an unkeyed entry proves nothing any more

        assert reseal.reseal_unkeyed(AuditEntry, AuditHead) == 4

        result = audit_verify()
        assert result.ok, result.message()
        assert result.checked == 4
        assert set(AuditEntry.objects.values_list("key_id", flat=True)) == {keys.current_key().key_id}
        assert _record(5).sequence == 5
        assert audit_verify().ok

    def test_it_does_not_seal_over_a_chain_broken_before(self) -> None:
        entries = _unkeyed_chain(4)
        AuditEntry._base_manager.filter(pk=entries[1].pk).update(object_id="999")

        with pytest.raises(reseal.UnkeyedChainBrokenError, match="entry 2"):
            reseal.reseal_unkeyed(AuditEntry, AuditHead)
        assert not AuditEntry.objects.exclude(key_id="").exists()

    def test_it_does_not_seal_a_chain_cut_back(self) -> None:
        _unkeyed_chain(4)
        AuditEntry._base_manager.filter(sequence=4).delete()
        with pytest.raises(reseal.UnkeyedChainBrokenError, match="entry 4"):
            reseal.reseal_unkeyed(AuditEntry, AuditHead)

    def test_unsealing_gives_back_the_chain_as_it_was(self) -> None:
        before = [e.entry_hash for e in _unkeyed_chain(3)]
        reseal.reseal_unkeyed(AuditEntry, AuditHead)
        reseal.unseal_keyed(AuditEntry, AuditHead)
        assert list(AuditEntry.objects.order_by("sequence").values_list("entry_hash", flat=True)) == before
        assert AuditHead.objects.get().entry_hash == before[-1]


def _check(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LINGHUO_", "DATABASE_URL"))}
    base.update({"LINGHUO_DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--settings", "linghuo.config.settings"],
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )


def _production(**keys_: str) -> dict[str, str]:
    good = {
        name: secrets.token_urlsafe(48)
        for name in ("LINGHUO_SECRET_KEY", "LINGHUO_FIELD_KEY", "LINGHUO_AUDIT_KEY")
    }
    return {"LINGHUO_ENV": "production", "LINGHUO_ALLOWED_HOSTS": "linghuo.example.gov.cn", **good, **keys_}


class TestProductionKey:
    def test_it_refuses_production_without_an_audit_key(self, tmp_path: Path) -> None:
        env = _production()
        del env["LINGHUO_AUDIT_KEY"]
        result = _check(env, tmp_path)
        assert result.returncode != 0
        assert "LINGHUO_AUDIT_KEY (or LINGHUO_AUDIT_KEY_FILE) must be set in production" in result.stderr

    @pytest.mark.parametrize("variable", ["LINGHUO_AUDIT_KEY", "LINGHUO_AUDIT_KEY_PREVIOUS"])
    def test_it_refuses_a_weak_audit_key_in_production(self, tmp_path: Path, variable: str) -> None:
        weak = f"{secrets.token_urlsafe(48)},audit-key-2026" if variable.endswith("OLD") else "audit-key-2026"
        result = _check(_production(**{variable: weak}), tmp_path)
        assert result.returncode != 0
        assert "ConfigurationError" in result.stderr
        assert variable in result.stderr

    def test_it_accepts_a_generated_key_and_a_keyring_in_production(self, tmp_path: Path) -> None:
        old = f"{secrets.token_urlsafe(48)},{secrets.token_urlsafe(48)}"
        result = _check(_production(LINGHUO_AUDIT_KEY_PREVIOUS=old), tmp_path)
        assert result.returncode == 0, result.stderr

    def test_outside_production_it_generates_the_key_into_the_data_folder(self, tmp_path: Path) -> None:
        result = _check({"LINGHUO_ENV": "development"}, tmp_path)
        assert result.returncode == 0, result.stderr
        key_file = tmp_path / "data" / "secrets" / "audit_key"
        assert len(key_file.read_text()) >= 40
        assert key_file.stat().st_mode & 0o077 == 0
