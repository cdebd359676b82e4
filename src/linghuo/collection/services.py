"""Importing rosters and contribution records: stream the file, upsert chunk by chunk, explain every bad row.

``roster_import`` and ``contributions_import`` read an upload through ``linghuo.spreadsheets`` a chunk
at a time; each chunk is written in one transaction (people not yet in the registry are created, entries
are inserted or updated with one ``INSERT … ON CONFLICT`` and rows already stored as given are counted
``unchanged``), so a file re-submitted changes nothing and good rows are kept even when others are bad.
Rejected rows go to an ``.xlsx`` error report under ``DATA_DIR/reports``. Every write is in the audit log:
one entry per chunk and per submission, with personal values only as keyed lookup hashes. A chunk's
records are the items of its one entry (``audit_batch``), appended as the chunk commits, so an import
holds the audit log's head only for that moment and payments or logins do not wait behind its chunks.

``submission_receive`` keeps an upload from a page or the API for ``submission_process`` (run in the
background by ``linghuo.collection.jobs``); an organisation (for contribution records: an uploader) has at
most ``LINGHUO_MAX_ACTIVE_SUBMISSIONS`` uploads waiting or importing at once (``SubmissionsBusyError``).

Every import is bounded (``import_limits``): a file beyond the rows, columns, cells or unpacked size
allowed is refused before it is parsed, or as soon as its rows pass the bound, and the submission ends as
failed with the reason; at most ``LINGHUO_MAX_ERROR_REPORT_ROWS`` rejected rows are kept and listed in the
error report, the others counted on its last line.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from linghuo import personal_data
from linghuo.accounts import access
from linghuo.accounts.models import User
from linghuo.audit.services import AuditBatch, audit_batch, audit_record
from linghuo.collection import access as collection_access
from linghuo.collection.bulk import insert_rows
from linghuo.collection.models import (
    ContributionRecord,
    RosterEntry,
    Submission,
    SubmissionKind,
    SubmissionStatus,
)
from linghuo.registry.identity import IdentityError, PersonIdentity, person_identity
from linghuo.registry.models import Organisation, Person, person_fields
from linghuo.spreadsheets import (
    CONTRIBUTIONS,
    ROSTER,
    ContributionRow,
    FileRejectedError,
    RejectedRow,
    RosterRow,
    TableSpec,
    iter_chunks,
    open_table,
    write_error_report,
)
from linghuo.spreadsheets.limits import ReadLimits
from linghuo.spreadsheets.reading import Source, check_size
from linghuo.spreadsheets.schema import RowContext

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000
ACCEPTED_SUFFIXES = (".xlsx", ".csv")
ProgressCallback = Callable[[int], None]
RowT = TypeVar("RowT")


class CollectionAction(enum.StrEnum):
    """Audit-log actions of information collection."""

    SUBMISSION_RECEIVED = "collection_submission_received"
    CHUNK_WRITTEN = "collection_chunk_written"  # a chunk's entry; the records below are its items
    PERSONS_CREATED = "collection_persons_created"
    ROSTER_ROWS_WRITTEN = "collection_roster_rows_written"
    CONTRIBUTIONS_WRITTEN = "collection_contributions_written"
    SUBMISSION_FINISHED = "collection_submission_finished"
    SUBMISSION_FAILED = "collection_submission_failed"
    ERROR_REPORT_DOWNLOADED = "collection_error_report_downloaded"


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import did. ``accepted`` rows were written (new or changed); ``unchanged`` were already
    stored as given; ``rejected`` rows are in ``error_report`` (``None`` when every row was good)."""

    submission_id: int
    created: int
    updated: int
    unchanged: int
    rejected: int
    error_report: Path | None

    @property
    def accepted(self) -> int:
        return self.created + self.updated

    def as_dict(self) -> dict[str, int | str | None]:
        """The command line's summary: ``accepted``, ``unchanged``, ``rejected``, ``error_report``."""
        return {
            "accepted": self.accepted,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "error_report": str(self.error_report) if self.error_report else None,
        }


@dataclass(slots=True)
class _Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: _Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


# --- files -------------------------------------------------------------------------------------------


