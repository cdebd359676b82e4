"""Applications with evidence, where the rules need facts the registry lacks (一, 九), and the offers to an
organisation (五).

- **What each application asks** (``APPLICATIONS``): the one-time start-up subsidy (一) asks for the
  business licence (its number becomes the entitlement's ``business_key``, which the database keeps once
  per business, ever) and the business's facts the registry does not hold; the training living
  allowance (九) asks for the training certificate and whether the training is one the bureau
  subsidises. A fact the registry holds on the day is never asked again.
- **The decision**: the engine runs on the registry's facts with the applicant's added
  (``services.case_apply(facts_added=…)``, so the stored decision replays); an eligible application
  becomes a submitted case with its evidence; an ineligible one is shown clause by clause and not
  submitted.
- **Evidence** is personal data: PDF, JPEG or PNG (told by the first bytes, not the name), at most
  ``evidence_max_bytes()``, kept under the data directory (``models.evidence_storage``), opened only by
  the applicant (or the organisation's member), the caseworkers of the case's district and reviewers —
  every opening audited.
- **Organisations** (五): when a caseworker records a city-level incubation base's selection, the engine
  decides on the organisation's facts; an eligible base gets an ``OrganisationOffer`` (one a year), which
  a member of the organisation accepts. The case and entitlement carry the organisation, and as their
  person the member who accepted (a real-name record is required: the person fields are not null).
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import ValidationError as StdnumError

from linghuo.accounts.access import Permission, user_has_permission, user_may_work_district
from linghuo.accounts.models import User
from linghuo.audit.services import audit_record
from linghuo.benefits import deadlines, services
from linghuo.benefits.decisions import decision_trace, facts_snapshot
from linghuo.benefits.delivery import INCUBATOR_SUBSIDY, TRAINING_LIVING_ALLOWANCE
from linghuo.benefits.errors import BenefitsError, ConflictError, NotAllowedError
from linghuo.benefits.models import (
    STARTUP_SUBSIDY,
    Case,
    CaseOrigin,
    Decision,
    DecisionSource,
    Entitlement,
    Evidence,
    EvidenceKind,
    OfferStatus,
    OrganisationOffer,
)
from linghuo.benefits.workflow import Action
from linghuo.insights.facts import person_facts_on
from linghuo.policy.decisions import Decision as EngineDecision
from linghuo.policy.engine import PolicyDateError, evaluate_one, rules_version
from linghuo.policy.organisations import evaluate_organisation
from linghuo.policy.parameters import load as load_parameters
from linghuo.policy.schema import FactsError
from linghuo.registry.access import user_may_act_for_organisation, user_may_work_person
from linghuo.registry.models import Organisation, Person
from linghuo.registry.selectors import person_memberships_on, person_of_account

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024  # a scan or photo of a licence or certificate
# the first bytes of each accepted type (the name and the browser's claim are not trusted)
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
SUFFIX = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}


class ApplicationAction(enum.StrEnum):
    EVIDENCE_ADDED = "benefits.evidence_added"
    EVIDENCE_OPENED = "benefits.evidence_opened"
    ORGANISATION_OFFER_MADE = "benefits.organisation_offer_made"
    ORGANISATION_OFFER_ACCEPTED = "benefits.organisation_offer_accepted"
    ORGANISATION_OFFER_DECLINED = "benefits.organisation_offer_declined"


FactKind = Literal["date", "bool", "count"]


@dataclass(frozen=True)
class AskedFact:
    name: str  # a fact name of policy-catalog.md (and a registry MembershipKind)
    kind: FactKind
    label: str
    label_en: str


@dataclass(frozen=True)
class ApplicationSpec:
    measure: str
    evidence: EvidenceKind
    facts: tuple[AskedFact, ...]
    needs_business_key: bool = False


APPLICATIONS: dict[str, ApplicationSpec] = {
    STARTUP_SUBSIDY: ApplicationSpec(
        STARTUP_SUBSIDY,
        EvidenceKind.BUSINESS_LICENCE,
        (
            AskedFact("business_founded_on", "date", "营业执照成立日期", "date founded on the licence"),
            AskedFact(
                "business_non_agricultural",
                "bool",
                "从事非农产业",
                "the business is not in agriculture",
            ),
            AskedFact("business_employees", "count", "吸纳就业人数", "people the business employs"),
        ),
        needs_business_key=True,
    ),
    TRAINING_LIVING_ALLOWANCE: ApplicationSpec(
        TRAINING_LIVING_ALLOWANCE,
        EvidenceKind.TRAINING_CERTIFICATE,
        (
            AskedFact(
                "in_subsidised_training",
                "bool",
                "正在参加经人社部门审核的补贴性职业培训",
                "in training the HRSS bureau subsidises",
            ),
        ),
    ),
}


def spec_for(measure: str) -> ApplicationSpec:
    found = APPLICATIONS.get(measure)
    if found is None:
        raise BenefitsError(f"“{measure}”无需在此申请", f"{measure} is not applied for here")
    return found


def missing_facts(person: Person, spec: ApplicationSpec, *, on: datetime.date) -> tuple[AskedFact, ...]:
    """The facts of ``spec`` the registry does not hold for ``person`` on ``on`` (only these are asked)."""
    held = person_memberships_on(person, on=on)
    return tuple(fact for fact in spec.facts if not held.holds(fact.name))


def business_key_clean(raw: str) -> str:
    """The licence's unified social credit code (统一社会信用代码, 18 characters), its check verified."""
    try:
        return str(stdnum_uscc.validate(stdnum_uscc.compact(raw.strip()).upper()))
    except StdnumError:
        raise BenefitsError(
            "营业执照上的统一社会信用代码不正确（18位，校验位须正确）",
            "the licence's unified social credit code is not valid (18 characters, with its check character)",
        ) from None


