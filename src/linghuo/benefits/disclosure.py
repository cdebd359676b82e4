"""Public disclosure (公示) of approved subsidies and the objections to them.

An entitlement that pays money is published the day it is approved, for a number of Chinese working days
(:mod:`linghuo.benefits.publication`). The public page shows it with the name and ID number masked,
grouped by measure and district.

Anyone may object while the period runs (``objection_file``: a text, an optional contact phone stored
encrypted). Payments hold an entitlement (``selectors.payment_held``) until its period has ended and no
objection to it is open; a reviewer (``Permission.CASE_REVIEW``) resolves an objection
(``objection_resolve``): upheld revokes the entitlement (``services.revoke_entitlement``), dismissed
releases the hold. Every write is audited; the contact never enters the audit log.
"""

from __future__ import annotations

import datetime
import enum
import re

from django.db import transaction
from django.utils import timezone

from linghuo import personal_data
from linghuo.accounts.access import Permission, user_has_permission
from linghuo.accounts.models import User
from linghuo.audit.models import AuditAction
from linghuo.audit.services import audit_record
from linghuo.benefits import services
from linghuo.benefits.errors import BenefitsError, ConflictError, NotAllowedError
from linghuo.benefits.models import (
    Disclosure,
    EntitlementStatus,
    Objection,
    ObjectionStatus,
)
from linghuo.benefits.publication import disclosure_days, disclosure_ends_on, disclosure_publish

TEXT_MAX = 2000
_CONTACT = re.compile(r"^\+?[0-9][0-9 \-]{5,22}[0-9]$")

__all__ = [
    "disclosure_days",
    "disclosure_ends_on",
    "disclosure_publish",
    "objection_contact_reveal",
    "objection_file",
    "objection_resolve",
]


class DisclosureAction(enum.StrEnum):
    OBJECTION_FILED = "benefits.objection_filed"
    OBJECTION_RESOLVED = "benefits.objection_resolved"


def _contact_clean(contact: str) -> str:
    value = contact.strip()
    if value and not _CONTACT.match(value):
        raise BenefitsError(
            "联系电话格式不正确（只能填写数字，可含空格或短横线）",
            "the contact phone is not valid (digits only, spaces or hyphens allowed)",
        )
    return re.sub(r"[ \-]", "", value)


def objection_file(
    disclosure: Disclosure,
    *,
    text: str,
    contact: str = "",
    by: User | None = None,
    now: datetime.datetime | None = None,
) -> Objection:
    """File an objection to a disclosed subsidy while its period runs (anyone, signed in or not); the
    entitlement is held from now until a reviewer resolves it."""
    at = now or timezone.now()
    today = timezone.localdate(at)
    body = text.strip()
    if not body:
        raise BenefitsError("请填写异议内容", "please write what the objection is")
    if len(body) > TEXT_MAX:
        raise BenefitsError(
            f"异议内容不能超过 {TEXT_MAX} 字", f"the objection may be at most {TEXT_MAX} characters"
        )
    phone = _contact_clean(contact)
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().select_related("entitlement").get(pk=disclosure.pk)
        if today < locked.published_on or today > locked.ends_on:
            raise ConflictError(
                f"公示期为{locked.published_on:%Y年%m月%d日}至{locked.ends_on:%Y年%m月%d日}，不在公示期内不能提出异议",
                f"objections are taken during the disclosure, {locked.published_on} to {locked.ends_on}",
            )
        if locked.entitlement.status == EntitlementStatus.REVOKED:
            raise ConflictError("该待遇已撤销", "this subsidy has been revoked")
        objection = Objection.objects.create(
            disclosure=locked,
            text=body,
            contact_encrypted=personal_data.encrypt(phone) if phone else "",
            contact_masked=personal_data.mask_mobile(phone) if phone else "",
        )
        audit_record(
            actor=by,
            action=DisclosureAction.OBJECTION_FILED,
            obj=objection,
            changes={"disclosure": locked.pk, "entitlement": locked.entitlement_id, "status": "open"},
        )
    return objection


def objection_contact_reveal(objection: Objection, *, by: User) -> str:
    """The full contact phone for the reviewer who calls the objector back ("" when none given); every
    reveal, and every refusal, is in the audit log. Only a reviewer with the personal-data permission."""
    allowed = user_has_permission(by, Permission.CASE_REVIEW) and user_has_permission(
        by, Permission.PERSONAL_DATA_VIEW
    )
    audit_record(
        actor=by,
        action=AuditAction.PERSONAL_DATA_VIEWED if allowed else AuditAction.PERSONAL_DATA_VIEW_REFUSED,
        obj=objection,
        changes={"fields": "contact", "purpose": "objection_call_back"},
    )
    if not allowed:
        raise NotAllowedError(
            "只有复核人员可以查看异议人的联系电话", "only reviewers see an objector's phone"
        )
    return personal_data.decrypt(objection.contact_encrypted) if objection.contact_encrypted else ""


def objection_resolve(
    objection: Objection,
    *,
    by: User,
    upheld: bool,
    reason_zh: str,
    reason_en: str,
    now: datetime.datetime | None = None,
) -> Objection:
    """A reviewer resolves an open objection with its reason (Chinese and English): upheld revokes the
    entitlement, dismissed releases the hold (once no other objection to it is open)."""
    at = now or timezone.now()
    if not user_has_permission(by, Permission.CASE_REVIEW):
        raise NotAllowedError("只有复核人员可以处理公示异议", "only reviewers resolve objections")
    zh, en = reason_zh.strip(), reason_en.strip()
    if not zh or not en:
        raise BenefitsError(
            "处理公示异议须写明理由（中文和英文）",
            "resolving an objection needs a reason, in Chinese and in English",
        )
    with transaction.atomic():
        locked = (
            Objection.objects.select_for_update(of=("self",))
            .select_related("disclosure__entitlement")
            .get(pk=objection.pk)
        )
        if locked.status != ObjectionStatus.OPEN:
            raise ConflictError(
                f"该异议已处理（{ObjectionStatus(locked.status).label}）",
                f"this objection is already resolved ({locked.status})",
            )
        locked.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
        locked.resolved_by, locked.resolved_at = by, at
        locked.resolution_reason_zh, locked.resolution_reason_en = zh, en
        locked.save(
            update_fields=[
                "status",
                "resolved_by",
                "resolved_at",
                "resolution_reason_zh",
                "resolution_reason_en",
            ]
        )
        audit_record(
            actor=by,
            action=DisclosureAction.OBJECTION_RESOLVED,
            obj=locked,
            changes={"status": locked.status, "entitlement": locked.disclosure.entitlement_id},
        )
        if upheld:
            services.revoke_entitlement(
                locked.disclosure.entitlement,
                by=by,
                reason=f"公示异议成立：{zh} / objection upheld: {en}",
                now=at,
            )
    return locked