def import_limits() -> ReadLimits:
    """The bounds of one upload, from the settings (``LINGHUO_MAX_UPLOAD_ROWS`` and the others)."""
    return ReadLimits(
        max_rows=int(settings.LINGHUO_MAX_UPLOAD_ROWS),
        max_columns=int(settings.LINGHUO_MAX_UPLOAD_COLUMNS),
        max_cells=int(settings.LINGHUO_MAX_UPLOAD_CELLS),
        max_unpacked_bytes=int(settings.LINGHUO_MAX_UPLOAD_UNPACKED_BYTES),
    )


def upload_check(source: Source, filename: str) -> None:
    """The one check of every roster and contribution upload (page, API, command line), before any of it
    is read: ``FileTooLargeError`` above ``LINGHUO_MAX_UPLOAD_BYTES``, ``FileRejectedError`` for a file
    that is neither ``.xlsx`` nor ``.csv``."""
    check_size(source, settings.LINGHUO_MAX_UPLOAD_BYTES)
    if not filename.lower().endswith(ACCEPTED_SUFFIXES):
        raise FileRejectedError(
            f"不支持的文件类型「{Path(filename).suffix or filename}」：只接受 .xlsx 和 .csv 文件。"
            " / Only .xlsx and .csv files are accepted."
        )


def _digest(source: Source) -> tuple[str, int]:
    """SHA-256 (hex) and size of a path, bytes or seekable stream (left at its start)."""
    digest = hashlib.sha256()
    if isinstance(source, bytes):
        digest.update(source)
        return digest.hexdigest(), len(source)
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as stream:
            return _digest_stream(stream, digest)
    source.seek(0)
    result = _digest_stream(source, digest)
    source.seek(0)
    return result


def _digest_stream(stream: BinaryIO, digest: hashlib._Hash) -> tuple[str, int]:
    size = 0
    while block := stream.read(1024 * 1024):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def data_path(relative: str) -> Path:
    """A path kept relative to the data folder, made absolute."""
    return Path(settings.DATA_DIR) / relative


def error_report_file(submission: Submission) -> Path | None:
    """The error report of a submission, when it has one and the file is still there."""
    if not submission.error_report_path:
        return None
    path = data_path(submission.error_report_path)
    return path if path.is_file() else None


class ErrorReportMissingError(LookupError):
    """The submission has no error report: every row was good, or the file is no longer kept."""


def error_report_downloadable(user: User, submission: Submission) -> bool:
    """Whether ``user`` may download the submission's error report and there is one to download."""
    return (
        collection_access.user_may_download_error_report(user, submission)
        and error_report_file(submission) is not None
    )


def error_report_download(*, actor: User, submission: Submission) -> tuple[Path, str]:
    """The error report of a roster or contribution upload for ``actor``, and the name to save it under;
    the download is recorded in the audit log (the report holds rows as uploaded, full ID numbers).

    The pages and the API hand a report out only through this: ``PermissionDenied`` for someone who
    may not have it (``linghuo.collection.access.user_may_download_error_report``),
    ``ErrorReportMissingError`` when the submission has none.
    """
    if not collection_access.user_may_download_error_report(actor, submission):
        raise PermissionDenied(access.MESSAGE_FORBIDDEN)
    path = error_report_file(submission)
    if path is None:
        raise ErrorReportMissingError(submission.pk)
    audit_record(
        actor=actor,
        action=CollectionAction.ERROR_REPORT_DOWNLOADED,
        obj=submission,
        changes={"error_report": submission.error_report_path},
    )
    return path, f"错误报告-{submission.pk}.xlsx"


# --- people ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Identified(Generic[RowT]):
    """A valid row and its person's identity (``registry.identity.person_identity``), computed once."""

    row: RowT
    identity: PersonIdentity


