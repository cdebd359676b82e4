"""The market's writes: postings, profiles, and the way of an application (apply → hire → both confirm
completion → both rate), disputes and reports. Views and the API call these; every write is audited.

- **Who may post**: a member of an organisation whose unified social credit code is valid (GB 32100,
  checked by python-stdnum), for that organisation; or a worker whose employment registration is in
  force, as an individual (个人发布). Posting is free: there is no fee field anywhere.
- **The pay floor**: the engine's ``posting_minimum_pay`` on the posting's first and last day; a posting
  below the part-time hourly minimum wage of its district is refused with the engine's explanation and
  figures (``PayFloorError``). The database refuses a stored posting below the figure it was checked at.
- **Contact details** are never in a listing: ``contact_for`` gives them to the poster and to a worker who
  has applied, and the reveal is audited.
- **Completion** needs both sides: the poster confirms with the pay actually paid and the dates worked,
  the worker confirms (or raises a dispute instead). On the second confirmation the application is
  completed and the registry gets a ``WorkEvidence`` row (employment and income evidence, 十五), in one
  transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from stdnum.cn import uscc as stdnum_uscc

from linghuo import divisions, personal_data
from linghuo.accounts.models import OrganisationMembership, Role, User
from linghuo.audit.services import audit_record
from linghuo.market import categories, safety
from linghuo.market.errors import ConflictError, MarketError, NotAllowedError, TooManyError
from linghuo.market.models import (
    ApplicationStatus,
    Dispute,
    DisputeStatus,
    GigApplication,
    PayUnit,
    Posting,
    PostingReport,
    PostingStatus,
    Rating,
    ReportReason,
    Side,
    WorkerProfile,
)
from linghuo.policy.measures.posting_minimum_pay import Posting as EnginePosting
from linghuo.policy.measures.posting_minimum_pay import PostingError, PostingPayCheck, check_posting_pay
from linghuo.registry.models import EmploymentForm, Organisation, Person, WorkEvidence, WorkEvidenceSource
from linghuo.registry.selectors import active_registration, person_of_account

_ENGINE_UNIT = {PayUnit.HOUR: "hour", PayUnit.DAY: "day", PayUnit.PIECE: "piece", PayUnit.MONTH: "total"}
_MOBILE_DIGITS = 11


class PayFloorError(MarketError):
    """The pay is below the part-time hourly minimum wage: the engine's check, with its figures."""

    def __init__(self, check: PostingPayCheck) -> None:
        super().__init__(check.explanation_zh, check.explanation_en)
        self.check = check


@dataclass(frozen=True)
class PostingInput:
    """What a poster fills in (the form and the API give the same)."""

    title: str
    description: str
    category: str
    district: str
    pay_fen: int
    pay_unit: str
    starts_on: dt.date
    ends_on: dt.date
    contact_name: str
    contact_phone: str
    headcount: int = 1
    hours: Decimal | None = None
    pieces: int | None = None
    township: str = ""
    time_slots: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    expires_on: dt.date | None = None
    organisation_id: int | None = None  # post for this organisation (a member); else as an individual


def _today() -> dt.date:
    return timezone.localdate()


# ---- postings -------------------------------------------------------------------------------------------


def poster_identity(user: User, organisation_id: int | None) -> tuple[Organisation | None, Person | None]:
    """Whom ``user`` posts for: a verified organisation of theirs, or themselves as a registered worker."""
    if organisation_id is not None:
        membership = (
            OrganisationMembership.objects.select_related("organisation")
            .filter(user=user, organisation_id=organisation_id)
            .first()
        )
        if membership is None:
            raise NotAllowedError("您不是该单位的成员", "you are not a member of this organisation")
        organisation: Organisation = membership.organisation
        if not stdnum_uscc.is_valid(organisation.uscc):
            raise NotAllowedError(
                f"单位的统一社会信用代码 {organisation.uscc} 未通过校验，不能发布岗位",
                f"the organisation's unified social credit code {organisation.uscc} is not valid",
            )
        return organisation, None
    if user.role == Role.ORGANISATION:
        membership = OrganisationMembership.objects.filter(user=user).first()
        if membership is not None:
            return poster_identity(user, membership.organisation_id)
    person = person_of_account(user)
    if person is None or active_registration(person, on=_today()) is None:
        raise NotAllowedError(
            "个人发布岗位须先办理灵活就业登记",
            "an individual may post once their employment registration is in force",
        )
    return None, person


