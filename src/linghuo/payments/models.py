"""The ledger (accounts, postings, lines), the months paid and the payments made.

Amounts are integer fen. A line's ``amount_fen`` is signed: a debit is positive, a credit negative, so a
posting balances when its lines sum to zero (checked by the database, see ``linghuo.payments.guard``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountKind(models.TextChoices):
    BUDGET = "budget", _("补贴资金（按项目和区县）")
    PAYABLE = "payable", _("应付个人")
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

    class Meta:
        verbose_name = "科目"
        verbose_name_plural = "科目"

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
