"""Registry writes: people, organisations, employment registration (十五), spot checks, memberships.

Each service validates its input with Chinese (and English) messages, runs in a transaction and records
what it did in the audit log. Personal values reach the log only as keyed lookup hashes.
"""

from __future__ import annotations

import datetime
import enum
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from stdnum.cn import uscc as uscc_number

from linghuo import divisions, personal_data
from linghuo.accounts import access
from linghuo.accounts.models import User
from linghuo.audit.models import AuditAction
from linghuo.audit.services import audit_record
from linghuo.registry import access as registry_access
from linghuo.registry import commitment
from linghuo.registry.identity import (
    PersonIdentity,
    county_clean,
    hukou_division_clean,
    mobile_clean,
    name_clean,
    person_identity,
    serving_district,
    township_clean,
    township_county,
)
from linghuo.registry.models import (
    BUSINESS_KINDS,
    EmploymentForm,
    EmploymentRegistration,
    EmploymentStatus,
    FactValue,
    GroupMembership,
    IdentityClaim,
    IdentityClaimKind,
    IdentityClaimStatus,
    IdentityVerification,
    MembershipKind,
    MembershipSource,
    Organisation,
    OrganisationKind,
    Person,
    PlaceKind,
    SpotCheck,
    SpotCheckOutcome,
    fact_value_of,
)
from linghuo.registry.selectors import active_registration

DEFAULT_SPOT_CHECK_SHARE = 0.05
MAX_MONTHLY_INCOME_FEN = 100_000_000 * 100


class RegistryAction(enum.StrEnum):
    """Audit-log actions of the registry (``personal_data_viewed`` is the accounts app's)."""

    PERSON_REGISTERED = "person_registered"
    PERSON_UPDATED = "person_updated"
    ORGANISATION_REGISTERED = "organisation_registered"
    EMPLOYMENT_REGISTERED = "employment_registered"
    EMPLOYMENT_REGISTRATION_ENDED = "employment_registration_ended"
    SPOT_CHECK_RECORDED = "spot_check_recorded"
    MEMBERSHIP_RECORDED = "group_membership_recorded"
    MEMBERSHIP_ENDED = "group_membership_ended"
    IDENTITY_CLAIMED = "identity_claimed"
    IDENTITY_LINKED = "identity_linked_by_roster"
    IDENTITY_CONFIRMED = "identity_confirmed"
    IDENTITY_REJECTED = "identity_rejected"
    DEMO_LOADED = "registry_demo_loaded"


def _error(chinese: str, english: str, code: str) -> ValidationError:
    return ValidationError(f"{chinese} / {english}", code=code)


# --- people -----------------------------------------------------------------------------------------


def city_county_code(code: str, label: str) -> str:
    """A county of Lianyungang (a historical code counts as its successor), as its current code."""
    return county_clean(code, field="division", label=label)


def person_district(person: Person, registration: EmploymentRegistration | None = None) -> str:
    """The county whose caseworkers serve ``person``: the place of their active registration, else the
    county of residence, else of work, else of hukou when in the city (``identity.serving_district``);
    empty when none is in the city."""
    if registration is not None and registration.ended_on is None:
        return registration.place_division
    return serving_district(
        residence_township=person.residence_township,
        work_division=person.work_division,
        hukou_division=person.hukou_division,
    )


def person_register(
    *,
    actor: User | None,
    name: str,
    id_number: str,
    mobile: str = "",
    hukou_division: str = "",
    hukou_rural: bool = False,
    residence_township: str = "",
    work_division: str = "",
    account: User | None = None,
    verification: str = IdentityVerification.CASEWORKER_ENTRY,
) -> Person:
    """Record a new person from their identity (``identity.person_identity``: the birth date and sex come
    from the ID number, the hukou division defaults to the number's current division). An ID number
    already known is refused.

    ``verification`` is how the identity is known (``IdentityVerification``): by default a caseworker's
    entry (the card seen at the counter); empty for a worker's own registration (``worker_register``),
    which stays unverified until it is checked."""
    identity = person_identity(
        name=name,
        id_number=id_number,
        mobile=mobile,
        hukou_division=hukou_division,
        hukou_rural=hukou_rural,
        residence_township=residence_township,
        work_division=work_division,
    )
    person = Person.from_identity(identity, verification=verification, account=account)
    if verification and actor is not None:
        person.identity_verified_by = actor
    if Person.objects.filter(id_number_hash=person.id_number_hash).exists():
        raise _error("该身份证号码已登记，请勿重复登记", "this ID number is already registered", "duplicate")
    if account is not None and Person.objects.filter(account=account).exists():
        raise _error("该账号已关联人员信息", "this account already has a person record", "duplicate")
    with transaction.atomic():
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:
            raise _error(
                "该身份证号码已登记，请勿重复登记", "this ID number is already registered", "duplicate"
            ) from None
        audit_record(
            actor=actor,
            action=RegistryAction.PERSON_REGISTERED,
            obj=person,
            changes={
                "id_number_hash": person.id_number_hash,
                "name_hash": personal_data.lookup_hash(person.name),
                "mobile_hash": person.mobile_hash,
                "hukou_division": person.hukou_division,
                "district_code": person.district_code,
                "identity_verification": person.identity_verification,
            },
        )
    return person


