"""Lockout after repeated failed logins, with django-axes.

axes counts failures per *lockout key*; ours is the keyed lookup hash of the mobile number
(``linghuo.personal_data.lookup_hash``), so axes's tables never hold a mobile number in clear.
Two limits, each within the last ``LINGHUO_LOGIN_LOCKOUT_MINUTES`` (15):

- ``LINGHUO_LOGIN_MAX_FAILURES`` (5) failures for one number, from any address, lock that number;
- ``LINGHUO_LOGIN_ADDRESS_MAX_FAILURES`` (20) failures from one address (``AXES_CLIENT_IP_CALLABLE``:
  REMOTE_ADDR, or X-Forwarded-For from a trusted proxy; an IPv6 client as its /64), whatever the numbers,
  lock that address — a correct password from it is refused too until the failures are that old.

A lock lasts until its failures are ``LINGHUO_LOGIN_LOCKOUT_MINUTES`` old; attempts during a lock are
refused without being counted, so they do not prolong it. Someone guessing a stranger's number can lock
it for at most 15 minutes at a time, and from one address only 20 guesses per 15 minutes, spread over
as many numbers as they like. axes's ``AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]`` counts
both; it compares both with one limit, so :class:`LockoutHandler` gives each its own.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from axes.backends import AxesStandaloneBackend  # type: ignore[import-untyped]
from axes.handlers.database import AxesDatabaseHandler  # type: ignore[import-untyped]
from axes.helpers import get_client_username  # type: ignore[import-untyped]
from axes.models import AccessAttempt  # type: ignore[import-untyped]
from django.conf import settings
from django.db.models import Sum
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


def _failures(attempts: Any) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class LockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """axes's database handler, with the number's and the address's failures each against its own limit.

    axes compares the larger of the two counts with one limit (:func:`failure_limit`, the number's):
    :meth:`get_failures` answers the number's failures, or the address's scaled to that limit
    (``address_failures × number_limit ÷ address_limit``, rounded down: it reaches the number's limit
    exactly when the address's failures reach the address's limit), whichever is larger.
    """

    def failure_counts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> tuple[int, int]:
        """The failures within the lockout window for the number in ``credentials`` and for the address."""
        # in the order of AXES_LOCKOUT_PARAMETERS: the number's, then the address's
        by_number, by_address = self.get_user_attempts(request, credentials)
        number = _failures(by_number) if get_client_username(request, credentials) else 0
        address = _failures(by_address) if getattr(request, "axes_ip_address", None) else 0
        return number, address

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        number, address = self.failure_counts(request, credentials)
        number_limit = int(settings.LINGHUO_LOGIN_MAX_FAILURES)
        address_limit = int(settings.LINGHUO_LOGIN_ADDRESS_MAX_FAILURES)
        return max(number, address * number_limit // address_limit)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """After a successful login, forget the number's failures only: logging in to one's own account
        must not clear an address's failures against other numbers."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return int(count)


def address_locked(request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
    """Whether the request's address has reached ``LINGHUO_LOGIN_ADDRESS_MAX_FAILURES`` in the window."""
    if getattr(request, "axes_ip_address", None) is None:
        return False
    _, address = LockoutHandler().failure_counts(request, credentials)
    return address >= int(settings.LINGHUO_LOGIN_ADDRESS_MAX_FAILURES)
