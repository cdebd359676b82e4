"""Messages go through one interface to the backend the setting names: the outbox table or a file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import LazySettings

from linghuo.benefits.models import OutboxMessage
from linghuo.benefits.notify import notify
from tests.registry.helpers import person_in

pytestmark = pytest.mark.django_db


def test_the_database_backend_writes_the_outbox(settings: LazySettings) -> None:
    settings.LINGHUO_SMS_BACKEND = "database"
    person = person_in("320706")
    notify(person, kind="offer", text_zh="您符合条件", text_en="You qualify")
    message = OutboxMessage.objects.get(person=person)
    assert (message.kind, message.status, message.text_zh) == ("offer", "pending", "您符合条件")


def test_the_file_backend_appends_a_json_line_with_the_masked_mobile_only(
    settings: LazySettings, tmp_path: Path
) -> None:
    settings.LINGHUO_SMS_BACKEND = "file"
    settings.DATA_DIR = tmp_path
    person = person_in("320706", sequence=7)
    notify(person, kind="offer", text_zh="您符合条件", text_en="You qualify")
    notify(person, kind="approved", text_zh="已批准", text_en="Approved")
    lines = (tmp_path / "outbox" / "sms.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["kind"] for line in lines] == ["offer", "approved"]
    assert "13800000007" not in lines[0]
    assert json.loads(lines[0])["mobile_masked"] == person.mobile_masked
    assert not OutboxMessage.objects.exists()
