"""The market's forms: what a page reads from a phone, turned into what the services take.

Amounts are typed in yuan (two decimals) and handed on as integer fen; every check of meaning (the pay
floor, banned words, dates, districts) is the services', so a refusal says the same on a page and in
the API.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from linghuo import divisions
from linghuo.market import categories
from linghuo.market.models import PayUnit, ReportReason
from linghuo.market.services import PostingInput
from linghuo.site.language import is_english

MAX_YUAN = Decimal("100000000")
# The time slots a worker ticks on a phone (stored as the services' "HH:MM-HH:MM,…").
SLOTS: tuple[tuple[str, Promise], ...] = (
    ("08:00-12:00", _("上午")),
    ("12:00-18:00", _("下午")),
    ("18:00-22:00", _("晚上")),
    ("22:00-08:00", _("夜间")),
)
WEEKDAYS: tuple[tuple[int, Promise], ...] = (
    (1, _("周一")),
    (2, _("周二")),
    (3, _("周三")),
    (4, _("周四")),
    (5, _("周五")),
    (6, _("周六")),
    (7, _("周日")),
)


def category_choices() -> list[tuple[str, str]]:
    """The trades in the page's language."""
    language = "en" if is_english() else "zh"
    return [(code, categories.label(code, language)) for code in categories.CATEGORIES]


def county_codes() -> list[str]:
    return [county.code for county in divisions.counties()]


def township_codes() -> list[str]:
    return [
        township.code for county in divisions.counties() for township in divisions.townships_of(county.code)
    ]


def fen(yuan: Decimal | None) -> int | None:
    """Yuan (two decimals) as integer fen.

    >>> fen(Decimal("23.5")), fen(None)
    (2350, None)
    """
    return None if yuan is None else int((yuan * 100).to_integral_value())


def _yuan_field(*, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        required=required, min_value=Decimal("0.01"), max_value=MAX_YUAN, max_digits=11, decimal_places=2
    )


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    district = forms.ChoiceField(required=False)
    category = forms.ChoiceField(required=False)
    min_yuan = forms.DecimalField(
        required=False, min_value=Decimal("0"), max_value=MAX_YUAN, decimal_places=2
    )
    on = forms.DateField(required=False)
    order = forms.ChoiceField(required=False, choices=[("newest", "newest"), ("nearest", "nearest")])
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        category = self.fields["category"]
        assert isinstance(district, forms.ChoiceField)
        assert isinstance(category, forms.ChoiceField)
        district.choices = [("", ""), *((code, code) for code in county_codes())]
        category.choices = [("", ""), *category_choices()]


class PostingForm(forms.Form):
    title = forms.CharField(max_length=60)
    # what the poster wrote is shown as written (marked Chinese, like every posting's text)
    description = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 5, "lang": "zh"}))
    category = forms.ChoiceField()
    district = forms.ChoiceField()
    township = forms.CharField(required=False, max_length=9)
    pay_yuan = _yuan_field()
    pay_unit = forms.ChoiceField(choices=PayUnit.choices)
    hours = forms.DecimalField(
        required=False, min_value=Decimal("0.25"), max_value=Decimal("9999"), decimal_places=2
    )
    pieces = forms.IntegerField(required=False, min_value=1, max_value=1_000_000)
    starts_on = forms.DateField()
    ends_on = forms.DateField()
    time_slots = forms.CharField(required=False, max_length=100)
    headcount = forms.IntegerField(min_value=1, max_value=999, initial=1)
    contact_name = forms.CharField(max_length=32)
    contact_phone = forms.CharField(max_length=11)
    expires_on = forms.DateField(required=False)
    latitude = forms.DecimalField(required=False, min_value=-90, max_value=90, max_digits=9, decimal_places=6)
    longitude = forms.DecimalField(
        required=False, min_value=-180, max_value=180, max_digits=9, decimal_places=6
    )
    organisation = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (
            ("category", category_choices()),
            ("district", [(code, code) for code in county_codes()]),
            ("organisation", [("", ""), *((str(pk), name) for pk, name in organisations or [])]),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def posting_input(self) -> PostingInput:
        data = self.cleaned_data
        return PostingInput(
            title=data["title"],
            description=data["description"],
            category=data["category"],
            district=data["district"],
            township=data["township"] or "",
            pay_fen=fen(data["pay_yuan"]) or 0,
            pay_unit=data["pay_unit"],
            hours=data["hours"],
            pieces=data["pieces"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            time_slots=data["time_slots"] or "",
            headcount=data["headcount"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            expires_on=data["expires_on"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            organisation_id=data["organisation"],
        )


class ProfileForm(forms.Form):
    trades = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    districts = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    days = forms.TypedMultipleChoiceField(
        required=False, coerce=int, choices=[(str(day), label) for day, label in WEEKDAYS]
    )
    slots = forms.MultipleChoiceField(required=False, choices=list(SLOTS))
    skills = forms.CharField(required=False, max_length=200)
    expected_yuan = _yuan_field(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trades, districts = self.fields["trades"], self.fields["districts"]
        assert isinstance(trades, forms.ChoiceField)
        assert isinstance(districts, forms.ChoiceField)
        trades.choices = category_choices()
        districts.choices = [(code, code) for code in county_codes()]


class ConfirmForm(forms.Form):
    """The poster's account of the work: the pay actually paid and the dates worked."""

    income_yuan = forms.DecimalField(
        min_value=Decimal("0"), max_value=MAX_YUAN, max_digits=11, decimal_places=2
    )
    worked_from = forms.DateField()
    worked_until = forms.DateField()


class RateForm(forms.Form):
    score = forms.TypedChoiceField(coerce=int, choices=[(str(n), str(n)) for n in range(1, 6)])
    comment = forms.CharField(required=False, max_length=200)


class DisputeForm(forms.Form):
    text = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=ReportReason.choices)
    note = forms.CharField(required=False, max_length=200)


class ResolutionForm(forms.Form):
    resolution = forms.CharField(max_length=200)


class ReportDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(coerce=lambda value: value == "1", choices=[("1", "1"), ("0", "0")])


def default_dates(today: dt.date) -> dict[str, dt.date]:
    """A new posting's dates to start from: today to a week ahead."""
    return {"starts_on": today, "ends_on": today + dt.timedelta(days=7)}
