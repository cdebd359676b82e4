"""Template filters for registry pages: amounts in yuan, division names."""

from __future__ import annotations

from django import template

from linghuo import divisions
from linghuo.policy.engine import yuan as policy_yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Integer fen as yuan with two decimals: ``300050`` → ``3,000.50 元``; empty for None.

    >>> yuan(300050), yuan(None), yuan(7)
    ('3,000.50 元', '', '0.07 元')
    """
    return "" if fen is None else f"{policy_yuan(fen)} 元"


@register.filter
def division_name(code: str | None) -> str:
    """The county or township name for a code, with the code: ``320706`` → ``海州区（320706）``.

    >>> division_name("320706"), division_name("320705"), division_name("")
    ('海州区（320706）', '新浦区（320705）', '')
    """
    if not code:
        return ""
    if code in divisions.HISTORICAL_CODES:
        return f"{divisions.HISTORICAL_CODES[code][0]}（{code}）"
    if divisions.is_current_county(code):
        return f"{divisions.county(code).name}（{code}）"
    for township in divisions.townships():
        if township.code == code:
            return f"{township.name}（{code}）"
    return code
