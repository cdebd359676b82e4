"""审计日志校验: the audit chain's verification as a page, for those who hold ``AUDIT_VIEW``.

The same check as ``GET /api/v1/audit/verify`` and ``linghuo audit verify``: the keyed chain walked from
its first entry, checked against the anchor file's latest anchor (and, when it holds, anchored again).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from linghuo.accounts.access import Permission, page_requires
from linghuo.audit.services import audit_verify
from linghuo.site.language import chinese_or_english


def _half(message: str) -> str:
    """One language of a message written "中文 / English"."""
    zh, _, en = message.rpartition(" / ")
    return chinese_or_english(zh, en or zh)


@never_cache
@page_requires(Permission.AUDIT_VIEW)
def audit(request: HttpRequest) -> HttpResponse:
    """Run the verification and show its outcome."""
    result = audit_verify()
    return render(
        request,
        "web/audit.html",
        {
            "result": result,
            "message": _half(result.message()),
            "anchor_message": _half(result.anchor_message()),
        },
    )
