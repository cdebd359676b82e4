"""Sign-up: a new person's mobile number, confirmed by a one-time code, becomes a worker's account.

:func:`signup_code_send` answers every valid number alike. A number without an account is sent a
six-digit code, valid ``CODE_MINUTES`` (10) and for at most ``MAX_ATTEMPTS`` (5) wrong tries; a number that
has one is sent a note saying so instead, so the page never tells whether a number is registered.
:func:`signup_confirm` checks the code and creates the account through ``services.user_create`` (the
project's password rules, the audit entry ``user_created``).

The limits count the rows of :class:`~linghuo.accounts.models.SignupCode` (so every web process agrees):
one message per number per ``RESEND_SECONDS`` (60), ``NUMBER_PER_HOUR`` (5) per number and
``ADDRESS_PER_HOUR`` (20) per client address in the last hour. Two requests answered at the same instant
by two processes may both pass a limit: at most one message over.

Every step is in the audit log (``signup_code_sent``, ``signup_rate_limited``, ``signup_code_failed``), with
the number and the address as keyed lookup hashes only. The code itself is kept only as a keyed hash, and
rows older than a day (``KEEP``) are deleted as new ones are written.
"""

from __future__ import annotations

import datetime as dt
import math
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from linghuo import personal_data
from linghuo.accounts import sms
from linghuo.accounts.mobile import mobile_validate
from linghuo.accounts.models import Role, SignupCode, SignupCodeKind, User
from linghuo.accounts.services import user_create
from linghuo.audit.services import audit_record
from linghuo.bilingual import bilingual

CODE_MINUTES = 10
MAX_ATTEMPTS = 5
RESEND_SECONDS = 60
NUMBER_PER_HOUR = 5
ADDRESS_PER_HOUR = 20
_HOUR = dt.timedelta(hours=1)
KEEP = dt.timedelta(days=1)  # older rows serve no limit and no confirmation: deleted (data minimisation)
_SALT = "linghuo.accounts.signup.code"


class SignupAction(models.TextChoices):
    CODE_SENT = "signup_code_sent", "发送注册验证码"
    RATE_LIMITED = "signup_rate_limited", "注册验证码发送受限"
    CODE_FAILED = "signup_code_failed", "注册验证码错误"


