"""Cells written to exported spreadsheets never start a formula (CSV/formula injection).

Every Excel or CSV export passes its values through ``formula_safe``: a text that a spreadsheet
would read as a formula or command (starting with ``=``, ``+``, ``-``, ``@``, a tab, a carriage
return, or a line feed, which XML turns a carriage return into) gets a leading single quote and
stays text. Numbers and dates pass unchanged.

>>> formula_safe("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> formula_safe("-2"), formula_safe(-2), formula_safe("张三")
("'-2", -2, '张三')
"""

from __future__ import annotations

from typing import TypeVar

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")

V = TypeVar("V")


def formula_safe(value: V) -> V | str:
    """The value, with a text that could start a formula prefixed by ``'`` so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
