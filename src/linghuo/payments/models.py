"""The ledger (accounts, postings, lines), the months paid and the payments made.

Amounts are integer fen. A line's ``amount_fen`` is signed: a debit is positive, a credit negative, so a
posting balances when its lines sum to zero (checked by the database, see ``linghuo.payments.guard``).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    BUDGET = "budget", _("补贴资金（按项目和区县）")
    PAYABLE = "payable", _("应付个人")  # or an organisation (``Account.organisation``)
    CLEARING = "clearing", _("银行清算")
    BANK = "bank", _("财政专户")
    RECEIVABLE = "receivable", _("应收个人（多发追回）")


class Account(models.Model):
    """A ledger account: the budget of a measure in a district, what is owed to a person or by them, the
    bank clearing account or the fund's bank account. ``code`` names it (``accounts.account_code``)."""

    code = models.CharField("科目代码", max_length=96, unique=True)
    kind = models.CharField("类别", max_length=12, choices=AccountKind.choices)
    measure = models.CharField("政策项目", max_length=64, blank=True)
    district = models.CharField("区县", max_length=6, blank=True)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # what is owed to an organisation (五: the incubator construction subsidy is the base's, not its member's)
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "科目"
        verbose_name_plural = "科目"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=True) | models.Q(organisation__isnull=True),
                name="payments_account_one_holder",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class PostingState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    POSTED = "posted", _("已过账")


class Posting(models.Model):
    """One balanced movement of money. ``idempotency_key`` is unique: the same business event (a month of
    an entitlement accrued, a payment sent, a return line) is posted once however often it is asked for."""

    idempotency_key = models.CharField("幂等键", max_length=160, unique=True)
    memo = models.CharField("摘要", max_length=200)
    state = models.CharField("状态", max_length=8, choices=PostingState.choices, default=PostingState.DRAFT)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    posted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "记账凭证"
        verbose_name_plural = "记账凭证"

    def __str__(self) -> str:
        return self.idempotency_key


class Line(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    amount_fen = models.BigIntegerField("金额（分，借正贷负）")

    class Meta:
        verbose_name = "分录"
        verbose_name_plural = "分录"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=~models.Q(amount_fen=0), name="payments_line_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.posting_id}:{self.account_id}:{self.amount_fen}"


class PaidMonth(models.Model):
    """A month of a monthly subsidy paid to a person: never twice (unique), never past the months cap
    across all the person's claims, never while the person draws unemployment benefit that month — the
    last two checked by database triggers (``linghuo.payments.limits``). ``months_cap`` is the cap across
    all claims the payment was made under (the entitlement's). A reversed payment frees its months."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    measure = models.CharField("政策项目", max_length=64)
    month = models.DateField("月份（当月1日）")
    amount_fen = models.BigIntegerField("金额（分）")
    months_cap = models.PositiveIntegerField("月数上限（各次申领合计）")
    payment = models.ForeignKey("Payment", on_delete=models.PROTECT, related_name="months")

    class Meta:
        verbose_name = "已发放月份"
        verbose_name_plural = "已发放月份"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["person", "measure", "month"], name="payments_month_paid_once"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="payments_month_is_first_day"),
            models.CheckConstraint(
                condition=models.Q(amount_fen__gt=0), name="payments_month_amount_positive"
            ),
            models.CheckConstraint(condition=models.Q(months_cap__gt=0), name="payments_month_cap_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.measure}:{self.month:%Y-%m}"


class BankAccount(models.Model):
    """Where a person is paid. The number is personal data: encrypted, hashed for lookup, shown masked."""

    person = models.OneToOneField("registry.Person", on_delete=models.PROTECT, related_name="bank_account")
    holder_name = models.CharField("户名", max_length=64)
    bank_name = models.CharField("开户行", max_length=64)
    number_hash = models.CharField("账号检索码", max_length=64, db_index=True)
    number_encrypted = models.TextField("账号（加密）")
    number_masked = models.CharField("账号（脱敏）", max_length=32)
    updated_at = models.DateTimeField(auto_now=True)

    # Rewritten by `linghuo keys rotate` (linghuo.key_rotation).
    PERSONAL_DATA: ClassVar[dict[str, str | None]] = {"number_encrypted": "number_hash"}

    class Meta:
        verbose_name = "银行账户"
        verbose_name_plural = "银行账户"

    def __str__(self) -> str:
        return f"{self.holder_name} {self.number_masked}"


class OrganisationBankAccount(models.Model):
    """Where an organisation is paid (五: the incubator construction subsidy goes to the base, never to the
    member who accepted it). The holder is the organisation by its registered name; the number is encrypted,
    hashed for lookup and shown masked, as a person's."""

    organisation = models.OneToOneField(
        "registry.Organisation", on_delete=models.PROTECT, related_name="bank_account"
    )
    holder_name = models.CharField("户名", max_length=128)
    bank_name = models.CharField("开户行", max_length=64)
    number_hash = models.CharField("账号检索码", max_length=64, db_index=True)
    number_encrypted = models.TextField("账号（加密）")
    number_masked = models.CharField("账号（脱敏）", max_length=32)
    updated_at = models.DateTimeField(auto_now=True)

    # Rewritten by `linghuo keys rotate` (linghuo.key_rotation).
    PERSONAL_DATA: ClassVar[dict[str, str | None]] = {"number_encrypted": "number_hash"}

    class Meta:
        verbose_name = "单位银行账户"
        verbose_name_plural = "单位银行账户"

    def __str__(self) -> str:
        return f"{self.holder_name} {self.number_masked}"


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("待运行")
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class PaymentBatch(models.Model):
    """Finance's batch: every active entitlement's payments due from ``period_start`` to ``period_end``,
    built by a background job that can be run again (it pays only what is not paid yet)."""

    period_start = models.DateField("起始月份")
    period_end = models.DateField("截止日期")
    measure = models.CharField("政策项目（空为全部）", max_length=64, blank=True)
    status = models.CharField("状态", max_length=8, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    progress_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    payments_made = models.PositiveIntegerField("新增支付笔数", default=0)
    refused = models.PositiveIntegerField("被限额拒绝笔数", default=0)
    error = models.TextField("错误", blank=True)

    class Meta:
        verbose_name = "支付批次"
        verbose_name_plural = "支付批次"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="payments_batch_period"
            ),
        ]

    def __str__(self) -> str:
        return f"batch#{self.pk}:{self.period_start}..{self.period_end}"