# --- evidence -------------------------------------------------------------------------------------


def evidence_max_bytes() -> int:
    """The evidence limit: the project's upload limit, or less (``EVIDENCE_MAX_BYTES``)."""
    return min(EVIDENCE_MAX_BYTES, int(settings.LINGHUO_MAX_UPLOAD_BYTES))


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    sha256: str


def evidence_check(upload: UploadedFile) -> CheckedFile:
    """Read and check one uploaded file: not empty, within the limit, a PDF, JPEG or PNG by its bytes."""
    limit = evidence_max_bytes()
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    if upload.size is not None and upload.size > limit:
        raise _too_large(name, limit)
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _too_large(name, limit)
    if not content:
        raise BenefitsError(f"文件「{name}」是空的", f"the file {name!r} is empty")
    for magic, content_type in MAGIC:
        if content.startswith(magic):
            return CheckedFile(name, content, content_type, hashlib.sha256(content).hexdigest())
    raise BenefitsError(
        f"文件「{name}」不是PDF、JPEG或PNG文件：请上传证件的扫描件或照片",
        f"the file {name!r} is not a PDF, JPEG or PNG: upload a scan or photo of the document",
    )


def _too_large(name: str, limit: int) -> BenefitsError:
    mib = limit // (1024 * 1024)
    return BenefitsError(f"文件「{name}」超过{mib}MB", f"the file {name!r} is larger than {mib} MB")