def _check_text(data: PostingInput) -> None:
    title, description = data.title.strip(), data.description.strip()
    if not 2 <= len(title) <= 60:
        raise MarketError("标题应为2至60个字", "the title must have 2 to 60 characters")
    if not 1 <= len(description) <= 2000:
        raise MarketError("工作内容应为1至2000个字", "the description must have 1 to 2000 characters")
    if data.category not in categories.CATEGORIES:
        raise MarketError(f"未知的工种 {data.category}", f"unknown trade category {data.category}")
    found = safety.banned_words(title, description)
    if found:
        words = "、".join(word for word, _ in found)
        why_zh = "；".join(sorted({why.split(" / ")[0] for _, why in found}))
        why_en = "; ".join(sorted({why.split(" / ")[1] for _, why in found}))
        raise MarketError(
            f"岗位信息含有禁止内容（{words}）：{why_zh}。发布岗位和求职一律免费，不得向劳动者收取任何费用",
            f"the posting contains banned words ({words}): {why_en}; posting and applying are free, "
            "and no fee may be asked of a worker",
        )


def _check_place_and_dates(data: PostingInput) -> None:
    if not divisions.is_current_county(data.district):
        raise MarketError(
            f"{data.district} 不是连云港市现行区县代码", f"{data.district} is not a current county code"
        )
    if data.township and not (data.township.startswith(data.district) and len(data.township) == 9):
        raise MarketError(
            f"乡镇（街道）{data.township} 不在 {data.district} 内",
            f"township {data.township} is not in {data.district}",
        )
    if data.ends_on < data.starts_on:
        raise MarketError("结束日期早于开始日期", "the end date is before the start date")
    if data.ends_on < _today():
        raise MarketError("岗位的结束日期已过", "the posting's end date has passed")
    if (data.ends_on - data.starts_on).days > 366:
        raise MarketError("零工岗位的期限不超过一年", "a gig lasts at most a year")
    if not 1 <= data.headcount <= 999:
        raise MarketError("招募人数应为1至999人", "the headcount must be 1 to 999")
    digits = data.contact_phone.strip()
    if not (digits.isdigit() and len(digits) == _MOBILE_DIGITS and digits.startswith("1")):
        raise MarketError("联系电话应为11位手机号", "the contact phone must be an 11-digit mobile number")
    if not 1 <= len(data.contact_name.strip()) <= 32:
        raise MarketError("请填写联系人", "give a contact name")


def pay_check(data: PostingInput) -> PostingPayCheck:
    """The engine's minimum-pay check on the posting's first and last day; the failing (or else the last)
    check. An input the engine cannot check is a ``MarketError`` with its reason."""
    if data.pay_unit not in PayUnit.values:
        raise MarketError(f"未知的计酬单位 {data.pay_unit}", f"unknown pay unit {data.pay_unit}")
    if data.pay_fen <= 0:
        raise MarketError("报酬应大于0", "the pay must be more than 0")
    checks = []
    for day in dict.fromkeys((data.starts_on, data.ends_on)):
        posting = EnginePosting(
            data.district,
            day,
            pay_fen=data.pay_fen,
            unit=_ENGINE_UNIT[PayUnit(data.pay_unit)],  # type: ignore[arg-type]
            hours=Fraction(data.hours) if data.hours is not None else None,
            pieces=data.pieces,
        )
        try:
            checks.append(check_posting_pay(posting))
        except PostingError as error:
            chinese, _, english = str(error).partition(" / ")
            raise MarketError(chinese, english) from None
    failing = [check for check in checks if not check.meets_minimum]
    return failing[0] if failing else checks[-1]


def _rate_limited(count: int, limit: int, what_zh: str, what_en: str) -> None:
    if count >= limit:
        raise TooManyError(
            f"24小时内{what_zh}已达{limit}次，请稍后再试",
            f"{limit} {what_en} in 24 hours: try again later",
            retry_after=3600,
        )


