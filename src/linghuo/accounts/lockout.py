"""Lockout after repeated failed logins, with django-axes.

axes counts failures per *lockout key*; ours is the keyed lookup hash of the mobile number
(``linghuo.personal_data.lookup_hash``), so axes's tables never hold a mobile number in clear.
``LINGHUO_LOGIN_MAX_FAILURES`` failures lock the number for ``LINGHUO_LOGIN_LOCKOUT_MINUTES``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from axes.backends import AxesStandaloneBackend  # type: ignore[import-untyped]
from django.conf import settings
from django.http import HttpRequest

from linghuo import personal_data
from linghuo.accounts.mobile import mobile_normalise

_HASH = re.compile(r"[0-9a-f]{64}")


def lockout_key(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str | None:
    """The keyed hash of the mobile number in ``credentials`` (or the posted form), None when absent.

    axes also calls this with a user's own ``USERNAME_FIELD`` value, which already is the hash.
    """
    value = (credentials or {}).get("username") or (credentials or {}).get("mobile")
    if value is None and request is not None:
        value = request.POST.get("username")
    if not value:
        return None
    text = str(value)
    if _HASH.fullmatch(text):
        return text
    return personal_data.lookup_hash(mobile_normalise(text))


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Refuses logins of a locked number; logs nobody in itself (MobileBackend does that).

    Authentication without a request (``Client.login`` in tests, a shell) is not rate-limited:
    only requests from outside can guess passwords.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)  # type: ignore[no-any-return]


def failure_limit(request: HttpRequest | None, credentials: dict[str, Any] | None) -> int:
    """Failed logins that lock a number: ``LINGHUO_LOGIN_MAX_FAILURES``."""
    return int(settings.LINGHUO_LOGIN_MAX_FAILURES)


def lockout_duration(request: HttpRequest | None) -> dt.timedelta:
    """How long a lock lasts: ``LINGHUO_LOGIN_LOCKOUT_MINUTES``."""
    return dt.timedelta(minutes=int(settings.LINGHUO_LOGIN_LOCKOUT_MINUTES))