def _with_identity(
    spec: TableSpec[RowT], identity_of: Callable[[RowT], PersonIdentity]
) -> TableSpec[_Identified[RowT]]:
    """``spec`` with each valid row's identity checked by the registry's rule, the one every way of
    creating a person applies: a refused name, ID number or mobile is an error of that row and column,
    in the error report like any other."""

    def build(context: RowContext) -> _Identified[RowT] | None:
        row = spec.build(context)
        if row is None or context.failed:
            return None
        try:
            return _Identified(row, identity_of(row))
        except IdentityError as error:
            context.error(error.field if error.field in context.spec_columns else "id_number", error.chinese)
            return None

    return TableSpec(
        name=spec.name,
        columns=spec.columns,
        build=build,
        duplicate_key=lambda identified: spec.duplicate_key(identified.row),
        duplicate_column=spec.duplicate_column,
        duplicate_label=spec.duplicate_label,
        example_marker=lambda identified: spec.example_marker(identified.row),
    )


_ROSTER = _with_identity(
    ROSTER,
    lambda r: person_identity(
        name=r.name, id_number=r.id_number, mobile=r.mobile, work_division=r.work_division
    ),
)
_CONTRIBUTIONS = _with_identity(CONTRIBUTIONS, lambda r: person_identity(name=r.name, id_number=r.id_number))


def _person_ids(identities: Sequence[PersonIdentity], *, audit: AuditBatch) -> dict[str, int]:
    """The registry id of every identity's person (by ID number), creating those not yet known.

    Creation is one insert that leaves alone a person inserted meanwhile by another import; the ids are
    read back by keyed hash. One audit record lists the created people's ID-number hashes.
    """
    hashes = {i.id_number: personal_data.lookup_hash(i.id_number) for i in identities}
    found = dict(
        Person.objects.filter(id_number_hash__in=hashes.values()).values_list("id_number_hash", "id")
    )
    missing = [i for i in identities if hashes[i.id_number] not in found]
    if missing:
        new_hashes = [hashes[i.id_number] for i in missing]
        insert_rows(
            Person,
            (person_fields(i) for i in missing),
            conflict_fields=["id_number_hash"],
        )
        found.update(Person.objects.filter(id_number_hash__in=new_hashes).values_list("id_number_hash", "id"))
        audit.record(
            action=CollectionAction.PERSONS_CREATED,
            changes={"id_number_hashes": sorted(new_hashes), "count": len(missing)},
        )
    return {number: found[digest] for number, digest in hashes.items()}


# --- writing chunks ----------------------------------------------------------------------------------

_ROSTER_FIELDS = (
    "employment_form",
    "work_division",
    "monthly_income_fen",
    "social_insurance",
    "start_date",
    "end_date",
)
_CONTRIBUTION_FIELDS = ("base_fen", "paid_fen", "minimum_base")
KeyT = TypeVar("KeyT", bound=tuple[Any, ...])


def _upsert(
    model: type[models.Model],
    *,
    stored: models.QuerySet[Any],
    key_fields: Sequence[str],
    value_fields: Sequence[str],
    rows: Sequence[tuple[KeyT, tuple[object, ...]]],
    fixed: Mapping[str, object],
    conflict_fields: Sequence[str],
    submission: Submission,
) -> tuple[_Counts, list[KeyT], list[KeyT]]:
    """The one upsert of a chunk, rosters and contribution records alike: each row is a key (the values
    of ``key_fields``) and its values (``value_fields``); a row stored as given (among ``stored``) is
    counted ``unchanged`` and not written, the others are inserted or, on ``conflict_fields``, updated
    with the ``fixed`` columns and the submission. Returns the counts, the keys written and, of them,
    the keys that were stored before with other values."""
    width = len(key_fields)
    before_of = {
        tuple(values[:width]): tuple(values[width:])
        for values in stored.values_list(*key_fields, *value_fields)
    }
    counts = _Counts()
    written: list[KeyT] = []
    changed: list[KeyT] = []
    inserted: list[dict[str, object]] = []
    for key, values in rows:
        before = before_of.get(key)
        if before == values:
            counts.unchanged += 1
            continue
        if before is None:
            counts.created += 1
        else:
            counts.updated += 1
            changed.append(key)
        written.append(key)
        inserted.append(
            {
                **fixed,
                **dict(zip(key_fields, key, strict=True)),
                **dict(zip(value_fields, values, strict=True)),
                "submission_id": submission.pk,
            }
        )
    if inserted:
        insert_rows(
            model,
            inserted,
            conflict_fields=conflict_fields,
            update_fields=[*value_fields, "submission", "updated_at"],
        )
    return counts, written, changed