def evidence_add(case: Case, kind: str, checked: CheckedFile, *, by: User | None) -> Evidence:
    """Store one checked file with ``case`` (under a random name; the original name is kept apart)."""
    stored = f"{uuid.uuid4().hex}{SUFFIX[checked.content_type]}"
    evidence = Evidence(
        case=case,
        kind=kind,
        original_name=checked.name,
        size=len(checked.content),
        sha256=checked.sha256,
        content_type=checked.content_type,
        uploaded_by=by,
    )
    evidence.file.save(stored, ContentFile(checked.content), save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.delete(save=False)
        raise
    audit_record(
        actor=by,
        action=ApplicationAction.EVIDENCE_ADDED,
        obj=evidence,
        changes={"case": case.pk, "kind": kind, "sha256": checked.sha256, "size": evidence.size},
    )
    return evidence


def user_may_see_evidence(user: User | None, case: Case) -> bool:
    """The applicant, the member of the case's organisation, the caseworkers of the case's district and
    reviewers; nobody else."""
    if user is None or not user.is_active:
        return False
    person = case.person
    if person.account_id is not None and person.account_id == user.pk:
        return True
    if case.organisation is not None and user_may_act_for_organisation(user, case.organisation):
        return True
    if user_has_permission(user, Permission.CASE_REVIEW):
        return True
    return user_may_work_person(user, person) or user_may_work_district(user, case.district)


def evidence_open(evidence: Evidence, *, by: User | None) -> File[bytes]:
    """Open an evidence file for ``by`` (``NotAllowedError`` for anyone who may not see it); audited."""
    case = Case.objects.select_related("person", "organisation").get(pk=evidence.case_id)
    if not user_may_see_evidence(by, case):
        raise NotAllowedError("无权查看该申请材料", "you may not see this evidence")
    audit_record(
        actor=by,
        action=ApplicationAction.EVIDENCE_OPENED,
        obj=evidence,
        changes={"case": case.pk, "kind": evidence.kind},
    )
    opened: File[bytes] = evidence.file.open("rb")
    return opened


def evidence_of_case(case: Case, *, by: User | None) -> list[Evidence]:
    """The evidence of a case, listed for someone who may see it (the files themselves: ``evidence_open``)."""
    if not user_may_see_evidence(by, case):
        raise NotAllowedError("无权查看该申请材料", "you may not see this evidence")
    return list(case.evidence.all())


# --- applications ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationResult:
    decision: EngineDecision
    case: Case | None  # None: not eligible, nothing submitted


def _parse_fact(fact: AskedFact, raw: Any) -> Any:
    if fact.kind == "bool":
        return raw in (True, "on", "true", "1", 1)
    if raw in (None, ""):
        raise BenefitsError(f"请填写“{fact.label}”", f"fill in {fact.label_en}")
    try:
        if fact.kind == "date":
            return raw if isinstance(raw, datetime.date) else datetime.date.fromisoformat(str(raw))
        value = int(raw)
    except ValueError:
        raise BenefitsError(f"“{fact.label}”格式不正确", f"{fact.label_en} is not valid") from None
    if value < 0:
        raise BenefitsError(f"“{fact.label}”不能为负数", f"{fact.label_en} cannot be negative")
    return value


def application_preview(
    person: Person, measure: str, facts: Mapping[str, Any], *, on: datetime.date
) -> EngineDecision:
    """The engine's decision on the registry's facts with ``facts`` (already parsed) added."""
    record = {**person_facts_on(person, on=on), **facts}
    return evaluate_one(record, on=on, measures=[measure]).decision(measure)


def application_submit(
    person: Person,
    measure: str,
    *,
    by: User,
    facts: Mapping[str, Any],
    files: Sequence[UploadedFile],
    business_key: str = "",
    now: datetime.datetime | None = None,
) -> ApplicationResult:
    """Apply for ``measure`` with the missing facts and the evidence: eligible, a submitted case with its
    evidence; not eligible, the decision only (nothing stored). Refusals are ``BenefitsError``."""
    at = now or timezone.now()
    today = timezone.localdate(at)
    spec = spec_for(measure)
    asked = {f.name: f for f in missing_facts(person, spec, on=today)}
    unknown = sorted(set(facts) - set(asked))
    if unknown:
        raise BenefitsError(f"不需要填写：{'、'.join(unknown)}", f"not asked for: {', '.join(unknown)}")
    added = {name: _parse_fact(fact, facts.get(name)) for name, fact in asked.items()}
    key = ""
    if spec.needs_business_key:
        key = business_key_clean(business_key)
        if Entitlement.objects.filter(measure=measure, business_key=key).exists():
            raise ConflictError(
                "该营业执照对应的经营主体已享受过一次性创业补贴（每个经营主体只能享受一次）",
                "this licence's business was already given the one-time start-up subsidy (once per business)",
            )
    if not files:
        raise BenefitsError(
            f"请上传{spec.evidence.label}（PDF、JPEG或PNG）",
            f"upload the {spec.evidence.name.lower().replace('_', ' ')} (PDF, JPEG or PNG)",
        )
    checked = [evidence_check(f) for f in files]
    decision = application_preview(person, measure, added, on=today)
    if not decision.eligible:
        return ApplicationResult(decision, None)
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            case = services.case_apply(person, measure, by=by, business_key=key, facts_added=added, now=at)
            for one in checked:
                stored.append(evidence_add(case, spec.evidence, one, by=by))
    except BaseException:
        for evidence in stored:  # the rows were rolled back: their files go too
            evidence.file.delete(save=False)
        raise
    return ApplicationResult(decision, case)


# --- an organisation's offers (五) -----------------------------------------------------------------


def organisation_facts(organisation: Organisation, *, selected_year: int | None) -> dict[str, Any]:
    """The engine's facts record of ``organisation`` (policy/organisation_facts.py)."""
    return {
        "organisation_id": str(organisation.pk),
        "uscc": organisation.uscc,
        "kind": organisation.kind,
        "division": organisation.division,
        "city_level_incubator_selected_year": selected_year,
    }


def incubator_selection_record(
    organisation: Organisation,
    *,
    year: int,
    by: User,
    on: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> OrganisationOffer | None:
    """A caseworker records that ``organisation`` was selected a city-level incubation base in ``year``
    (五 "每年遴选认定一批市级创业孵化基地"); the engine decides on its facts on ``on``, and an eligible base
    gets an offer of the construction subsidy (up to the maximum), one a year. Returns the offer (the one
    already made that year, if any), or None when the engine finds it not eligible."""
    at = now or timezone.now()
    day = on or timezone.localdate(at)
    if not user_may_work_district(by, organisation.division):
        raise NotAllowedError(
            "只能记录本人负责区县的单位", "you may only record organisations of your districts"
        )
    params = load_parameters()
    facts = organisation_facts(organisation, selected_year=year)
    try:
        evaluation = evaluate_organisation(facts, on=day, params=params, measures=[INCUBATOR_SUBSIDY])
    except (FactsError, PolicyDateError) as error:
        raise BenefitsError(
            f"认定年度或单位信息不正确：{error}", f"the year or the organisation's facts: {error}"
        ) from None
    decision = evaluation.decision(INCUBATOR_SUBSIDY)
    if not decision.eligible:
        return None
    existing = OrganisationOffer.objects.filter(
        organisation=organisation, measure=INCUBATOR_SUBSIDY, year=year
    ).exclude(status__in=(OfferStatus.DECLINED, OfferStatus.EXPIRED))
    try:
        with transaction.atomic():
            offer = OrganisationOffer.objects.create(
                organisation=organisation,
                measure=INCUBATOR_SUBSIDY,
                year=year,
                on=day,
                rules_version=rules_version(params),
                parameters_digest=params.digest,
                facts=facts_snapshot(facts),
                trace=decision_trace(decision),
                amount_max_fen=decision.amount_max_fen,
                expires_on=deadlines.offer_expires_on(day),
            )
            audit_record(
                actor=by,
                action=ApplicationAction.ORGANISATION_OFFER_MADE,
                obj=offer,
                changes={"organisation": organisation.pk, "year": year},
            )
    except IntegrityError:
        return existing.first()  # one a year (benefits_organisation_offer_once_a_year)
    return offer


def _member_acting(by: User, offer: OrganisationOffer) -> Person:
    if not user_has_permission(by, Permission.ORGANISATION_SUBMIT) or not user_may_act_for_organisation(
        by, offer.organisation
    ):
        raise NotAllowedError("只有该单位的成员可以办理", "only a member of the organisation may answer it")
    person = person_of_account(by)
    if person is None:
        raise NotAllowedError(
            "单位经办人须先关联本人的实名人员信息，才能确认领取",
            "the organisation's member must have their real-name record linked before accepting",
        )
    return person


def organisation_offer_accept(
    offer: OrganisationOffer, *, by: User, now: datetime.datetime | None = None
) -> Case:
    """A member of the organisation accepts its offer with one tap: the case is submitted in the
    organisation's district (accepting again gives the same case)."""
    at = now or timezone.now()
    with transaction.atomic():
        locked = OrganisationOffer.objects.select_for_update().select_related("organisation").get(pk=offer.pk)
        member = _member_acting(by, locked)
        if locked.status == OfferStatus.ACCEPTED and locked.case_id is not None:
            return Case.objects.get(pk=locked.case_id)
        if locked.status == OfferStatus.OPEN and locked.expires_on < timezone.localdate(at):
            locked.status = OfferStatus.EXPIRED
            locked.responded_at = at
            locked.save(update_fields=["status", "responded_at"])
        if locked.status != OfferStatus.OPEN:
            raise ConflictError(
                f"该待遇告知已{OfferStatus(locked.status).label}，不能再确认",
                f"this offer is {locked.status} and can no longer be accepted",
            )
        decision = Decision.objects.create(
            person=member,
            measure=locked.measure,
            on=locked.on,
            rules_version=locked.rules_version,
            parameters_digest=locked.parameters_digest,
            facts=locked.facts,
            trace=locked.trace,
            eligible=True,
            amount_fen=None,
            months=None,
            source=DecisionSource.CASEWORKER,
        )
        case = Case.objects.create(
            person=member,
            organisation=locked.organisation,
            measure=locked.measure,
            origin=CaseOrigin.OFFER,
            decision=decision,
            district=locked.organisation.division,
            submitted_at=at,
            due_on=deadlines.review_due_on(timezone.localdate(at)),
        )
        services._log(case, Action.SUBMIT, "", by=by, at=at)
        locked.status, locked.responded_at, locked.responded_by, locked.case = (
            OfferStatus.ACCEPTED,
            at,
            by,
            case,
        )
        locked.save(update_fields=["status", "responded_at", "responded_by", "case"])
        audit_record(
            actor=by,
            action=ApplicationAction.ORGANISATION_OFFER_ACCEPTED,
            obj=locked,
            changes={"case": case.pk},
        )
    offer.refresh_from_db()
    return case


def organisation_offer_decline(
    offer: OrganisationOffer, *, by: User, now: datetime.datetime | None = None
) -> OrganisationOffer:
    at = now or timezone.now()
    with transaction.atomic():
        locked = OrganisationOffer.objects.select_for_update().select_related("organisation").get(pk=offer.pk)
        if not user_may_act_for_organisation(by, locked.organisation):
            raise NotAllowedError(
                "只有该单位的成员可以办理", "only a member of the organisation may answer it"
            )
        if locked.status == OfferStatus.DECLINED:
            return locked
        if locked.status != OfferStatus.OPEN:
            raise ConflictError(
                f"该待遇告知已{OfferStatus(locked.status).label}", f"this offer is already {locked.status}"
            )
        locked.status, locked.responded_at, locked.responded_by = OfferStatus.DECLINED, at, by
        locked.save(update_fields=["status", "responded_at", "responded_by"])
        audit_record(
            actor=by,
            action=ApplicationAction.ORGANISATION_OFFER_DECLINED,
            obj=locked,
            changes={"status": "declined"},
        )
    return locked
