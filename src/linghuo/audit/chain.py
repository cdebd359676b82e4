"""The hash chain's arithmetic: canonical JSON, the digest of a change, of a batch's items, an entry's MAC.

Pure functions, no database. An entry is sealed by ``entry_mac``, an HMAC-SHA256 under a key kept outside
the database (``linghuo.audit.keys``): without the key, nobody can compute the seal of an entry they forge or
rewrite. ``unkeyed_entry_hash`` is the plain SHA-256 the chain used before it was keyed, kept for the
migration that verified and re-sealed the entries written then.

>>> canonical_json({"b": 1, "a": "海州"})
'{"a":"海州","b":1}'
>>> len(changes_digest({"role": "caseworker"}))
64
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from uuid import UUID

GENESIS_HASH = "0" * 64


def _json_default(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date | Decimal | UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return json.dumps(sorted(value, key=str), ensure_ascii=False)
    raise TypeError(f"审计内容无法序列化 / cannot serialise {type(value).__name__} for the audit log")


def canonical_json(value: object) -> str:
    """One JSON text per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_default)


def changes_digest(changes: Mapping[str, object]) -> str:
    """SHA-256 (hex) of the canonical JSON of what changed; the changes themselves are not kept."""
    return hashlib.sha256(canonical_json(dict(changes)).encode("utf-8")).hexdigest()


def timestamp_text(moment: dt.datetime) -> str:
    """An aware time as UTC ISO text with microseconds, the form that enters the hash."""
    if moment.tzinfo is None:
        raise ValueError("审计时间必须带时区 / audit times must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _entry_fields(
    *,
    sequence: int,
    recorded_at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    changed_fields: str,
    changes_digest: str,
    previous_hash: str,
    batch: str | None = None,
    item_count: int = 0,
) -> dict[str, object]:
    fields: dict[str, object] = {
        "sequence": sequence,
        "recorded_at": timestamp_text(recorded_at),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "changed_fields": changed_fields,
        "changes_digest": changes_digest,
        "previous_hash": previous_hash,
    }
    if batch is not None:
        fields |= {"batch": batch, "item_count": item_count}
    return fields


def unkeyed_entry_hash(
    *,
    sequence: int,
    recorded_at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    changed_fields: str,
    changes_digest: str,
    previous_hash: str,
    batch: str | None = None,
    item_count: int = 0,
) -> str:
    """The plain SHA-256 (hex) over an entry's fields that the chain used before it was keyed.

    Anyone can compute it, so it proves nothing against someone who can write to the database; only the
    migration that re-sealed the entries written then still reads it.
    """
    fields = _entry_fields(
        sequence=sequence,
        recorded_at=recorded_at,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changed_fields=changed_fields,
        changes_digest=changes_digest,
        previous_hash=previous_hash,
        batch=batch,
        item_count=item_count,
    )
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


def entry_mac(
    key: bytes,
    *,
    key_id: str,
    sequence: int,
    recorded_at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    changed_fields: str,
    changes_digest: str,
    previous_hash: str,
    batch: str | None = None,
    item_count: int = 0,
) -> str:
    """HMAC-SHA256 (hex) under ``key`` over every stored field of an entry, its key id and the previous
    entry's MAC.

    A batch's entry (``batch`` set) also covers its batch key and item count.
    """
    fields = _entry_fields(
        sequence=sequence,
        recorded_at=recorded_at,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changed_fields=changed_fields,
        changes_digest=changes_digest,
        previous_hash=previous_hash,
        batch=batch,
        item_count=item_count,
    )
    fields["key_id"] = key_id
    return hmac.new(key, canonical_json(fields).encode("utf-8"), hashlib.sha256).hexdigest()


def anchor_mac(key: bytes, fields: Mapping[str, object]) -> str:
    """HMAC-SHA256 (hex) under ``key`` over an anchor's fields (all but its ``mac``).

    >>> a = anchor_mac(b"k", {"sequence": 5, "entry_hash": "ab"})
    >>> a == anchor_mac(b"k", {"entry_hash": "ab", "sequence": 5})
    True
    >>> a in (anchor_mac(b"k", {"sequence": 4, "entry_hash": "ab"}), anchor_mac(b"j", {"sequence": 5}))
    False
    """
    return hmac.new(key, canonical_json(dict(fields)).encode("utf-8"), hashlib.sha256).hexdigest()


def same_mac(left: str, right: str) -> bool:
    """Two MACs compared in constant time."""
    return hmac.compare_digest(left.encode("ascii", "replace"), right.encode("ascii", "replace"))


def items_digest(items: Sequence[Mapping[str, object]]) -> str:
    """SHA-256 (hex) of a batch's items, each its id and every stored field, in id order.

    The batch's entry keeps this digest as its ``changes_digest``: an item edited, removed or added
    afterwards no longer gives it.

    >>> one = {"id": 1, "action": "a", "changes_digest": "0" * 64}
    >>> items_digest([one]) == items_digest([dict(one)]) != items_digest([one | {"action": "b"}])
    True
    """
    return hashlib.sha256(canonical_json([dict(item) for item in items]).encode("utf-8")).hexdigest()
