"""Submissions (one uploaded file each), platform roster entries and contribution records."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from linghuo.registry.models import Organisation, Person


class SubmissionKind(models.TextChoices):
    ROSTER = "roster", _("平台从业人员名册")
    CONTRIBUTIONS = "contributions", _("社会保险缴费记录")


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("等待处理")
    RUNNING = "running", _("正在导入")
    DONE = "done", _("导入完成")
    FAILED = "failed", _("文件未能导入")


class Submission(models.Model):
    """One uploaded file and what became of it.

    ``accepted`` = ``created`` + ``updated`` rows written; ``unchanged`` rows were already stored as
    given; ``rejected`` rows are explained in the error report (a path under the data folder).
    """

    kind = models.CharField("类型", max_length=16, choices=SubmissionKind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    period = models.DateField("所属月份", null=True, blank=True)  # the month's first day (rosters)
    file_name = models.CharField("文件名", max_length=255)
    file_sha256 = models.CharField("文件SHA-256", max_length=64)
    file_size = models.BigIntegerField("文件大小（字节）", default=0)
    stored_path = models.CharField("待处理文件", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=8, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    rows_done = models.PositiveIntegerField("已处理行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变", default=0)
    rejected = models.PositiveIntegerField("有误", default=0)
    error_report_path = models.CharField("错误报告", max_length=500, blank=True)
    error_report_size = models.BigIntegerField("错误报告大小（字节）", default=0)
    failure_message = models.TextField("失败原因", blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    progress_at = models.DateTimeField("最近进度时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "采集文件"
        verbose_name_plural = "采集文件"
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["kind", "organisation", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.pk}:{self.file_name}"

    @property
    def accepted(self) -> int:
        return self.created + self.updated

    @property
    def is_finished(self) -> bool:
        return self.status in (SubmissionStatus.DONE, SubmissionStatus.FAILED)


class RosterEntry(models.Model):
    """One worker on one organisation's roster for one month (clause 十五)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="roster_entries")
    period = models.DateField("所属月份")  # the month's first day
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roster_entries")
    employment_form = models.CharField("从业形态", max_length=24)
    work_division = models.CharField("工作地区划代码", max_length=6)
    monthly_income_fen = models.BigIntegerField("月收入（分）")
    social_insurance = models.BooleanField("参加社会保险")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期", null=True, blank=True)
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # the submission that last wrote the entry
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "名册记录"
        verbose_name_plural = "名册记录"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["organisation", "period", "person"], name="roster_entry_once"),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="roster_entry_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_income_fen__gte=0), name="roster_entry_income_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}:{self.period:%Y-%m}:{self.person_id}"


class ContributionRecord(models.Model):
    """A premium paid by a person for one month and one insurance (from the social-insurance agency)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contribution_records")
    month = models.DateField("缴费年月")  # the month's first day
    insurance_type = models.CharField("险种", max_length=24)
    base_fen = models.BigIntegerField("缴费基数（分）")
    paid_fen = models.BigIntegerField("个人实缴（分）")
    minimum_base = models.BooleanField("按最低基数缴费")
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "缴费记录"
        verbose_name_plural = "缴费记录"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["person", "month", "insurance_type"], name="contribution_once"),
            models.CheckConstraint(
                condition=models.Q(base_fen__gt=0) & models.Q(paid_fen__gte=0),
                name="contribution_amounts_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.month:%Y-%m}:{self.insurance_type}"
