"""The market's records: postings, worker profiles, applications and the way through them (hire, both
sides' confirmation, ratings, disputes), and reports of bad postings.

Contact details are personal data: the poster's phone is stored encrypted, with a masked form and a
lookup hash, and is shown only to a worker who has applied (``services.contact_for``, audited).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from linghuo.market.categories import CHOICES as CATEGORY_CHOICES
from linghuo.registry.models import Organisation, Person


class PayUnit(models.TextChoices):
    HOUR = "hour", _("每小时")
    DAY = "day", _("每天")
    PIECE = "piece", _("每件")
    MONTH = "month", _("每月")


class PostingStatus(models.TextChoices):
    OPEN = "open", _("招募中")
    FILLED = "filled", _("已招满")
    CLOSED = "closed", _("已关闭")
    EXPIRED = "expired", _("已过期")
    REMOVED = "removed", _("已下架")


class Posting(models.Model):
    """One gig posted for free (十三 免费发布岗位供求信息) by an organisation (verified by its unified social
    credit code) or an individual (verified by an employment registration in force)."""

    poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="postings", verbose_name="发布账号"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="postings"
    )
    poster_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="postings"
    )
    title = models.CharField("标题", max_length=60)
    description = models.TextField("工作内容", max_length=2000)
    category = models.CharField("工种", max_length=24, choices=CATEGORY_CHOICES)
    district = models.CharField("区县代码", max_length=6)
    township = models.CharField("乡镇（街道）代码", max_length=9, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    pay_fen = models.BigIntegerField("报酬（分）")
    pay_unit = models.CharField("计酬单位", max_length=8, choices=PayUnit.choices)
    hours = models.DecimalField("报酬对应的工作小时数", max_digits=6, decimal_places=2, null=True, blank=True)
    pieces = models.PositiveIntegerField("预计件数", null=True, blank=True)
    hourly_fen = models.BigIntegerField(
        "折合每小时报酬（分）"
    )  # floored; the pay filter and matching read it
    minimum_hourly_fen = models.BigIntegerField("发布时的小时最低工资（分）")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    time_slots = models.CharField("工作时段", max_length=100, blank=True)  # "08:00-12:00,14:00-18:00"
    headcount = models.PositiveSmallIntegerField("招募人数", default=1)
    contact_name = models.CharField("联系人", max_length=32)
    contact_phone_encrypted = models.TextField("联系电话（加密）")
    contact_phone_masked = models.CharField("联系电话（脱敏）", max_length=11)
    contact_phone_hash = models.CharField("联系电话检索码", max_length=64, db_index=True)
    status = models.CharField("状态", max_length=8, choices=PostingStatus.choices, default=PostingStatus.OPEN)
    expires_on = models.DateField("有效期至")
    fingerprint = models.CharField("内容指纹", max_length=64, db_index=True)  # duplicates (services)
    removed_reason = models.CharField("下架原因", max_length=200, blank=True)
    created_at = models.DateTimeField("发布时间", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    PERSONAL_DATA: ClassVar[dict[str, str | None]] = {"contact_phone_encrypted": "contact_phone_hash"}

    class Meta:
        verbose_name = "零工岗位"
        verbose_name_plural = "零工岗位"
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "expires_on"], name="posting_open"),
            models.Index(fields=["district", "status"], name="posting_district"),
            models.Index(fields=["category", "status"], name="posting_category"),
            models.Index(fields=["poster", "created_at"], name="posting_poster_recent"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=(
                    models.Q(organisation__isnull=False, poster_person__isnull=True)
                    | models.Q(organisation__isnull=True, poster_person__isnull=False)
                ),
                name="posting_by_organisation_or_person",
            ),
            models.CheckConstraint(condition=models.Q(pay_fen__gt=0), name="posting_pay_positive"),
            models.CheckConstraint(condition=models.Q(headcount__gte=1), name="posting_headcount_positive"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="posting_ends_after_it_starts"
            ),
            # the floor (十三 and the minimum wage): never stored below it, whatever path wrote it
            models.CheckConstraint(
                condition=models.Q(hourly_fen__gte=models.F("minimum_hourly_fen")),
                name="posting_pay_not_below_minimum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}:{self.title}"


class WorkerProfile(models.Model):
    """What a worker offers: trades, skills, districts, availability, expected pay (a minute on a phone)."""

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="worker_profile"
    )
    trades = models.JSONField("工种", default=list)  # category codes
    skills = models.CharField("技能", max_length=200, blank=True)
    districts = models.JSONField("意向区县", default=list)  # county codes
    days = models.JSONField("可工作日", default=list)  # ISO weekdays 1 (Monday) … 7
    time_slots = models.CharField("可工作时段", max_length=100, blank=True)
    expected_hourly_fen = models.BigIntegerField("期望每小时报酬（分）", null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "求职意向"
        verbose_name_plural = "求职意向"

    def __str__(self) -> str:
        return f"profile:{self.account_id}"


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", _("已报名")
    HIRED = "hired", _("已录用")
    DECLINED = "declined", _("未录用")
    WITHDRAWN = "withdrawn", _("已撤回")
    COMPLETED = "completed", _("已完工")
    DISPUTED = "disputed", _("有争议")


class GigApplication(models.Model):
    """A worker's application to a posting and its way: applied → hired → both sides confirm completion →
    both rate; or declined, withdrawn, disputed."""

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="applications")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="gig_applications"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="gig_applications")
    status = models.CharField(
        "状态", max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.APPLIED
    )
    message = models.CharField("留言", max_length=200, blank=True)
    created_at = models.DateTimeField("报名时间", auto_now_add=True)
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    worker_confirmed_at = models.DateTimeField("劳动者确认完工", null=True, blank=True)
    poster_confirmed_at = models.DateTimeField("发布方确认完工", null=True, blank=True)
    completed_at = models.DateTimeField("完工时间", null=True, blank=True)
    worked_from = models.DateField("实际开始日期", null=True, blank=True)
    worked_until = models.DateField("实际结束日期", null=True, blank=True)
    income_fen = models.BigIntegerField("实得报酬（分）", null=True, blank=True)

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["worker", "created_at"], name="application_worker_recent"),
            models.Index(fields=["posting", "status"], name="application_posting_status"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["posting", "worker"], name="application_once_per_posting"),
            models.CheckConstraint(
                condition=models.Q(income_fen__isnull=True) | models.Q(income_fen__gte=0),
                name="application_income_not_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed")
                | models.Q(
                    worker_confirmed_at__isnull=False,
                    poster_confirmed_at__isnull=False,
                    completed_at__isnull=False,
                    income_fen__isnull=False,
                ),
                name="application_completed_by_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.posting_id}:{self.worker_id}:{self.status}"


class Side(models.TextChoices):
    WORKER = "worker", _("劳动者")
    POSTER = "poster", _("发布方")


class Rating(models.Model):
    """One side's rating of the other after completion (1–5), once per side."""

    application = models.ForeignKey(GigApplication, on_delete=models.PROTECT, related_name="ratings")
    side = models.CharField("评价方", max_length=8, choices=Side.choices)
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField("评分")
    comment = models.CharField("评语", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "评价"
        verbose_name_plural = "评价"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["application", "side"], name="rating_once_per_side"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_one_to_five"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}:{self.side}:{self.score}"


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    CLOSED = "closed", _("已处理")


class Dispute(models.Model):
    """A disagreement about a gig (pay, work done, conduct), recorded for the bureau."""

    application = models.ForeignKey(GigApplication, on_delete=models.PROTECT, related_name="disputes")
    side = models.CharField("提出方", max_length=8, choices=Side.choices)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("争议内容", max_length=1000)
    status = models.CharField("状态", max_length=8, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField("处理结果", max_length=200, blank=True)

    class Meta:
        verbose_name = "争议"
        verbose_name_plural = "争议"

    def __str__(self) -> str:
        return f"{self.application_id}:{self.side}:{self.status}"


class ReportReason(models.TextChoices):
    FEE = "fee", _("向劳动者收费")
    FALSE = "false", _("虚假信息")
    SPAM = "spam", _("重复或广告")
    ILLEGAL = "illegal", _("违法违规内容")
    OTHER = "other", _("其他")


class PostingReport(models.Model):
    """A report of a bad posting (举报): once per reporter; enough reports hide it for review."""

    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("举报原因", max_length=8, choices=ReportReason.choices)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    upheld = models.BooleanField("举报属实", null=True, blank=True)

    class Meta:
        verbose_name = "举报"
        verbose_name_plural = "举报"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["posting", "reporter"], name="report_once_per_reporter"),
        ]

    def __str__(self) -> str:
        return f"{self.posting_id}:{self.reason}"
