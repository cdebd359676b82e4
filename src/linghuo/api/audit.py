"""``/api/v1/audit/verify``: the audit chain's state, for managers and administrators."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from linghuo.accounts.access import ApiPermission, Permission
from linghuo.audit.services import audit_verify

router = Router(tags=["audit"])


class Verification(Schema):
    ok: bool
    checked: int
    broken_sequence: int | None
    message: str
    # the anchor file's latest anchor, which the chain was checked against (null: none recorded yet)
    anchor_checked: bool
    anchor_sequence: int | None
    anchor_message: str


class VerifyQuery(Schema):
    anchor: str | None = Field(
        None,
        pattern=r"^[0-9]+:[0-9a-f]{64}$",
        description="an anchor kept earlier (SEQUENCE:HASH, printed by `linghuo audit verify`): checked too",
        max_length=90,
    )


@router.get("/audit/verify", response=Verification, auth=ApiPermission(Permission.AUDIT_VIEW))
def verify(request: HttpRequest, query: Query[VerifyQuery]) -> Verification:
    """Walk the audit log's keyed chain and report the first broken entry, if any; check it against the
    anchor file's latest anchor (and ``anchor`` when given), and when it holds append an anchor of it."""
    result = audit_verify(anchor=query.anchor)
    return Verification(
        ok=result.ok,
        checked=result.checked,
        broken_sequence=result.broken_sequence,
        message=result.message(),
        anchor_checked=result.anchor_sequence is not None,
        anchor_sequence=result.anchor_sequence,
        anchor_message=result.anchor_message(),
    )
