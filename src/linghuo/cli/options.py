"""Option types the commands share: a date written exactly YYYY-MM-DD between 1900 and 2100."""

from __future__ import annotations

import datetime as dt

import click

from linghuo import dates


class IsoDate(click.ParamType[dt.date]):
    """``--on 2026-12-03``: refuses ``20261203``, ``2026-W49-4``, ``2026-1-3`` and ``9999-12-31``."""

    name = "YYYY-MM-DD"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dates.parse_iso_date(str(value))
        except dates.DateInputError as e:
            self.fail(str(e), param, ctx)


ISO_DATE = IsoDate()
