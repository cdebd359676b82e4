"""Public pages: the home page listing the 18 measures, and one page per measure."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from linghuo.policy.clauses import all_clauses
from linghuo.web.measures import find_measure, measures_by_part, responsible_departments


def home(request: HttpRequest) -> HttpResponse:
    """The 18 measures under their six parts, each with its full clause text."""
    return render(
        request, "web/home.html", {"parts": measures_by_part(), "measure_count": len(all_clauses())}
    )


def measure(request: HttpRequest, number: str) -> HttpResponse:
    """One measure's clause and responsible departments; an index 1–18 redirects to its number."""
    try:
        clause = find_measure(number)
    except KeyError:
        message = gettext("没有第（%(number)s）条措施。本政策共有 18 条措施，编号为（一）至（十八）。") % {
            "number": number
        }
        return render(request, "404.html", {"message": message}, status=404)
    if number != clause.number:
        return redirect("web:measure", number=clause.number)
    clauses = all_clauses()
    position = clauses.index(clause)
    return render(
        request,
        "web/measure.html",
        {
            "clause": clause,
            "departments": responsible_departments(clause),
            "previous": clauses[position - 1] if position > 0 else None,
            "next": clauses[position + 1] if position + 1 < len(clauses) else None,
        },
    )
