"""Dates as they enter the platform, one rule for every path (API, forms, files, command line, rules engine).

- A date is written exactly ``YYYY-MM-DD``: not ``20261203`` nor ``2026-W49-4`` (which Python's own
  ``date.fromisoformat`` takes), and it lies between :data:`EARLIEST` (1900-01-01) and :data:`LATEST`
  (2100-12-31).
- A birth date is a living person's on the day it is checked: not after it, and an age of at most
  :data:`MAX_AGE` (120).

Each refusal is a :class:`DateInputError` with its Chinese and English text. Pure: no Django, no app.

>>> parse_iso_date("2026-12-03")
datetime.date(2026, 12, 3)
>>> try:
...     parse_iso_date("20261203")
... except DateInputError as e:
...     print(e.en)
must be a date as YYYY-MM-DD, got '20261203'
>>> birth_date_error(dt.date(1800, 1, 1), dt.date(2026, 12, 3))[1]
'birth date 1800-01-01 gives an age over 120 on 2026-12-03'
"""

from __future__ import annotations

import datetime as dt
import re

from linghuo.bilingual import bilingual

__all__ = [
    "EARLIEST",
    "ISO_FORMAT",
    "LATEST",
    "MAX_AGE",
    "DateInputError",
    "age_on",
    "birth_date_error",
    "date_in_range",
    "parse_iso_date",
]

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
MAX_AGE = 120
ISO_FORMAT = "%Y-%m-%d"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


class DateInputError(ValueError):
    """Why a value is not a usable date, in Chinese (``zh``) and English (``en``)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(bilingual(zh, en))
        self.zh, self.en = zh, en


def date_in_range(day: dt.date) -> dt.date:
    """``day`` when it lies between :data:`EARLIEST` and :data:`LATEST`; else a :class:`DateInputError`."""
    if not EARLIEST <= day <= LATEST:
        raise DateInputError(
            f"日期 {day.isoformat()} 超出 {EARLIEST.isoformat()} 至 {LATEST.isoformat()} 的范围",
            f"date {day.isoformat()} outside {EARLIEST.isoformat()} to {LATEST.isoformat()}",
        )
    return day


def parse_iso_date(value: str) -> dt.date:
    """A date written exactly ``YYYY-MM-DD``, in range; else a :class:`DateInputError`."""
    if not _ISO_DATE.fullmatch(value):
        raise DateInputError(
            f"应为 YYYY-MM-DD 格式的日期，收到 {value!r}", f"must be a date as YYYY-MM-DD, got {value!r}"
        )
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise DateInputError(
            f"不存在的日期 {value!r}", f"impossible date {value!r} (expected YYYY-MM-DD)"
        ) from None
    return date_in_range(day)


def age_on(birth: dt.date, on: dt.date) -> int:
    """A person's age in whole years on ``on`` (negative when born after it)."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def birth_date_error(birth: dt.date, on: dt.date) -> tuple[str, str] | None:
    """Why ``birth`` is not a living person's birth date on ``on`` (Chinese, English); None when it is.

    >>> on = dt.date(2026, 12, 3)
    >>> birth_date_error(dt.date(1990, 5, 1), on) is None, birth_date_error(dt.date(1906, 12, 3), on) is None
    (True, True)
    >>> birth_date_error(dt.date(2090, 1, 1), on)[1]
    'birth date 2090-01-01 is after 2026-12-03'
    """
    if birth > on:
        return (
            f"出生日期 {birth.isoformat()} 晚于 {on.isoformat()}",
            f"birth date {birth.isoformat()} is after {on.isoformat()}",
        )
    if age_on(birth, on) > MAX_AGE:
        return (
            f"出生日期 {birth.isoformat()} 到 {on.isoformat()} 年龄超过{MAX_AGE}岁",
            f"birth date {birth.isoformat()} gives an age over {MAX_AGE} on {on.isoformat()}",
        )
    return None
