"""Writing and verifying the audit log.

Every write service in linghuo records what it did through ``audit_record``. Personal data never
enters the log in clear: only a SHA-256 digest of the change is kept, and callers pass personal
values as their keyed lookup hash (``linghuo.personal_data.lookup_hash``), never the value itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.utils import timezone

from linghuo.audit import chain
from linghuo.audit.models import AuditEntry, AuditHead

if TYPE_CHECKING:
    # The configured user model (AUTH_USER_MODEL) as a type: audit sits below accounts and never imports it.
    from django.contrib.auth.models import _User as User

SYSTEM_LABEL = "system"


def actor_label_for(actor: User | None) -> str:
    """How an actor is named in the log: role and account number, never a name or mobile."""
    if actor is None:
        return SYSTEM_LABEL
    return f"{actor.role}#{actor.pk}"


def _locked_head() -> AuditHead:
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditHead.objects.get_or_create(pk=1)
        head = AuditHead.objects.select_for_update().get(pk=1)
    return head


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    changes: Mapping[str, object],
    actor_label: str | None = None,
) -> AuditEntry:
    """Append one entry to the log, chained to the last one.

    ``obj`` names the object (its model label and primary key); without it give ``object_type`` and
    ``object_id``. ``changes`` is what changed (field → new value, personal values as lookup hashes);
    only its digest and its field names are kept. The head row is locked for the append
    (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers), so the chain stays linear.
    """
    if obj is not None:
        object_type, object_id = obj._meta.label_lower, str(obj.pk)
    if not object_type:
        raise ValueError("审计记录需要对象类型 / an audit entry needs an object or an object_type")
    with transaction.atomic():
        head = _locked_head()
        entry = AuditEntry(
            sequence=head.sequence + 1,
            recorded_at=timezone.now(),
            actor=actor,
            actor_label=actor_label or actor_label_for(actor),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            changed_fields=",".join(sorted(changes)),
            changes_digest=chain.changes_digest(changes),
            previous_hash=head.entry_hash or chain.GENESIS_HASH,
        )
        entry.entry_hash = _hash_of(entry)
        entry.save(force_insert=True)
        head.sequence, head.entry_hash = entry.sequence, entry.entry_hash
        head.save(update_fields=["sequence", "entry_hash"])
    return entry


def _hash_of(entry: AuditEntry) -> str:
    return chain.entry_hash(
        sequence=entry.sequence,
        recorded_at=entry.recorded_at,
        actor_id=entry.actor_id,
        actor_label=entry.actor_label,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        changed_fields=entry.changed_fields,
        changes_digest=entry.changes_digest,
        previous_hash=entry.previous_hash,
    )


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """The outcome of walking the chain: ``ok``, how many entries were checked, the first break."""

    ok: bool
    checked: int
    broken_sequence: int | None = None
    reason: str = ""

    def message(self) -> str:
        """A one-line summary in Chinese and English."""
        if self.ok:
            return f"审计日志完整：{self.checked} 条记录 / audit log intact: {self.checked} entries"
        return (
            f"审计日志已被篡改：第 {self.broken_sequence} 条 — {self.reason} "
            f"/ audit log broken at entry {self.broken_sequence}"
        )


def audit_anchor() -> str:
    """The head of the chain as ``SEQUENCE:HASH``: kept outside the database (printed by ``audit verify``,
    filed in the operations log), it lets a later verification notice a log cut back and re-headed."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.sequence == 0:
        return f"0:{chain.GENESIS_HASH}"
    return f"{head.sequence}:{head.entry_hash}"


class AnchorFormatError(ValueError):
    """An anchor is not ``SEQUENCE:HASH``."""


def _parse_anchor(anchor: str) -> tuple[int, str]:
    sequence, _, digest = anchor.strip().partition(":")
    if not sequence.isdigit() or len(digest) != 64:
        raise AnchorFormatError(f"锚点格式应为 序号:哈希 / an anchor is SEQUENCE:HASH, not {anchor!r}")
    return int(sequence), digest


def _verify_anchor(anchor: str) -> AuditVerification | None:
    sequence, digest = _parse_anchor(anchor)
    if sequence == 0:
        return None
    entry = AuditEntry.objects.filter(sequence=sequence).first()
    if entry is None or entry.entry_hash != digest:
        return AuditVerification(
            False,
            0,
            sequence,
            "与此前记下的锚点不符（日志被截断或重写） / does not match the anchor recorded earlier "
            "(log cut back or rewritten)",
        )
    return None


def audit_verify(*, anchor: str | None = None) -> AuditVerification:
    """Walk the chain in sequence order and report the first entry that does not hold.

    An entry breaks the chain when its sequence is not the next number (a row removed), its
    ``previous_hash`` is not the hash of the entry before, or its own hash does not match its fields
    (a row edited). The head row catches a removed last entry; an ``anchor`` recorded earlier
    (:func:`audit_anchor`) catches a log cut back with its head row rewound to match.
    """
    if anchor is not None:
        broken = _verify_anchor(anchor)
        if broken is not None:
            return broken
    expected_sequence, previous_hash, checked = 1, chain.GENESIS_HASH, 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            return AuditVerification(
                False, checked, expected_sequence, "记录缺失（序号不连续） / entry missing (sequence gap)"
            )
        if entry.previous_hash != previous_hash:
            return AuditVerification(
                False, checked, entry.sequence, "前一条哈希不符 / previous hash does not match"
            )
        if _hash_of(entry) != entry.entry_hash:
            return AuditVerification(
                False, checked, entry.sequence, "内容与哈希不符（记录被修改） / entry altered"
            )
        checked += 1
        expected_sequence, previous_hash = entry.sequence + 1, entry.entry_hash
    return _verify_head(checked, previous_hash)


def _verify_head(checked: int, last_hash: str) -> AuditVerification:
    head = AuditHead.objects.filter(pk=1).first()
    head_sequence = head.sequence if head else 0
    head_hash = (head.entry_hash if head else "") or chain.GENESIS_HASH
    if head_sequence != checked or head_hash != last_hash:
        return AuditVerification(
            False,
            checked,
            min(head_sequence, checked) + 1,
            "链尾与链头记录不符（末尾记录被删除） / chain end does not match its head (last entry removed)",
        )
    return AuditVerification(True, checked)