def posting_create(*, by: User, data: PostingInput) -> Posting:
    """Publish a posting (free), after the identity, content, duplicate, rate and pay-floor checks."""
    organisation, person = poster_identity(by, data.organisation_id)
    _check_text(data)
    _check_place_and_dates(data)
    check = pay_check(data)
    if not check.meets_minimum:
        raise PayFloorError(check)
    now = timezone.now()
    recent = Posting.objects.filter(poster=by, created_at__gte=now - safety.WINDOW).count()
    _rate_limited(recent, safety.POSTINGS_PER_DAY, "发布岗位", "postings")
    print_ = safety.fingerprint(data.title, data.description, data.category, data.district)
    phone = data.contact_phone.strip()
    phone_hash = personal_data.lookup_hash(phone)
    today = _today()
    if (
        Posting.objects.filter(fingerprint=print_, status=PostingStatus.OPEN, expires_on__gte=today)
        .filter(Q(poster=by) | Q(contact_phone_hash=phone_hash))
        .exists()
    ):
        raise ConflictError("已有相同内容的岗位在招募中，请勿重复发布", "the same posting is already open")
    latest = min(data.ends_on, today + dt.timedelta(days=safety.MAX_OPEN_DAYS))
    expires_on = min(data.expires_on, latest) if data.expires_on is not None else latest
    if expires_on < today:
        raise MarketError("有效期不能早于今天", "the expiry date cannot be before today")
    posting = Posting.objects.create(
        poster=by,
        organisation=organisation,
        poster_person=person,
        title=data.title.strip(),
        description=data.description.strip(),
        category=data.category,
        district=data.district,
        township=data.township,
        latitude=data.latitude,
        longitude=data.longitude,
        pay_fen=data.pay_fen,
        pay_unit=data.pay_unit,
        hours=data.hours,
        pieces=data.pieces,
        hourly_fen=check.hourly_equivalent_fen,
        minimum_hourly_fen=check.minimum_hourly_fen,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        time_slots=data.time_slots.strip(),
        headcount=data.headcount,
        contact_name=data.contact_name.strip(),
        contact_phone_encrypted=personal_data.encrypt(phone),
        contact_phone_masked=personal_data.mask_mobile(phone),
        contact_phone_hash=phone_hash,
        expires_on=expires_on,
        fingerprint=print_,
    )
    audit_record(
        actor=by,
        action="market_posting_created",
        obj=posting,
        changes={
            "district": posting.district,
            "category": posting.category,
            "hourly_fen": check.hourly_equivalent_fen,
        },
    )
    return posting


def posting_close(*, by: User, posting: Posting) -> Posting:
    """The poster closes their posting (no more applications; hired work goes on)."""
    if posting.poster_id != by.pk:
        raise NotAllowedError("只有发布者可以关闭岗位", "only the poster may close the posting")
    with transaction.atomic():
        updated = Posting.objects.filter(pk=posting.pk, status=PostingStatus.OPEN).update(
            status=PostingStatus.CLOSED, updated_at=timezone.now()
        )
        if not updated:
            raise ConflictError("岗位已不在招募中", "the posting is no longer open")
        audit_record(actor=by, action="market_posting_closed", obj=posting, changes={"status": "closed"})
    posting.refresh_from_db()
    return posting


def postings_expire(*, today: dt.date | None = None) -> int:
    """Mark open postings past their expiry date as expired (searches already leave them out)."""
    day = today or _today()
    return Posting.objects.filter(status=PostingStatus.OPEN, expires_on__lt=day).update(
        status=PostingStatus.EXPIRED, updated_at=timezone.now()
    )


def is_open(posting: Posting, *, today: dt.date | None = None) -> bool:
    return posting.status == PostingStatus.OPEN and posting.expires_on >= (today or _today())


def contact_for(*, by: User, posting: Posting) -> tuple[str, str]:
    """The poster's contact (name, phone) for the poster or a worker who has applied; audited."""
    allowed = posting.poster_id == by.pk or (
        GigApplication.objects.filter(posting=posting, worker=by)
        .exclude(status=ApplicationStatus.WITHDRAWN)
        .exists()
    )
    if not allowed:
        raise NotAllowedError("报名后才能查看联系方式", "contact details are shown once you have applied")
    audit_record(
        actor=by,
        action="market_contact_viewed",
        obj=posting,
        changes={"contact_phone": posting.contact_phone_hash},
    )
    return posting.contact_name, personal_data.decrypt(posting.contact_phone_encrypted)


# ---- profiles -------------------------------------------------------------------------------------------


