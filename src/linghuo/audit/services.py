"""Writing and verifying the audit log.

Every write service in linghuo records what it did through ``audit_record``. Personal data never
enters the log in clear: only a SHA-256 digest of the change is kept, and callers pass personal
values as their keyed lookup hash (``linghuo.personal_data.lookup_hash``), never the value itself.

**A keyed chain.** Each entry is sealed by an HMAC-SHA256 over its fields and the seal of the entry
before (``chain.entry_mac``), under the key named by its ``key_id`` (``linghuo.audit.keys``): the key is
not in the database, so someone who can write to it can neither forge an entry nor rewrite one and
re-seal those after it. The head row moves only forward (``linghuo.audit.guard``), and anchors appended
to a file outside the database (``linghuo.audit.anchors``) catch a log cut back with its head wound back.

**One chain, one lock, held briefly.** The log is a single chain: each entry carries the MAC of
the one before, and the head row (``AuditHead``) is locked to append (``SELECT … FOR UPDATE`` on
PostgreSQL), so writers are serialised from the append to their transaction's commit. An entry
recorded early in a long transaction would keep every other audited write — a payment, a login —
waiting until that transaction ends. Work done in chunks (an import's 1,000 rows, a payment batch)
therefore records through ``audit_batch``: its records are inserted as ``AuditItem`` rows, which take
no lock, and when the block ends one entry is appended for them all, as the transaction's last
statement. The head is then locked once per chunk, only for the append and the commit.

**What the chain proves about a batch.** The batch's entry keeps, as its ``changes_digest``, the
SHA-256 over its items — each item's id and every stored field, in id order (``chain.items_digest``)
— and its own hash covers that digest, the batch key and the item count. ``audit_verify`` recomputes
the digest from the rows it covers: an item edited, removed or moved to another batch breaks its
entry, and items belonging to no entry are reported too. An entry outside a batch hashes exactly as
it did before batches existed.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from django.db import DatabaseError, connection, models, transaction
from django.db.models import Sum
from django.utils import timezone

from linghuo.audit import anchors, chain, keys
from linghuo.audit.models import AuditEntry, AuditHead, AuditItem

if TYPE_CHECKING:
    # The configured user model (AUTH_USER_MODEL) as a type: audit sits below accounts and never imports it.
    from django.contrib.auth.models import _User as User

logger = logging.getLogger(__name__)

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
    (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite serialises writers), so the chain stays linear; it
    stays locked until the caller's transaction commits, so work done in chunks uses ``audit_batch``.
    """
    object_type, object_id = _object_of(obj, object_type, object_id)
    return _append(
        actor=actor,
        actor_label=actor_label or actor_label_for(actor),
        action=action,
        object_type=object_type,
        object_id=object_id,
        changed_fields=",".join(sorted(changes)),
        changes_digest=chain.changes_digest(changes),
    )


def _object_of(obj: models.Model | None, object_type: str, object_id: str | int) -> tuple[str, str]:
    if obj is not None:
        return obj._meta.label_lower, str(obj.pk)
    if not object_type:
        raise ValueError("审计记录需要对象类型 / an audit entry needs an object or an object_type")
    return object_type, str(object_id)


def _append(
    *,
    actor: User | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    changed_fields: str,
    changes_digest: str,
    batch: uuid.UUID | None = None,
    item_count: int = 0,
) -> AuditEntry:
    # No savepoint inside the caller's transaction: one round trip fewer while the head is locked (a
    # failed append fails the caller's transaction, as a write that cannot be audited must).
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        key = keys.current_key()
        entry = AuditEntry(
            sequence=head.sequence + 1,
            recorded_at=timezone.now(),
            actor=actor,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            changed_fields=changed_fields,
            changes_digest=changes_digest,
            previous_hash=head.entry_hash or chain.GENESIS_HASH,
            batch=batch,
            item_count=item_count,
            key_id=key.key_id,
        )
        entry.entry_hash = _mac_of(entry, key)
        entry.save(force_insert=True)
        head.sequence, head.entry_hash = entry.sequence, entry.entry_hash
        head.save(update_fields=["sequence", "entry_hash"])
    return entry


