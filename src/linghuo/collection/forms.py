"""Upload forms: a month (rosters) and a file."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from linghuo.collection.periods import period_parse


class RosterUploadForm(forms.Form):
    period = forms.CharField(
        label=_("所属月份"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM", "required": True}),
        error_messages={"required": _("请选择所属月份")},
    )
    file = forms.FileField(
        label=_("名册文件（.xlsx 或 .csv）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": _("请选择要上传的文件"), "empty": _("文件是空的")},
    )

    def clean_period(self) -> datetime.date:
        try:
            return period_parse(self.cleaned_data["period"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class ContributionUploadForm(forms.Form):
    file = forms.FileField(
        label=_("缴费记录文件（.xlsx 或 .csv）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": _("请选择要上传的文件"), "empty": _("文件是空的")},
    )
