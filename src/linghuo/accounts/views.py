"""Login, logout and the account page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from linghuo.accounts import access
from linghuo.accounts.access import Permission
from linghuo.accounts.forms import MobileLoginForm
from linghuo.accounts.lockout import address_locked
from linghuo.accounts.models import Role, User


def lockout_message() -> str:
    """The message a locked number sees, in the page's language."""
    return gettext(
        "该手机号登录失败次数过多，已被暂时锁定。请 %(minutes)s 分钟后再试；如忘记密码，请联系所在地人社部门。"  # noqa: E501 — one message id
    ) % {"minutes": settings.LINGHUO_LOGIN_LOCKOUT_MINUTES}


def address_lockout_message() -> str:
    """The message when the visitor's address is locked (failed logins for many numbers from it)."""
    return gettext(
        "此网络地址登录失败次数过多，已暂停从这里登录。请 %(minutes)s 分钟后再试；如忘记密码，请联系所在地人社部门。"  # noqa: E501 — one message id
    ) % {"minutes": settings.LINGHUO_LOGIN_LOCKOUT_MINUTES}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = MobileLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes's lockout response: the login page with the lockout message (the address's when the
    address is locked, else the number's), status 429."""
    form = MobileLoginForm(request)
    message = address_lockout_message() if address_locked(request, credentials) else lockout_message()
    return render(request, "accounts/login.html", {"form": form, "locked_message": message}, status=429)


@access.page_requires(Permission.ACCOUNT_VIEW_OWN)
def me(request: HttpRequest) -> HttpResponse:
    """The logged-in user's own account: name, role, masked mobile, districts or organisations."""
    user = access.request_user(request)
    return render(request, "accounts/me.html", account_context(user))


def account_context(user: User) -> dict[str, Any]:
    """What the account page and ``GET /api/v1/me`` show about a user."""
    return {
        "account": user,
        "role_label": Role(user.role).label,
        "mobile_masked": user.mobile_masked,
        "district_codes": sorted(access.caseworker_district_codes(user)),
        "memberships": list(user.memberships.select_related("organisation").order_by("organisation__name")),
        "permissions": sorted(access.user_permissions(user)),
    }


@access.page_requires(Permission.ACCOUNTS_MANAGE)
def user_list(request: HttpRequest) -> HttpResponse:
    """Every account with its role and masked mobile (administrators only)."""
    users = User.objects.order_by("role", "id")
    return render(request, "accounts/user_list.html", {"users": users})