def person_update(
    *,
    actor: User | None,
    person: Person,
    name: str | None = None,
    mobile: str | None = None,
    hukou_division: str | None = None,
    hukou_rural: bool | None = None,
    residence_township: str | None = None,
    work_division: str | None = None,
) -> Person:
    """Change a person's details (the ID number never changes: a different number is another person).

    Each value given is checked by the rule ``identity.person_identity`` applies to it (the name rule,
    the mobile, the divisions), so an update stores nothing a new person could not have.
    """
    changes: dict[str, object] = {}
    if name is not None and name_clean(name) != person.name:
        person.name = name_clean(name)
        changes["name_hash"] = personal_data.lookup_hash(person.name)
    if mobile is not None:
        number = mobile_clean(mobile)
        if number and personal_data.lookup_hash(number) != person.mobile_hash:
            person.set_mobile(number)
            changes["mobile_hash"] = person.mobile_hash
        elif not number and person.mobile_hash:
            person.mobile_hash = person.mobile_encrypted = person.mobile_masked = ""
            changes["mobile_hash"] = ""
    if hukou_division is not None and hukou_division.strip() != person.hukou_division:
        person.hukou_division = hukou_division_clean(hukou_division)
        changes["hukou_division"] = person.hukou_division
    if hukou_rural is not None and hukou_rural != person.hukou_rural:
        person.hukou_rural = hukou_rural
        changes["hukou_rural"] = hukou_rural
    if residence_township is not None and residence_township.strip() != person.residence_township:
        person.residence_township = township_clean(residence_township)
        changes["residence_township"] = person.residence_township
    if work_division is not None and work_division.strip() != person.work_division:
        person.work_division = (
            county_clean(work_division, field="work_division", label="就业地区划代码")
            if work_division.strip()
            else ""
        )
        changes["work_division"] = person.work_division
    if not changes:
        return person
    person.district_code = person_district(person, active_registration(person))
    changes["district_code"] = person.district_code
    with transaction.atomic():
        person.save()
        audit_record(actor=actor, action=RegistryAction.PERSON_UPDATED, obj=person, changes=changes)
    return person


@dataclass(frozen=True, slots=True)
class RevealedPersonalData:
    """A person's full ID number and mobile, shown once to someone allowed to see them."""

    id_number: str
    mobile: str


def person_mobile(person: Person) -> str:
    """The person's full mobile: the recorded one, else the one their account logs in with, else empty."""
    if person.mobile_encrypted:
        return personal_data.decrypt(person.mobile_encrypted)
    if person.account is not None:
        return personal_data.decrypt(person.account.mobile_encrypted)
    return ""


def person_personal_data_reveal(*, actor: User, person: Person, purpose: str = "") -> RevealedPersonalData:
    """The full ID number and mobile of ``person`` for ``actor``; every reveal is in the audit log.

    Only the person themselves, or a role with the personal-data permission for the person's district,
    may see them (``linghuo.registry.access.user_may_view_full_personal_data``); anyone else gets
    PermissionDenied.
    """
    if not registry_access.user_may_view_full_personal_data(actor, person):
        person_personal_data_reveal_refused(actor=actor, person_pk=person.pk, purpose=purpose)
        raise PermissionDenied(access.MESSAGE_FORBIDDEN)
    revealed = RevealedPersonalData(
        id_number=personal_data.decrypt(person.id_number_encrypted),
        mobile=person_mobile(person),
    )
    audit_record(
        actor=actor,
        action=AuditAction.PERSONAL_DATA_VIEWED,
        obj=person,
        changes={"fields": "id_number,mobile", "purpose": purpose or "show_full"},
    )
    return revealed


