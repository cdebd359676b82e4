"""Form fields the pages share: a date written exactly YYYY-MM-DD between 1900 and 2100.

Django's ``DateField`` takes every format of the active locale (``2026/12/03``, ``2026年12月3日``,
``2026-1-3``) and any year up to 9999; a date input sends ``YYYY-MM-DD``, and so must anyone else.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from linghuo import dates
from linghuo.site.language import is_english


class IsoDateField(forms.DateField):
    """A date as ``YYYY-MM-DD`` only (:mod:`linghuo.dates`), shown in a date input; refusals in the page's
    language."""

    input_formats = [dates.ISO_FORMAT]  # noqa: RUF012 -- Django's own class attribute

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format=dates.ISO_FORMAT))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        try:
            if isinstance(value, dt.date):
                return dates.date_in_range(value)
            return dates.parse_iso_date(str(value).strip())
        except dates.DateInputError as e:
            raise ValidationError(e.en if is_english() else e.zh, code="invalid") from None
