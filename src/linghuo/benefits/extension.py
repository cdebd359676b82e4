"""The social-insurance subsidy's one-time extension (十二), its own caseworker decision.

"就业困难人员享受灵活就业社保补贴政策期满仍未实现稳定就业的，根据实际情况将社保补贴享受期限一次性延长，
延长期不超过1年。" Read so:

- only a 就业困难人员's entitlement of the subsidy (a graduate's has no extension), active, whose
  person has not had the extension in an earlier spell (``si_extension_used`` in its decision's facts);
- once per entitlement (a database one-to-one), at most ``social_insurance_subsidy.extension_months``
  months (the parameter, 12 from the seed's "不超过1年"; the database also refuses more than 12);
- only when the original term is (nearly) over — "期满仍未实现稳定就业的": it is refused while more than
  ``casework.social_insurance_subsidy_extension_months_left_at_most`` months of the cap remain unpaid
  (the months paid across the person's claims, as payments counts them: a count or a callable passed in,
  else the source payments registers with ``months_paid_register``);
- the caseworker writes why the person is still not in stable employment (the reason is required);
- maker-checker as for cases: one caseworker prepares it (``entitlement_extend``), another caseworker of
  the district or a reviewer approves it (``extension_approve``), never the preparer — in the service
  and by a database check. Only the approval raises the entitlement's ``months_cap``. Both audited.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils import timezone

from linghuo.accounts.access import Permission, user_has_permission
from linghuo.accounts.models import User
from linghuo.audit.services import audit_record
from linghuo.benefits import deadlines
from linghuo.benefits.delivery import SOCIAL_INSURANCE_SUBSIDY
from linghuo.benefits.errors import BenefitsError, ConflictError, MakerCheckerError, NotAllowedError
from linghuo.benefits.models import (
    Entitlement,
    EntitlementExtension,
    EntitlementKind,
    EntitlementStatus,
    ExtensionStatus,
)
from linghuo.policy.parameters import load as load_parameters
from linghuo.registry.access import user_may_work_person

EXTENSION_PARAMETER = "social_insurance_subsidy.extension_months"
MONTHS_LEFT_PARAMETER = "casework.social_insurance_subsidy_extension_months_left_at_most"

MonthsPaid = Callable[[Entitlement], int]
_months_paid_source: list[MonthsPaid] = []  # payments registers its count (it imports benefits, not back)


def months_paid_register(source: MonthsPaid) -> None:
    """Where the months paid of an entitlement are counted when a caller gives none (payments' ready())."""
    _months_paid_source[:] = [source]


def _months_paid(entitlement: Entitlement, given: int | MonthsPaid | None) -> int:
    if given is None:
        given = _months_paid_source[0] if _months_paid_source else 0
    return given(entitlement) if callable(given) else given


def _check_term_nearly_over(entitlement: Entitlement, months_paid: int, *, on: datetime.date) -> None:
    """十二 "期满仍未实现稳定就业的": extended when the term ends, prepared at most the parameter's months
    before."""
    left_at_most = deadlines.casework_params(on).integer(MONTHS_LEFT_PARAMETER)
    left = (entitlement.months_cap or 0) - months_paid
    if left > left_at_most:
        raise ConflictError(
            f"原享受期限尚有{left}个月未发放，期满前{left_at_most}个月内方可办理延长",
            f"{left} months of the subsidy remain unpaid: the extension is prepared only in the last "
            f"{left_at_most} month(s) of the term",
        )


class ExtensionAction(enum.StrEnum):
    PREPARED = "benefits.extension_prepared"
    APPROVED = "benefits.extension_approved"


def extension_months_limit(on: datetime.date) -> int:
    """The longest extension in months on ``on`` (十二 "延长期不超过1年")."""
    return load_parameters().at(on).integer(EXTENSION_PARAMETER)


def _check_extendable(entitlement: Entitlement) -> None:
    if entitlement.measure != SOCIAL_INSURANCE_SUBSIDY or entitlement.kind != EntitlementKind.PERIODIC:
        raise BenefitsError("只有灵活就业社保补贴可以延长", "only the social-insurance subsidy is extended")
    if entitlement.status != EntitlementStatus.ACTIVE:
        raise ConflictError("该待遇已结束或已撤销，不能延长", "this entitlement has ended or was revoked")
    decision = entitlement.case.decision
    facts = decision.facts if decision is not None else {}
    if not facts.get("hard_to_employ_since"):
        raise BenefitsError(
            "一次性延长只适用于就业困难人员（离校2年内未就业高校毕业生不适用）",
            "the one-time extension is for the hard to employ only (not for graduates)",
        )
    if facts.get("si_extension_used"):
        raise ConflictError(
            "此前已享受过一次性延长，不能再次延长",
            "the one-time extension was already given in an earlier spell",
        )


def entitlement_extend(
    entitlement: Entitlement,
    *,
    by: User,
    months: int,
    reason: str,
    months_paid: int | MonthsPaid | None = None,
    now: datetime.datetime | None = None,
) -> EntitlementExtension:
    """Prepare the one-time extension of ``entitlement`` by ``months`` (the maker: a caseworker of the
    person's district) once its term is (nearly) over (``months_paid``: a count or a callable; None, the
    registered source); it takes effect when another person approves it."""
    at = now or timezone.now()
    limit = extension_months_limit(timezone.localdate(at))
    if not reason.strip():
        raise BenefitsError(
            "延长须写明期满仍未实现稳定就业的情况",
            "an extension needs the reason: still not in stable employment",
        )
    if not 1 <= months <= limit:
        raise BenefitsError(
            f"延长期为1至{limit}个月（十二：延长期不超过1年）",
            f"an extension is 1 to {limit} months (十二: at most one year)",
        )
    with transaction.atomic():
        locked = (
            Entitlement.objects.select_for_update(of=("self",))
            .select_related("person", "case__decision")
            .get(pk=entitlement.pk)
        )
        if not user_may_work_person(by, locked.person):
            raise NotAllowedError(
                "只能办理本人负责区县的待遇", "you may only work entitlements of your districts"
            )
        _check_extendable(locked)
        _check_term_nearly_over(locked, _months_paid(locked, months_paid), on=timezone.localdate(at))
        try:
            with transaction.atomic():
                extension = EntitlementExtension.objects.create(
                    entitlement=locked,
                    months=months,
                    reason=reason.strip(),
                    months_cap_before=locked.months_cap or 0,
                    prepared_by=by,
                    prepared_at=at,
                )
        except IntegrityError:
            raise ConflictError(
                "社保补贴享受期限只能一次性延长，该待遇已办理过延长",
                "the subsidy is extended once only, and this one was",
            ) from None
        audit_record(
            actor=by,
            action=ExtensionAction.PREPARED,
            obj=extension,
            changes={"entitlement": locked.pk, "months": months},
        )
    return extension


def extension_approve(
    extension: EntitlementExtension, *, by: User, now: datetime.datetime | None = None
) -> EntitlementExtension:
    """The checker approves a prepared extension (never its preparer): ``months_cap`` is raised by its
    months."""
    at = now or timezone.now()
    with transaction.atomic():
        locked = EntitlementExtension.objects.select_for_update().get(pk=extension.pk)
        entitlement = (
            Entitlement.objects.select_for_update(of=("self",))
            .select_related("person", "case__decision")
            .get(pk=locked.entitlement_id)
        )
        if not (
            user_may_work_person(by, entitlement.person) or user_has_permission(by, Permission.CASE_REVIEW)
        ):
            raise NotAllowedError(
                "只能审核本人负责区县的待遇", "you may only check entitlements of your districts"
            )
        if locked.status != ExtensionStatus.PREPARED:
            raise ConflictError("该延长已批准", "this extension is already approved")
        if locked.prepared_by_id == by.pk:
            raise MakerCheckerError(
                "初审人不能批准自己初审的延长，须由另一名工作人员审核",
                "the person who prepared an extension may not approve it; another person checks it",
            )
        _check_extendable(entitlement)
        locked.status, locked.approved_by, locked.approved_at = ExtensionStatus.APPROVED, by, at
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        entitlement.months_cap = (entitlement.months_cap or 0) + locked.months
        entitlement.save(update_fields=["months_cap"])
        audit_record(
            actor=by,
            action=ExtensionAction.APPROVED,
            obj=locked,
            changes={"entitlement": entitlement.pk, "months_cap": entitlement.months_cap},
        )
    return locked