def person_personal_data_reveal_refused(*, actor: User, person_pk: int | str, purpose: str = "") -> None:
    """Record a refused reveal of a person's full numbers (no such permission, or not their district).

    Only the person's key as asked for is kept: a refusal never says whether that person exists.
    """
    audit_record(
        actor=actor,
        action=AuditAction.PERSONAL_DATA_VIEW_REFUSED,
        object_type=Person._meta.label_lower,
        object_id=person_pk,
        changes={"fields": "id_number,mobile", "purpose": purpose or "show_full"},
    )


# --- organisations ----------------------------------------------------------------------------------


def uscc_validate(value: str) -> str:
    """A unified social credit code (GB 32100-2015) with its check character, normalised.

    >>> uscc_validate(" 91320700ma1xxxxx0w ")
    '91320700MA1XXXXX0W'
    """
    number = uscc_number.compact("".join(value.split()).upper())
    if len(number) != 18:
        raise _error("统一社会信用代码应为18位", "a unified social credit code has 18 characters", "uscc")
    try:
        uscc_number.validate(number)
    except uscc_number.InvalidChecksum:
        raise _error(
            "统一社会信用代码校验位不正确", "wrong check character in the unified social credit code", "uscc"
        ) from None
    except (uscc_number.InvalidFormat, uscc_number.InvalidLength, uscc_number.InvalidComponent):
        raise _error("统一社会信用代码格式不正确", "malformed unified social credit code", "uscc") from None
    return str(number)


def organisation_register(
    *, actor: User | None, uscc: str, name: str, kind: str, division: str
) -> Organisation:
    """Record an organisation (employer, platform, training provider, HR agency, incubator)."""
    code = uscc_validate(uscc)
    cleaned = " ".join(name.split())
    if not cleaned:
        raise _error("请填写单位名称", "a name is required", "name")
    if kind not in OrganisationKind.values:
        raise _error(f"未知的单位类型 {kind!r}", "unknown organisation kind", "kind")
    county = city_county_code(division, "所在地区划代码")
    if Organisation.objects.filter(uscc=code).exists():
        raise _error("该统一社会信用代码已登记", "this organisation is already registered", "duplicate")
    with transaction.atomic():
        organisation = Organisation.objects.create(uscc=code, name=cleaned, kind=kind, division=county)
        audit_record(
            actor=actor,
            action=RegistryAction.ORGANISATION_REGISTERED,
            obj=organisation,
            changes={"uscc": code, "name": cleaned, "kind": kind, "division": county},
        )
    return organisation


# --- employment registration (十五) -----------------------------------------------------------------


def spot_check_share() -> float:
    """The share of registrations drawn for a spot check (setting ``LINGHUO_SPOT_CHECK_SHARE``)."""
    share = float(getattr(settings, "LINGHUO_SPOT_CHECK_SHARE", DEFAULT_SPOT_CHECK_SHARE))
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"LINGHUO_SPOT_CHECK_SHARE 应在0到1之间 / must lie between 0 and 1, not {share}")
    return share


def spot_check_draw(rng: random.Random | None = None) -> bool:
    """Whether a new registration is drawn for a spot check: true with probability ``spot_check_share``."""
    share = spot_check_share()
    if share <= 0.0:
        return False
    if share >= 1.0:
        return True
    return (rng or random.SystemRandom()).random() < share


def _clean_registration(
    *,
    place_kind: str,
    place_division: str,
    employment_form: str,
    monthly_income_fen: int | None,
    work_township: str,
) -> tuple[str, str, str, int | None, str]:
    if place_kind not in PlaceKind.values:
        raise _error(
            "请选择登记地（户籍地、常住地或就业地）", "choose hukou, residence or work place", "place_kind"
        )
    division = city_county_code(place_division, "登记地区划代码")
    if employment_form not in EmploymentForm.values:
        raise _error(
            "请选择就业形式（个体经营、非全日制、平台就业或其他灵活就业）",
            "choose a flexible employment form",
            "employment_form",
        )
    if monthly_income_fen is not None and not 0 <= monthly_income_fen <= MAX_MONTHLY_INCOME_FEN:
        raise _error("月收入应为不小于0的金额", "monthly income must be a non-negative amount", "income")
    township = township_clean(work_township, field="township", label="工作乡镇（街道）代码")
    if township and township_county(township) != division:
        raise township_outside_district(township, division)
    return place_kind, division, employment_form, monthly_income_fen, township


