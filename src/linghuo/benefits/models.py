"""Stored decisions, offers, cases and entitlements (see the package docstring).

The limits that must hold whatever code writes the rows are database constraints:

- one open offer per entitlement: a partial unique index on (person, measure, entitlement_key) where
  status is open — however many runs or facts changes find the same entitlement;
- one case per offer (``Case.offer`` is one-to-one): accepting twice gives one case;
- maker-checker: ``CHECK (prepared_by_id <> approved_by_id)`` and likewise for the rejecter; the
  reconsideration is decided by someone other than the first decider (``reconsidered_by`` ≠ the
  first rejecter);
- one entitlement per case (one-to-one); the one-time start-up subsidy (一) once per person and once per
  business, ever: unique (person, measure) and (measure, business_key) for its measure code, whatever the
  status (a revoked one does not free it), and never without a business key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from linghuo.benefits.workflow import CaseState
from linghuo.insights.models import ScreeningRun
from linghuo.policy import workdays
from linghuo.registry.models import Organisation, Person

# the catalogue's code of the one-time start-up subsidy (一), limited once per person and per business
STARTUP_SUBSIDY = "startup_subsidy_once"


def _empty_dict() -> dict[str, Any]:
    return {}


def _empty_list() -> list[Any]:
    return []


class DecisionSource(models.TextChoices):
    SCREENING_RUN = "screening_run", _("筛查批次")
    FACTS_CHANGE = "facts_change", _("信息变化")
    APPLICATION = "application", _("申请")
    CASEWORKER = "caseworker", _("经办人员")


class Decision(models.Model):
    """One engine decision as it was made: replayable from its facts snapshot and date."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="benefit_decisions")
    measure = models.CharField("措施", max_length=64)
    on = models.DateField("评估日期")
    rules_version = models.CharField("规则版本", max_length=16)
    parameters_digest = models.CharField("参数摘要", max_length=64)
    # exactly the facts the engine read (JSON values: dates as ISO text)
    facts = models.JSONField("事实快照", default=_empty_dict)
    # [{"code", "clause", "passed"}, …] plus {"amount_fen", "months"} (see services.decision_trace)
    trace = models.JSONField("条件轨迹", default=_empty_dict)
    eligible = models.BooleanField("符合")
    amount_fen = models.BigIntegerField("金额（分）", null=True, blank=True)
    months = models.PositiveIntegerField("月数", null=True, blank=True)
    source = models.CharField("来源", max_length=16, choices=DecisionSource.choices)
    screening_run = models.ForeignKey(
        ScreeningRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "待遇决定"
        verbose_name_plural = "待遇决定"
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["created_at"], name="benefits_decision_created"),
            models.Index(fields=["person", "measure"], name="benefits_decision_person"),
        ]

    def __str__(self) -> str:
        return f"decision#{self.pk}:{self.measure}:{self.on}"


class OfferStatus(models.TextChoices):
    OPEN = "open", _("待确认")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已放弃")
    EXPIRED = "expired", _("已过期")