def _roster_values(row: RosterRow) -> tuple[object, ...]:
    return (
        str(row.employment_form),
        row.work_division,
        row.monthly_income_fen,
        row.social_insurance,
        row.start_date,
        row.end_date,
    )


def _roster_write(
    rows: Sequence[_Identified[RosterRow]],
    *,
    organisation: Organisation,
    period: datetime.date,
    submission: Submission,
    audit: AuditBatch,
) -> _Counts:
    """Upsert one chunk of roster rows on (organisation, period, person)."""
    identities = [r.identity for r in rows]
    person_ids = _person_ids(identities, audit=audit)
    counts, written, changed = _upsert(
        RosterEntry,
        stored=RosterEntry.objects.filter(
            organisation=organisation, period=period, person_id__in=person_ids.values()
        ),
        key_fields=("person_id",),
        value_fields=_ROSTER_FIELDS,
        rows=[((person_ids[r.row.id_number],), _roster_values(r.row)) for r in rows],
        fixed={"organisation_id": organisation.pk, "period": period},
        conflict_fields=("organisation", "period", "person"),
        submission=submission,
    )
    if written:
        audit.record(
            action=CollectionAction.ROSTER_ROWS_WRITTEN,
            changes={
                "organisation": organisation.pk,
                "period": period.isoformat(),
                "person_ids": sorted(k[0] for k in written),
                "updated_person_ids": sorted(k[0] for k in changed),
            },
        )
    return counts


def _contributions_write(
    rows: Sequence[_Identified[ContributionRow]], *, submission: Submission, audit: AuditBatch
) -> _Counts:
    """Upsert one chunk of contribution records on (person, month, insurance type)."""
    identities = [r.identity for r in rows]
    person_ids = _person_ids(identities, audit=audit)
    months = {r.row.period for r in rows}
    counts, keys, changed = _upsert(
        ContributionRecord,
        stored=ContributionRecord.objects.filter(person_id__in=person_ids.values(), month__in=months),
        key_fields=("person_id", "month", "insurance_type"),
        value_fields=_CONTRIBUTION_FIELDS,
        rows=[
            (
                (person_ids[r.id_number], r.period, str(r.insurance)),
                (r.base_fen, r.paid_fen, r.minimum_base),
            )
            for r in (i.row for i in rows)
        ],
        fixed={},
        conflict_fields=("person", "month", "insurance_type"),
        submission=submission,
    )
    if keys:
        audit.record(
            action=CollectionAction.CONTRIBUTIONS_WRITTEN,
            changes={
                "records": sorted(f"{k[0]}:{k[1]:%Y-%m}:{k[2]}" for k in keys),
                "updated": sorted(f"{k[0]}:{k[1]:%Y-%m}:{k[2]}" for k in changed),
            },
        )
    return counts


# --- the import --------------------------------------------------------------------------------------


def _submission_create(
    *,
    kind: SubmissionKind,
    organisation: Organisation | None,
    period: datetime.date | None,
    filename: str,
    sha256: str,
    size: int,
    actor: User | None,
    stored_path: str = "",
    queued: bool = False,
) -> Submission:
    """Record a submission (audited); a ``queued`` one only while its organisation or uploader has fewer
    than ``LINGHUO_MAX_ACTIVE_SUBMISSIONS`` waiting or importing (``SubmissionsBusyError``)."""
    with transaction.atomic():
        if queued:
            _active_check(kind=kind, organisation=organisation, actor=actor, lock=True)
        submission = Submission.objects.create(
            kind=kind,
            organisation=organisation,
            period=period,
            file_name=Path(filename).name[:255],
            file_sha256=sha256,
            file_size=size,
            stored_path=stored_path,
            uploaded_by=actor,
        )
        audit_record(
            actor=actor,
            action=CollectionAction.SUBMISSION_RECEIVED,
            obj=submission,
            changes={
                "kind": kind,
                "organisation": organisation.pk if organisation else None,
                "period": period.isoformat() if period else None,
                "file_sha256": sha256,
                "file_size": size,
            },
        )
    return submission


