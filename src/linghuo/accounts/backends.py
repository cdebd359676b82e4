"""Authentication by mobile number and password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from linghuo import personal_data
from linghuo.accounts.mobile import mobile_normalise
from linghuo.accounts.models import User


class MobileBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        mobile: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        number = mobile or username
        if not number or not password:
            return None
        try:
            user = User.objects.get(mobile_hash=personal_data.lookup_hash(mobile_normalise(number)))
        except User.DoesNotExist:
            User().set_password(password)  # same work whether or not the account exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