def profile_save(
    *,
    by: User,
    trades: list[str],
    districts: list[str],
    days: list[int],
    skills: str = "",
    time_slots: str = "",
    expected_hourly_fen: int | None = None,
) -> WorkerProfile:
    """A worker's profile, created or replaced (trades, districts and days checked against their lists)."""
    unknown = [code for code in trades if code not in categories.CATEGORIES]
    if unknown or not trades:
        raise MarketError("请选择至少一个有效工种", "choose at least one valid trade")
    wrong = [code for code in districts if not divisions.is_current_county(code)]
    if wrong:
        raise MarketError(
            f"{'、'.join(wrong)} 不是现行区县代码", f"{', '.join(wrong)}: not current county codes"
        )
    if any(day not in range(1, 8) for day in days):
        raise MarketError("可工作日应为周一至周日", "working days are 1 (Monday) to 7 (Sunday)")
    if expected_hourly_fen is not None and not 0 < expected_hourly_fen <= 10**8:
        raise MarketError("期望报酬应大于0", "the expected pay must be more than 0")
    profile, _ = WorkerProfile.objects.update_or_create(
        account=by,
        defaults={
            "trades": list(dict.fromkeys(trades)),
            "districts": list(dict.fromkeys(districts)),
            "days": sorted(set(days)),
            "skills": skills.strip()[:200],
            "time_slots": time_slots.strip()[:100],
            "expected_hourly_fen": expected_hourly_fen,
        },
    )
    audit_record(actor=by, action="market_profile_saved", obj=profile, changes={"trades": profile.trades})
    return profile


# ---- the way of an application --------------------------------------------------------------------------


def apply(*, by: User, posting: Posting, message: str = "") -> GigApplication:
    """A worker applies to an open posting (free, once per posting); the contact details open to them."""
    person = person_of_account(by)
    if by.role != Role.WORKER or person is None:
        raise NotAllowedError(
            "请先以劳动者身份完成实名登记再报名", "apply as a worker with a registry record"
        )
    if posting.poster_id == by.pk:
        raise NotAllowedError("不能报名自己发布的岗位", "you cannot apply to your own posting")
    if not is_open(posting):
        raise ConflictError("岗位已不在招募中", "the posting is no longer open")
    recent = GigApplication.objects.filter(worker=by, created_at__gte=timezone.now() - safety.WINDOW).count()
    _rate_limited(recent, safety.APPLICATIONS_PER_DAY, "报名", "applications")
    try:
        with transaction.atomic():
            application = GigApplication.objects.create(
                posting=posting, worker=by, person=person, message=message.strip()[:200]
            )
            audit_record(actor=by, action="market_applied", obj=application, changes={"posting": posting.pk})
    except IntegrityError:
        raise ConflictError("您已报名过这个岗位", "you have already applied to this posting") from None
    return application


def _locked(application: GigApplication) -> GigApplication:
    return GigApplication.objects.select_for_update().select_related("posting").get(pk=application.pk)


def _poster_of(by: User, application: GigApplication) -> None:
    if application.posting.poster_id != by.pk:
        raise NotAllowedError("只有岗位发布者可以处理报名", "only the poster may act on applications")


def _worker_of(by: User, application: GigApplication) -> None:
    if application.worker_id != by.pk:
        raise NotAllowedError("这不是您的报名", "this is not your application")


def _move(
    application: GigApplication, by: User, source: set[str], target: str, **fields: Any
) -> GigApplication:
    if application.status not in source:
        raise ConflictError(
            f"报名当前为“{application.get_status_display()}”，不能办理此操作",
            f"the application is {application.status}: this step is not possible",
        )
    previous = application.status
    application.status = target
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()
    audit_record(
        actor=by, action="market_application_moved", obj=application, changes={"from": previous, "to": target}
    )
    return application


def hire(*, by: User, application: GigApplication) -> GigApplication:
    """The poster hires an applicant; once the headcount is hired the posting is filled."""
    with transaction.atomic():
        locked = _locked(application)
        _poster_of(by, locked)
        posting = Posting.objects.select_for_update().get(pk=locked.posting_id)
        hired = posting.applications.filter(
            status__in=[ApplicationStatus.HIRED, ApplicationStatus.COMPLETED, ApplicationStatus.DISPUTED]
        ).count()
        if hired >= posting.headcount:
            raise ConflictError("录用人数已满", "the headcount is already hired")
        _move(locked, by, {ApplicationStatus.APPLIED}, ApplicationStatus.HIRED, decided_at=timezone.now())
        if hired + 1 >= posting.headcount and posting.status == PostingStatus.OPEN:
            posting.status = PostingStatus.FILLED
            posting.save(update_fields=["status", "updated_at"])
    return locked