def township_outside_district(township: str, division: str) -> ValidationError:
    """The error for a work township that is not in the chosen district (十五: one place of registration)."""
    town = divisions.township(township)
    return _error(
        f"所选工作乡镇（街道）{town.name}属于{divisions.county(town.county_code).name}，"
        f"不属于所选登记地区县{divisions.county(division).name}，请重新选择",
        "the township is not in the chosen district",
        "township",
    )


def _outdated_commitment() -> ValidationError:
    return _error(
        "承诺书已更新，请阅读并签署最新版本",
        "the commitment changed: read and sign the current version",
        "commitment",
    )


def registration_create(
    *,
    actor: User | None,
    person: Person,
    place_kind: str,
    place_division: str,
    employment_form: str,
    commitment_version: str,
    monthly_income_fen: int | None = None,
    work_township: str = "",
    signed_at: datetime.datetime | None = None,
    rng: random.Random | None = None,
) -> EmploymentRegistration:
    """Register ``person`` in flexible employment on their signed commitment (承诺制, 十五).

    ``commitment_version`` must be the version the person was shown (the current one); its text is kept
    with the signature time. A person has one active registration: a second is refused here and by the
    database. A share of registrations (``spot_check_share``) is drawn for a later spot check.
    """
    kind, division, form, income, township = _clean_registration(
        place_kind=place_kind,
        place_division=place_division,
        employment_form=employment_form,
        monthly_income_fen=monthly_income_fen,
        work_township=work_township,
    )
    version, text = commitment.commitment_current()
    if commitment_version != version:
        raise _outdated_commitment()
    signed = signed_at or timezone.now()
    already = _error(
        "您已有有效的就业登记，请先终止后再重新登记", "an active registration already exists", "active"
    )
    if active_registration(person) is not None:
        raise already
    with transaction.atomic():
        registration = EmploymentRegistration(
            person=person,
            place_kind=kind,
            place_division=division,
            employment_form=form,
            monthly_income_fen=income,
            work_township=township,
            commitment_version=version,
            commitment_text=text,
            signed_at=signed,
            registered_on=timezone.localdate(signed),
            created_by=actor,
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            raise already from None
        drawn = spot_check_draw(rng)
        if drawn:
            SpotCheck.objects.create(registration=registration, drawn_at=timezone.now())
        _refresh_district(person, registration)
        audit_record(
            actor=actor,
            action=RegistryAction.EMPLOYMENT_REGISTERED,
            obj=registration,
            changes={
                "person": person.pk,
                "place_kind": kind,
                "place_division": division,
                "employment_form": form,
                "monthly_income_fen": income,
                "work_township": township,
                "commitment_version": version,
                "signed_at": signed.isoformat(),
                "spot_check_drawn": drawn,
            },
        )
    return registration


def _refresh_district(person: Person, registration: EmploymentRegistration | None) -> None:
    district = person_district(person, registration)
    if district != person.district_code:
        person.district_code = district
        person.save(update_fields=["district_code", "updated_at"])


@dataclass(frozen=True, slots=True)
class RegistrationSubmission:
    """What a worker's registration did: a ``registration`` in force now, and/or an identity ``claim``
    waiting for a caseworker's check. While the claim is pending the worker is told only "submitted,
    pending verification", whether their ID number was new or already had a person record."""

    registration: EmploymentRegistration | None
    claim: IdentityClaim | None

    @property
    def pending(self) -> bool:
        return self.claim is not None and self.claim.is_pending


def _already_submitted() -> ValidationError:
    return _error(
        "您的登记已提交，正在核验身份，请勿重复提交",
        "your registration was submitted and your identity is being checked",
        "pending",
    )


def _roster_match(person: Person, identity: PersonIdentity, account: User) -> bool:
    """Whether a worker may be linked at once to the person record an employer's roster made for them:
    the same ID number (already found), the same name, and the roster's mobile the one the account logs
    in with (proved by the login), on a record whose identity its source vouches for and that no
    account holds. Name and ID number alone are printed on the card and known to many (employers,
    hotels, landlords), so they are not enough: without the mobile the worker's claim waits for a
    caseworker, and they see none of the record."""
    return (
        person.account_id is None
        and person.identity_verified
        and person.name == identity.name
        and bool(person.mobile_hash)
        and person.mobile_hash == account.mobile_hash
    )


def _claim_create(
    *,
    account: User,
    person: Person,
    kind: str,
    identity: PersonIdentity,
    submission: dict[str, object],
    signed_at: datetime.datetime,
) -> IdentityClaim:
    claim = IdentityClaim.objects.create(
        account=account,
        person=person,
        kind=kind,
        name_entered=identity.name,
        id_number_masked=personal_data.mask_id_number(identity.id_number),
        submission=submission,
        commitment_text=commitment.commitment_current()[1],
        signed_at=signed_at,
    )
    audit_record(
        actor=account,
        action=RegistryAction.IDENTITY_CLAIMED,
        obj=claim,
        changes={
            "person": person.pk,
            "kind": kind,
            "id_number_hash": personal_data.lookup_hash(identity.id_number),
            "name_hash": personal_data.lookup_hash(identity.name),
        },
    )
    return claim


def _person_with_number(number_hash: str) -> Person | None:
    """The person of an ID number's lookup hash, locked for the registration that claims it."""
    return Person.objects.select_for_update().filter(id_number_hash=number_hash).first()


def worker_register(
    *,
    account: User,
    place_kind: str,
    place_division: str,
    employment_form: str,
    commitment_version: str,
    name: str = "",
    id_number: str = "",
    monthly_income_fen: int | None = None,
    work_township: str = "",
    rng: random.Random | None = None,
) -> RegistrationSubmission:
    """A worker registers themselves (十五). An account with a person record registers at once.

    An account without one names an ID number, and claims it (``IdentityClaim``, pending a caseworker's
    or the spot check's confirmation):

    - a number with no person record: the person is created from the name, the number and the login
      mobile, linked to the account and registered, with their identity unverified — no benefit flows
      until the claim is confirmed (``selectors.benefits_may_flow``);
    - a number that has a person record: the worker is not linked to it and nothing of it is shown; what
      they submitted waits in the claim for the caseworker of that person's district — except when the
      record is theirs beyond doubt (``_roster_match``: an employer's roster carried their name and the
      mobile they log in with), when they are linked and registered at once, verified by the roster.

    Both claims answer the same, so the form never tells whether a number is registered.
    """

    def register(person: Person, signed: datetime.datetime | None = None) -> EmploymentRegistration:
        return registration_create(
            actor=account,
            person=person,
            place_kind=place_kind,
            place_division=place_division,
            employment_form=employment_form,
            commitment_version=commitment_version,
            monthly_income_fen=monthly_income_fen,
            work_township=work_township,
            signed_at=signed,
            rng=rng,
        )

    with transaction.atomic():
        person = Person.objects.filter(account=account).first()
        if IdentityClaim.objects.filter(account=account, status=IdentityClaimStatus.PENDING).exists():
            raise _already_submitted()
        if person is not None:
            return RegistrationSubmission(register(person), None)
        identity = person_identity(
            name=name or account.name,
            id_number=id_number,
            mobile=personal_data.decrypt(account.mobile_encrypted),
        )
        kind, division, form, income, township = _clean_registration(
            place_kind=place_kind,
            place_division=place_division,
            employment_form=employment_form,
            monthly_income_fen=monthly_income_fen,
            work_township=work_township,
        )
        if commitment_version != commitment.commitment_current()[0]:
            raise _outdated_commitment()
        submission: dict[str, object] = {
            "place_kind": kind,
            "place_division": division,
            "employment_form": form,
            "monthly_income_fen": income,
            "work_township": township,
            "commitment_version": commitment_version,
        }
        signed = timezone.now()
        number_hash = personal_data.lookup_hash(identity.id_number)
        existing = _person_with_number(number_hash)
        if existing is None:
            try:
                person = person_register(
                    actor=account,
                    name=identity.name,
                    id_number=identity.id_number,
                    mobile=identity.mobile,
                    account=account,
                    verification="",
                )
            except ValidationError as error:  # recorded meanwhile (a roster, another worker): a known number
                existing = Person.objects.filter(id_number_hash=number_hash).first()
                if getattr(error, "code", None) != "duplicate" or existing is None:
                    raise
        if existing is None and person is not None:
            registration = register(person, signed)
            claim = _claim_create(
                account=account,
                person=person,
                kind=IdentityClaimKind.NEW,
                identity=identity,
                submission=submission,
                signed_at=signed,
            )
            return RegistrationSubmission(registration, claim)
        if existing is None:  # a person was either found or created: never here
            raise RuntimeError("未找到也未创建人员 / no person found or created")
        if _roster_match(existing, identity, account):
            existing.account = account
            existing.save(update_fields=["account", "updated_at"])
            audit_record(
                actor=account,
                action=RegistryAction.IDENTITY_LINKED,
                obj=existing,
                changes={"account": account.pk, "identity_verification": existing.identity_verification},
            )
            registration = register(existing, signed)
            return RegistrationSubmission(registration, None)
        claim = _claim_create(
            account=account,
            person=existing,
            kind=IdentityClaimKind.CONFLICT,
            identity=identity,
            submission=submission,
            signed_at=signed,
        )
        return RegistrationSubmission(None, claim)


def registration_end(
    *,
    actor: User | None,
    registration: EmploymentRegistration,
    ended_on: datetime.date | None = None,
    reason: str = "",
) -> EmploymentRegistration:
    """End an active registration on ``ended_on`` (today by default): from that day it is no longer in
    force, so the facts of the day it is ended no longer include it. Ended on the day it was made, it was
    never in force (withdrawn)."""
    if registration.ended_on is not None:
        raise _error("该就业登记已终止", "this registration has already ended", "ended")
    day = ended_on or timezone.localdate()
    if day < registration.registered_on:
        raise _error("终止日期不能早于登记日期", "the end date is before the registration date", "ended_on")
    with transaction.atomic():
        registration.ended_on = day
        registration.end_reason = " ".join(reason.split())[:200]
        registration.save(update_fields=["ended_on", "end_reason"])
        _refresh_district(registration.person, None)
        audit_record(
            actor=actor,
            action=RegistryAction.EMPLOYMENT_REGISTRATION_ENDED,
            obj=registration,
            changes={"ended_on": day.isoformat(), "reason": registration.end_reason},
        )
    return registration


def spot_check_record(*, actor: User, spot_check: SpotCheck, outcome: str, note: str = "") -> SpotCheck:
    """A caseworker of the registration's district records a spot check's outcome.

    A discrepancy needs a note saying what did not match.
    """
    if not access.user_may_work_district(actor, spot_check.registration.place_division):
        raise PermissionDenied(access.MESSAGE_FORBIDDEN)
    if outcome not in (SpotCheckOutcome.CONFIRMED, SpotCheckOutcome.DISCREPANCY):
        raise _error("请选择抽查结果：核实无误或信息不符", "choose confirmed or discrepancy", "outcome")
    cleaned = note.strip()
    if outcome == SpotCheckOutcome.DISCREPANCY and not cleaned:
        raise _error("信息不符时请说明不符之处", "describe the discrepancy", "note")
    with transaction.atomic():
        spot_check.outcome = outcome
        spot_check.note = cleaned
        spot_check.recorded_by = actor
        spot_check.recorded_at = timezone.now()
        spot_check.save(update_fields=["outcome", "note", "recorded_by", "recorded_at"])
        audit_record(
            actor=actor,
            action=RegistryAction.SPOT_CHECK_RECORDED,
            obj=spot_check,
            changes={"outcome": outcome, "note": cleaned},
        )
        if outcome == SpotCheckOutcome.CONFIRMED:
            _identity_confirmed_by_spot_check(actor, spot_check.registration.person)
    return spot_check


# --- identity checks of self-registered workers -------------------------------------------------------


def _identity_mark_verified(person: Person, *, method: str, actor: User | None) -> None:
    person.identity_verification = method
    person.identity_verified_at = timezone.now()
    person.identity_verified_by = actor
    person.save(
        update_fields=["identity_verification", "identity_verified_at", "identity_verified_by", "updated_at"]
    )


def _claim_decided(claim: IdentityClaim, *, status: str, actor: User, reason: str) -> None:
    claim.status = status
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.reason = reason
    claim.save(update_fields=["status", "decided_by", "decided_at", "reason"])


def _identity_confirmed_by_spot_check(actor: User, person: Person) -> None:
    """A spot check found the registration true: the identity the worker committed to is confirmed, and
    the worker's pending claim of it with it."""
    if person.identity_verified:
        return
    _identity_mark_verified(person, method=IdentityVerification.SPOT_CHECK, actor=actor)
    claims = IdentityClaim.objects.filter(
        person=person,
        account_id=person.account_id,
        kind=IdentityClaimKind.NEW,
        status=IdentityClaimStatus.PENDING,
    )
    for claim in claims:
        _claim_decided(claim, status=IdentityClaimStatus.CONFIRMED, actor=actor, reason="承诺抽查核实无误")
    audit_record(
        actor=actor,
        action=RegistryAction.IDENTITY_CONFIRMED,
        obj=person,
        changes={"method": IdentityVerification.SPOT_CHECK, "claims": [c.pk for c in claims]},
    )


def _claim_for_decision(actor: User, claim: IdentityClaim) -> Person:
    person = Person.objects.select_for_update().get(pk=claim.person_id)
    if not registry_access.user_may_work_person(actor, person):
        raise PermissionDenied(access.MESSAGE_FORBIDDEN)
    claim.refresh_from_db()
    if not claim.is_pending:
        raise _error("该身份核验已处理", "this identity check has already been decided", "decided")
    return person


def identity_confirm(*, actor: User, claim: IdentityClaim, note: str = "") -> IdentityClaim:
    """A caseworker of the person's district confirms a worker's claim of an ID number (the card seen at
    the counter, or matched against the bureau's records; ``note`` says how).

    The person's identity is then verified (``IdentityVerification.CASEWORKER``). A claim of a number that
    already had a record links the worker's account to it and makes the registration they submitted,
    while its commitment is still the current one (otherwise the worker registers again); it is refused
    while the record belongs to another account.
    """
    with transaction.atomic():
        person = _claim_for_decision(actor, claim)
        registration = None
        if claim.kind == IdentityClaimKind.CONFLICT:
            if person.account_id is not None and person.account_id != claim.account_id:
                raise _error(
                    "该人员已关联其他账号，不能确认；请核实后驳回",
                    "this person belongs to another account: reject the claim after checking",
                    "linked",
                )
            if Person.objects.filter(account_id=claim.account_id).exclude(pk=person.pk).exists():
                raise _error(
                    "该账号已关联其他人员，不能确认",
                    "the account already has another person record",
                    "linked",
                )
            person.account_id = claim.account_id
            person.save(update_fields=["account", "updated_at"])
            submitted = claim.submission
            if (
                active_registration(person) is None
                and submitted.get("commitment_version") == commitment.commitment_current()[0]
            ):
                registration = registration_create(
                    actor=claim.account,
                    person=person,
                    place_kind=str(submitted["place_kind"]),
                    place_division=str(submitted["place_division"]),
                    employment_form=str(submitted["employment_form"]),
                    commitment_version=str(submitted["commitment_version"]),
                    monthly_income_fen=_int_or_none(submitted.get("monthly_income_fen")),
                    work_township=str(submitted.get("work_township") or ""),
                    signed_at=claim.signed_at,
                )
        cleaned = " ".join(note.split())[:200]
        _identity_mark_verified(person, method=IdentityVerification.CASEWORKER, actor=actor)
        _claim_decided(claim, status=IdentityClaimStatus.CONFIRMED, actor=actor, reason=cleaned)
        audit_record(
            actor=actor,
            action=RegistryAction.IDENTITY_CONFIRMED,
            obj=claim,
            changes={
                "person": person.pk,
                "kind": claim.kind,
                "method": IdentityVerification.CASEWORKER,
                "registration": registration.pk if registration is not None else None,
                "note": cleaned,
            },
        )
    return claim


def _int_or_none(value: object) -> int | None:
    return int(value) if isinstance(value, int) else None


def identity_reject(*, actor: User, claim: IdentityClaim, reason: str) -> IdentityClaim:
    """A caseworker of the person's district rejects a worker's claim of an ID number, saying why.

    A worker who created the record by claiming an unknown number loses the link to it, and the
    registration they made with it ends today (the record stays, unverified, for the number's real
    owner); a claim of a number that had a record changes nothing of the record.
    """
    cleaned = " ".join(reason.split())[:200]
    if not cleaned:
        raise _error("请填写驳回原因", "give the reason for rejecting", "reason")
    with transaction.atomic():
        person = _claim_for_decision(actor, claim)
        ended = None
        if claim.kind == IdentityClaimKind.NEW and person.account_id == claim.account_id:
            active = active_registration(person)
            if active is not None:
                ended = registration_end(actor=actor, registration=active, reason="身份核验未通过")
            person.account = None
            person.save(update_fields=["account", "updated_at"])
        _claim_decided(claim, status=IdentityClaimStatus.REJECTED, actor=actor, reason=cleaned)
        audit_record(
            actor=actor,
            action=RegistryAction.IDENTITY_REJECTED,
            obj=claim,
            changes={
                "person": person.pk,
                "kind": claim.kind,
                "registration_ended": ended.pk if ended is not None else None,
                "reason": cleaned,
            },
        )
    return claim


# --- group memberships ------------------------------------------------------------------------------


def _clean_membership_value(kind: str, value_number: int | None, value_text: str) -> tuple[int | None, str]:
    how = fact_value_of(kind)
    label = MembershipKind(kind).label
    if how == FactValue.NUMBER:
        if value_number is None or value_number < 0:
            raise _error(
                f"“{label}”需要填写不小于0的数值", "a non-negative number is required", "value_number"
            )
        return value_number, ""
    if how == FactValue.TEXT:
        text = value_text.strip()
        allowed = EmploymentStatus.values if kind == MembershipKind.EMPLOYMENT_FORM else list(BUSINESS_KINDS)
        if text not in allowed:
            raise _error(
                f"“{label}”的取值应为 {'、'.join(allowed)} 之一",
                "value not allowed for this kind",
                "value_text",
            )
        return None, text
    return None, ""


def membership_record(
    *,
    actor: User | None,
    person: Person,
    kind: str,
    valid_from: datetime.date,
    source: str,
    valid_until: datetime.date | None = None,
    value_number: int | None = None,
    value_text: str = "",
    evidence_reference: str = "",
    evidence_note: str = "",
) -> GroupMembership:
    """Record a group membership (or another dated fact) of ``person`` with its source and evidence.

    For a date fact (e.g. ``hard_to_employ_since``) ``valid_from`` is the date itself (the day certified).
    A caseworker may record only for a person of their districts.
    """
    if actor is not None and not registry_access.user_may_work_person(actor, person):
        raise PermissionDenied(access.MESSAGE_FORBIDDEN)
    if kind not in MembershipKind.values:
        raise _error(f"未知的人员类别 {kind!r}", "unknown membership kind", "kind")
    if source not in MembershipSource.values:
        raise _error(f"未知的信息来源 {source!r}", "unknown source", "source")
    if valid_until is not None and valid_until < valid_from:
        raise _error("截止日期不能早于起始日期", "valid_until is before valid_from", "valid_until")
    number, text = _clean_membership_value(kind, value_number, value_text)
    with transaction.atomic():
        membership = GroupMembership.objects.create(
            person=person,
            kind=kind,
            valid_from=valid_from,
            valid_until=valid_until,
            value_number=number,
            value_text=text,
            source=source,
            evidence_reference=evidence_reference.strip()[:120],
            evidence_note=evidence_note.strip(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=RegistryAction.MEMBERSHIP_RECORDED,
            obj=membership,
            changes={
                "person": person.pk,
                "kind": kind,
                "valid_from": valid_from.isoformat(),
                "valid_until": valid_until.isoformat() if valid_until else None,
                "value_number": number,
                "value_text": text,
                "source": source,
                "evidence_reference": membership.evidence_reference,
            },
        )
    return membership


def membership_end(
    *, actor: User | None, membership: GroupMembership, valid_until: datetime.date
) -> GroupMembership:
    """Close a membership: it holds up to and including ``valid_until``."""
    if actor is not None and not registry_access.user_may_work_person(actor, membership.person):
        raise PermissionDenied(access.MESSAGE_FORBIDDEN)
    if valid_until < membership.valid_from:
        raise _error("截止日期不能早于起始日期", "valid_until is before valid_from", "valid_until")
    if membership.valid_until is not None and membership.valid_until <= valid_until:
        raise _error("该类别已在此日期之前结束", "the membership already ends by then", "valid_until")
    with transaction.atomic():
        membership.valid_until = valid_until
        membership.save(update_fields=["valid_until"])
        audit_record(
            actor=actor,
            action=RegistryAction.MEMBERSHIP_ENDED,
            obj=membership,
            changes={"valid_until": valid_until.isoformat()},
        )
    return membership
