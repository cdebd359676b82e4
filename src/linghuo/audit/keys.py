"""The audit chain's keys: HMAC-SHA256 keys kept outside the database, each known by a key id.

``LINGHUO_AUDIT_KEY`` seals new entries and anchors; the keys it replaced stay in
``LINGHUO_AUDIT_KEY_PREVIOUS`` (comma-separated), so that what they sealed still verifies. Each stored entry
and anchor names its key by ``key_id``, derived from the key itself: the keyring needs no order and no
names, and a key cannot be told from its id. From one configured key three are derived (an HMAC of the key
over a fixed label each): one for entries, one for anchors, one for the id, so a value of one kind never
passes for another.

**Rotating the key**: set the new key as ``LINGHUO_AUDIT_KEY`` and add the old one to
``LINGHUO_AUDIT_KEY_PREVIOUS``. Entries are never re-sealed (the log is append-only): those written before the
change keep verifying under the old key, for as long as it stays in the keyring. A key retired once must not
seal again: along the chain, each key's entries are one run, and an entry under a key whose run ended is a
forgery (``linghuo.audit.services.audit_verify``).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

KEY_ID_LENGTH = 16


@dataclass(frozen=True, slots=True)
class AuditKey:
    """One configured key, as the chain uses it."""

    key_id: str
    entry_key: bytes
    anchor_key: bytes


def _derive(secret: bytes, label: str) -> bytes:
    return hmac.new(secret, f"linghuo.audit.{label}".encode(), hashlib.sha256).digest()


def audit_key(secret: str) -> AuditKey:
    """The keys derived from a configured secret.

    >>> key = audit_key("k" * 40)
    >>> len(key.key_id), key.entry_key != key.anchor_key, audit_key("k" * 40) == key
    (16, True, True)
    """
    raw = secret.encode("utf-8")
    return AuditKey(
        key_id=_derive(raw, "key-id").hex()[:KEY_ID_LENGTH],
        entry_key=_derive(raw, "entry"),
        anchor_key=_derive(raw, "anchor"),
    )


def current_key() -> AuditKey:
    """The key that seals new entries and anchors (``LINGHUO_AUDIT_KEY``)."""
    from django.conf import settings

    return audit_key(str(settings.LINGHUO_AUDIT_KEY))


def keyring() -> dict[str, AuditKey]:
    """Every key that verifies: the current one and those in ``LINGHUO_AUDIT_KEY_PREVIOUS``, by key id."""
    from django.conf import settings

    old = [audit_key(str(secret)) for secret in getattr(settings, "LINGHUO_AUDIT_KEY_PREVIOUS", [])]
    current = current_key()
    return {key.key_id: key for key in [*old, current]}
