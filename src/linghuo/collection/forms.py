"""Upload forms: a month (rosters) and a file."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from linghuo.collection.periods import period_parse

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


def _upload_field(label: _StrOrPromise) -> forms.FileField:
    """The file of an upload; what it may be is decided by ``services.upload_check``."""
    return forms.FileField(
        label=label,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": _("请选择要上传的文件"), "empty": _("文件是空的")},
    )


class RosterUploadForm(forms.Form):
    period = forms.CharField(
        label=_("所属月份"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM", "required": True}),
        error_messages={"required": _("请选择所属月份")},
    )
    file = _upload_field(_("名册文件（.xlsx 或 .csv）"))

    def clean_period(self) -> datetime.date:
        try:
            return period_parse(self.cleaned_data["period"])
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class ContributionUploadForm(forms.Form):
    file = _upload_field(_("缴费记录文件（.xlsx 或 .csv）"))
