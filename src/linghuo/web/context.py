"""Context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from linghuo.policy.clauses import document


def site(request: HttpRequest) -> dict[str, object]:
    """The policy document (number, title, issuer), for headers and footers."""
    return {"policy": document()}