class AuditBatch:
    """The records of one ``audit_batch`` block; ``record`` adds one."""

    def __init__(self, *, actor: User | None, action: str, object_type: str, object_id: str) -> None:
        self.key = uuid.uuid4()
        self.actor, self.action = actor, action
        self.object_type, self.object_id = object_type, object_id

    def record(
        self,
        *,
        action: str,
        changes: Mapping[str, object],
        obj: models.Model | None = None,
        object_type: str = "",
        object_id: str | int = "",
    ) -> AuditItem:
        """Record one write of the batch, as ``audit_record`` would (same ``changes``; the object is the
        batch's unless given). Only an insert: the head is not locked until the batch ends."""
        if obj is None and not object_type:
            object_type, object_id = self.object_type, self.object_id
        object_type, object_id = _object_of(obj, object_type, object_id)
        return AuditItem.objects.create(
            batch=self.key,
            recorded_at=timezone.now(),
            action=action,
            object_type=object_type,
            object_id=object_id,
            changed_fields=",".join(sorted(changes)),
            changes_digest=chain.changes_digest(changes),
        )

    def close(self) -> AuditEntry | None:
        """Append the batch's entry (none for a batch without records)."""
        items = [_item_fields(item) for item in AuditItem.objects.filter(batch=self.key).order_by("id")]
        if not items:
            return None
        return _append(
            actor=self.actor,
            actor_label=actor_label_for(self.actor),
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            changed_fields=",".join(sorted({str(item["action"]) for item in items}))[:512],
            changes_digest=chain.items_digest(items),
            batch=self.key,
            item_count=len(items),
        )


@contextmanager
def audit_batch(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
) -> Iterator[AuditBatch]:
    """A transaction whose audited writes are chained as one entry, appended when the block ends.

    Use it for work done in chunks: ``with audit_batch(actor=…, action=…, obj=…) as audit:`` then
    ``audit.record(action=…, changes=…)`` for each write. The block is one transaction (an exception
    rolls back the writes and their records together); open it as the outermost transaction of the
    chunk, since the head stays locked from the append until the outermost commit.
    """
    object_type, object_id = _object_of(obj, object_type, object_id)
    with transaction.atomic():
        batch = AuditBatch(actor=actor, action=action, object_type=object_type, object_id=object_id)
        yield batch
        batch.close()


def _item_fields(item: AuditItem) -> dict[str, object]:
    return {
        "id": item.pk,
        "batch": str(item.batch),
        "recorded_at": chain.timestamp_text(item.recorded_at),
        "action": item.action,
        "object_type": item.object_type,
        "object_id": item.object_id,
        "changed_fields": item.changed_fields,
        "changes_digest": item.changes_digest,
    }


def _mac_of(entry: AuditEntry, key: keys.AuditKey) -> str:
    return chain.entry_mac(
        key.entry_key,
        key_id=entry.key_id,
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
        batch=None if entry.batch is None else str(entry.batch),
        item_count=entry.item_count,
    )


@dataclass(frozen=True, slots=True)
class AuditVerification:
    """The outcome of walking the chain: ``ok``, how many entries were checked, the first break, and the
    anchor of the anchor file that the chain was checked against (``anchor_sequence``; ``None`` when the
    file holds none yet, or — ``anchor_file`` false — when no anchor file is configured)."""

    ok: bool
    checked: int
    broken_sequence: int | None = None
    reason: str = ""
    anchor_sequence: int | None = None
    anchor_file: bool = False

    def message(self) -> str:
        """A one-line summary in Chinese and English."""
        if self.ok:
            return f"审计日志完整：{self.checked} 条记录 / audit log intact: {self.checked} entries"
        if self.broken_sequence is None:
            return f"审计日志已被篡改：{self.reason} / audit log broken"
        return (
            f"审计日志已被篡改：第 {self.broken_sequence} 条 — {self.reason} "
            f"/ audit log broken at entry {self.broken_sequence}"
        )

    def anchor_message(self) -> str:
        """What the anchor file's check found, in Chinese and English."""
        if not self.anchor_file:
            return "未配置锚点文件 / no anchor file configured (LINGHUO_AUDIT_ANCHOR_FILE)"
        if self.anchor_sequence is None:
            return "锚点文件中尚无锚点 / no anchor recorded yet in the anchor file"
        return (
            f"已核对锚点文件的最新锚点：第 {self.anchor_sequence} 条 "
            f"/ checked against the anchor file's latest anchor: entry {self.anchor_sequence}"
        )


