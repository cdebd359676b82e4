"""``{{ fen|yuan }}``: integer fen as yuan with two decimals and thousands separators."""

from __future__ import annotations

from django import template

from linghuo.policy.engine import yuan as _yuan

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    """Fen as yuan ("—" when there is no amount)."""
    return "—" if fen is None else _yuan(int(fen))


@register.filter
def field_value(values: dict[str, str], key: str) -> str:
    """The value a form sent for ``key`` (the what-if parameter fields are not a Django form)."""
    return values.get(key, "")
