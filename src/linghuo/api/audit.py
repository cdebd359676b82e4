"""``/api/v1/audit/verify``: the audit chain's state, for managers and administrators."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from linghuo.accounts.access import ApiPermission, Permission
from linghuo.audit.services import audit_verify

router = Router(tags=["audit"])


class Verification(Schema):
    ok: bool
    checked: int
    broken_sequence: int | None
    message: str


@router.get("/audit/verify", response=Verification, auth=ApiPermission(Permission.AUDIT_VIEW))
def verify(request: HttpRequest) -> Verification:
    """Walk the audit log's hash chain and report the first broken entry, if any."""
    result = audit_verify()
    return Verification(
        ok=result.ok, checked=result.checked, broken_sequence=result.broken_sequence, message=result.message()
    )