def _progress(submission: Submission, rows_done: int, counts: _Counts, rejected: int) -> None:
    now = timezone.now()
    Submission.objects.filter(pk=submission.pk).update(
        rows_done=rows_done,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=rejected,
        progress_at=now,
    )


@dataclass(slots=True)
class _Rejected:
    """The rejected rows of an import: every one counted, the first ``keep`` kept for the error report."""

    keep: int
    rows: list[RejectedRow]
    count: int = 0

    def extend(self, rows: Sequence[RejectedRow]) -> None:
        self.count += len(rows)
        self.rows.extend(rows[: max(0, self.keep - len(self.rows))])


def _save_report(submission: Submission, rejected: _Rejected, headers: Sequence[str]) -> str:
    relative = f"reports/{submission.kind}-{submission.pk}-{submission.file_sha256[:12]}.xlsx"
    path = data_path(relative)
    path.parent.mkdir(parents=True, exist_ok=True)
    title = "名册错误明细" if submission.kind == SubmissionKind.ROSTER else "缴费记录错误明细"
    write_error_report(
        rejected.rows,
        headers=headers,
        target=path,
        title=title,
        not_listed=rejected.count - len(rejected.rows),
        max_rows=rejected.keep,
    )
    return relative


def _fail(submission: Submission, message: str, actor: User | None) -> None:
    submission.status = SubmissionStatus.FAILED
    submission.failure_message = message
    submission.finished_at = timezone.now()
    submission.save(update_fields=["status", "failure_message", "finished_at"])
    audit_record(
        actor=actor,
        action=CollectionAction.SUBMISSION_FAILED,
        obj=submission,
        changes={"status": submission.status, "failure": message},
    )


def _run(
    *,
    spec: TableSpec[RowT],
    write: Callable[[list[RowT], AuditBatch], _Counts],
    submission: Submission,
    source: Source,
    filename: str,
    actor: User | None,
    on_progress: ProgressCallback | None,
) -> ImportSummary:
    """Stream ``source`` through ``spec`` and ``write`` each chunk's good rows in a transaction, audited
    as one batch (one entry for the chunk)."""
    submission.status = SubmissionStatus.RUNNING
    submission.started_at = timezone.now()
    submission.save(update_fields=["status", "started_at"])
    counts, rejected = _Counts(), _Rejected(keep=int(settings.LINGHUO_MAX_ERROR_REPORT_ROWS), rows=[])
    headers: Sequence[str] = ()
    try:
        with open_table(
            source,
            spec.columns,
            filename=filename,
            max_bytes=settings.LINGHUO_MAX_UPLOAD_BYTES,
            limits=import_limits(),
        ) as table:
            headers = table.headers
            for chunk in iter_chunks(table, spec, chunk_size=CHUNK_SIZE):
                if chunk.accepted:
                    with audit_batch(
                        actor=actor, action=CollectionAction.CHUNK_WRITTEN, obj=submission
                    ) as audit:
                        counts.add(write(chunk.accepted, audit))
                rejected.extend(chunk.rejected)
                _progress(submission, chunk.rows_done, counts, rejected.count)
                if on_progress is not None:
                    on_progress(chunk.rows_done)
    except FileRejectedError as exc:
        submission.created, submission.updated, submission.unchanged = (
            counts.created,
            counts.updated,
            counts.unchanged,
        )
        submission.rejected = rejected.count
        if rejected.count:  # bad rows found before the damage are still explained
            submission.error_report_path = _save_report(submission, rejected, headers)
        submission.save(update_fields=["created", "updated", "unchanged", "rejected", "error_report_path"])
        written = counts.created + counts.updated + counts.unchanged
        kept = (
            f"（损坏处之前的 {written} 行已保存 / {written} rows before the damage were kept）"
            if written
            else ""
        )
        _fail(submission, exc.message + kept, actor)
        raise
    report = _save_report(submission, rejected, headers) if rejected.count else ""
    submission.refresh_from_db(fields=["rows_done"])
    submission.created, submission.updated, submission.unchanged = (
        counts.created,
        counts.updated,
        counts.unchanged,
    )
    submission.rejected = rejected.count
    submission.error_report_path = report
    submission.error_report_size = data_path(report).stat().st_size if report else 0
    submission.status = SubmissionStatus.DONE
    submission.finished_at = timezone.now()
    with transaction.atomic():
        submission.save()
        audit_record(
            actor=actor,
            action=CollectionAction.SUBMISSION_FINISHED,
            obj=submission,
            changes={
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
                "rejected": rejected.count,
                "error_report": report,
            },
        )
    return ImportSummary(
        submission_id=submission.pk,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rejected=rejected.count,
        error_report=data_path(report) if report else None,
    )


