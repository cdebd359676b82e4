"""The HTTP API under /api/v1/, with its OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from ninja import NinjaAPI, Schema

import linghuo

api = NinjaAPI(
    title="linghuo API",
    version="1",
    description="灵活就业公共服务平台 HTTP API (连政办发〔2021〕50号)",
    urls_namespace="api",
)


class Health(Schema):
    status: str
    version: str
    database: str


@api.get("/health", response=Health, auth=None, tags=["system"])
def health(request: HttpRequest) -> Health:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Health(status="ok", version=linghuo.__version__, database=connection.vendor)