class Offer(models.Model):
    """A benefit offered without applying (十二 符合即享受)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="benefit_offers")
    measure = models.CharField("措施", max_length=64)
    # what one entitlement is beside person and measure ("" for a person's measure; an organisation's
    # code for an organisation's measure)
    entitlement_key = models.CharField("待遇标识", max_length=64, blank=True, default="")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="offers")
    status = models.CharField("状态", max_length=8, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    expires_on = models.DateField("有效期至")
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)
    created_at = models.DateTimeField("发出时间", auto_now_add=True)

    class Meta:
        verbose_name = "待遇告知"
        verbose_name_plural = "待遇告知"
        ordering: ClassVar[list[str]] = ["-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["person", "measure", "entitlement_key"],
                condition=Q(status="open"),
                name="benefits_offer_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"offer#{self.pk}:{self.measure}:{self.status}"


class CaseOrigin(models.TextChoices):
    OFFER = "offer", _("告知后确认")
    APPLICATION = "application", _("主动申请")


class Case(models.Model):
    """The casework of one benefit for one person (states: ``benefits.workflow``)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="benefit_cases")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="benefit_cases"
    )
    measure = models.CharField("措施", max_length=64)
    origin = models.CharField("来源", max_length=12, choices=CaseOrigin.choices)
    offer = models.OneToOneField(Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="case")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    district = models.CharField("经办区县代码", max_length=6, db_index=True)
    business_key = models.CharField("经营主体标识", max_length=64, blank=True, default="")
    # the amount the preparer confirmed (one-off and referral measures; null: the decision's amount)
    amount_fen = models.BigIntegerField("核定金额（分）", null=True, blank=True)
    state = models.CharField("状态", max_length=16, choices=CaseState.choices, default=CaseState.SUBMITTED)
    submitted_at = models.DateTimeField("受理时间")
    due_on = models.DateField("办理时限", null=True, blank=True)
    escalated_at = models.DateTimeField("已上报时间", null=True, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField("初审时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    rejection_reason_zh = models.TextField("不予批准理由", blank=True)
    rejection_reason_en = models.TextField("不予批准理由（英文）", blank=True)
    reconsideration_requested_at = models.DateTimeField("申请复核时间", null=True, blank=True)
    reconsidered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reconsidered_at = models.DateTimeField("复核时间", null=True, blank=True)

    class Meta:
        verbose_name = "经办案件"
        verbose_name_plural = "经办案件"
        ordering: ClassVar[list[str]] = ["due_on", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~Q(prepared_by=F("approved_by")), name="benefits_case_approver_not_preparer"
            ),
            models.CheckConstraint(
                condition=~Q(prepared_by=F("rejected_by")), name="benefits_case_rejecter_not_preparer"
            ),
            models.CheckConstraint(
                condition=~Q(reconsidered_by=F("rejected_by")),
                name="benefits_case_reconsidered_by_another",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["district", "state", "due_on"], name="benefits_case_queue"),
        ]

    def __str__(self) -> str:
        return f"case#{self.pk}:{self.measure}:{self.state}"

    @property
    def due_on_provisional(self) -> bool:
        """The deadline falls in a year whose holidays are not published yet: counted Monday to Friday."""
        return self.due_on is not None and not workdays.year_is_published(self.due_on.year)


class CaseTransition(models.Model):
    """The log of a case's transitions (one row each, written by the service that made it)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField("操作", max_length=32)
    from_state = models.CharField("原状态", max_length=16, blank=True)
    to_state = models.CharField("新状态", max_length=16)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField("时间")
    reason_zh = models.TextField("理由", blank=True)
    reason_en = models.TextField("理由（英文）", blank=True)

    class Meta:
        verbose_name = "案件流转记录"
        verbose_name_plural = "案件流转记录"
        ordering: ClassVar[list[str]] = ["pk"]

    def __str__(self) -> str:
        return f"transition#{self.pk}:{self.action}"


class EntitlementKind(models.TextChoices):
    PERIODIC = "periodic", _("按期发放")
    ONE_OFF = "one_off", _("一次性发放")
    REFERRAL = "referral", _("转介合作银行")


class EntitlementStatus(models.TextChoices):
    ACTIVE = "active", _("享受中")
    ENDED = "ended", _("已结束")
    REVOKED = "revoked", _("已撤销")


class EntitlementPeriod(models.TextChoices):
    MONTHLY = "monthly", _("按月")
    QUARTERLY = "quarterly", _("按季")


class Entitlement(models.Model):
    """What an approved case gives; payments pays it (the contract: keep these names)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="entitlements")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="entitlements"
    )
    measure = models.CharField("措施", max_length=64)
    district = models.CharField("区县代码", max_length=6, db_index=True)
    kind = models.CharField("发放方式", max_length=8, choices=EntitlementKind.choices)
    status = models.CharField(
        "状态", max_length=8, choices=EntitlementStatus.choices, default=EntitlementStatus.ACTIVE
    )
    amount_fen = models.BigIntegerField("金额（分）", null=True, blank=True)
    months_cap = models.PositiveIntegerField("月数上限", null=True, blank=True)
    period = models.CharField("发放周期", max_length=9, choices=EntitlementPeriod.choices, blank=True)
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="entitlement")
    approved_at = models.DateTimeField("批准时间")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revocation_reason = models.TextField("撤销理由", blank=True)
    business_key = models.CharField("经营主体标识", max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "待遇资格"
        verbose_name_plural = "待遇资格"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["person", "measure"],
                condition=Q(measure=STARTUP_SUBSIDY),
                name="benefits_startup_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["measure", "business_key"],
                condition=Q(measure=STARTUP_SUBSIDY),
                name="benefits_startup_once_per_business",
            ),
            models.CheckConstraint(
                condition=~Q(measure=STARTUP_SUBSIDY) | ~Q(business_key=""),
                name="benefits_startup_needs_business",
            ),
            models.CheckConstraint(
                condition=~Q(kind="periodic") | (Q(months_cap__isnull=False) & ~Q(period="")),
                name="benefits_periodic_has_cap_and_period",
            ),
        ]

    def __str__(self) -> str:
        return f"entitlement#{self.pk}:{self.measure}:{self.status}"


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class OutboxMessage(models.Model):
    """A message waiting for the SMS gateway (written by ``benefits.notify``'s database backend)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="outbox_messages")
    channel = models.CharField("渠道", max_length=8, default="sms")
    kind = models.CharField("类型", max_length=32)
    text_zh = models.TextField("内容")
    text_en = models.TextField("内容（英文）")
    offer = models.ForeignKey(Offer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(
        "状态", max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "短信待发"
        verbose_name_plural = "短信待发"
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "id"], name="benefits_outbox_pending"),
        ]

    def __str__(self) -> str:
        return f"outbox#{self.pk}:{self.kind}"


class Disclosure(models.Model):
    """The public disclosure (公示) of an approved subsidy, from ``published_on`` to ``ends_on`` (the
    last day, a number of Chinese working days later: ``casework.disclosure_working_days``). Nothing is
    paid before the period has ended (``benefits.disclosure.payment_held``)."""

    entitlement = models.OneToOneField(Entitlement, on_delete=models.PROTECT, related_name="disclosure")
    published_on = models.DateField("公示日期")
    ends_on = models.DateField("公示截止日期")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "公示"
        verbose_name_plural = "公示"
        ordering: ClassVar[list[str]] = ["-published_on", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("published_on")), name="benefits_disclosure_ends_after_start"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["ends_on", "published_on"], name="benefits_disclosure_period"),
        ]

    def __str__(self) -> str:
        return f"disclosure#{self.pk}:{self.published_on}–{self.ends_on}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


class Objection(models.Model):
    """An objection to a disclosed subsidy; while open, the entitlement is not paid. A reviewer resolves
    it: upheld revokes the entitlement, dismissed releases the hold. The contact (a phone, optional) is
    personal data: encrypted, shown masked."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="objections")
    text = models.TextField("异议内容")
    contact_encrypted = models.TextField("联系方式（加密）", blank=True)
    contact_masked = models.CharField("联系方式（脱敏）", max_length=32, blank=True)
    status = models.CharField(
        "状态", max_length=9, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution_reason_zh = models.TextField("处理理由", blank=True)
    resolution_reason_en = models.TextField("处理理由（英文）", blank=True)
    created_at = models.DateTimeField("提出时间", auto_now_add=True)
    resolved_at = models.DateTimeField("处理时间", null=True, blank=True)

    # Encrypted fields and their lookup hashes, rewritten by `linghuo keys rotate` (linghuo.key_rotation).
    PERSONAL_DATA: ClassVar[dict[str, str | None]] = {"contact_encrypted": None}

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(status="open", resolved_by__isnull=True, resolved_at__isnull=True)
                | (
                    Q(
                        status__in=("upheld", "dismissed"),
                        resolved_by__isnull=False,
                        resolved_at__isnull=False,
                    )
                    & ~Q(resolution_reason_zh="")
                ),
                name="benefits_objection_resolved_with_reason",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["status", "disclosure"], name="benefits_objection_open"),
        ]

    def __str__(self) -> str:
        return f"objection#{self.pk}:{self.status}"