def _prepared(
    *,
    kind: SubmissionKind,
    organisation: Organisation | None,
    period: datetime.date | None,
    source: Source,
    filename: str,
    actor: User | None,
    submission: Submission | None,
) -> Submission:
    """The submission to run: the one given (received earlier), or a new one once the size is checked."""
    if submission is not None:
        return submission
    upload_check(source, filename)
    sha256, size = _digest(source)
    return _submission_create(
        kind=kind,
        organisation=organisation,
        period=period,
        filename=filename,
        sha256=sha256,
        size=size,
        actor=actor,
    )


def roster_import(
    *,
    organisation: Organisation,
    period: datetime.date,
    source: Source,
    filename: str,
    actor: User | None,
    on_progress: ProgressCallback | None = None,
    submission: Submission | None = None,
) -> ImportSummary:
    """Import an organisation's roster for ``period`` (a month's first day) from an ``.xlsx``/``.csv``.

    Refuses an oversized or unreadable file with ``FileRejectedError`` (rows already written by then,
    for damage found half-way, stay written); otherwise every good row is stored and every bad row is
    in the error report. ``on_progress(rows_done)`` is called after each chunk.
    """
    submission = _prepared(
        kind=SubmissionKind.ROSTER,
        organisation=organisation,
        period=period,
        source=source,
        filename=filename,
        actor=actor,
        submission=submission,
    )

    def write(rows: list[_Identified[RosterRow]], audit: AuditBatch) -> _Counts:
        return _roster_write(
            rows, organisation=organisation, period=period, submission=submission, audit=audit
        )

    return _run(
        spec=_ROSTER,
        write=write,
        submission=submission,
        source=source,
        filename=filename,
        actor=actor,
        on_progress=on_progress,
    )


def contributions_import(
    *,
    source: Source,
    filename: str,
    actor: User | None,
    on_progress: ProgressCallback | None = None,
    submission: Submission | None = None,
) -> ImportSummary:
    """Import contribution records from the social-insurance agency (see ``roster_import``)."""
    submission = _prepared(
        kind=SubmissionKind.CONTRIBUTIONS,
        organisation=None,
        period=None,
        source=source,
        filename=filename,
        actor=actor,
        submission=submission,
    )

    def write(rows: list[_Identified[ContributionRow]], audit: AuditBatch) -> _Counts:
        return _contributions_write(rows, submission=submission, audit=audit)

    return _run(
        spec=_CONTRIBUTIONS,
        write=write,
        submission=submission,
        source=source,
        filename=filename,
        actor=actor,
        on_progress=on_progress,
    )


# --- uploads processed in the background -------------------------------------------------------------

_ACTIVE = (SubmissionStatus.PENDING, SubmissionStatus.RUNNING)


