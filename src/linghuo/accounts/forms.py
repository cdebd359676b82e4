"""The login form: mobile number and password, with Chinese errors."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from linghuo.accounts.mobile import mobile_validate


class MobileLoginForm(AuthenticationForm):
    """Django's authentication form, asking for a mobile number; the field keeps the name ``username``."""

    username = forms.CharField(
        label="手机号",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autofocus": True, "inputmode": "tel", "autocomplete": "tel", "placeholder": "11位手机号"}
        ),
        error_messages={"required": "请输入手机号。"},
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "请输入密码。"},
    )

    error_messages = {  # noqa: RUF012 - Django's own attribute, a plain dict there too
        "invalid_login": "手机号或密码不正确，请重新输入。",
        "inactive": "该账号已停用，请联系人社部门。",
    }

    def clean_username(self) -> str:
        return mobile_validate(self.cleaned_data["username"])
