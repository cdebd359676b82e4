"""Telling a person about an offer or a decision: one interface, several backends.

``notify(person, kind=…, text_zh=…, text_en=…, offer=…)`` hands the message to the backend named by the
setting ``LINGHUO_SMS_BACKEND``:

- ``"database"`` (default): a row in ``OutboxMessage`` that an SMS gateway (later) sends and marks sent;
- ``"file"``: a JSON line appended to ``<LINGHUO_DATA_DIR>/outbox/sms.jsonl`` (development and demos);
- a dotted path to a class with ``send(message: Notice) -> None`` (a real gateway plugs in here).

The home page notice is the open offer itself (``selectors.offers_open_for``); this is the SMS side.
The message names the person by their record id and their masked mobile number only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from linghuo.benefits.models import Offer, OutboxMessage
from linghuo.registry.models import Person


@dataclass(frozen=True)
class Notice:
    person_id: int
    mobile_masked: str
    kind: str
    text_zh: str
    text_en: str
    offer_id: int | None = None


class Backend(Protocol):
    def send(self, message: Notice) -> None: ...


class DatabaseBackend:
    def send(self, message: Notice) -> None:
        self.send_many([message])

    def send_many(self, messages: list[Notice]) -> None:
        OutboxMessage.objects.bulk_create(
            OutboxMessage(
                person_id=m.person_id, kind=m.kind, text_zh=m.text_zh, text_en=m.text_en, offer_id=m.offer_id
            )
            for m in messages
        )


class FileBackend:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(settings.DATA_DIR) / "outbox" / "sms.jsonl"

    def send(self, message: Notice) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({**asdict(message), "at": timezone.now().isoformat()}, ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")


_NAMED: dict[str, type[Backend]] = {"database": DatabaseBackend, "file": FileBackend}


def backend() -> Backend:
    name = getattr(settings, "LINGHUO_SMS_BACKEND", "database") or "database"
    cls = _NAMED.get(name) or import_string(name)
    return cls()


def notify(person: Person, *, kind: str, text_zh: str, text_en: str, offer: Offer | None = None) -> None:
    """Send ``person`` a message through the configured backend."""
    backend().send(
        Notice(
            person_id=person.pk,
            mobile_masked=person.mobile_masked,
            kind=kind,
            text_zh=text_zh,
            text_en=text_en,
            offer_id=offer.pk if offer is not None else None,
        )
    )


def notify_many(messages: list[Notice]) -> None:
    """Send several messages at once (the database backend writes them in one insert)."""
    if not messages:
        return
    chosen = backend()
    many = getattr(chosen, "send_many", None)
    if many is not None:
        many(messages)
        return
    for message in messages:
        chosen.send(message)
