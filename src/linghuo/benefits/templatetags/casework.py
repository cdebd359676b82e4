"""Template helpers of the casework pages: a person's name masked for the manager's lists, and the
home page's notice of a worker's open offers."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from linghuo.benefits import selectors

register = template.Library()


@register.filter
def mask_name(name: str | None) -> str:
    """A name with all but its first and last character hidden (the first alone when it has two).

    >>> mask_name("王小梅"), mask_name("王芳"), mask_name("欧阳娜娜"), mask_name("")
    ('王*梅', '王*', '欧**娜', '')
    """
    text = (name or "").strip()
    if len(text) <= 1:
        return "*" * len(text)
    if len(text) == 2:  # a two-character name keeps its surname
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


@register.inclusion_tag("benefits/_offers_notice.html", takes_context=True)
def offers_notice(context: template.Context) -> dict[str, Any]:
    """您有N项待遇可领取: the count of a logged-in worker's open offers, linking to their offers page
    (nothing for anyone else, or when there is none)."""
    request = context.get("request")
    person = selectors.person_of(getattr(request, "user", None))
    count = 0 if person is None else selectors.offers_open_for(person, today=timezone.localdate()).count()
    return {"count": count}
