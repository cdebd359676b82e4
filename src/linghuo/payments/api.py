"""``/api/v1/payments/…``: finance's batches, bank payment files, bank return files and reconciliation.

Every endpoint needs ``payments.manage`` (the finance role). A batch is built by a background job (202,
then poll the batch); a payment file is made from the batch's payments ready to send and downloaded as
CSV (docs/bank-files.md); a return file is uploaded and reconciled line by line.
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from linghuo.accounts import access
from linghuo.accounts.access import ApiPermission, Permission
from linghuo.api_types import Id, IsoDate
from linghuo.audit.services import audit_record
from linghuo.payments import bankfiles, batches, jobs, referrals
from linghuo.payments.models import BankFile, LoanReferral, PaymentBatch
from linghuo.payments.services import PaymentError

router = Router(tags=["payments"])
FINANCE = ApiPermission(Permission.PAYMENTS_MANAGE)
MAX_RETURN_BYTES = 20 * 1024 * 1024
_CSV = {
    "responses": {
        200: {
            "description": "the bank payment file (CSV, docs/bank-files.md)",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    }
}


class Problem(Schema):
    detail: str


class BatchIn(Schema):
    period_start: IsoDate
    period_end: IsoDate
    measure: str = ""


class BatchOut(Schema):
    id: int
    period_start: str
    period_end: str
    measure: str
    status: str
    payments_made: int
    refused: int
    error: str


class FileOut(Schema):
    id: int
    name: str
    line_count: int
    total_fen: int


class StatusCount(Schema):
    status: str
    count: int
    amount_fen: int


class ReconciliationOut(Schema):
    batch_id: int
    payments: list[StatusCount]
    files: list[FileOut]


class ReturnOut(Schema):
    paid: int
    failed: int
    already: int
    problems: list[str]


def _batch_out(batch: PaymentBatch) -> BatchOut:
    return BatchOut(
        id=batch.pk,
        period_start=batch.period_start.isoformat(),
        period_end=batch.period_end.isoformat(),
        measure=batch.measure,
        status=batch.status,
        payments_made=batch.payments_made,
        refused=batch.refused,
        error=batch.error,
    )


def _file_out(bank_file: BankFile) -> FileOut:
    return FileOut(
        id=bank_file.pk, name=bank_file.name, line_count=bank_file.line_count, total_fen=bank_file.total_fen
    )


@router.get("/payments/batches", response={200: list[BatchOut]}, auth=FINANCE, summary="Payment batches")
def batch_list(request: HttpRequest) -> list[BatchOut]:
    """The latest 100 payment batches."""
    return [_batch_out(b) for b in PaymentBatch.objects.order_by("-pk")[:100]]


@router.post(
    "/payments/batches", response={202: BatchOut, 422: Problem}, auth=FINANCE, summary="Build a payment batch"
)
def batch_create(request: HttpRequest, payload: BatchIn) -> Status[BatchOut]:
    """Build the payments due in a period (a background job); 202 with the batch to poll."""
    user = access.request_user(request)
    try:
        batch = batches.batch_create(
            period_start=payload.period_start, period_end=payload.period_end, measure=payload.measure, by=user
        )
    except PaymentError as error:
        raise HttpError(422, str(error)) from None
    audit_record(actor=user, action="payments_batch_created", obj=batch, changes=_batch_out(batch).dict())
    jobs.batch_start(batch)
    batch.refresh_from_db()
    return Status(202, _batch_out(batch))


@router.get(
    "/payments/batches/{batch_id}", response={200: BatchOut, 404: Problem}, auth=FINANCE, summary="A batch"
)
def batch_detail(request: HttpRequest, batch_id: Id) -> BatchOut:
    """One batch: its status and the payments it made."""
    return _batch_out(get_object_or_404(PaymentBatch, pk=batch_id))


@router.post(
    "/payments/batches/{batch_id}/files",
    response={201: FileOut, 404: Problem, 409: Problem},
    auth=FINANCE,
    summary="Make a bank payment file",
)
def file_create(request: HttpRequest, batch_id: Id) -> Status[FileOut]:
    """A new payment file of the batch's payments ready to send (409 when none is)."""
    batch = get_object_or_404(PaymentBatch, pk=batch_id)
    user = access.request_user(request)
    bank_file = bankfiles.file_export(batch, by=user)
    if bank_file is None:
        raise HttpError(409, "没有待发送的支付。/ No payment is ready to send.")
    audit_record(
        actor=user, action="payments_file_created", obj=bank_file, changes=_file_out(bank_file).dict()
    )
    return Status(201, _file_out(bank_file))


