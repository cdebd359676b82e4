"""Finance's pages (batches, bank files, the bank's return, reversals, loan referrals) and the manager's
spending page. Thin views: the services write, the selectors read, every write is audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from linghuo import divisions
from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.audit.services import audit_record
from linghuo.benefits.delivery import DELIVERY
from linghuo.benefits.models import EntitlementKind
from linghuo.bilingual import halves
from linghuo.payments import bankfiles, batches, jobs, ledger, referrals, selectors, services
from linghuo.payments.models import (
    BankAccount,
    BankFile,
    LoanReferralFile,
    OrganisationBankAccount,
    Payment,
    PaymentBatch,
    PaymentStatus,
)
from linghuo.payments.services import PaymentError
from linghuo.policy.measures import registry
from linghuo.site.language import chinese_or_english

ViewFunction = Callable[..., HttpResponse]
PAYING: tuple[str, ...] = tuple(code for code, kind in DELIVERY.items() if kind != EntitlementKind.REFERRAL)


def yuan(fen: int | None) -> str:
    return "" if fen is None else bankfiles.yuan(fen) if fen >= 0 else "-" + bankfiles.yuan(-fen)


def _title(code: str) -> str:
    found = registry().get(code)
    return chinese_or_english(found.title, found.title_en) if found is not None else code


def bank_text(text: str) -> tuple[str, bool]:
    """A reason to show: ours are bilingual (``中文 / English``, shown in the page's language); the
    bank's own words are shown as written, marked Chinese (second: true)."""
    return text, bool(text) and halves(text) is None


def _district(code: str) -> str:
    return divisions.district_name(code) or code


def _page_requires_any(*permissions: Permission) -> Callable[[ViewFunction], ViewFunction]:
    """Like ``access.page_requires``, for a page that any of ``permissions`` opens."""

    def decorate(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(access.user_has_permission(request.user, p) for p in permissions):
                return access.forbidden_page(request)
            return view(request, *args, **kwargs)

        return cast(ViewFunction, checked)

    return decorate


def _upload(request: HttpRequest, field: str) -> str:
    """The uploaded CSV of ``field`` as text: refused above ``LINGHUO_MAX_UPLOAD_BYTES`` (the upload
    handler keeps at most one byte more), when missing, or when not UTF-8."""
    file = request.FILES.get(field)
    if not isinstance(file, UploadedFile):
        raise PaymentError("请选择要上传的文件 / choose the file to upload")
    limit = int(settings.LINGHUO_MAX_UPLOAD_BYTES)
    if (file.size or 0) > limit:
        raise PaymentError(
            f"文件过大：不能超过 {limit // (1024 * 1024)} MB / "
            f"the file is larger than {limit // (1024 * 1024)} MB"
        )
    try:
        return str(file.read().decode("utf-8"))
    except UnicodeDecodeError:
        raise PaymentError("文件须为 UTF-8 编码的 CSV / the file must be a UTF-8 CSV") from None


def _date(text: str, label_zh: str, label_en: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise PaymentError(f"{label_zh}格式应为 YYYY-MM-DD / {label_en}: YYYY-MM-DD") from None


def _error(request: HttpRequest, error: PaymentError) -> None:
    messages.error(request, str(error))


# --- batches -----------------------------------------------------------------------------------------


@access.page_requires(Permission.PAYMENTS_MANAGE)
@require_http_methods(["GET", "POST"])
def batch_list(request: HttpRequest) -> HttpResponse:
    """支付批次: the latest batches, the form that builds one (a background job), the loan referrals."""
    form = {"period_start": "", "period_end": "", "measure": ""}
    if request.method == "POST":
        form = {key: request.POST.get(key, "").strip() for key in form}
        try:
            if form["measure"] and form["measure"] not in PAYING:
                raise PaymentError("未知的政策项目 / unknown measure")
            batch = batches.batch_create(
                period_start=_date(form["period_start"], "起始日期", "the first day"),
                period_end=_date(form["period_end"], "截止日期", "the last day"),
                measure=form["measure"],
                by=access.request_user(request),
            )
        except PaymentError as error:
            _error(request, error)
        else:
            audit_record(
                actor=access.request_user(request),
                action="payments_batch_created",
                obj=batch,
                changes={
                    "period_start": str(batch.period_start),
                    "period_end": str(batch.period_end),
                    "measure": batch.measure,
                },
            )
            jobs.batch_start(batch)
            messages.success(
                request, "已提交生成批次，后台处理中 / the batch is being built in the background"
            )
            return redirect("payments:batch", pk=batch.pk)
    context = {
        "batches": [(b, _title(b.measure) if b.measure else "") for b in selectors.batches_recent()],
        "measures": [(code, _title(code)) for code in PAYING],
        "form": form,
        "referrals": [
            (
                r,
                yuan(r.amount_fen),
                yuan(r.estimated_subsidy_fen),
                yuan(r.approved_fen),
                yuan(r.subsidy_fen),
                referrals.rate_text(r.rate_bp) if r.rate_bp else "",
                *bank_text(r.bank_reason),
            )
            for r in selectors.referrals_recent()
        ],
        "referral_files": selectors.referral_files_recent(),
        "referrals_due": referrals.referrals_due().count(),
    }
    return render(request, "payments/batch_list.html", context)


@access.page_requires(Permission.PAYMENTS_MANAGE)
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One batch: state, totals, payments (accounts masked), files, the bank's answers, the forms."""
    batch = get_object_or_404(PaymentBatch, pk=pk)
    payments = list(selectors.batch_payments(batch))
    accounts: dict[tuple[str, int], BankAccount | OrganisationBankAccount] = {
        ("person", a.person_id): a
        for a in BankAccount.objects.filter(person_id__in={p.person_id for p in payments})
    }
    accounts.update(
        (("organisation", a.organisation_id), a)
        for a in OrganisationBankAccount.objects.filter(
            organisation_id__in={p.organisation_id for p in payments if p.organisation_id is not None}
        )
    )
    context = {
        "batch": batch,
        "measure_title": _title(batch.measure) if batch.measure else "",
        "totals": [
            (PaymentStatus(t.status).label, t.count, yuan(t.amount_fen))
            for t in selectors.batch_totals(batch)
        ],
        "total": yuan(sum(p.amount_fen for p in payments)),
        "payments": [
            (
                p,
                _title(p.measure),
                yuan(p.amount_fen),
                yuan(p.net_fen),
                accounts.get(
                    ("organisation", p.organisation_id)
                    if p.organisation_id is not None
                    else ("person", p.person_id)
                ),
                *bank_text(p.bank_reason),
            )
            for p in payments
        ],
        "files": [(f, yuan(f.total_fen)) for f in batch.files.order_by("pk")],
        "lines": [
            (line, yuan(line.amount_fen), *bank_text(line.reason))
            for line in selectors.batch_answered_lines(batch)
        ],
        "running": batch.status in ("pending", "running"),
        "max_upload_mb": int(settings.LINGHUO_MAX_UPLOAD_BYTES) // (1024 * 1024),
    }
    return render(request, "payments/batch_detail.html", context)


@access.page_requires(Permission.PAYMENTS_MANAGE)
@require_POST
def file_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Make a bank payment file of the batch's payments ready to send (failed ones with a corrected
    account included: their re-issue)."""
    batch = get_object_or_404(PaymentBatch, pk=pk)
    user = access.request_user(request)
    bank_file = bankfiles.file_export(batch, by=user)
    if bank_file is None:
        messages.error(request, "没有待发送的支付（或收款人尚无银行账户）/ no payment is ready to send")
    else:
        audit_record(
            actor=user,
            action="payments_file_created",
            obj=bank_file,
            changes={"name": bank_file.name, "lines": bank_file.line_count, "total_fen": bank_file.total_fen},
        )
        messages.success(
            request,
            f"已生成支付文件 {bank_file.name}：{bank_file.line_count} 笔，{yuan(bank_file.total_fen)} 元 / "
            f"payment file {bank_file.name}: {bank_file.line_count} lines, {yuan(bank_file.total_fen)} yuan",
        )
    return redirect("payments:batch", pk=batch.pk)


@access.page_requires(Permission.PAYMENTS_MANAGE)
@require_GET
def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The bank payment file as CSV (account numbers in clear: the download is audited)."""
    bank_file = get_object_or_404(BankFile, pk=pk)
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


@access.page_requires(Permission.PAYMENTS_MANAGE)
@require_POST
def return_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the bank's return file and reconcile it line by line; back to the batch with the result."""
    batch = get_object_or_404(PaymentBatch, pk=pk)
    try:
        result = bankfiles.return_reconcile(_upload(request, "return_file"))
    except PaymentError as error:
        _error(request, error)
        return redirect("payments:batch", pk=batch.pk)
    audit_record(
        actor=access.request_user(request),
        action="payments_return_reconciled",
        object_type="payments.return",
        object_id=getattr(request.FILES.get("return_file"), "name", "") or "",
        changes={"paid": result.paid, "failed": result.failed, "already": result.already},
    )
    messages.success(
        request,
        f"回盘已核对：到账 {result.paid} 笔，失败 {result.failed} 笔，此前已核对 {result.already} 笔 / "
        f"return reconciled: {result.paid} paid, {result.failed} failed, {result.already} answered before",
    )
    for problem in result.problems:
        messages.error(request, problem)
    return redirect("payments:batch", pk=batch.pk)


@access.page_requires(Permission.PAYMENTS_MANAGE)
@require_POST
def account_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the account of a payment the bank returned: it goes in the batch's next payment file."""
    payment = get_object_or_404(Payment.objects.select_related("person", "organisation"), pk=pk)
    account: BankAccount | OrganisationBankAccount
    try:
        if payment.status != PaymentStatus.FAILED:
            raise PaymentError("只有银行退回的支付需要更正账户 / only a payment the bank returned needs it")
        if payment.organisation is not None:  # 五: the organisation's own account, in its name
            account = services.organisation_bank_account_set(
                payment.organisation,
                number=request.POST.get("number", ""),
                bank_name=request.POST.get("bank_name", "").strip(),
            )
        else:
            account = services.bank_account_set(
                payment.person,
                number=request.POST.get("number", ""),
                holder_name=request.POST.get("holder_name", "").strip() or payment.person.name,
                bank_name=request.POST.get("bank_name", "").strip(),
            )
    except PaymentError as error:
        _error(request, error)
    else:
        audit_record(
            actor=access.request_user(request),
            action="payments_account_corrected",
            obj=account,
            changes={"number": account.number_masked, "payment": payment.idempotency_key},
        )
        messages.success(
            request,
            f"账户已更正为 {account.number_masked}，请生成新的支付文件重新发放 / "
            f"account corrected to {account.number_masked}: make a new payment file to re-issue it",
        )
    return (
        redirect("payments:batch", pk=payment.batch_id) if payment.batch_id else redirect("payments:batches")
    )


@access.page_requires(Permission.PAYMENTS_MANAGE)
@require_POST
def payment_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    """Reverse one payment with its reason (a paid one becomes a receivable the person owes back)."""
    payment = get_object_or_404(Payment, pk=pk)
    reason = request.POST.get("reason", "").strip()
    before = payment.status
    try:
        reversed_payment = services.payment_cancel(payment, reason=reason)
    except PaymentError as error:
        _error(request, error)
    else:
        audit_record(
            actor=access.request_user(request),
            action="payments_payment_reversed",
            obj=reversed_payment,
            changes={"from": before, "reason": reason},
        )
        messages.success(request, f"已冲销 {payment.idempotency_key} / reversed {payment.idempotency_key}")
    return (
        redirect("payments:batch", pk=payment.batch_id) if payment.batch_id else redirect("payments:batches")
    )


# --- loan referrals (一) -------------------------------------------------------------------------------


@access.page_requires(Permission.PAYMENTS_MANAGE)
@require_POST
def referral_file_create(request: HttpRequest) -> HttpResponse:
    """A referral file of the loan entitlements not referred yet."""
    user = access.request_user(request)
    referral_file = referrals.referral_file_create(by=user)
    if referral_file is None:
        messages.error(request, "没有待转介的贷款 / no loan is waiting to be referred")
    else:
        audit_record(
            actor=user,
            action="payments_referral_file_created",
            obj=referral_file,
            changes={"name": referral_file.name, "lines": referral_file.line_count},
        )
        messages.success(
            request,
            f"已生成转介文件 {referral_file.name}：{referral_file.line_count} 笔 / "
            f"referral file {referral_file.name}: {referral_file.line_count} lines",
        )
    return redirect("payments:batches")


@access.page_requires(Permission.PAYMENTS_MANAGE)
@require_GET
def referral_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The referral file as CSV (ID numbers in clear: the download is audited)."""
    referral_file = get_object_or_404(LoanReferralFile, pk=pk)
    audit_record(
        actor=access.request_user(request),
        action="payments_referral_file_downloaded",
        obj=referral_file,
        changes={"name": referral_file.name},
    )
    response = HttpResponse(referrals.referral_csv(referral_file), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{referral_file.name}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@access.page_requires(Permission.PAYMENTS_MANAGE)
@require_POST
def referral_answers_upload(request: HttpRequest) -> HttpResponse:
    """Upload the bank's answer file to the referrals and reconcile it line by line."""
    try:
        result = referrals.answers_reconcile(_upload(request, "answer_file"))
    except PaymentError as error:
        _error(request, error)
        return redirect("payments:batches")
    audit_record(
        actor=access.request_user(request),
        action="payments_referral_answers_reconciled",
        object_type="payments.referral_answers",
        object_id=getattr(request.FILES.get("answer_file"), "name", "") or "",
        changes={"approved": result.approved, "refused": result.refused, "already": result.already},
    )
    messages.success(
        request,
        f"银行答复已核对：放款 {result.approved} 笔，未放款 {result.refused} 笔，"
        f"此前已答复 {result.already} 笔 / answers reconciled: {result.approved} lent, "
        f"{result.refused} refused, {result.already} answered before",
    )
    for problem in result.problems:
        messages.error(request, problem)
    return redirect("payments:batches")


# --- spending (manager) ------------------------------------------------------------------------------


@_page_requires_any(Permission.INSIGHTS_VIEW, Permission.PAYMENTS_MANAGE)
@require_GET
def spending(request: HttpRequest) -> HttpResponse:
    """支出统计: spending by measure and district from the ledger's budget accounts, and the check that the
    figures tie to the ledger (``linghuo ledger verify``)."""
    report = selectors.spending()
    check = ledger.ledger_verify()
    context = {
        "rows": [
            (
                r,
                _title(r.measure),
                _district(r.district),
                yuan(r.spent_fen),
                yuan(r.returned_fen),
                yuan(r.balance_fen),
            )
            for r in report.rows
        ],
        "by_measure": [(_title(m), yuan(v)) for m, v in report.by_measure.items()],
        "total": yuan(report.total_fen),
        "others": yuan(report.others_fen),
        "ties": report.ties,
        "balanced": check.ok,
        "checked": check.checked,
    }
    return render(request, "payments/spending.html", context)
