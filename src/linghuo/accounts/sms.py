"""Sign-up's text messages (one-time codes): one interface, several backends.

``send_code(mobile, text_zh, text_en)`` hands the message to the backend named by the setting
``LINGHUO_SIGNUP_SMS_BACKEND``:

- ``"console"`` (default in development and tests): the message is logged (logger
  ``linghuo.accounts.sms``, at WARNING so the development console shows it) and kept in
  :data:`console_outbox` of this process (its last 200);
- ``"file"``: a JSON line appended to ``<LINGHUO_DATA_DIR>/outbox/signup-sms.jsonl`` (development and demos);
- a dotted path to a class with ``send(message: CodeMessage) -> None`` (a real gateway plugs in here).

Production has no default: without a backend :func:`sign_up_open` is false and the sign-up pages say so.
Nothing here writes to the database: the code reaches only the gateway (and, in development, the console or
the file, where the number is masked).

This is not ``linghuo.benefits.notify``: that outbox addresses a registered person; a code goes to a number
that has no record yet.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from linghuo import personal_data

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CodeMessage:
    mobile: str  # the number to deliver to, normalised; kept in memory only
    text_zh: str
    text_en: str

    @property
    def mobile_masked(self) -> str:
        return personal_data.mask_mobile(self.mobile)


class Backend(Protocol):
    def send(self, message: CodeMessage) -> None: ...


# the console's last messages in this process (tests and the development console read them)
console_outbox: deque[CodeMessage] = deque(maxlen=200)


class ConsoleBackend:
    def send(self, message: CodeMessage) -> None:
        console_outbox.append(message)
        logger.warning("SMS to %s: %s / %s", message.mobile_masked, message.text_zh, message.text_en)


class FileBackend:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(settings.DATA_DIR) / "outbox" / "signup-sms.jsonl"

    def send(self, message: CodeMessage) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {
                "mobile_masked": message.mobile_masked,
                "text_zh": message.text_zh,
                "text_en": message.text_en,
                "at": timezone.now().isoformat(),
            },
            ensure_ascii=False,
        )
        with self.path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")


_NAMED: dict[str, type[Backend]] = {"console": ConsoleBackend, "file": FileBackend}


def backend_name() -> str:
    return str(getattr(settings, "LINGHUO_SIGNUP_SMS_BACKEND", "") or "")


def sign_up_open() -> bool:
    """Whether a backend is configured (production names one; elsewhere the console is the default)."""
    return bool(backend_name())


def backend() -> Backend:
    name = backend_name()
    if not name:
        raise RuntimeError("LINGHUO_SIGNUP_SMS_BACKEND is not set: sign-up is closed")
    cls = _NAMED.get(name) or import_string(name)
    return cls()


def send_code(mobile: str, text_zh: str, text_en: str) -> None:
    """Send ``mobile`` a text message (a one-time code, or a note) through the configured backend."""
    backend().send(CodeMessage(mobile=mobile, text_zh=text_zh, text_en=text_en))
