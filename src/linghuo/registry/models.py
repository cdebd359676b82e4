"""The registry: people and organisations the bureau knows.

ID numbers and mobile numbers are personal data: stored encrypted, looked up by a keyed hash,
shown masked (see ``linghuo.personal_data``).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from linghuo import personal_data

if TYPE_CHECKING:
    from linghuo.registry.identity import PersonIdentity


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class IdentityVerification(models.TextChoices):
    """How the bureau knows a person's ID number is really theirs (``Person.identity_verification``).

    What a bureau accepts as a check of identity before any benefit flows:

    - ``roster``: the person arrived in a roster or data file from a body that holds their identity
      already (an employer's or platform's monthly roster: the employer saw the ID card when it hired
      them; a social-insurance contribution file: the agency's own record). Imports and the demo
      population arrive this way.
    - ``caseworker_entry``: a caseworker recorded the person at the counter, with the ID card in hand.
    - ``caseworker``: a caseworker of the person's district confirmed a self-registered identity (the
      worker showed the card at the counter, or the caseworker matched it against the bureau's own
      records), with a note of how.
    - ``spot_check``: the commitment's spot check (抽查, clause 十五) found the registration true; the
      check covers the name and ID number the worker committed to (commitment item 一).

    A worker registering online (``services.worker_register``) proves only that they hold the mobile
    they log in with: their identity stays unverified (empty) until a caseworker or a spot check
    confirms it (``identity_verified_at`` and ``identity_verified_by`` are then set).
    """

    ROSTER = "roster", _("名册或部门数据")
    CASEWORKER_ENTRY = "caseworker_entry", _("经办人员录入")
    CASEWORKER = "caseworker", _("经办人员核验")
    SPOT_CHECK = "spot_check", _("承诺抽查核实")


class Person(models.Model):
    """A person the bureau knows. ``district_code`` is the current county whose caseworkers serve them.

    ``identity_verification`` says how the bureau knows the ID number is theirs (``IdentityVerification``;
    empty: not yet, a self-registration waiting for its check); no benefit flows before
    (``linghuo.registry.selectors.benefits_may_flow``).
    """

    name = models.CharField("姓名", max_length=64)
    id_number_hash = models.CharField("身份证号检索码", max_length=64, unique=True)
    id_number_encrypted = models.TextField("身份证号（加密）")
    id_number_masked = models.CharField("身份证号（脱敏）", max_length=18)
    mobile_hash = models.CharField("手机号检索码", max_length=64, blank=True, db_index=True)
    mobile_encrypted = models.TextField("手机号（加密）", blank=True)
    mobile_masked = models.CharField("手机号（脱敏）", max_length=11, blank=True)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=6, choices=Sex.choices)
    hukou_division = models.CharField("户籍地区划代码", max_length=6)
    hukou_rural = models.BooleanField("农业户籍", default=False)
    residence_township = models.CharField("常住地乡镇（街道）代码", max_length=9, blank=True)
    work_division = models.CharField("就业地区划代码", max_length=6, blank=True, db_index=True)
    district_code = models.CharField("经办区县代码", max_length=6, blank=True, db_index=True)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    identity_verification = models.CharField(
        "身份核验方式", max_length=16, choices=IdentityVerification.choices, blank=True
    )
    identity_verified_at = models.DateTimeField("身份核验时间", null=True, blank=True)
    identity_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Encrypted fields and their lookup hashes, rewritten by `linghuo keys rotate` (linghuo.key_rotation).
    PERSONAL_DATA: ClassVar[dict[str, str | None]] = {
        "id_number_encrypted": "id_number_hash",
        "mobile_encrypted": "mobile_hash",
    }

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"

    def __str__(self) -> str:
        return f"{self.name}（{self.id_number_masked}）"

    @property
    def identity_verified(self) -> bool:
        """Whether the bureau has checked that the ID number is this person's (``IdentityVerification``)."""
        return self.identity_verified_at is not None and self.identity_verification in IdentityVerification

    def set_id_number(self, id_number: str) -> None:
        self.id_number_hash = personal_data.lookup_hash(id_number)
        self.id_number_encrypted = personal_data.encrypt(id_number)
        self.id_number_masked = personal_data.mask_id_number(id_number)

    def set_mobile(self, mobile: str) -> None:
        self.mobile_hash = personal_data.lookup_hash(mobile)
        self.mobile_encrypted = personal_data.encrypt(mobile)
        self.mobile_masked = personal_data.mask_mobile(mobile)

    @classmethod
    def from_identity(
        cls, identity: PersonIdentity, *, verification: str = IdentityVerification.ROSTER, **other: Any
    ) -> Person:
        """An unsaved person of ``identity`` (``person_fields``) with ``other`` fields, e.g. the account."""
        return cls(**person_fields(identity, verification=verification), **other)


