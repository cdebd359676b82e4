"""Public pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from linghuo.policy.clauses import document


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"clauses": document().clauses})
