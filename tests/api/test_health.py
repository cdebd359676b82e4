"""GET /api/v1/health: the platform answers and its database accepts a query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

import linghuo


@pytest.mark.django_db
def test_it_reports_ok_with_the_version_and_database_vendor(client: Client) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": linghuo.__version__, "database": connection.vendor}
