"""Account writes: creating users, changing roles, organisation memberships, caseworker districts.

Each service runs in a transaction and records what it did in the audit log. Personal values (the
mobile number, the name) reach the log only as keyed lookup hashes inside the digest.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction

from linghuo import personal_data
from linghuo.accounts.mobile import mobile_validate
from linghuo.accounts.models import (
    CaseworkerScope,
    MemberRole,
    OrganisationMembership,
    Role,
    User,
    validate_district_code,
)
from linghuo.audit.models import AuditAction
from linghuo.audit.services import audit_record


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError as exc:
        raise ValidationError(f"未知角色 {value!r} / unknown role", code="role") from exc


def user_create(
    *,
    mobile: str,
    password: str,
    name: str,
    role: str,
    actor: User | None = None,
    check_password_strength: bool = True,
) -> User:
    """Create an account that logs in with ``mobile`` and ``password`` (hashed with Argon2)."""
    number = mobile_validate(mobile)
    chosen = _role(role)
    if not name.strip():
        raise ValidationError("请填写姓名 / a name is required", code="name")
    if User.objects.filter(mobile_hash=personal_data.lookup_hash(number)).exists():
        raise ValidationError("该手机号已注册 / this mobile number already has an account", code="duplicate")
    if check_password_strength:
        validate_password(password)
    with transaction.atomic():
        user = User.objects.create_user(
            number,
            password,
            name=name.strip(),
            role=chosen,
            is_staff=chosen == Role.ADMIN,
        )
        audit_record(
            actor=actor,
            action=AuditAction.USER_CREATED,
            obj=user,
            changes={
                "mobile_hash": user.mobile_hash,
                "name_hash": personal_data.lookup_hash(user.name),
                "role": user.role,
            },
        )
    return user


def user_set_role(*, actor: User | None, user: User, role: str) -> User:
    """Give ``user`` another role; district scopes and memberships stay but only count for their role."""
    chosen = _role(role)
    if user.role == chosen:
        return user
    with transaction.atomic():
        previous = user.role
        user.role = chosen
        user.is_staff = chosen == Role.ADMIN
        user.save(update_fields=["role", "is_staff"])
        audit_record(
            actor=actor,
            action=AuditAction.USER_ROLE_CHANGED,
            obj=user,
            changes={"role": chosen.value, "previous_role": previous},
        )
    return user


def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    """Set a new password after checking its strength."""
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit_record(
            actor=actor,
            action=AuditAction.USER_PASSWORD_CHANGED,
            obj=user,
            changes={"password": "changed"},
        )
    return user


def membership_add(
    *,
    actor: User | None,
    user: User,
    organisation: models.Model,
    member_role: str = MemberRole.STAFF,
) -> OrganisationMembership:
    """Let an organisation-member account act for ``organisation`` (idempotent).

    ``organisation`` is a ``registry.Organisation``: accounts knows it only through the membership's relation.
    """
    if user.role != Role.ORGANISATION:
        raise ValidationError(
            "只有单位成员账号可以加入单位 / only organisation-member accounts join organisations",
            code="role",
        )
    chosen = MemberRole(member_role)
    with transaction.atomic():
        membership, created = OrganisationMembership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"member_role": chosen}
        )
        if not created and membership.member_role == chosen:
            return membership
        if not created:
            membership.member_role = chosen
            membership.save(update_fields=["member_role"])
        audit_record(
            actor=actor,
            action=AuditAction.MEMBERSHIP_ADDED,
            obj=membership,
            changes={"user": user.pk, "organisation": organisation.pk, "member_role": chosen.value},
        )
    return membership


def membership_remove(*, actor: User | None, membership: OrganisationMembership) -> None:
    """End a user's membership of an organisation."""
    with transaction.atomic():
        changes = {"user": membership.user_id, "organisation": membership.organisation_id}
        object_id = membership.pk
        membership.delete()
        audit_record(
            actor=actor,
            action=AuditAction.MEMBERSHIP_REMOVED,
            object_type=OrganisationMembership._meta.label_lower,
            object_id=object_id,
            changes=changes,
        )


def caseworker_scope_set(*, actor: User | None, user: User, district_codes: Iterable[str]) -> list[str]:
    """Make ``district_codes`` (current county codes) exactly the districts a caseworker works in."""
    if user.role != Role.CASEWORKER:
        raise ValidationError("只有经办人员有经办区域 / only caseworkers have districts", code="role")
    codes = sorted({code.strip() for code in district_codes})
    if not codes:
        raise ValidationError("至少指定一个区县 / give at least one district", code="district")
    for code in codes:
        validate_district_code(code)
    with transaction.atomic():
        current = set(user.district_scopes.values_list("district_code", flat=True))
        if current == set(codes):
            return codes
        user.district_scopes.exclude(district_code__in=codes).delete()
        CaseworkerScope.objects.bulk_create(
            [CaseworkerScope(user=user, district_code=code) for code in codes if code not in current]
        )
        audit_record(
            actor=actor,
            action=AuditAction.CASEWORKER_SCOPE_SET,
            obj=user,
            changes={"district_codes": codes, "previous_district_codes": sorted(current)},
        )
    return codes


def user_get_or_create_demo(
    *,
    mobile: str,
    password: str,
    name: str,
    role: str,
    district_codes: Iterable[str] = (),
    organisation: models.Model | None = None,
    member_role: str = MemberRole.ADMINISTRATOR,
) -> tuple[User, bool]:
    """The demo account for ``mobile``, created (with its districts or organisation) when missing.

    Running it again changes nothing and records nothing: an existing account is returned as it is.
    """
    number = mobile_validate(mobile)
    existing = User.objects.filter(mobile_hash=personal_data.lookup_hash(number)).first()
    if existing is not None:
        return existing, False
    with transaction.atomic():
        user = user_create(
            mobile=number, password=password, name=name, role=role, check_password_strength=False
        )
        codes = list(district_codes)
        if codes:
            caseworker_scope_set(actor=None, user=user, district_codes=codes)
        if organisation is not None:
            membership_add(actor=None, user=user, organisation=organisation, member_role=member_role)
    return user, True
