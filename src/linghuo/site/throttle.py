"""Per-client rate limits counted in work units, kept in Django's cache (shared by every web process).

The public endpoints (``POST /api/v1/eligibility``, ``GET /api/v1/measures``) charge each request the work
it asks for — a unit is one person evaluated; the measures list costs ``LINGHUO_THROTTLE_MEASURES_UNITS`` —
against the client's budget for the current window: ``LINGHUO_THROTTLE_ANONYMOUS_UNITS`` per
``LINGHUO_THROTTLE_WINDOW_SECONDS`` for a visitor, ``LINGHUO_THROTTLE_USER_UNITS`` for a signed-in user.
A request that would go over is refused, before any work, with 429, ``Retry-After`` and
``{"detail": "请求过于频繁，请在 N 秒后重试 / Too many requests, retry in N s"}``; a refused request
costs nothing.

Who a client is (:func:`client_key`): the signed-in user, else the address (:func:`client_address`).
The address is ``REMOTE_ADDR``; ``X-Forwarded-For`` is read only when ``REMOTE_ADDR`` is one of
``LINGHUO_TRUSTED_PROXIES`` (addresses or networks), and then the right-most entry that is not itself a
trusted proxy is the client — entries further left are whatever the client wrote. An IPv6 client counts
as its /64 (one machine commonly has a whole /64 to pick addresses from). django-axes reads the same
address (``AXES_CLIENT_IP_CALLABLE``), so the login's per-address limit and these agree on who is who.

The windows are fixed (``window = now // length``): simple, one counter per client and window; a client
may spend up to twice its budget across the boundary of two windows, which still bounds its share.
The counter's read and write are two cache calls, not one atomic step: two requests of the same client
answered at the same instant by two processes may both pass — at most one request's worth over.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse

from linghuo.bilingual import bilingual

__all__ = [
    "ThrottledError",
    "charge",
    "client_address",
    "client_key",
    "is_authenticated",
    "too_many_requests",
    "too_many_requests_message",
]

_Address = ipaddress.IPv4Address | ipaddress.IPv6Address
_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ThrottledError(Exception):
    """The client has spent its budget for this window; it may try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Budget:
    units: int  # per window
    window_seconds: int


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[_Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: _Address) -> bool:
    return any(address in network for network in _networks(tuple(settings.LINGHUO_TRUSTED_PROXIES)))


def _parse(text: str) -> _Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _grouped(address: _Address) -> str:
    """An IPv4 address itself; an IPv6 address as the first address of its /64 (still an address)."""
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


def client_address(request: HttpRequest) -> str | None:
    """The client's address (IPv6: its /64), honouring ``X-Forwarded-For`` only from trusted proxies."""
    remote = _parse(str(request.META.get("REMOTE_ADDR", "")))
    if remote is None:
        return None
    client = remote
    if _trusted(remote):
        hops = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        for hop in reversed(hops):
            address = _parse(hop)
            if address is None:
                break
            client = address
            if not _trusted(address):
                break
    return _grouped(client)


def is_authenticated(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def client_key(request: HttpRequest) -> str:
    """``user:<id>`` for a signed-in user, else ``address:<address>``."""
    if is_authenticated(request):
        return f"user:{request.user.pk}"
    return f"address:{client_address(request) or 'unknown'}"


def _budget(request: HttpRequest) -> Budget:
    units = (
        settings.LINGHUO_THROTTLE_USER_UNITS
        if is_authenticated(request)
        else settings.LINGHUO_THROTTLE_ANONYMOUS_UNITS
    )
    return Budget(int(units), int(settings.LINGHUO_THROTTLE_WINDOW_SECONDS))


def charge(request: HttpRequest, units: int, *, scope: str = "public") -> None:
    """Spend ``units`` of the client's budget in ``scope``; raise :class:`ThrottledError` (nothing spent)."""
    budget = _budget(request)
    now = time.time()
    window = int(now // budget.window_seconds)
    key = f"linghuo:throttle:{scope}:{client_key(request)}:{window}"
    spent = cache.get(key, 0)
    if spent + units > budget.units:
        raise ThrottledError(max(1, math.ceil((window + 1) * budget.window_seconds - now)))
    # the counter outlives its window a little: a clock a second off between processes reads it still
    if not cache.add(key, units, timeout=budget.window_seconds + 5):
        try:
            cache.incr(key, units)
        except ValueError:  # expired between add and incr: the window has just ended
            cache.add(key, units, timeout=budget.window_seconds + 5)


def too_many_requests_message(retry_after: int) -> str:
    return bilingual(
        f"请求过于频繁，请在 {retry_after} 秒后重试", f"Too many requests, retry in {retry_after} s"
    )


def too_many_requests(error: ThrottledError) -> JsonResponse:
    """The 429 answer: ``Retry-After`` and ``{"detail": …}`` in Chinese and English."""
    response = JsonResponse(
        {"detail": too_many_requests_message(error.retry_after)},
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = str(error.retry_after)
    return response