def person_fields(
    identity: PersonIdentity, *, verification: str = IdentityVerification.ROSTER
) -> dict[str, Any]:
    """The stored fields of a person of ``identity`` (``registry.identity.person_identity``): the ID
    number and mobile encrypted, hashed for lookup and masked, the rest as they are. The one way a
    person's fields are made, for ``Person.from_identity`` and bulk inserts alike.

    ``verification`` is how their identity is known (``IdentityVerification``): by default the roster or
    data file the person arrives in (imports, the demo population); empty for a self-registration, which
    waits for its check."""
    fields: dict[str, Any] = {
        "name": identity.name,
        "id_number_hash": personal_data.lookup_hash(identity.id_number),
        "id_number_encrypted": personal_data.encrypt(identity.id_number),
        "id_number_masked": personal_data.mask_id_number(identity.id_number),
        "mobile_hash": "",
        "mobile_encrypted": "",
        "mobile_masked": "",
        "birth_date": identity.birth_date,
        "sex": identity.sex,
        "hukou_division": identity.hukou_division,
        "hukou_rural": identity.hukou_rural,
        "residence_township": identity.residence_township,
        "work_division": identity.work_division,
        "district_code": identity.district_code,
        "identity_verification": verification,
        "identity_verified_at": timezone.now() if verification else None,
    }
    if identity.mobile:
        fields["mobile_hash"] = personal_data.lookup_hash(identity.mobile)
        fields["mobile_encrypted"] = personal_data.encrypt(identity.mobile)
        fields["mobile_masked"] = personal_data.mask_mobile(identity.mobile)
    return fields


class OrganisationKind(models.TextChoices):
    EMPLOYER = "employer", _("用人单位")
    PLATFORM = "platform", _("互联网平台企业")
    TRAINING_PROVIDER = "training_provider", _("培训机构")
    HR_AGENCY = "hr_agency", _("人力资源服务机构")
    INCUBATOR = "incubator", _("创业孵化基地")