def decline(*, by: User, application: GigApplication) -> GigApplication:
    with transaction.atomic():
        locked = _locked(application)
        _poster_of(by, locked)
        return _move(
            locked, by, {ApplicationStatus.APPLIED}, ApplicationStatus.DECLINED, decided_at=timezone.now()
        )


def withdraw(*, by: User, application: GigApplication) -> GigApplication:
    with transaction.atomic():
        locked = _locked(application)
        _worker_of(by, locked)
        return _move(
            locked, by, {ApplicationStatus.APPLIED}, ApplicationStatus.WITHDRAWN, decided_at=timezone.now()
        )


def confirm_by_poster(
    *, by: User, application: GigApplication, income_fen: int, worked_from: dt.date, worked_until: dt.date
) -> GigApplication:
    """The poster confirms the work done, the dates and the pay actually paid."""
    if not 0 <= income_fen <= 10**10:
        raise MarketError("实付报酬应为0至1亿元", "the pay must be between 0 and CNY 100 million")
    if worked_until < worked_from:
        raise MarketError("结束日期早于开始日期", "the end date is before the start date")
    if worked_until > _today():
        raise MarketError("完工日期不能晚于今天", "the work cannot end after today")
    with transaction.atomic():
        locked = _locked(application)
        _poster_of(by, locked)
        if locked.status != ApplicationStatus.HIRED or locked.poster_confirmed_at is not None:
            raise ConflictError("该报名不能再确认完工", "this application cannot be confirmed again")
        locked.poster_confirmed_at = timezone.now()
        locked.income_fen, locked.worked_from, locked.worked_until = income_fen, worked_from, worked_until
        locked.save()
        audit_record(
            actor=by,
            action="market_completion_confirmed",
            obj=locked,
            changes={"side": "poster", "income_fen": income_fen},
        )
        return _complete_if_both(by, locked)


def confirm_by_worker(*, by: User, application: GigApplication) -> GigApplication:
    """The worker confirms the poster's account of the work and the pay (or raises a dispute instead)."""
    with transaction.atomic():
        locked = _locked(application)
        _worker_of(by, locked)
        if locked.status != ApplicationStatus.HIRED or locked.worker_confirmed_at is not None:
            raise ConflictError("该报名不能再确认完工", "this application cannot be confirmed again")
        if locked.poster_confirmed_at is None:
            raise ConflictError(
                "请等发布方填写实付报酬后再确认", "confirm once the poster has stated the pay paid"
            )
        locked.worker_confirmed_at = timezone.now()
        locked.save()
        audit_record(actor=by, action="market_completion_confirmed", obj=locked, changes={"side": "worker"})
        return _complete_if_both(by, locked)


def _complete_if_both(by: User, application: GigApplication) -> GigApplication:
    if application.worker_confirmed_at is None or application.poster_confirmed_at is None:
        return application
    assert application.worked_from is not None
    assert application.worked_until is not None
    assert application.income_fen is not None
    _move(
        application, by, {ApplicationStatus.HIRED}, ApplicationStatus.COMPLETED, completed_at=timezone.now()
    )
    evidence = WorkEvidence.objects.create(
        person_id=application.person_id,
        source=WorkEvidenceSource.GIG_MARKET,
        reference=f"application:{application.pk}",
        employment_form=EmploymentForm.PART_TIME,
        work_division=application.posting.district,
        started_on=application.worked_from,
        ended_on=application.worked_until,
        income_fen=application.income_fen,
    )
    audit_record(
        actor=by,
        action="market_work_evidence_recorded",
        obj=evidence,
        changes={"income_fen": evidence.income_fen},
    )
    return application


def rate(*, by: User, application: GigApplication, score: int, comment: str = "") -> Rating:
    """One side rates the other after completion, once."""
    if not 1 <= score <= 5:
        raise MarketError("评分应为1至5分", "the score is 1 to 5")
    application = GigApplication.objects.select_related("posting").get(pk=application.pk)  # as it is now
    if application.worker_id == by.pk:
        side = Side.WORKER
    elif application.posting.poster_id == by.pk:
        side = Side.POSTER
    else:
        raise NotAllowedError("只有双方可以评价", "only the two sides may rate")
    if application.status != ApplicationStatus.COMPLETED:
        raise ConflictError("完工后才能评价", "rate once the gig is completed")
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                application=application, side=side, rater=by, score=score, comment=comment.strip()[:200]
            )
            audit_record(actor=by, action="market_rated", obj=rating, changes={"score": score})
    except IntegrityError:
        raise ConflictError("您已评价过", "you have already rated") from None
    return rating


