"""Anchors of the audit chain, appended to a file outside the database.

An anchor records the chain's head at a moment: its sequence, the MAC of the entry there, the time, and the
key id that seals the line — each line of the file is itself an HMAC (``chain.anchor_mac``, under the
anchor key of ``linghuo.audit.keys``), so a line edited or made up is found. The file
(``LINGHUO_AUDIT_ANCHOR_FILE``, by default ``audit-anchors.jsonl`` in the data folder) is only ever opened to
append (``O_APPEND``), one JSON line per anchor; someone who can rewrite the database cannot rewrite it. Keep
it on the application's disk (or a mount the database server cannot reach), in its backups, and for more
assurance make it append-only on the host (``chattr +a``) or ship its lines to a remote log.

``audit verify`` checks the chain against the file's last anchor: the chain must hold the anchored entry
with the same MAC and must not be shorter, so a log cut back and its head wound back to match is found.
Anchors are appended after each successful verification and by ``linghuo worker`` every
``LINGHUO_AUDIT_ANCHOR_MINUTES`` (``linghuo.audit.services.audit_anchor_record``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from linghuo.audit import chain, keys


@dataclass(frozen=True, slots=True)
class Anchor:
    """One line of the anchor file."""

    sequence: int
    entry_hash: str
    anchored_at: str
    key_id: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class AnchorFile:
    """What the anchor file holds: its last anchor (none for a missing or empty file), or the first line
    that does not verify (``problem``, with its ``line`` number)."""

    latest: Anchor | None = None
    count: int = 0
    problem: str = ""
    line: int = 0


def anchor_path() -> Path | None:
    """The anchor file, or ``None`` where none is configured (the test settings)."""
    configured = str(getattr(settings, "LINGHUO_AUDIT_ANCHOR_FILE", "") or "")
    return Path(configured) if configured else None


def _fields(anchor: Anchor) -> dict[str, object]:
    return {
        "sequence": anchor.sequence,
        "entry_hash": anchor.entry_hash,
        "anchored_at": anchor.anchored_at,
        "key_id": anchor.key_id,
    }


def _parse(text: str, number: int, ring: dict[str, keys.AuditKey]) -> Anchor | None:
    """The anchor on a line, or ``None`` when the line is not one that this platform sealed."""
    try:
        raw = json.loads(text)
    except ValueError:
        return None
    if not isinstance(raw, dict) or set(raw) != {"sequence", "entry_hash", "anchored_at", "key_id", "mac"}:
        return None
    sequence, entry_hash, anchored_at, key_id, mac = (
        raw["sequence"],
        raw["entry_hash"],
        raw["anchored_at"],
        raw["key_id"],
        raw["mac"],
    )
    if not (
        isinstance(sequence, int)
        and sequence >= 0
        and all(isinstance(value, str) for value in (entry_hash, anchored_at, key_id, mac))
    ):
        return None
    key = ring.get(key_id)
    anchor = Anchor(sequence, entry_hash, anchored_at, key_id, number)
    if key is None or not chain.same_mac(chain.anchor_mac(key.anchor_key, _fields(anchor)), mac):
        return None
    return anchor


def read_anchors(path: Path | None = None) -> AnchorFile:
    """Read and verify every line of the anchor file; report its last anchor or its first bad line."""
    path = path or anchor_path()
    if path is None or not path.exists():
        return AnchorFile()
    ring = keys.keyring()
    latest: Anchor | None = None
    count = 0
    try:
        lines = path.read_text("utf-8", errors="replace").splitlines()
    except OSError as exc:
        return AnchorFile(problem=f"锚点文件无法读取 / the anchor file cannot be read: {exc.strerror}")
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        anchor = _parse(text, number, ring)
        if anchor is None:
            return AnchorFile(
                latest,
                count,
                f"锚点文件第 {number} 行无法验证（被修改，或其密钥不在密钥环中） "
                f"/ anchor file line {number} does not verify (altered, or its key not in the keyring)",
                number,
            )
        latest, count = anchor, count + 1
    return AnchorFile(latest, count)


def append_anchor(sequence: int, entry_hash: str, *, now: dt.datetime, path: Path | None = None) -> Anchor:
    """Append one sealed anchor line (the file opened with ``O_APPEND``, created ``0600``)."""
    path = path or anchor_path()
    if path is None:
        raise RuntimeError("未配置锚点文件 / no anchor file is configured (LINGHUO_AUDIT_ANCHOR_FILE)")
    key = keys.current_key()
    anchor = Anchor(sequence, entry_hash, chain.timestamp_text(now), key.key_id)
    fields = _fields(anchor)
    line = chain.canonical_json(fields | {"mac": chain.anchor_mac(key.anchor_key, fields)}) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, line.encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return anchor
