"""Who may do what: the roles, the permissions they hold and a caseworker's districts, which every app needs.

Views, API endpoints and services elsewhere ask this module for:

- named permissions (``Permission``) and the roles that hold them (``ROLE_PERMISSIONS``);
- ``user_has_permission(user, permission)`` for a yes/no;
- ``page_requires(permission)``, a decorator for Django views: an anonymous visitor is sent to the
  login page, a logged-in user without the permission gets a 403 page;
- ``ApiPermission(permission)``, a django-ninja auth: 401 JSON when not logged in, 403 JSON when the
  role lacks the permission, each with a Chinese message;
- a caseworker's districts: ``caseworker_district_codes``, ``caseworker_may_access_district``,
  ``user_may_access_district``, ``user_may_work_district``.

The checks of one object sit beside its model, in its own app (``linghuo.registry.access`` for a
person or an organisation, ``linghuo.collection.access`` for a submission), and build on these.

>>> Permission.CASE_WORK in ROLE_PERMISSIONS[Role.CASEWORKER]
True
>>> Permission.CASE_WORK in ROLE_PERMISSIONS[Role.WORKER]
False
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.errors import HttpError
from ninja.security import SessionAuth

from linghuo import divisions
from linghuo.accounts.models import Role, User


class Permission(enum.StrEnum):
    ACCOUNT_VIEW_OWN = "account.view_own"  # one's own account page and /api/v1/me
    WORKER_SELF_SERVICE = "worker.self_service"  # register, apply, follow one's own cases
    ORGANISATION_SUBMIT = "organisation.submit"  # rosters, postings, declarations for one's organisation
    ORGANISATION_VIEW_OWN = "organisation.view_own"  # one's organisation's page and its members
    CASE_WORK = "case.work"  # work a queue in one's districts
    INSIGHTS_VIEW = "insights.view"  # dashboards and exports
    PERSONAL_DATA_VIEW = "personal_data.view"  # full (unmasked) ID and mobile numbers, logged
    AUDIT_VIEW = "audit.view"  # the audit log and its verification
    ACCOUNTS_MANAGE = "accounts.manage"  # create accounts, change roles, districts, memberships
    SUBMISSIONS_OVERSEE = "submissions.oversee"  # rosters submitted in one's districts (city-wide: all)
    CONTRIBUTIONS_IMPORT = "contributions.import"  # upload the social-insurance agency's records
    CASE_REVIEW = "case.review"  # second check of benefit cases and reconsiderations, city-wide
    CASES_OVERSEE = "cases.oversee"  # overdue and escalated benefit cases, city-wide
    PAYMENTS_MANAGE = "payments.manage"  # payment batches, bank files, reconciliation, city-wide


_EVERYONE = frozenset({Permission.ACCOUNT_VIEW_OWN})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.WORKER: _EVERYONE | {Permission.WORKER_SELF_SERVICE},
    Role.ORGANISATION: _EVERYONE | {Permission.ORGANISATION_SUBMIT, Permission.ORGANISATION_VIEW_OWN},
    Role.CASEWORKER: _EVERYONE
    | {
        Permission.CASE_WORK,
        Permission.PERSONAL_DATA_VIEW,
        Permission.SUBMISSIONS_OVERSEE,
        Permission.CONTRIBUTIONS_IMPORT,
    },
    # A reviewer's second check and finance's payment work get their permissions with casework and payments.
    Role.REVIEWER: _EVERYONE | {Permission.PERSONAL_DATA_VIEW, Permission.CASE_REVIEW},
    Role.FINANCE: _EVERYONE | {Permission.PAYMENTS_MANAGE},
    Role.MANAGER: _EVERYONE
    | {
        Permission.INSIGHTS_VIEW,
        Permission.AUDIT_VIEW,
        Permission.SUBMISSIONS_OVERSEE,
        Permission.CASES_OVERSEE,
    },
    Role.ADMIN: _EVERYONE
    | {
        Permission.ACCOUNTS_MANAGE,
        Permission.AUDIT_VIEW,
        Permission.INSIGHTS_VIEW,
        Permission.SUBMISSIONS_OVERSEE,
        Permission.CONTRIBUTIONS_IMPORT,
    },
}

# Roles that work city-wide (every district); caseworkers work only in their scoped districts.
_CITY_WIDE_ROLES = frozenset({Role.REVIEWER, Role.FINANCE, Role.MANAGER, Role.ADMIN})

MESSAGE_LOGIN_REQUIRED = "请先登录。/ Log in first."
MESSAGE_FORBIDDEN = "您的角色无权访问此内容。/ Your role may not access this."

AnyUser = User | AnonymousUser


def active_user(user: AnyUser | None) -> User | None:
    """The user as an account when logged in and active; ``None`` for anyone else."""
    if isinstance(user, User) and user.is_active:
        return user
    return None


def user_permissions(user: AnyUser | None) -> frozenset[Permission]:
    """The permissions an active user holds through their role; none for anyone else."""
    account = active_user(user)
    if account is None:
        return frozenset()
    return ROLE_PERMISSIONS.get(Role(account.role), frozenset())


def user_has_permission(user: AnyUser | None, permission: Permission) -> bool:
    """Whether ``user`` (logged in and active) holds ``permission`` through their role."""
    return permission in user_permissions(user)


def caseworker_district_codes(user: AnyUser | None) -> frozenset[str]:
    """The county codes a caseworker is scoped to; empty for anyone else."""
    account = active_user(user)
    if account is None or account.role != Role.CASEWORKER:
        return frozenset()
    return frozenset(account.district_scopes.values_list("district_code", flat=True))


def _current_code(code: str) -> str | None:
    try:
        return divisions.current_county_code(code)
    except KeyError:
        return None


def caseworker_may_access_district(user: AnyUser | None, code: str) -> bool:
    """A caseworker may access a district (a historical code counts as its successor) in their scope.

    A township code (9 digits) counts as its county.
    """
    current = _current_code(code[:6])
    return current is not None and current in caseworker_district_codes(user)


def user_may_access_district(user: AnyUser | None, code: str) -> bool:
    """Case data of a district: caseworkers in their scope, reviewers, finance, managers, admins all."""
    account = active_user(user)
    if account is None:
        return False
    if account.role in _CITY_WIDE_ROLES:
        return _current_code(code[:6]) is not None
    return caseworker_may_access_district(account, code)


def user_may_work_district(user: AnyUser | None, code: str) -> bool:
    """Case work (recording, checking) in a district: a caseworker scoped to it, nobody else."""
    return user_has_permission(user, Permission.CASE_WORK) and caseworker_may_access_district(user, code)


def user_may_oversee_all_submissions(user: AnyUser | None) -> bool:
    """Roster submissions city-wide: managers and administrators (caseworkers see their districts')."""
    account = active_user(user)
    return (
        account is not None
        and account.role in _CITY_WIDE_ROLES
        and user_has_permission(account, Permission.SUBMISSIONS_OVERSEE)
    )


# Public, no login: the policy calculator. ``POST /api/v1/eligibility`` evaluates facts its caller sends
# (nothing is read from the registry) and ``GET /api/v1/measures`` lists the measures and parameters:
# the policy's own public content, like the measure pages, so anyone may call them (``auth=PUBLIC``).
PUBLIC = None


def statistics_district_codes(user: AnyUser | None) -> frozenset[str] | None:
    """The districts whose statistics (new urban employment, …) a user sees: every one (``None``) with
    ``INSIGHTS_VIEW`` (managers, administrators); a caseworker's own; none (empty) for anyone else."""
    if user_has_permission(user, Permission.INSIGHTS_VIEW):
        return None
    if user_has_permission(user, Permission.CASE_WORK):
        return caseworker_district_codes(user)
    return frozenset()


def user_may_view_statistics(user: AnyUser | None) -> bool:
    """Whether a user sees statistics of at least one district."""
    districts = statistics_district_codes(user)
    return districts is None or bool(districts)


def user_may_view_screening(user: AnyUser | None) -> bool:
    """Registry screening runs (progress, figures): managers and administrators all districts',
    caseworkers their districts'; starting a run and what-if runs need ``INSIGHTS_VIEW``."""
    return user_may_view_statistics(user)


ViewFunction = TypeVar("ViewFunction", bound=Callable[..., HttpResponse])


def page_requires(permission: Permission) -> Callable[[ViewFunction], ViewFunction]:
    """Decorate a Django view: anonymous → redirect to login; lacking ``permission`` → 403."""

    def decorate(view: ViewFunction) -> ViewFunction:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_permission(request.user, permission):
                return forbidden_page(request)
            return view(request, *args, **kwargs)

        return cast(ViewFunction, checked)

    return decorate


def forbidden_page(request: HttpRequest) -> HttpResponse:
    """The 403 page, in Chinese, for a logged-in user whose role lacks a permission."""
    return render(request, "accounts/forbidden.html", {"message": MESSAGE_FORBIDDEN}, status=403)


def request_user(request: HttpRequest) -> User:
    """The logged-in user of a request that passed a permission check."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied(MESSAGE_LOGIN_REQUIRED)
    return user


class ApiPermission(SessionAuth):
    """django-ninja auth for an endpoint: session login plus one named permission.

    ``@router.get("/x", auth=ApiPermission(Permission.CASE_WORK))``. Answers 401 when not logged
    in and 403 when the role lacks the permission, both as JSON ``{"detail": "…"}`` in Chinese.
    """

    def __init__(self, permission: Permission) -> None:
        super().__init__()
        self.permission = permission

    def authenticate(self, request: HttpRequest, key: str | None) -> User:
        user = request.user
        if not isinstance(user, User) or not user.is_active:
            raise HttpError(401, MESSAGE_LOGIN_REQUIRED)
        if not user_has_permission(user, self.permission):
            raise HttpError(403, MESSAGE_FORBIDDEN)
        return user