class PaymentStatus(models.TextChoices):
    READY = "ready", _("待发送银行")
    SENT = "sent", _("已发送银行")
    PAID = "paid", _("已到账")
    FAILED = "failed", _("银行退回")
    REVERSED = "reversed", _("已冲销")


class Payment(models.Model):
    """One payment of an entitlement for one period (``idempotency_key``: ``ent:<id>:<period>``, unique):
    a double click, a retried request or a batch run twice makes one. ``amount_fen`` is what the period
    gives; ``netted_fen`` what was kept back against an overpayment the person owes; the bank pays the
    rest (``net_fen``)."""

    idempotency_key = models.CharField("幂等键", max_length=96, unique=True)
    entitlement = models.ForeignKey("benefits.Entitlement", on_delete=models.PROTECT, related_name="payments")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    # set: the payee is this organisation (its account, its payable), ``person`` only the member who accepted
    organisation = models.ForeignKey(
        "registry.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    measure = models.CharField("政策项目", max_length=64)
    district = models.CharField("区县", max_length=6)
    period = models.CharField("期间", max_length=16)
    amount_fen = models.BigIntegerField("应发金额（分）")
    netted_fen = models.BigIntegerField("抵扣多发（分）", default=0)
    status = models.CharField(
        "状态", max_length=8, choices=PaymentStatus.choices, default=PaymentStatus.READY
    )
    batch = models.ForeignKey(
        PaymentBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    bank_reason = models.CharField("银行退回原因", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "支付"
        verbose_name_plural = "支付"
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["batch", "status"])]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="payments_payment_positive"),
            models.CheckConstraint(
                condition=models.Q(netted_fen__gte=0) & models.Q(netted_fen__lte=models.F("amount_fen")),
                name="payments_payment_netted_within",
            ),
            # netting against a receivable is per person: an organisation's payment is never netted
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True) | models.Q(netted_fen=0),
                name="payments_organisation_payment_not_netted",
            ),
        ]

    def __str__(self) -> str:
        return self.idempotency_key

    @property
    def net_fen(self) -> int:
        return self.amount_fen - self.netted_fen


