"""Login, logout, sign-up and the account page."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_client_ip_address  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters

from linghuo.accounts import access, signup, sms
from linghuo.accounts.access import Permission
from linghuo.accounts.forms import MobileLoginForm, SignupConfirmForm, SignupForm
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


# --- sign-up ---------------------------------------------------------------------------------------------

_SIGNUP_SESSION_KEY = "linghuo_signup_code"  # the pending SignupCode's id (never the number)
_CODE_ERRORS = {"expired", "void", "wrong", "duplicate"}


def _signup_closed(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup.html", {"form": None, "closed": True})


@sensitive_post_parameters("mobile")
def signup_start(request: HttpRequest) -> HttpResponse:
    """注册账号, step one: the mobile number; every valid number gets the same answer ("验证码已发送")."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if not sms.sign_up_open():
        return _signup_closed(request)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = signup.signup_code_send(
                mobile=form.cleaned_data["mobile"], address=get_client_ip_address(request)
            )
        except signup.SignupThrottledError as throttled:
            response = render(
                request, "accounts/signup.html", {"form": form, "throttled": throttled.message}, status=429
            )
            response["Retry-After"] = str(throttled.retry_after)
            return response
        request.session[_SIGNUP_SESSION_KEY] = sent.code_id
        return redirect("accounts:signup_confirm")
    return render(request, "accounts/signup.html", {"form": form})


def _add_confirm_error(form: SignupConfirmForm, error: ValidationError) -> None:
    """A service's refusal next to the field it concerns: the code's, the name's, else the password's."""
    for item in error.error_list:
        field = "code" if item.code in _CODE_ERRORS else "name" if item.code == "name" else "password1"
        form.add_error(field, item)


@sensitive_post_parameters("code", "password1", "password2")
def signup_confirm(request: HttpRequest) -> HttpResponse:
    """注册账号, step two: the code, a name and a password → a worker's account, logged in, on to register."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    if not sms.sign_up_open():
        return _signup_closed(request)
    code_id = int(request.session.get(_SIGNUP_SESSION_KEY) or 0)
    mobile_masked = signup.signup_code_masked(code_id) if code_id else None
    if mobile_masked is None:
        return redirect("accounts:signup")
    form = SignupConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = signup.signup_confirm(
                code_id=code_id, code=data["code"], name=data["name"], password=data["password1"]
            )
        except ValidationError as error:
            _add_confirm_error(form, error)
        else:
            login(request, user, backend="linghuo.accounts.backends.MobileBackend")
            request.session.pop(_SIGNUP_SESSION_KEY, None)
            return redirect("registry:register")
    context = {"form": form, "mobile_masked": mobile_masked, "minutes": signup.CODE_MINUTES}
    return render(request, "accounts/signup_confirm.html", context)
