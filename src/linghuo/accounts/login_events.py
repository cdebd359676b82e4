"""Login successes, failures and lockouts, recorded in the audit log.

Connected in ``AccountsConfig.ready`` to Django's authentication signals and django-axes's
``user_locked_out``. The mobile number that was typed reaches the log only as its keyed hash.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from linghuo.accounts.lockout import lockout_key
from linghuo.accounts.models import User
from linghuo.audit.models import AuditAction
from linghuo.audit.services import audit_record


def _account_for(mobile_hash: str | None) -> User | None:
    if not mobile_hash:
        return None
    return User.objects.filter(mobile_hash=mobile_hash).first()


def login_record_success(*, user: User) -> None:
    """Record that ``user`` logged in."""
    audit_record(
        actor=user, action=AuditAction.LOGIN_SUCCEEDED, obj=user, changes={"mobile_hash": user.mobile_hash}
    )


def login_record_failure(*, mobile_hash: str | None, action: str = AuditAction.LOGIN_FAILED) -> None:
    """Record a refused login (or a lockout) for the account the typed number belongs to, if any."""
    account = _account_for(mobile_hash)
    audit_record(
        actor=None,
        actor_label="anonymous",
        action=action,
        object_type=User._meta.label_lower,
        object_id=account.pk if account else "",
        changes={"mobile_hash": mobile_hash or ""},
    )


def on_logged_in(sender: object, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    login_record_success(user=user)


def on_login_failed(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    login_record_failure(mobile_hash=lockout_key(request, credentials))


def on_locked_out(sender: object, request: HttpRequest | None, username: str | None, **kwargs: Any) -> None:
    # axes passes the lockout key, which is already the keyed hash (see lockout.lockout_key).
    login_record_failure(mobile_hash=username, action=AuditAction.LOGIN_LOCKED_OUT)


def on_logged_out(sender: object, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, obj=user, changes={})
