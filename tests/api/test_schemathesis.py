"""Schemathesis over the whole OpenAPI document, anonymous and with a session of each role.

Every operation of ``/api/v1/openapi.json`` gets a few generated requests (hypothesis, derandomised so a
run is the same run everywhere) sent through Django's WSGI application, as a visitor and as each persona
of the role matrix, with its session cookie and a CSRF token. Each answer must not be a server error,
must have a status the document lists for the operation, a content type it lists, and a body that
matches the documented schema.

The evaluation date is sent explicitly where the document asks for one (``on``) or not at all: the
generated dates lie in 1900–2100, and a date before the policy is a documented 422; the answers do not
depend on the day the suite runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.conf import LazySettings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from linghuo.accounts.models import User
from tests.accounts.personas import ANONYMOUS, PERSONA_KEYS, personas_create

# Few examples per operation, persona and mode: 24 operations × 9 personas × 2 stay under a minute.
MAX_EXAMPLES = 10
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _document() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = json.loads(response.content)
    return document


def _cookies(client: Client) -> dict[str, str]:
    return {name: morsel.value for name, morsel in client.cookies.items()}


@pytest.fixture
def personas(db: None) -> dict[str, User]:
    return personas_create()


@pytest.fixture(autouse=True)
def _in_the_request(settings: LazySettings) -> None:
    settings.LINGHUO_SCREENING_IN_BACKGROUND = False  # a started run finishes before the next request


@contextmanager
def _connection_kept() -> Iterator[None]:
    """Keep the test's database connection open between requests (Django closes it when a request
    ends; its own test client does the same as this, request by request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("mode", list(GenerationMode), ids=lambda mode: mode.value)
@pytest.mark.parametrize("persona", PERSONA_KEYS)
def test_it_answers_every_operation_as_its_document_says(
    persona: str, mode: GenerationMode, personas: dict[str, User]
) -> None:
    client = Client()
    if persona != ANONYMOUS:
        client.force_login(personas[persona])
    token = _get_new_csrf_string()
    cookies = {**_cookies(client), "csrftoken": token}
    headers = {"X-CSRFToken": token}
    app = WSGIHandler()
    schema = schemathesis.openapi.from_dict(_document())
    failures: list[str] = []
    operations = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result  # every operation of the document is usable
        operations.append(result.ok())
    with _connection_kept():
        for operation in operations:
            _run(operation, mode, app=app, headers=headers, cookies=cookies, failures=failures)
    assert failures == [], "\n\n".join(failures)


def _run(
    operation: Any,
    mode: GenerationMode,
    *,
    app: WSGIHandler,
    headers: dict[str, str],
    cookies: dict[str, str],
    failures: list[str],
) -> None:
    """A few generated requests to ``operation``; a failure is added to ``failures``. Negative cases
    (inputs the document refuses) need an input to break: an operation without one has none."""
    raw = operation.definition.raw
    if mode is GenerationMode.NEGATIVE and not (raw.get("parameters") or raw.get("requestBody")):
        return

    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    def call(case: Any) -> None:
        response = case.call(app=app, headers=headers, cookies=cookies)
        case.validate_response(response, checks=CHECKS)

    try:
        call()
    except (Exception, BaseExceptionGroup) as error:  # every operation's failure, not the first only
        failures.append(f"{operation.label}: {error!r}\n{_describe(error)}")


def _describe(error: BaseException) -> str:
    if isinstance(error, BaseExceptionGroup):
        return "\n".join(_describe(inner) for inner in error.exceptions)
    return str(error)