def dispute_raise(*, by: User, application: GigApplication, text: str) -> Dispute:
    """Either side records a dispute for the bureau; a hired application becomes disputed."""
    if not 5 <= len(text.strip()) <= 1000:
        raise MarketError("请用5至1000个字说明争议", "describe the dispute in 5 to 1000 characters")
    with transaction.atomic():
        locked = _locked(application)
        if locked.worker_id == by.pk:
            side = Side.WORKER
        elif locked.posting.poster_id == by.pk:
            side = Side.POSTER
        else:
            raise NotAllowedError("只有双方可以提出争议", "only the two sides may raise a dispute")
        if locked.status not in (
            ApplicationStatus.HIRED,
            ApplicationStatus.COMPLETED,
            ApplicationStatus.DISPUTED,
        ):
            raise ConflictError("录用后才能提出争议", "a dispute is raised once hired")
        if locked.status == ApplicationStatus.HIRED:
            _move(locked, by, {ApplicationStatus.HIRED}, ApplicationStatus.DISPUTED)
        dispute = Dispute.objects.create(application=locked, side=side, raised_by=by, text=text.strip())
        audit_record(actor=by, action="market_dispute_raised", obj=dispute, changes={"side": side})
    return dispute


def dispute_close(*, by: User, dispute: Dispute, resolution: str) -> Dispute:
    """The bureau records how a dispute ended."""
    if not resolution.strip():
        raise MarketError("请填写处理结果", "give the resolution")
    with transaction.atomic():
        locked = Dispute.objects.select_for_update().get(pk=dispute.pk)
        if locked.status != DisputeStatus.OPEN:
            raise ConflictError("该争议已处理", "the dispute is already closed")
        locked.status, locked.closed_by, locked.closed_at = DisputeStatus.CLOSED, by, timezone.now()
        locked.resolution = resolution.strip()[:200]
        locked.save()
        audit_record(
            actor=by, action="market_dispute_closed", obj=locked, changes={"resolution": locked.resolution}
        )
    return locked


def report(*, by: User, posting: Posting, reason: str, note: str = "") -> PostingReport:
    """Anyone logged in reports a posting once; enough distinct reporters hide it for the bureau's review."""
    if reason not in ReportReason.values:
        raise MarketError(f"未知的举报原因 {reason}", f"unknown report reason {reason}")
    try:
        with transaction.atomic():
            made = PostingReport.objects.create(
                posting=posting, reporter=by, reason=reason, note=note.strip()[:200]
            )
            audit_record(actor=by, action="market_posting_reported", obj=posting, changes={"reason": reason})
            reporters = PostingReport.objects.filter(posting=posting, handled_at__isnull=True).count()
            if reporters >= safety.REPORTS_TO_HIDE:
                Posting.objects.filter(pk=posting.pk, status=PostingStatus.OPEN).update(
                    status=PostingStatus.REMOVED,
                    removed_reason="多人举报，待人社部门核查 / reported by several people, under review",
                    updated_at=timezone.now(),
                )
    except IntegrityError:
        raise ConflictError("您已举报过这个岗位", "you have already reported this posting") from None
    return made


def report_handle(*, by: User, report_: PostingReport, upheld: bool) -> PostingReport:
    """The bureau decides a report: upheld removes the posting; not upheld puts a hidden posting back
    once no report of it waits and none was upheld."""
    with transaction.atomic():
        locked = PostingReport.objects.select_for_update().get(pk=report_.pk)
        if locked.handled_at is not None:
            raise ConflictError("该举报已处理", "the report is already handled")
        locked.handled_by, locked.handled_at, locked.upheld = by, timezone.now(), upheld
        locked.save()
        posting = Posting.objects.select_for_update().get(pk=locked.posting_id)
        if upheld:
            posting.status = PostingStatus.REMOVED
            posting.removed_reason = f"举报属实：{locked.get_reason_display()}"
            posting.save(update_fields=["status", "removed_reason", "updated_at"])
        elif (
            posting.status == PostingStatus.REMOVED
            and not posting.reports.filter(Q(handled_at__isnull=True) | Q(upheld=True)).exists()
        ):  # back only when no report waits and none was upheld
            posting.status, posting.removed_reason = PostingStatus.OPEN, ""
            posting.save(update_fields=["status", "removed_reason", "updated_at"])
        audit_record(actor=by, action="market_report_handled", obj=locked, changes={"upheld": upheld})
    return locked
