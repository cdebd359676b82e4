"""The HTTP API under /api/v1/: an index, the OpenAPI document at /api/v1/openapi.json, interactive docs at
/api/v1/docs (served from django-ninja's own static files, no CDN) and a health endpoint."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from django.urls import reverse
from ninja import NinjaAPI, Schema, Swagger

import linghuo
from linghuo.api import errors
from linghuo.api.parser import TextParser

api = NinjaAPI(
    title="linghuo API",
    version="1",
    description="灵活就业公共服务平台 HTTP API (连政办发〔2021〕50号)",
    urls_namespace="api",
    # Swagger UI's default validator badge calls an outside service: the platform must work offline.
    docs=Swagger(settings={"validatorUrl": None}),
    parser=TextParser(),  # no control characters in any input (PostgreSQL cannot store a NUL)
)
errors.install(api)  # every error under /api/ answers JSON in the one documented shape


class Health(Schema):
    status: str
    version: str
    database: str


class Links(Schema):
    openapi: str
    docs: str
    health: str


class ApiIndex(Schema):
    name: str
    description: str
    api_version: str
    version: str
    links: Links


@api.get("/", response=ApiIndex, auth=None, tags=["system"], url_name="index", summary="API index")
def index(request: HttpRequest) -> ApiIndex:
    """What this API is, its version and where its document, docs and health check are."""
    return ApiIndex(
        name=api.title,
        description=api.description or "",
        api_version=api.version,
        version=linghuo.__version__,
        links=Links(
            openapi=reverse("api:openapi-json"),
            docs=reverse("api:openapi-view"),
            health=reverse("api:health"),
        ),
    )


@api.get("/health", response=Health, auth=None, tags=["system"], url_name="health")
def health(request: HttpRequest) -> Health:
    """The platform answers and its database accepts a query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Health(status="ok", version=linghuo.__version__, database=connection.vendor)
