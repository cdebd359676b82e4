"""GET /api/v1/ says what the API is and where its document, docs and health check are."""

from __future__ import annotations

import pytest
from django.test import Client

import linghuo


def test_it_describes_the_api_and_links_its_parts(client: Client) -> None:
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["name"] == "linghuo API"
    assert body["api_version"] == "1"
    assert body["version"] == linghuo.__version__
    assert "连政办发〔2021〕50号" in body["description"]
    assert body["links"] == {
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/v1/docs",
        "health": "/api/v1/health",
    }


@pytest.mark.django_db
def test_every_link_of_the_index_answers(client: Client) -> None:
    for url in client.get("/api/v1/").json()["links"].values():
        assert client.get(url).status_code == 200, url


def test_it_rejects_a_write_to_the_index(client: Client) -> None:
    assert client.post("/api/v1/").status_code == 405