class BankFile(models.Model):
    """A payment file for the bank: the batch's payments ready when it was made (``bankfiles``)."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="files")
    name = models.CharField("文件名", max_length=64, unique=True)
    line_count = models.PositiveIntegerField("笔数")
    total_fen = models.BigIntegerField("总金额（分）")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "银行支付文件"
        verbose_name_plural = "银行支付文件"

    def __str__(self) -> str:
        return self.name


class LineStatus(models.TextChoices):
    SENT = "sent", _("待银行回盘")
    PAID = "paid", _("已到账")
    FAILED = "failed", _("失败")


class BankFileLine(models.Model):
    """A line of a payment file: the account as it was when sent (encrypted), and the bank's answer."""

    file = models.ForeignKey(BankFile, on_delete=models.PROTECT, related_name="lines")
    line_no = models.PositiveIntegerField("序号")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="file_lines")
    amount_fen = models.BigIntegerField("金额（分）")
    holder_name = models.CharField("户名", max_length=64)
    bank_name = models.CharField("开户行", max_length=64)
    number_encrypted = models.TextField("账号（加密）")
    number_masked = models.CharField("账号（脱敏）", max_length=32)
    status = models.CharField("状态", max_length=8, choices=LineStatus.choices, default=LineStatus.SENT)
    reason = models.CharField("失败原因", max_length=200, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)

    # Rewritten by `linghuo keys rotate` (linghuo.key_rotation); the file's lines keep no lookup hash.
    PERSONAL_DATA: ClassVar[dict[str, str | None]] = {"number_encrypted": None}

    class Meta:
        verbose_name = "支付文件明细"
        verbose_name_plural = "支付文件明细"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["file", "line_no"], name="payments_file_line_once"),
            models.UniqueConstraint(
                fields=["payment"], condition=models.Q(status="sent"), name="payments_one_line_in_flight"
            ),
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="payments_file_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.file_id}-{self.line_no}"

    @property
    def reference(self) -> str:
        return f"{self.file.name}-{self.line_no:06d}"


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("已转介银行")
    APPROVED = "approved", _("银行已放款")
    REFUSED = "refused", _("银行未放款")


class LoanReferralFile(models.Model):
    """A referral file for the partner bank: the guaranteed start-up loans (一) referred (``referrals``)."""

    name = models.CharField("文件名", max_length=64, unique=True)
    line_count = models.PositiveIntegerField("笔数")
    total_fen = models.BigIntegerField("转介贷款总额（分）")
    on = models.DateField("转介日期（参数取值日）")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "贷款转介文件"
        verbose_name_plural = "贷款转介文件"

    def __str__(self) -> str:
        return self.name


class LoanReferral(models.Model):
    """One guaranteed start-up loan referred to the partner bank, once per entitlement: the amount capped
    by the measure's parameters on the referral date, the interest subsidy estimated from the one-year LPR,
    then the bank's answer (approved with amount, rate and date, or refused with its reason) and the
    interest subsidy computed from the bank's rate. Rates are in hundredths of a percent (basis points)."""

    entitlement = models.OneToOneField(
        "benefits.Entitlement", on_delete=models.PROTECT, related_name="loan_referral"
    )
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    district = models.CharField("区县", max_length=6)
    file = models.ForeignKey(LoanReferralFile, on_delete=models.PROTECT, related_name="referrals")
    line_no = models.PositiveIntegerField("序号")
    requested_fen = models.BigIntegerField("申请额度（分）")
    cap_fen = models.BigIntegerField("额度上限（分）")
    amount_fen = models.BigIntegerField("转介额度（分）")
    amount_capped = models.BooleanField("按上限核定", default=False)
    term_months = models.PositiveIntegerField("贴息测算期限（月）")
    lpr_bp = models.PositiveIntegerField("一年期LPR（基点）")
    subsidy_ratio = models.CharField("贴息比例", max_length=16, blank=True)
    estimated_subsidy_fen = models.BigIntegerField("预计贴息（分）", null=True, blank=True)
    unconfirmed = models.JSONField("待确认参数", default=list, blank=True)
    status = models.CharField(
        "状态", max_length=8, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    approved_fen = models.BigIntegerField("放款金额（分）", null=True, blank=True)
    rate_bp = models.PositiveIntegerField("贷款年利率（基点）", null=True, blank=True)
    loan_date = models.DateField("放款日期", null=True, blank=True)
    subsidy_fen = models.BigIntegerField("贴息（分）", null=True, blank=True)
    bank_reason = models.CharField("银行未放款原因", max_length=200, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "贷款转介"
        verbose_name_plural = "贷款转介"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["file", "line_no"], name="payments_referral_line_once"),
            models.CheckConstraint(
                condition=models.Q(amount_fen__gt=0) & models.Q(amount_fen__lte=models.F("cap_fen")),
                name="payments_referral_within_cap",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_fen__isnull=True)
                | (models.Q(approved_fen__gt=0) & models.Q(approved_fen__lte=models.F("amount_fen"))),
                name="payments_referral_approved_within_referral",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (
                    models.Q(approved_fen__isnull=False)
                    & models.Q(rate_bp__isnull=False)
                    & models.Q(loan_date__isnull=False)
                ),
                name="payments_referral_approved_has_terms",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.file.name}-{self.line_no:06d}"
