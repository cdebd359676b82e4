"""Template filters for registry pages: amounts in yuan, division names (in the page's language)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from linghuo import divisions
from linghuo.policy.engine import yuan as policy_yuan
from linghuo.site.language import is_english

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Integer fen as yuan with two decimals: ``300050`` → ``3,000.50 元`` (``CNY 3,000.50`` in English);
    empty for None.

    >>> yuan(300050), yuan(None), yuan(7)
    ('3,000.50 元', '', '0.07 元')
    """
    if fen is None:
        return ""
    return f"CNY {policy_yuan(fen)}" if is_english() else f"{policy_yuan(fen)} 元"


def _division(code: str) -> str | None:
    if code in divisions.HISTORICAL_CODES:
        return divisions.HISTORICAL_CODES[code][0]
    if divisions.is_current_county(code):
        return divisions.county(code).name
    for township in divisions.townships():
        if township.code == code:
            return township.name
    return None


@register.filter
def division_name(code: str | None) -> str:
    """The county or township name for a code, with the code: ``320706`` → ``海州区（320706）``.

    The name stays Chinese in English (``海州区 (320706)``), marked ``lang="zh"``.

    >>> division_name("320706"), division_name("320705"), division_name("")
    ('<span lang="zh">海州区</span>（320706）', '<span lang="zh">新浦区</span>（320705）', '')
    """
    if not code:
        return ""
    name = _division(code)
    if name is None:
        return code
    shown: SafeString = format_html(
        '<span lang="zh">{}</span>{}', name, f" ({code})" if is_english() else f"（{code}）"
    )
    return shown
