"""The login form: mobile number and password, with errors in the page's language."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
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