@router.get(
    "/payments/files/{file_id}",
    auth=FINANCE,
    summary="Download a bank payment file",
    openapi_extra=_CSV,
)
def file_download(request: HttpRequest, file_id: Id) -> HttpResponse:
    """The payment file as CSV, account numbers in clear (the download is audited)."""
    bank_file = get_object_or_404(BankFile, pk=file_id)
    audit_record(
        actor=access.request_user(request),
        action="payments_file_downloaded",
        obj=bank_file,
        changes={"name": bank_file.name},
    )
    response = HttpResponse(bankfiles.file_csv(bank_file), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{bank_file.name}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@router.post(
    "/payments/returns",
    response={200: ReturnOut, 413: Problem, 422: Problem},
    auth=FINANCE,
    summary="Reconcile a bank return file",
)
def return_upload(request: HttpRequest, file: File[UploadedFile]) -> ReturnOut:
    """Upload the bank's return file (CSV, docs/bank-files.md); each line is reconciled on its own."""
    if (file.size or 0) > MAX_RETURN_BYTES:
        raise HttpError(413, "回盘文件过大。/ The return file is too large.")
    try:
        text = file.read().decode("utf-8")
        result = bankfiles.return_reconcile(text)
    except UnicodeDecodeError:
        raise HttpError(422, "回盘文件须为 UTF-8 编码。/ The return file must be UTF-8.") from None
    except PaymentError as error:
        raise HttpError(422, str(error)) from None
    out = ReturnOut(paid=result.paid, failed=result.failed, already=result.already, problems=result.problems)
    audit_record(
        actor=access.request_user(request),
        action="payments_return_reconciled",
        object_type="payments.return",
        object_id=file.name or "",
        changes=out.dict(),
    )
    return out


@router.get(
    "/payments/batches/{batch_id}/reconciliation",
    response={200: ReconciliationOut, 404: Problem},
    auth=FINANCE,
    summary="A batch's reconciliation",
)
def reconciliation(request: HttpRequest, batch_id: Id) -> ReconciliationOut:
    """The batch's payments by status (ready, sent, paid, failed, reversed) and its files."""
    batch = get_object_or_404(PaymentBatch, pk=batch_id)
    rows = (
        batch.payments.values("status")
        .annotate(count=Count("pk"), amount=Sum("amount_fen"))
        .order_by("status")
    )
    return ReconciliationOut(
        batch_id=batch.pk,
        payments=[
            StatusCount(status=r["status"], count=r["count"], amount_fen=int(r["amount"] or 0)) for r in rows
        ],
        files=[_file_out(f) for f in batch.files.order_by("pk")],
    )


class ReferralAnswerIn(Schema):
    status: str  # APPROVED or REFUSED
    amount: str = ""  # yuan, two decimals at most (APPROVED)
    rate: str = ""  # the year's rate in percent, e.g. "3.45" (APPROVED)
    loan_date: IsoDate | None = None  # (APPROVED)
    reason: str = ""  # the bank's reason (REFUSED)


class ReferralOut(Schema):
    reference: str
    status: str
    amount_fen: int
    approved_fen: int | None
    rate_bp: int | None
    loan_date: str | None
    subsidy_fen: int | None
    bank_reason: str


@router.post(
    "/payments/referrals/{referral_id}/answer",
    response={200: ReferralOut, 404: Problem, 409: Problem, 422: Problem},
    auth=FINANCE,
    summary="The partner bank's answer to a loan referral",
)
def referral_answer(request: HttpRequest, referral_id: Id, payload: ReferralAnswerIn) -> ReferralOut:
    """Record the bank's answer to a guaranteed start-up loan referral (一): approved with the amount lent
    (at most the amount referred), the rate and the loan date — the interest subsidy is computed from the
    rate — or refused with the reason. The same answer again changes nothing; another answer is 409."""
    referral = get_object_or_404(LoanReferral.objects.select_related("file"), pk=referral_id)
    try:
        approved = payload.status.strip().upper() == referrals.APPROVED
        answer = referrals.Answer(
            status=payload.status.strip().upper(),
            amount_fen=bankfiles.fen_of(payload.amount) if approved else 0,
            rate_bp=referrals.rate_bp_of(payload.rate) if approved else 0,
            loan_date=payload.loan_date,
            reason=payload.reason,
        )
        answered, _ = referrals.referral_answer(referral, answer)
    except PaymentError as error:
        raise HttpError(409 if referral.status != "sent" else 422, str(error)) from None
    audit_record(
        actor=access.request_user(request),
        action="payments_referral_answered",
        obj=answered,
        changes={"status": answered.status, "approved_fen": answered.approved_fen},
    )
    return ReferralOut(
        reference=answered.reference,
        status=answered.status,
        amount_fen=answered.amount_fen,
        approved_fen=answered.approved_fen,
        rate_bp=answered.rate_bp,
        loan_date=answered.loan_date.isoformat() if answered.loan_date else None,
        subsidy_fen=answered.subsidy_fen,
        bank_reason=answered.bank_reason,
    )
