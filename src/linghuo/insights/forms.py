"""The what-if form's fixed part: the date, how many months, and an optional district.

The parameter fields themselves are listed by ``whatif.parameter_fields`` and read from the POST data,
so a new parameter in the YAML appears on the form without a code change."""

from __future__ import annotations

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from linghuo import divisions
from linghuo.registry.forms import NamesSelect
from linghuo.site.fields import IsoDateField


def _district_choices() -> list[tuple[str, str | Promise]]:
    return [("", _("全市")), *((c.code, c.name) for c in divisions.counties())]


class WhatIfForm(forms.Form):
    on = IsoDateField(label=_("评估日期"))
    months = forms.IntegerField(
        label=_("按月评估月数"),
        min_value=1,
        max_value=12,
        error_messages={"min_value": _("月数应在 1 到 12 之间"), "max_value": _("月数应在 1 到 12 之间")},
    )
    district = forms.ChoiceField(
        label=_("范围"), choices=_district_choices, required=False, widget=NamesSelect
    )
