"""The month a roster is for: written ``YYYY-MM``, stored as the month's first day.

>>> period_parse(" 2024-03 ")
datetime.date(2024, 3, 1)
>>> period_text(datetime.date(2024, 3, 1))
'2024-03'
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError

_PERIOD = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})")
EARLIEST_PERIOD = datetime.date(2021, 1, 1)  # the policy (连政办发〔2021〕50号) is of 2021


def period_parse(text: str, *, today: datetime.date | None = None) -> datetime.date:
    """The month written ``YYYY-MM`` as its first day; not before 2021 and not after the current month."""
    match = _PERIOD.fullmatch(text.strip())
    month = int(match["m"]) if match else 0
    if match is None or not 1 <= month <= 12:
        raise ValidationError(
            f"所属月份「{text.strip()}」格式不对，应写成 YYYY-MM（如 2024-03） / period must be YYYY-MM",
            code="period",
        )
    period = datetime.date(int(match["y"]), month, 1)
    current = (today or datetime.date.today()).replace(day=1)
    if not EARLIEST_PERIOD <= period <= current:
        raise ValidationError(
            f"所属月份 {period:%Y-%m} 不在 {EARLIEST_PERIOD:%Y-%m} 至 {current:%Y-%m} 之间"
            " / period out of range",
            code="period",
        )
    return period


def period_text(period: datetime.date) -> str:
    """The month as ``YYYY-MM``."""
    return f"{period:%Y-%m}"