class SignupThrottledError(Exception):
    """Too many messages for this number or from this address; try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        minutes = math.ceil(self.retry_after / 60)
        if self.retry_after < 120:
            return bilingual(
                f"验证码发送过于频繁，请 {self.retry_after} 秒后再试",
                f"Too many codes asked for: try again in {self.retry_after} s",
            )
        return bilingual(
            f"验证码发送过于频繁，请 {minutes} 分钟后再试",
            f"Too many codes asked for: try again in {minutes} min",
        )


@dataclass(frozen=True)
class SentCode:
    code_id: int
    mobile_masked: str


def _address_hash(address: str | None) -> str:
    return personal_data.lookup_hash(f"address:{address or 'unknown'}")


def _code_hash(code: str) -> str:
    salt = secrets.token_hex(8)
    return f"{salt}${salted_hmac(_SALT, f'{salt}:{code}', algorithm='sha256').hexdigest()}"


def _code_matches(stored: str, code: str) -> bool:
    salt, _, digest = stored.partition("$")
    if not digest:
        return False
    return constant_time_compare(digest, salted_hmac(_SALT, f"{salt}:{code}", algorithm="sha256").hexdigest())


def _wait_seconds(since: dt.datetime, length: dt.timedelta, now: dt.datetime) -> int:
    return max(1, math.ceil((since + length - now).total_seconds()))


def signup_wait(*, mobile_hash: str, address_hash: str, now: dt.datetime) -> int:
    """Seconds until this number may be sent another message from this address (0: now)."""
    rows = SignupCode.objects.filter(created_at__gt=now - _HOUR)
    by_number = rows.filter(mobile_hash=mobile_hash).order_by("-created_at")
    waits = [0]
    latest = by_number.first()
    if latest is not None and latest.created_at > now - dt.timedelta(seconds=RESEND_SECONDS):
        waits.append(_wait_seconds(latest.created_at, dt.timedelta(seconds=RESEND_SECONDS), now))
    for limit, group in (
        (NUMBER_PER_HOUR, by_number),
        (ADDRESS_PER_HOUR, rows.filter(address_hash=address_hash)),
    ):
        times = list(group.order_by("-created_at").values_list("created_at", flat=True)[:limit])
        if len(times) >= limit:
            waits.append(_wait_seconds(times[-1], _HOUR, now))
    return max(waits)


def _texts(kind: SignupCodeKind, code: str) -> tuple[str, str]:
    if kind == SignupCodeKind.EXISTING:
        return (
            "【灵活就业公共服务平台】该手机号已注册账号，请直接登录；如忘记密码，请联系所在地人社部门。",
            "[Flexible Employment Services] This number already has an account: log in with it; if you "
            "forgot the password, ask your local human resources and social security office.",
        )
    return (
        f"【灵活就业公共服务平台】注册验证码 {code}，{CODE_MINUTES} 分钟内有效。请勿告诉他人。",
        f"[Flexible Employment Services] Your sign-up code is {code}, valid for {CODE_MINUTES} minutes. "
        "Do not share it.",
    )


def signup_code_send(*, mobile: str, address: str | None) -> SentCode:
    """Send ``mobile`` a sign-up code (or, when it has an account, a note saying so): one answer for both.

    Raises ``ValidationError`` for a malformed number and :class:`SignupThrottledError` past a limit.
    """
    number = mobile_validate(mobile)
    mobile_hash = personal_data.lookup_hash(number)
    address_hash = _address_hash(address)
    now = timezone.now()
    wait = signup_wait(mobile_hash=mobile_hash, address_hash=address_hash, now=now)
    if wait:
        audit_record(
            actor=None,
            actor_label="anonymous",
            action=SignupAction.RATE_LIMITED,
            object_type=SignupCode._meta.label_lower,
            changes={"mobile_hash": mobile_hash, "address_hash": address_hash, "retry_after": wait},
        )
        raise SignupThrottledError(wait)
    existing = User.objects.filter(mobile_hash=mobile_hash).exists()
    kind = SignupCodeKind.EXISTING if existing else SignupCodeKind.CODE
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        SignupCode.objects.filter(created_at__lt=now - KEEP).delete()
        row = SignupCode.objects.create(
            kind=kind,
            mobile_hash=mobile_hash,
            mobile_encrypted=personal_data.encrypt(number),
            address_hash=address_hash,
            code_hash="" if existing else _code_hash(code),
            created_at=now,
            expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
        )
        audit_record(
            actor=None,
            actor_label="anonymous",
            action=SignupAction.CODE_SENT,
            obj=row,
            changes={"mobile_hash": mobile_hash, "address_hash": address_hash, "kind": kind.value},
        )
    sms.send_code(number, *_texts(kind, code))
    return SentCode(code_id=row.pk, mobile_masked=personal_data.mask_mobile(number))


def _expired() -> ValidationError:
    return ValidationError(
        "验证码已失效，请重新获取 / this code is no longer valid: ask for a new one", code="expired"
    )


def _wrong(left: int) -> ValidationError:
    if left <= 0:
        return ValidationError(
            "验证码错误次数过多，已失效，请重新获取 / too many wrong tries: ask for a new code",
            code="void",
        )
    return ValidationError(f"验证码不正确，还可再试 {left} 次 / wrong code: {left} more tries", code="wrong")


def signup_code_masked(code_id: int) -> str | None:
    """The masked number a pending code was sent to (for the confirmation page), None when unknown."""
    row = SignupCode.objects.filter(pk=code_id).only("mobile_encrypted").first()
    if row is None:
        return None
    return personal_data.mask_mobile(personal_data.decrypt(row.mobile_encrypted))


def signup_confirm(*, code_id: int, code: str, name: str, password: str) -> User:
    """The worker's account for the number code ``code_id`` was sent to, when ``code`` is right.

    A wrong code counts against the code (``MAX_ATTEMPTS`` then it is void) and is audited; an expired,
    used or void code is refused. ``user_create`` applies the password rules (raising ``ValidationError``,
    the code then stays unused).
    """
    now = timezone.now()
    with transaction.atomic():
        row = SignupCode.objects.select_for_update().filter(pk=code_id).first()
        if row is None or row.used_at is not None or row.attempts >= MAX_ATTEMPTS or row.expires_at <= now:
            raise _expired()
        if row.kind == SignupCodeKind.CODE and _code_matches(row.code_hash, code.strip()):
            row.used_at = now
            row.save(update_fields=["used_at"])
            return user_create(
                mobile=personal_data.decrypt(row.mobile_encrypted),
                password=password,
                name=name,
                role=Role.WORKER,
            )
        row.attempts += 1
        row.save(update_fields=["attempts"])
        audit_record(
            actor=None,
            actor_label="anonymous",
            action=SignupAction.CODE_FAILED,
            obj=row,
            changes={"mobile_hash": row.mobile_hash, "attempts": row.attempts},
        )
    raise _wrong(MAX_ATTEMPTS - row.attempts)