class SubmissionsBusyError(Exception):
    """The organisation (or, for contribution records, the uploader) already has as many uploads waiting
    or importing as allowed; ``message`` says so, in Chinese with an English gloss."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _active_check(
    *, kind: SubmissionKind, organisation: Organisation | None, actor: User | None, lock: bool
) -> None:
    """``SubmissionsBusyError`` when ``LINGHUO_MAX_ACTIVE_SUBMISSIONS`` uploads of the organisation (a
    roster) or of the uploader (contribution records) are pending or running. With ``lock``, the
    organisation's or uploader's row is locked first, so two uploads at once cannot both pass."""
    limit = int(settings.LINGHUO_MAX_ACTIVE_SUBMISSIONS)
    active = Submission.objects.filter(status__in=_ACTIVE)
    if organisation is not None:
        if lock:
            Organisation.objects.select_for_update().filter(pk=organisation.pk).exists()
        active = active.filter(organisation=organisation)
        whose, english = "本单位", "your organisation"
    else:
        if lock and actor is not None:
            User.objects.select_for_update().filter(pk=actor.pk).exists()
        active = active.filter(kind=kind, organisation__isnull=True, uploaded_by=actor)
        whose, english = "您", "you"
    if active.count() >= limit:
        raise SubmissionsBusyError(
            f"{whose}已有 {limit} 个文件在等待或正在导入，请等其中一个完成后再上传。"
            f" / {limit} uploads of {english} are already waiting or importing: upload again once one"
            " has finished."
        )


def submission_receive(
    *,
    kind: SubmissionKind,
    upload: BinaryIO,
    filename: str,
    actor: User,
    organisation: Organisation | None = None,
    period: datetime.date | None = None,
) -> Submission:
    """Keep an uploaded file under ``DATA_DIR/uploads`` and record a pending submission for it.

    An oversized file or one that is neither ``.xlsx`` nor ``.csv`` is refused (``FileRejectedError``)
    before any of it is read or kept; so is an upload of an organisation (or, for contribution records,
    an uploader) that already has ``LINGHUO_MAX_ACTIVE_SUBMISSIONS`` waiting or importing
    (``SubmissionsBusyError``).
    """
    upload_check(upload, filename)
    if kind == SubmissionKind.ROSTER and (organisation is None or period is None):
        raise ValueError("a roster needs its organisation and period")
    _active_check(kind=kind, organisation=organisation, actor=actor, lock=False)
    relative = f"uploads/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"
    target = data_path(relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    with open(target, "wb") as stored:
        shutil.copyfileobj(upload, stored, 1024 * 1024)
    sha256, size = _digest(target)
    try:
        return _submission_create(
            kind=kind,
            organisation=organisation,
            period=period,
            filename=filename,
            sha256=sha256,
            size=size,
            actor=actor,
            stored_path=relative,
            queued=True,
        )
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def submission_process(submission: Submission) -> ImportSummary | None:
    """Run a received submission's import; the kept upload is removed afterwards.

    A refused file ends as ``failed`` with its message; an unexpected error too, with a general message
    (and the details in the server log). Returns the summary, or ``None`` when it failed.
    """
    path = data_path(submission.stored_path)
    actor = submission.uploaded_by
    try:
        if submission.kind == SubmissionKind.ROSTER:
            organisation, period = submission.organisation, submission.period
            if organisation is None or period is None:
                raise ValueError("a roster submission without its organisation or period")
            return roster_import(
                organisation=organisation,
                period=period,
                source=path,
                filename=submission.file_name,
                actor=actor,
                submission=submission,
            )
        return contributions_import(
            source=path, filename=submission.file_name, actor=actor, submission=submission
        )
    except FileRejectedError:
        return None
    except Exception:
        logger.exception("import of submission %s failed", submission.pk)
        _fail(
            submission,
            "导入时发生内部错误，请稍后重试或联系管理员。 / Internal error during the import.",
            actor,
        )
        return None
    finally:
        path.unlink(missing_ok=True)
        Submission.objects.filter(pk=submission.pk).update(stored_path="")


def submission_interrupt(submission: Submission) -> None:
    """End as failed an import whose worker stopped (``linghuo.background``: its lease ran out)."""
    logger.warning("import of submission %s ended as interrupted: its worker stopped", submission.pk)
    _fail(
        submission,
        "导入中断：处理它的进程已停止，请重新上传。 / The import was interrupted: its worker stopped;"
        " please upload the file again.",
        submission.uploaded_by,
    )
    if submission.stored_path:  # the kept upload, as a finished import removes it
        data_path(submission.stored_path).unlink(missing_ok=True)
        Submission.objects.filter(pk=submission.pk).update(stored_path="")
