"""Context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from linghuo.policy.clauses import document


def site(request: HttpRequest) -> dict[str, object]:
    return {"policy": document()}