# --- applications: evidence, the social-insurance subsidy's extension, an organisation's offers ------


def evidence_storage() -> FileSystemStorage:
    """Where evidence files are kept: under the data directory, never served as static or media files
    (only ``benefits.apply_views.evidence_file`` answers them, to those who may see the case)."""
    return FileSystemStorage(location=Path(settings.DATA_DIR) / "evidence")


class EvidenceKind(models.TextChoices):
    BUSINESS_LICENCE = "business_licence", _("营业执照")
    TRAINING_CERTIFICATE = "training_certificate", _("培训证明")
    INCUBATOR_SELECTION = "incubator_selection", _("市级创业孵化基地认定文件")


class Evidence(models.Model):
    """A file an applicant uploaded with a case (personal data: served only to the applicant and the
    case's caseworkers and reviewer, every access audited). PDF, JPEG or PNG, told by its first bytes."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField("材料类型", max_length=24, choices=EvidenceKind.choices)
    file = models.FileField("文件", storage=evidence_storage, upload_to="%Y/%m/", max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    content_type = models.CharField("文件类型", max_length=32)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(content_type__in=("application/pdf", "image/jpeg", "image/png")),
                name="benefits_evidence_pdf_jpeg_png",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="benefits_evidence_not_empty"),
        ]

    def __str__(self) -> str:
        return f"evidence#{self.pk}:{self.kind}"


class ExtensionStatus(models.TextChoices):
    PREPARED = "prepared", _("待审核")
    APPROVED = "approved", _("已批准")


class EntitlementExtension(models.Model):
    """The one-time extension of the social-insurance subsidy (十二: "一次性延长，延长期不超过1年"),
    its own caseworker decision: prepared by one, approved by another (database checks too); one per
    entitlement, ever; at most 12 months."""

    entitlement = models.OneToOneField(Entitlement, on_delete=models.PROTECT, related_name="extension")
    months = models.PositiveIntegerField("延长月数")
    reason = models.TextField("理由（期满仍未实现稳定就业的情况）")
    status = models.CharField(
        "状态", max_length=8, choices=ExtensionStatus.choices, default=ExtensionStatus.PREPARED
    )
    months_cap_before = models.PositiveIntegerField("延长前月数上限")
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField("初审时间")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)

    class Meta:
        verbose_name = "社保补贴延长"
        verbose_name_plural = "社保补贴延长"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=Q(months__gte=1, months__lte=12), name="benefits_extension_at_most_a_year"
            ),
            models.CheckConstraint(
                condition=~Q(prepared_by=F("approved_by")), name="benefits_extension_approver_not_preparer"
            ),
            models.CheckConstraint(
                condition=Q(status="prepared", approved_by__isnull=True)
                | Q(status="approved", approved_by__isnull=False, approved_at__isnull=False),
                name="benefits_extension_approved_by_someone",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="benefits_extension_has_reason"),
        ]

    def __str__(self) -> str:
        return f"extension#{self.pk}:{self.months}:{self.status}"


class OrganisationOffer(models.Model):
    """A benefit offered to an organisation (五: the incubator construction subsidy) when the engine
    finds it eligible, with the decision as it was made; a member of the organisation accepts it. One
    open offer per organisation, measure and year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="benefit_offers")
    measure = models.CharField("措施", max_length=64)
    year = models.PositiveIntegerField("年度")
    on = models.DateField("评估日期")
    rules_version = models.CharField("规则版本", max_length=16)
    parameters_digest = models.CharField("参数摘要", max_length=64)
    facts = models.JSONField("事实快照", default=_empty_dict)
    trace = models.JSONField("条件轨迹", default=_empty_dict)
    amount_max_fen = models.BigIntegerField("最高金额（分）", null=True, blank=True)
    status = models.CharField("状态", max_length=8, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    expires_on = models.DateField("有效期至")
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="organisation_offer"
    )
    created_at = models.DateTimeField("发出时间", auto_now_add=True)

    class Meta:
        verbose_name = "单位待遇告知"
        verbose_name_plural = "单位待遇告知"
        ordering: ClassVar[list[str]] = ["-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["organisation", "measure", "year"],
                condition=~Q(status__in=("declined", "expired")),
                name="benefits_organisation_offer_once_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"organisation_offer#{self.pk}:{self.measure}:{self.status}"