class Organisation(models.Model):
    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=128)
    kind = models.CharField("类型", max_length=24, choices=OrganisationKind.choices)
    division = models.CharField("所在地区划代码", max_length=6, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name


class EmploymentForm(models.TextChoices):
    """The forms of flexible employment a worker registers under (policy-catalog.md, ``employment_form``)."""

    INDIVIDUAL_BUSINESS = "individual_business", _("个体经营")
    PART_TIME = "part_time", _("非全日制就业")
    PLATFORM = "platform", _("新就业形态（平台就业）")
    OTHER_FLEXIBLE = "other_flexible", _("其他灵活就业")


class EmploymentStatus(models.TextChoices):
    """Every value of the ``employment_form`` fact: the flexible forms and the others."""

    INDIVIDUAL_BUSINESS = "individual_business", _("个体经营")
    PART_TIME = "part_time", _("非全日制就业")
    PLATFORM = "platform", _("新就业形态（平台就业）")
    OTHER_FLEXIBLE = "other_flexible", _("其他灵活就业")
    EMPLOYEE = "employee", _("单位就业")
    UNEMPLOYED = "unemployed", _("失业")
    STUDENT = "student", _("在校学生")


class PlaceKind(models.TextChoices):
    """Where a worker registers (十五): the place of hukou, of residence or of work."""

    HUKOU = "hukou", _("户籍地")
    RESIDENCE = "residence", _("常住地")
    WORK = "work", _("就业地")


class EmploymentRegistration(models.Model):
    """Employment registration on a signed commitment (承诺制就业登记, clause 十五).

    The commitment's text and version are kept with the moment it was signed. A registration is in force
    from ``registered_on`` up to, not including, ``ended_on`` (the day it was ended); a person has at most
    one that is not ended.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations")
    place_kind = models.CharField("登记地类型", max_length=9, choices=PlaceKind.choices)
    place_division = models.CharField("登记地区划代码", max_length=6, db_index=True)
    employment_form = models.CharField("就业形式", max_length=24, choices=EmploymentForm.choices)
    monthly_income_fen = models.BigIntegerField("月收入（分）", null=True, blank=True)
    work_township = models.CharField("工作乡镇（街道）代码", max_length=9, blank=True)
    commitment_version = models.CharField("承诺书版本", max_length=32)
    commitment_text = models.TextField("承诺书文本")
    signed_at = models.DateTimeField("签署时间")
    registered_on = models.DateField("登记日期")
    ended_on = models.DateField("终止日期", null=True, blank=True)
    end_reason = models.CharField("终止原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "就业登记"
        verbose_name_plural = "就业登记"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ended_on__isnull=True),
                name="one_active_registration_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("registered_on")),
                name="registration_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_income_fen__isnull=True) | models.Q(monthly_income_fen__gte=0),
                name="registration_income_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.get_place_kind_display()}{self.place_division}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class SpotCheckOutcome(models.TextChoices):
    PENDING = "pending", _("待抽查")
    CONFIRMED = "confirmed", _("核实无误")
    DISCREPANCY = "discrepancy", _("信息不符")


class SpotCheck(models.Model):
    """A registration drawn at random for a later check of the commitment (抽查), and its outcome."""

    registration = models.OneToOneField(
        EmploymentRegistration, on_delete=models.PROTECT, related_name="spot_check"
    )
    drawn_at = models.DateTimeField("抽取时间")
    outcome = models.CharField(
        "抽查结果", max_length=12, choices=SpotCheckOutcome.choices, default=SpotCheckOutcome.PENDING
    )
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)

    class Meta:
        verbose_name = "承诺抽查"
        verbose_name_plural = "承诺抽查"

    def __str__(self) -> str:
        return f"{self.registration_id}:{self.outcome}"


class IdentityClaimKind(models.TextChoices):
    NEW = "new", _("新登记人员")
    CONFLICT = "conflict", _("身份证号码已有人员记录")


class IdentityClaimStatus(models.TextChoices):
    PENDING = "pending", _("待核验")
    CONFIRMED = "confirmed", _("已核验")
    REJECTED = "rejected", _("核验未通过")


class IdentityClaim(models.Model):
    """A worker's claim that an ID number is theirs, made by registering online, for a caseworker to check.

    ``new``: the number was unknown; the person was created from what the worker typed, linked to their
    account and registered, and stays unverified until the claim is confirmed (by a caseworker, or by the
    registration's spot check). ``conflict``: the number already had a person record (registered by
    someone else, or from a roster without the worker's mobile): the worker is *not* linked to it and
    sees none of its data; what they submitted is kept here (``submission``, the commitment's text and
    signing time), and a caseworker of the person's district decides. The worker is told the same
    "submitted, pending verification" either way.
    """

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_claims"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="identity_claims")
    kind = models.CharField("类型", max_length=10, choices=IdentityClaimKind.choices)
    status = models.CharField(
        "状态", max_length=10, choices=IdentityClaimStatus.choices, default=IdentityClaimStatus.PENDING
    )
    name_entered = models.CharField("填报姓名", max_length=64)
    id_number_masked = models.CharField("填报身份证号（脱敏）", max_length=18)
    submission = models.JSONField("填报的登记信息", default=dict, blank=True)
    commitment_text = models.TextField("承诺书文本", blank=True)
    signed_at = models.DateTimeField("签署时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("核验时间", null=True, blank=True)
    reason = models.CharField("核验说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "身份核验"
        verbose_name_plural = "身份核验"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["account"],
                condition=models.Q(status="pending"),
                name="one_pending_identity_claim_per_account",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}→{self.person_id}:{self.kind}:{self.status}"

    @property
    def is_pending(self) -> bool:
        return self.status == IdentityClaimStatus.PENDING

    @property
    def submitted_place_kind(self) -> str:
        """The place of registration submitted, in the active language."""
        value = self.submission.get("place_kind")
        return str(PlaceKind(value).label) if value in PlaceKind.values else ""

    @property
    def submitted_employment_form(self) -> str:
        """The employment form submitted, in the active language."""
        value = self.submission.get("employment_form")
        return str(EmploymentForm(value).label) if value in EmploymentForm.values else ""


class FactValue(models.TextChoices):
    """How a membership kind gives its fact's value."""

    FLAG = "flag", "是否"  # true while the membership holds
    DATE = "date", "日期"  # the membership's valid_from
    NUMBER = "number", "数值"  # value_number
    TEXT = "text", "文本"  # value_text


class MembershipKind(models.TextChoices):
    """Group memberships and other dated person facts; each value is a fact name of policy-catalog.md."""

    REGISTERED_UNEMPLOYED = "registered_unemployed", _("城镇登记失业人员")
    UNEMPLOYED_SINCE = "unemployed_since", _("连续失业起始日")
    HARD_TO_EMPLOY_SINCE = "hard_to_employ_since", _("就业困难人员认定")
    VETERAN = "veteran", _("退役军人")
    DISABLED = "disabled", _("残疾人")
    DIBAO = "dibao", _("低保对象")
    LOW_INCOME_RURAL_HOUSEHOLD = "low_income_rural_household", _("建档立卡低收入农户")
    RURAL_TRANSFER_WORKER = "rural_transfer_worker", _("农村转移就业劳动者")
    LAID_OFF_OR_TRANSFERRED = "laid_off_or_transferred", _("下岗失业/转岗职工")
    LAND_EXPROPRIATED_FARMER = "land_expropriated_farmer", _("被征地农民")
    ZERO_EMPLOYMENT_HOUSEHOLD = "zero_employment_household", _("零就业/零转移家庭成员")
    SPECIAL_HARDSHIP_WORKER_FAMILY = "special_hardship_worker_family", _("特困职工家庭成员")
    ENTITLED_GROUP_FAMILY = "entitled_group_family", _("优抚对象家庭成员")
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit", _("持港澳台居民居住证")
    JIANGSU_PENSION_YEARS = "jiangsu_pension_years", _("在江苏缴纳企业养老保险年限")
    EMPLOYMENT_FORM = "employment_form", _("就业状态（未作灵活就业登记时）")
    COLLEGE_STUDENT = "college_student", _("普通高校在校生")
    COLLEGE_LEFT_ON = "college_left_on", _("高校毕业（离校）")
    EMPLOYED_SINCE_LEAVING_COLLEGE = "employed_since_leaving_college", _("离校后曾正规就业")
    SCHOOL_LEAVER_NOT_CONTINUING = "school_leaver_not_continuing", _("未继续升学的初高中毕业生")
    ENTREPRENEURIAL_INTENT = "entrepreneurial_intent", _("有创业意愿")
    PUBLIC_WELFARE_POST = "public_welfare_post", _("在公益性岗位")
    BUSINESS_FOUNDED_ON = "business_founded_on", _("创业主体成立")
    BUSINESS_KIND = "business_kind", _("创业主体类型")
    BUSINESS_NON_AGRICULTURAL = "business_non_agricultural", _("创业主体从事非农产业")
    BUSINESS_EMPLOYEES = "business_employees", _("创业主体吸纳就业人数")
    STARTUP_SUBSIDY_RECEIVED = "startup_subsidy_received", _("已领取一次性创业补贴")
    LOAN_REQUESTED_FEN = "loan_requested_fen", _("申请创业担保贷款金额（分）")
    LOAN_FOR_TOOLS = "loan_for_tools", _("贷款用于购置经营工具")
    RECEIVING_UNEMPLOYMENT_BENEFIT = "receiving_unemployment_benefit", _("领取失业保险金")
    SI_SUBSIDY_MONTHS_USED = "si_subsidy_months_used", _("已享受社保补贴月数")
    SI_EXTENSION_USED = "si_extension_used", _("已享受社保补贴延长")
    SI_FIRST_APPROVED_ON = "si_first_approved_on", _("社保补贴首次核准")
    FLEXIBLE_EMPLOYMENT_SINCE = "flexible_employment_since", _("开始灵活就业")
    IN_SUBSIDISED_TRAINING = "in_subsidised_training", _("参加政府补贴培训")
    PENSION_MONTHS_UNPAID_2020 = "pension_months_unpaid_2020", _("2020年因困难未缴养老保险月数")
    TEMPORARY_ASSISTANCE_CONDITIONS = "temporary_assistance_conditions", _("家庭符合临时救助条件")
    FREELANCE_PROFESSIONAL = "freelance_professional", _("自由职业专业技术人员")
    MEETS_TITLE_CONDITIONS = "meets_title_conditions", _("符合本市职称评审条件")


_DATE_KINDS = {
    MembershipKind.UNEMPLOYED_SINCE,
    MembershipKind.HARD_TO_EMPLOY_SINCE,
    MembershipKind.COLLEGE_LEFT_ON,
    MembershipKind.BUSINESS_FOUNDED_ON,
    MembershipKind.SI_FIRST_APPROVED_ON,
    MembershipKind.FLEXIBLE_EMPLOYMENT_SINCE,
}
_NUMBER_KINDS = {
    MembershipKind.JIANGSU_PENSION_YEARS,
    MembershipKind.BUSINESS_EMPLOYEES,
    MembershipKind.LOAN_REQUESTED_FEN,
    MembershipKind.SI_SUBSIDY_MONTHS_USED,
    MembershipKind.PENSION_MONTHS_UNPAID_2020,
}
_TEXT_KINDS = {MembershipKind.EMPLOYMENT_FORM, MembershipKind.BUSINESS_KIND}


def fact_value_of(kind: str) -> FactValue:
    """How the fact of ``kind`` is read from a membership.

    >>> fact_value_of("veteran"), fact_value_of("hard_to_employ_since"), fact_value_of("business_employees")
    (FactValue.FLAG, FactValue.DATE, FactValue.NUMBER)
    """
    if kind in _DATE_KINDS:
        return FactValue.DATE
    if kind in _NUMBER_KINDS:
        return FactValue.NUMBER
    if kind in _TEXT_KINDS:
        return FactValue.TEXT
    return FactValue.FLAG


BUSINESS_KINDS: dict[str, str | Promise] = {
    "individual_business": _("个体工商户"),
    "small_enterprise": _("小微企业"),
}


class MembershipSource(models.TextChoices):
    CIVIL_AFFAIRS_EXCHANGE = "civil_affairs_exchange", _("民政部门数据交换")
    VETERANS_AFFAIRS_EXCHANGE = "veterans_affairs_exchange", _("退役军人事务部门数据交换")
    DISABLED_PERSONS_FEDERATION = "disabled_persons_federation", _("残联数据交换")
    RURAL_AFFAIRS_EXCHANGE = "rural_affairs_exchange", _("乡村振兴部门数据交换")
    EDUCATION_EXCHANGE = "education_exchange", _("教育部门数据交换")
    MARKET_REGULATION_EXCHANGE = "market_regulation_exchange", _("市场监管部门数据交换")
    HRSS_RECORDS = "hrss_records", _("人社业务记录")
    SELF_DECLARED = "self_declared", _("本人申报")
    CASEWORKER_ENTRY = "caseworker_entry", _("经办人员录入")
    DEMO_POPULATION = "demo_population", _("演示数据")


class GroupMembership(models.Model):
    """A dated fact about a person with its evidence: a group membership, a date, a count or a kind.

    It holds from ``valid_from`` up to and including ``valid_until`` (open when null). How its fact is
    read depends on the kind (``fact_value_of``): a flag is true while it holds; a date fact is its
    ``valid_from``; a number or text fact is ``value_number`` or ``value_text``.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField("类别", max_length=40, choices=MembershipKind.choices)
    valid_from = models.DateField("起始日期")
    valid_until = models.DateField("截止日期", null=True, blank=True)
    value_number = models.BigIntegerField("数值", null=True, blank=True)
    value_text = models.CharField("文本值", max_length=32, blank=True)
    source = models.CharField("来源", max_length=32, choices=MembershipSource.choices)
    evidence_reference = models.CharField("证明材料编号", max_length=120, blank=True)
    evidence_note = models.TextField("证明说明", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "人员类别"
        verbose_name_plural = "人员类别"
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["person", "kind", "valid_from"])]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.kind}@{self.valid_from}"

    def holds_on(self, on: datetime.date) -> bool:
        """Whether the membership holds on ``on`` (both ends included)."""
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    @property
    def fact_value(self) -> bool | int | str | datetime.date | None:
        """The value of its fact while it holds."""
        how = fact_value_of(self.kind)
        if how == FactValue.DATE:
            return self.valid_from
        if how == FactValue.NUMBER:
            return self.value_number
        if how == FactValue.TEXT:
            return self.value_text
        return True

    @property
    def value_display(self) -> str:
        """The value as a caseworker reads it, in the active language."""
        value = self.fact_value
        if isinstance(value, bool):
            return gettext("是")
        if value is None:
            return ""
        if self.kind == MembershipKind.EMPLOYMENT_FORM:
            return str(EmploymentStatus(self.value_text).label) if self.value_text in EmploymentStatus else ""
        if self.kind == MembershipKind.BUSINESS_KIND:
            return str(BUSINESS_KINDS.get(self.value_text, self.value_text))
        if self.kind == MembershipKind.LOAN_REQUESTED_FEN and isinstance(value, int):
            return gettext("%(amount)s 元") % {"amount": f"{value // 100:,}.{value % 100:02d}"}
        return str(value)


class WorkEvidenceSource(models.TextChoices):
    GIG_MARKET = "gig_market", _("零工市场完工记录")


class WorkEvidence(models.Model):
    """Work done and paid, as evidence of employment and income (十五): a gig both sides confirmed complete
    in the market. The facts read it like a roster entry for the month it ended and the one after
    (``linghuo.insights.facts``), after a registration and a roster, which say more."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="work_evidence")
    source = models.CharField("来源", max_length=16, choices=WorkEvidenceSource.choices)
    reference = models.CharField("来源记录", max_length=64)  # e.g. "application:123"
    employment_form = models.CharField("就业形式", max_length=24, choices=EmploymentForm.choices)
    work_division = models.CharField("工作地区划代码", max_length=6)
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期")
    income_fen = models.BigIntegerField("报酬（分）")
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "就业证明记录"
        verbose_name_plural = "就业证明记录"
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["ended_on"], name="work_evidence_ended"),
        ]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["source", "reference"], name="work_evidence_once"),
            models.CheckConstraint(
                condition=models.Q(ended_on__gte=models.F("started_on")),
                name="work_evidence_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(income_fen__gte=0), name="work_evidence_income_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.reference}"
