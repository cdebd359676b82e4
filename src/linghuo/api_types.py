"""The input types the HTTP API shares: a strict date, bounded integers (ids, amounts, pages).

- :data:`IsoDate`: a date written exactly ``YYYY-MM-DD`` between 1900 and 2100 (:mod:`linghuo.dates`);
  pydantic alone takes ``20261203``, ``2026-W49-4`` or ``9999-12-31``.
- :data:`Fen`: an amount in fen, 0 to :data:`MAX_FEN` (一百亿元); :data:`Count`, 0 to a million.
- :data:`Id`: a path id, 1 to a 64-bit key's largest; ``MAX_OFFSET``, ``MAX_PAGE``: an offset's and a
  page's bounds.

A refusal is a 422 whose item carries its Chinese text (``ctx["zh"]``, read by the API's handlers).
Sits below the apps (imports none), so every app's ``api.py`` can use it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from linghuo import dates

__all__ = [
    "MAX_COUNT",
    "MAX_FEN",
    "MAX_ID",
    "MAX_OFFSET",
    "MAX_PAGE",
    "Count",
    "Fen",
    "Id",
    "IsoDate",
    "Offset",
    "PageSize",
]

MAX_ID = 2**63 - 1  # a BigAutoField key
MAX_OFFSET = 1_000_000_000
MAX_PAGE = 200
MAX_FEN = 1_000_000_000_000
MAX_COUNT = 1_000_000


def _strict_date(value: Any) -> dt.date:
    try:
        if isinstance(value, dt.datetime):
            raise dates.DateInputError("应为日期而不是时间", "must be a date, not a timestamp")
        if isinstance(value, dt.date):
            return dates.date_in_range(value)
        if not isinstance(value, str):
            raise dates.DateInputError("应为 YYYY-MM-DD 格式的日期", "must be a date as YYYY-MM-DD")
        return dates.parse_iso_date(value)
    except dates.DateInputError as e:
        raise PydanticCustomError("date_format", "{en}", {"zh": e.zh, "en": e.en}) from None


IsoDate = Annotated[
    dt.date,
    BeforeValidator(_strict_date),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": r"^\d{4}-\d{2}-\d{2}$",
            "description": "YYYY-MM-DD, 1900-01-01 … 2100-12-31",
        }
    ),
]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
PageSize = Annotated[int, Field(ge=1, le=MAX_PAGE)]
Fen = Annotated[int, Field(ge=0, le=MAX_FEN)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
