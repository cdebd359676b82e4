"""Sealing the entries written before the chain was keyed: verified as they were, then sealed with the key.

Run once, by migration ``0004_entries_sealed_with_a_keyed_mac``. Until then entries carried a plain SHA-256
(``chain.unkeyed_entry_hash``) that anyone could recompute. The choice: re-seal them all at migrate time,
rather than keep them as a "legacy" stretch of the chain verified the old way. A legacy marker would itself
sit in the database, and whoever can write there could mark a rewritten chain legacy and recompute its plain
hashes; after the re-sealing every entry is keyed and there is one rule. The old chain is verified first,
head included: if it does not hold, the migration stops and names the broken entry, so that no tampering
is sealed over (investigate with the entries as they are, then restore them from a backup).
"""

from __future__ import annotations

from typing import Any

from linghuo.audit import chain, keys

PAGE = 2000


class UnkeyedChainBrokenError(RuntimeError):
    """The entries written before the chain was keyed do not verify: they are not sealed over."""


def _fields(entry: Any, previous_hash: str) -> dict[str, Any]:
    return {
        "sequence": entry.sequence,
        "recorded_at": entry.recorded_at,
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "changed_fields": entry.changed_fields,
        "changes_digest": entry.changes_digest,
        "previous_hash": previous_hash,
        "batch": None if entry.batch is None else str(entry.batch),
        "item_count": entry.item_count,
    }


def _broken(sequence: int, why: str) -> UnkeyedChainBrokenError:
    return UnkeyedChainBrokenError(
        f"审计日志在加密钥前已被篡改：第 {sequence} 条 — {why}；未重新签名，请先调查并从备份恢复 "
        f"/ the audit log was broken before it was keyed, at entry {sequence}: {why}; "
        "it is not re-sealed: investigate and restore it from a backup first"
    )


def reseal_unkeyed(entry_model: Any, head_model: Any) -> int:
    """Verify the unkeyed chain and seal every entry with the current key; return how many were sealed.

    ``entry_model`` and ``head_model`` are the entry and head models (a migration's historical ones); their
    base managers write, so the models' refusal of updates does not apply. The database's guard must be off.
    """
    key = keys.current_key()
    manager = entry_model._base_manager
    old_previous, new_previous, checked, sealed = chain.GENESIS_HASH, chain.GENESIS_HASH, 0, 0
    while page := list(manager.filter(sequence__gt=checked).order_by("sequence")[:PAGE]):
        changed = []
        for entry in page:
            if entry.sequence != checked + 1:
                raise _broken(checked + 1, "entry missing")
            if entry.key_id:
                raise _broken(entry.sequence, "a keyed entry among unkeyed ones")
            if entry.previous_hash != old_previous:
                raise _broken(entry.sequence, "previous hash does not match")
            if chain.unkeyed_entry_hash(**_fields(entry, entry.previous_hash)) != entry.entry_hash:
                raise _broken(entry.sequence, "entry altered")
            old_previous = entry.entry_hash
            entry.previous_hash, entry.key_id = new_previous, key.key_id
            entry.entry_hash = chain.entry_mac(
                key.entry_key, key_id=key.key_id, **_fields(entry, new_previous)
            )
            new_previous, checked = entry.entry_hash, entry.sequence
            changed.append(entry)
        manager.bulk_update(changed, ["previous_hash", "entry_hash", "key_id"])
        sealed += len(changed)
    head = head_model._base_manager.filter(pk=1).first()
    head_sequence = 0 if head is None else head.sequence
    if head_sequence != checked or (checked and head.entry_hash != old_previous):
        raise _broken(min(head_sequence, checked) + 1, "chain end does not match its head")
    if head is not None and checked:
        head_model._base_manager.filter(pk=1).update(entry_hash=new_previous)
    return sealed


def unseal_keyed(entry_model: Any, head_model: Any) -> None:
    """Undo ``reseal_unkeyed`` (the migration reversed): every entry back to its plain SHA-256 chain."""
    manager = entry_model._base_manager
    previous, checked = chain.GENESIS_HASH, 0
    while page := list(manager.filter(sequence__gt=checked).order_by("sequence")[:PAGE]):
        for entry in page:
            entry.previous_hash, entry.key_id = previous, ""
            entry.entry_hash = chain.unkeyed_entry_hash(**_fields(entry, previous))
            previous, checked = entry.entry_hash, entry.sequence
        manager.bulk_update(page, ["previous_hash", "entry_hash", "key_id"])
    if checked:
        head_model._base_manager.filter(pk=1, sequence=checked).update(entry_hash=previous)
