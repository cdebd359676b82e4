"""Forms of the registry pages (phone-first: radio buttons, selects, few fields)."""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from linghuo import divisions
from linghuo.policy.facts import FACTS_BY_NAME
from linghuo.registry import commitment
from linghuo.registry.models import (
    BUSINESS_KINDS,
    EmploymentForm,
    EmploymentStatus,
    MembershipKind,
    MembershipSource,
    PlaceKind,
    SpotCheckOutcome,
)
from linghuo.site.fields import IsoDateField
from linghuo.site.language import is_english

FEN_PER_YUAN = 100


def county_choices() -> list[tuple[str, str]]:
    """The city's current counties as (code, "name（code）"), "name (code)" on an English page."""
    code = " ({})" if is_english() else "（{}）"
    return [(c.code, c.name + code.format(c.code)) for c in divisions.counties()]


def township_choices() -> list[tuple[str, Any]]:
    """Townships grouped by county, with an empty first choice."""
    groups: list[tuple[str, Any]] = [("", _("（不填）"))]
    for county in divisions.counties():
        towns = [(t.code, t.name) for t in divisions.townships_of(county.code)]
        if towns:
            groups.append((county.name, towns))
    return groups


class NamesSelect(forms.Select):
    """A select of place names, which stay Chinese on an English page: each named option and group is
    marked ``lang="zh"``."""

    template_name = "registry/widgets/names_select.html"
    option_template_name = "registry/widgets/names_option.html"


class TownshipSelect(NamesSelect):
    """Townships grouped by county; each option names its county (``data-county``), so the page's script
    (``registry/township_picker.js``) offers only the townships of the chosen district."""

    def create_option(  # noqa: PLR0917 -- Django's signature
        self,
        name: str,
        value: Any,
        label: int | str,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            with contextlib.suppress(KeyError):
                option["attrs"]["data-county"] = divisions.township(str(value)).county_code
        return option


def yuan_to_fen(amount: Decimal | None) -> int | None:
    """A yuan amount with at most two decimals as integer fen.

    >>> yuan_to_fen(Decimal("3000.5")), yuan_to_fen(None)
    (300050, None)
    """
    if amount is None:
        return None
    return int(amount * FEN_PER_YUAN)


class RegistrationForm(forms.Form):
    """Employment registration (十五): place, form, optional details and the signed commitment."""

    name = forms.CharField(label=_("姓名"), max_length=64, required=False)
    id_number = forms.CharField(label=_("身份证号码"), max_length=24, required=False)
    place_kind = forms.ChoiceField(label=_("登记地"), choices=PlaceKind.choices, widget=forms.RadioSelect)
    place_division = forms.ChoiceField(label=_("登记地所在区县"), choices=county_choices, widget=NamesSelect)
    employment_form = forms.ChoiceField(
        label=_("就业形式"), choices=EmploymentForm.choices, widget=forms.RadioSelect
    )
    monthly_income_yuan = forms.DecimalField(
        label=_("月收入（元，可不填）"), required=False, min_value=Decimal(0), max_digits=12, decimal_places=2
    )
    work_township = forms.ChoiceField(
        label=_("工作乡镇（街道，可不填）"), choices=township_choices, required=False, widget=TownshipSelect
    )
    commitment_version = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(
        label=_("我已阅读上述承诺书，承诺所填信息真实，同意签署"),
        error_messages={"required": _("请阅读并勾选同意承诺书后再提交")},
    )

    def __init__(self, *args: Any, needs_identity: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_identity = needs_identity
        self.fields["commitment_version"].initial = commitment.COMMITMENT_VERSION
        if needs_identity:
            self.fields["name"].required = True
            self.fields["id_number"].required = True
            self.fields["name"].error_messages["required"] = gettext("请填写姓名")
            self.fields["id_number"].error_messages["required"] = gettext("请填写身份证号码")
        else:
            del self.fields["name"]
            del self.fields["id_number"]
        for field in ("place_kind", "place_division", "employment_form"):
            self.fields[field].error_messages["required"] = gettext("请选择%(label)s") % {
                "label": self.fields[field].label
            }

    def clean(self) -> dict[str, Any]:
        """The work township, when given, must lie in the chosen district (the service checks it too)."""
        data = super().clean() or {}
        township, district = data.get("work_township"), data.get("place_division")
        if township and district and divisions.township(township).county_code != district:
            town = divisions.township(township)
            self.add_error(
                "work_township",
                gettext("所选乡镇（街道）%(township)s属于%(county)s，不属于所选区县%(district)s，请重新选择")
                % {
                    "township": town.name,
                    "county": divisions.county(town.county_code).name,
                    "district": divisions.county(district).name,
                },
            )
        return data


class EndRegistrationForm(forms.Form):
    reason = forms.CharField(label=_("终止原因（可不填）"), max_length=200, required=False)


def value_text_choices() -> list[tuple[str, str | Promise]]:
    """Allowed text values: the employment statuses and the business kinds."""
    return [("", _("（不适用）")), *EmploymentStatus.choices, *BUSINESS_KINDS.items()]


class MembershipForm(forms.Form):
    """A group membership or dated fact, with its source and evidence."""

    kind = forms.ChoiceField(label=_("类别"), choices=MembershipKind.choices)
    valid_from = IsoDateField(
        label=_("起始日期（认定、发生或成立日期）"),
    )
    valid_until = IsoDateField(
        label=_("截止日期（可不填）"),
        required=False,
    )
    value_number = forms.DecimalField(
        label=_("数值（人数、月数、年数；金额按元填写）"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("金额以元为单位，可带两位小数，如 200000 或 1500.50"),
    )
    value_text = forms.ChoiceField(
        label=_("取值（就业状态、创业主体类型）"), choices=value_text_choices, required=False
    )
    source = forms.ChoiceField(
        label=_("信息来源"), choices=MembershipSource.choices, initial=MembershipSource.CASEWORKER_ENTRY
    )
    evidence_reference = forms.CharField(label=_("证明材料编号"), max_length=120, required=False)
    evidence_note = forms.CharField(
        label=_("证明说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self) -> dict[str, Any]:
        """An amount is typed in yuan and stored in fen; a count of people, months or years is whole."""
        data = super().clean() or {}
        number, kind = data.get("value_number"), data.get("kind")
        if number is None or not kind:
            return data
        fact = FACTS_BY_NAME.get(kind)
        if fact is not None and fact.kind == "money":
            data["value_number"] = yuan_to_fen(number)
        elif number != number.to_integral_value():
            self.add_error("value_number", gettext("人数、月数、年数应为整数"))
        else:
            data["value_number"] = int(number)
        return data


class MembershipEndForm(forms.Form):
    valid_until = IsoDateField(label=_("截止日期"))


class SpotCheckForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("抽查结果"),
        choices=[
            (SpotCheckOutcome.CONFIRMED, SpotCheckOutcome.CONFIRMED.label),
            (SpotCheckOutcome.DISCREPANCY, SpotCheckOutcome.DISCREPANCY.label),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("说明（信息不符时必填）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class IdentityConfirmForm(forms.Form):
    note = forms.CharField(
        label=_("核验方式（可不填，如：本人持身份证到窗口核验）"), max_length=200, required=False
    )


class IdentityRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("驳回原因"),
        max_length=200,
        error_messages={"required": _("请填写驳回原因")},
    )
