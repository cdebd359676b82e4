"""``/api/v1/me``: the logged-in account."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from linghuo.accounts import access
from linghuo.accounts.access import ApiPermission, Permission
from linghuo.accounts.models import Role

router = Router(tags=["accounts"])


class Me(Schema):
    id: int
    name: str
    role: str
    role_label: str
    mobile_masked: str
    district_codes: list[str]
    organisation_ids: list[int]
    permissions: list[str]


@router.get("/me", response=Me, auth=ApiPermission(Permission.ACCOUNT_VIEW_OWN))
def me(request: HttpRequest) -> Me:
    """The account that is logged in: role, masked mobile, districts or organisations, permissions."""
    user = access.request_user(request)
    return Me(
        id=user.pk,
        name=user.name,
        role=user.role,
        role_label=str(Role(user.role).label),
        mobile_masked=user.mobile_masked,
        district_codes=sorted(access.caseworker_district_codes(user)),
        organisation_ids=sorted(user.memberships.values_list("organisation_id", flat=True)),
        permissions=sorted(access.user_permissions(user)),
    )
