"""The OpenAPI document at /api/v1/openapi.json and the interactive docs at /api/v1/docs."""

from __future__ import annotations

from typing import Any

from django.test import Client


def openapi(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def test_it_publishes_an_openapi_3_document(client: Client) -> None:
    document = openapi(client)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "linghuo API"
    assert document["info"]["version"] == "1"


def test_it_lists_the_health_endpoint_with_its_schema(client: Client) -> None:
    document = openapi(client)
    assert "/api/v1/health" in document["paths"]
    get = document["paths"]["/api/v1/health"]["get"]
    schema_ref = get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    health = document["components"]["schemas"][schema_ref.rsplit("/", 1)[1]]
    assert set(health["required"]) == {"status", "version", "database"}


def test_it_lists_the_index(client: Client) -> None:
    assert "get" in openapi(client)["paths"]["/api/v1/"]


def test_it_serves_the_interactive_docs_pointing_at_the_document(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '"url": "/api/v1/openapi.json"' in html
    assert 'id="swagger-ui"' in html
