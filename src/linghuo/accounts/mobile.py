"""Mainland mobile numbers: normalising what a person typed and checking it.

>>> mobile_normalise(" +86 138-1234-5678 ")
'13812345678'
>>> mobile_is_valid("13812345678"), mobile_is_valid("12812345678")
(True, False)
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-()（）]")


def mobile_normalise(value: str) -> str:
    """Drop spaces, dashes, brackets and a +86 / 0086 country prefix."""
    digits = _SEPARATORS.sub("", value)
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits


def mobile_is_valid(value: str) -> bool:
    """An 11-digit mainland mobile number, 13x–19x."""
    return _MOBILE.fullmatch(value) is not None


def mobile_validate(value: str) -> str:
    """The normalised number, or a ValidationError in Chinese."""
    number = mobile_normalise(value)
    if not mobile_is_valid(number):
        raise ValidationError(
            "请输入11位手机号码（以1开头） / enter an 11-digit mainland mobile number", code="mobile"
        )
    return number