def audit_anchor() -> str:
    """The head of the chain as ``SEQUENCE:MAC``: kept outside the database (printed by ``audit verify``,
    filed in the operations log), it lets a later verification notice a log cut back and re-headed."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or head.sequence == 0:
        return f"0:{chain.GENESIS_HASH}"
    return f"{head.sequence}:{head.entry_hash}"


class AnchorFormatError(ValueError):
    """An anchor is not ``SEQUENCE:HASH``."""


class AnchorFileNotConfiguredError(RuntimeError):
    """Anchors are asked for where no anchor file is configured."""


def _parse_anchor(anchor: str) -> tuple[int, str]:
    sequence, _, digest = anchor.strip().partition(":")
    if not sequence.isdigit() or len(digest) != 64:
        raise AnchorFormatError(f"锚点格式应为 序号:哈希 / an anchor is SEQUENCE:HASH, not {anchor!r}")
    return int(sequence), digest


_EARLIER = ("此前记下的锚点", "the anchor recorded earlier")


def _against_anchor(sequence: int, digest: str, which: tuple[str, str]) -> AuditVerification | None:
    """The chain must hold the anchored entry with the anchored MAC: not cut back, not rewritten."""
    if sequence == 0:
        return None
    entry = AuditEntry.objects.filter(sequence=sequence).first()
    if entry is None or not chain.same_mac(entry.entry_hash, digest):
        return AuditVerification(
            False,
            0,
            sequence,
            f"与{which[0]}不符（日志被截断或重写） / does not match {which[1]} (log cut back or rewritten)",
        )
    return None


def _file_anchor(anchor: anchors.Anchor) -> tuple[str, str]:
    return f"锚点文件第 {anchor.line} 行的锚点", f"the anchor on line {anchor.line} of the anchor file"


def audit_verify(*, anchor: str | None = None) -> AuditVerification:
    """Walk the chain in sequence order and report the first entry that does not hold; check it against
    the anchor file's latest anchor and ``anchor``; when it holds, append an anchor of it to the file.

    An entry breaks the chain when its sequence is not the next number (a row removed), its
    ``previous_hash`` is not the MAC of the entry before, its key is not in the keyring or was retired
    earlier in the chain, its MAC does not match its fields (a row edited or forged), or — a batch's
    entry — its items are not as many as it counted or no longer give its digest (an item removed or
    edited); items of no entry are reported after the walk. The head row catches a removed last entry;
    an anchor (the anchor file's latest, checked by default, and an ``anchor`` kept by an operator,
    :func:`audit_anchor`) catches a log cut back with its head row wound back to match.
    """
    given = None if anchor is None else _parse_anchor(anchor)
    found = anchors.read_anchors()
    configured = anchors.anchor_path() is not None
    latest = found.latest
    if found.problem:
        return AuditVerification(False, 0, None, found.problem, anchor_file=configured)
    broken = None if given is None else _against_anchor(*given, _EARLIER)
    if broken is None and latest is not None:
        broken = _against_anchor(latest.sequence, latest.entry_hash, _file_anchor(latest))
    if broken is not None:
        return _against(broken, latest, configured=configured)
    walk = _walk()
    result = walk.broken or _finish(walk.checked, walk.last_hash)
    if result.ok and configured:
        _anchor_after(walk, latest)
    return _against(result, latest, configured=configured)


def audit_anchor_record(*, now: dt.datetime | None = None) -> AuditVerification:
    """Check the entries written since the anchor file's latest anchor, and append an anchor of the head.

    What ``linghuo worker`` runs every ``LINGHUO_AUDIT_ANCHOR_MINUTES`` (and ``linghuo audit anchor``): only
    the entries after the latest anchor are walked (the anchored entry's MAC covers those before it), so
    it stays quick on a long log; nothing is appended when they do not hold.
    """
    if anchors.anchor_path() is None:
        raise AnchorFileNotConfiguredError(
            "未配置锚点文件 / no anchor file is configured (LINGHUO_AUDIT_ANCHOR_FILE)"
        )
    found = anchors.read_anchors()
    latest = found.latest
    if found.problem:
        return AuditVerification(False, 0, None, found.problem, anchor_file=True)
    if latest is not None and latest.sequence > 0:
        broken = _against_anchor(latest.sequence, latest.entry_hash, _file_anchor(latest))
        if broken is not None:
            return _against(broken, latest, configured=True)
        anchored = AuditEntry.objects.get(sequence=latest.sequence)
        walk = _walk(after=latest.sequence, previous_hash=latest.entry_hash, key_id=anchored.key_id)
    else:
        walk = _walk()
    result = walk.broken or _finish(walk.checked, walk.last_hash)
    if result.ok:
        _anchor_after(walk, latest, now=now)
    return _against(result, latest, configured=True)


def _against(
    result: AuditVerification, latest: anchors.Anchor | None, *, configured: bool
) -> AuditVerification:
    """``result``, saying which anchor of the file the chain was checked against."""
    return replace(
        result, anchor_sequence=None if latest is None else latest.sequence, anchor_file=configured
    )


@dataclass(frozen=True, slots=True)
class _Walked:
    checked: int
    last_hash: str
    broken: AuditVerification | None = None


def _anchor_after(walk: _Walked, latest: anchors.Anchor | None, *, now: dt.datetime | None = None) -> None:
    """Append an anchor of the entries that held, unless the latest anchor already says as much."""
    if walk.checked == 0:
        return
    if latest is not None and latest.sequence == walk.checked and latest.entry_hash == walk.last_hash:
        return
    try:
        anchors.append_anchor(walk.checked, walk.last_hash, now=now or timezone.now())
    except OSError:  # the verification stands; the next one tries to anchor again
        logger.exception("could not append an anchor to the audit anchor file")


class _KeyRuns:
    """Along the chain each key seals one run of entries: a key whose run ended does not come back."""

    def __init__(self, key_id: str = "") -> None:
        self.current, self.retired = key_id, set[str]()

    def refused(self, entry: AuditEntry) -> bool:
        if entry.key_id == self.current:
            return False
        if entry.key_id in self.retired:
            return True
        if self.current:
            self.retired.add(self.current)
        self.current = entry.key_id
        return False


def _walk(*, after: int = 0, previous_hash: str = chain.GENESIS_HASH, key_id: str = "") -> _Walked:
    """Verify the entries after sequence ``after`` (whose MAC is ``previous_hash``), in sequence order."""
    ring, runs, checked = keys.keyring(), _KeyRuns(key_id), after
    for page in _pages(after):
        batches = _batch_items(page)
        for entry in page:
            broken = _verify_entry(entry, checked, previous_hash, batches, ring)
            if broken is None and runs.refused(entry):
                broken = AuditVerification(
                    False,
                    checked,
                    entry.sequence,
                    "以此前已停用的密钥签名（伪造） / sealed with a key retired earlier in the chain",
                )
            if broken is not None:
                return _Walked(checked, previous_hash, broken)
            checked, previous_hash = checked + 1, entry.entry_hash
    return _Walked(checked, previous_hash)


def _finish(checked: int, last_hash: str) -> AuditVerification:
    """After a walk that held: the head row must be its end, and every batch item an entry's."""
    head = _verify_head(checked, last_hash)
    counted = AuditEntry.objects.aggregate(total=Sum("item_count"))["total"] or 0
    if head.ok and AuditItem.objects.count() != counted:
        return AuditVerification(
            False,
            checked,
            None,
            "批内记录不属于任何条目（记录被插入或移动） / batch items of no entry (inserted or moved)",
        )
    return head


def _verify_entry(
    entry: AuditEntry,
    checked: int,
    previous_hash: str,
    batches: dict[uuid.UUID, list[dict[str, object]]],
    ring: dict[str, keys.AuditKey],
) -> AuditVerification | None:
    """The first thing wrong with ``entry``, the one after ``checked`` entries that held."""
    if entry.sequence != checked + 1:
        return AuditVerification(
            False, checked, checked + 1, "记录缺失（序号不连续） / entry missing (sequence gap)"
        )
    if entry.previous_hash != previous_hash:
        return AuditVerification(
            False, checked, entry.sequence, "前一条哈希不符 / previous hash does not match"
        )
    key = ring.get(entry.key_id)
    if key is None:
        return AuditVerification(
            False,
            checked,
            entry.sequence,
            f"签名密钥未知（标识 {entry.key_id or '无'}；旧密钥应列入 LINGHUO_AUDIT_KEY_PREVIOUS） "
            f"/ sealed with an unknown key (id {entry.key_id or 'none'}; "
            "list old keys in LINGHUO_AUDIT_KEY_PREVIOUS)",
        )
    if not chain.same_mac(_mac_of(entry, key), entry.entry_hash):
        return AuditVerification(
            False, checked, entry.sequence, "内容与哈希不符（记录被修改） / entry altered"
        )
    if entry.batch is not None:
        return _verify_batch(entry, batches.get(entry.batch, []), checked)
    return None


PAGE = 2000


def _pages(after: int = 0) -> Iterator[list[AuditEntry]]:
    """The entries after sequence ``after`` in sequence order, ``PAGE`` at a time."""
    while page := list(AuditEntry.objects.filter(sequence__gt=after).order_by("sequence")[:PAGE]):
        yield page
        after = page[-1].sequence


def _batch_items(page: list[AuditEntry]) -> dict[uuid.UUID, list[dict[str, object]]]:
    """The stored items of the page's batches, by batch, in id order."""
    keys_ = [entry.batch for entry in page if entry.batch is not None]
    found: dict[uuid.UUID, list[dict[str, object]]] = {}
    if keys_:
        for item in AuditItem.objects.filter(batch__in=keys_).order_by("id").iterator(chunk_size=PAGE):
            found.setdefault(item.batch, []).append(_item_fields(item))
    return found


def _verify_batch(
    entry: AuditEntry, items: list[dict[str, object]], checked: int
) -> AuditVerification | None:
    """A batch's entry holds when its items are as many as it counted and give its digest."""
    if len(items) != entry.item_count:
        return AuditVerification(
            False,
            checked,
            entry.sequence,
            f"批内记录数不符（{entry.item_count} 条，现存 {len(items)} 条，记录被删除或插入） "
            f"/ batch items missing or added ({len(items)} of {entry.item_count})",
        )
    if chain.items_digest(items) != entry.changes_digest:
        return AuditVerification(
            False, checked, entry.sequence, "批内记录与摘要不符（记录被修改） / a batch item altered"
        )
    return None


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


def _anchors_kept(stop: threading.Event, every: float) -> None:
    while True:
        try:
            result = audit_anchor_record()
            if not result.ok:
                logger.error("the audit log does not verify, no anchor appended: %s", result.message())
        except (DatabaseError, OSError):  # a busy database, a full disk: the next round tries again
            logger.warning("could not append an audit anchor this time", exc_info=True)
        finally:
            connection.close()
        if stop.wait(every):
            return


def audit_anchors_start(every_seconds: float) -> threading.Event | None:
    """Append an anchor now and every ``every_seconds`` after, in a thread of this process (``linghuo
    worker``); setting the event returned stops it. Nothing when no anchor file is configured."""
    if anchors.anchor_path() is None or every_seconds <= 0:
        return None
    stop = threading.Event()
    threading.Thread(
        target=_anchors_kept, args=(stop, every_seconds), name="audit-anchors", daemon=True
    ).start()
    return stop
