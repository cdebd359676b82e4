"""The login and sign-up forms: mobile number and password (and a one-time code), with errors in the page's
language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from linghuo.accounts.mobile import mobile_validate


class MobileLoginForm(AuthenticationForm):
    """Django's authentication form, asking for a mobile number; the field keeps the name ``username``."""

    username = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "inputmode": "tel",
                "autocomplete": "tel",
                "placeholder": _("11位手机号"),
            }
        ),
        error_messages={"required": _("请输入手机号。")},
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("请输入密码。")},
    )

    error_messages = {  # noqa: RUF012 - Django's own attribute, a plain dict there too
        "invalid_login": _("手机号或密码不正确，请重新输入。"),
        "inactive": _("该账号已停用，请联系人社部门。"),
    }

    def clean_username(self) -> str:
        return mobile_validate(self.cleaned_data["username"])


class SignupForm(forms.Form):
    """Sign-up, step one: the mobile number a code is sent to."""

    mobile = forms.CharField(
        label=_("手机号"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "inputmode": "tel",
                "autocomplete": "tel",
                "placeholder": _("11位手机号"),
            }
        ),
        error_messages={"required": _("请输入手机号。")},
    )

    def clean_mobile(self) -> str:
        return mobile_validate(self.cleaned_data["mobile"])


class SignupConfirmForm(forms.Form):
    """Sign-up, step two: the code received, the name and a password (the project's password rules)."""

    code = forms.RegexField(
        label=_("短信验证码"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
        error_messages={"required": _("请输入短信验证码。"), "invalid": _("验证码是6位数字。")},
    )
    name = forms.CharField(
        label=_("姓名"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("请填写姓名")},
    )
    password1 = forms.CharField(
        label=_("设置密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少8位，不能全是数字，不能是常见密码。"),
        error_messages={"required": _("请设置密码。")},
    )
    password2 = forms.CharField(
        label=_("再次输入密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("请再次输入密码。")},
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("请填写姓名"), code="required")
        return name

    def clean_password1(self) -> str:
        password = str(self.cleaned_data["password1"])
        validate_password(password)
        return password

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data
