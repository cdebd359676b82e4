"""Template helpers of the insights pages: ``{{ fen|yuan }}``, the what-if form's submitted values, its
parameters grouped by measure, and the measures nobody is eligible for."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import template
from django.utils.translation import get_language

from linghuo import divisions
from linghuo.insights.whatif import ParameterField
from linghuo.policy.engine import yuan as _yuan
from linghuo.policy.measures import registry

register = template.Library()

BILINGUAL = re.compile(r"\s*/\s+")
KEY = re.compile(r"（(\w+)=([^）]*)）$")
CATEGORIES = {"male": "男性", "female_55": "女性（原55周岁退休）", "female_50": "女性（原50周岁退休）"}


@register.filter
def yuan(fen: int | None) -> str:
    """Fen as yuan ("—" when there is no amount)."""
    return "—" if fen is None else _yuan(int(fen))


@register.filter
def field_value(values: dict[str, str], key: str) -> str:
    """The value a form sent for ``key`` (the what-if parameter fields are not a Django form)."""
    return values.get(key, "")


@register.filter
def none_eligible(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rows of a run's figures by measure in which nobody is eligible (listed apart, in one line)."""
    return [row for row in rows if not row["eligible"] and not row["newly_eligible"]]


def key_label(keyed_by: str, key: str) -> str:
    """The key of a keyed parameter in words: a division's name, a wage tier, a retirement category.

    >>> key_label("division", "320706"), key_label("division", "default"), key_label("tier", "2")
    ('海州区', '全市默认', '第 2 档')
    """
    if keyed_by == "division":
        if key == "default":
            return "全市默认"
        return divisions.county(key).name if divisions.is_current_county(key) else key
    if keyed_by == "tier":
        return f"第 {key} 档"
    return CATEGORIES.get(key, key) if keyed_by == "category" else f"{keyed_by}={key}"


@dataclass
class ParameterItem:
    """One input of the what-if form: its Chinese and English label, the key in words, the value shown."""

    field: ParameterField
    zh: str
    en: str
    key: str
    value: str
    changed: bool


@dataclass
class ParameterGroup:
    """The parameters of one measure (or rule), with the measure's clause and title."""

    code: str
    title: str
    items: list[ParameterItem] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """How many of the group's values differ from the ones in force."""
        return sum(item.changed for item in self.items)


def _item(parameter: ParameterField, values: Mapping[str, str]) -> ParameterItem:
    text, key = parameter.description, ""
    if "[" in parameter.key and (found := KEY.search(text)):
        text, key = text[: found.start()], key_label(found.group(1), found.group(2))
    zh, _, en = BILINGUAL.sub(" / ", text, count=1).partition(" / ")
    given = (values.get(parameter.key) or "").strip() if values else ""
    value = given if values else parameter.current
    changed = bool(given) and given != parameter.current
    return ParameterItem(parameter, zh.strip(), en.strip(), key, value, changed)


def _group_title(code: str) -> str:
    measure = registry().get(code)
    if measure is None:
        return code
    title = (
        measure.title_en if (get_language() or "").startswith("en") and measure.title_en else measure.title
    )
    return f"（{measure.clause}）{title}" if measure.clause else title


@register.simple_tag
def parameter_groups(fields: Sequence[ParameterField], values: Mapping[str, str]) -> list[ParameterGroup]:
    """The what-if form's parameters grouped by the measure they belong to, in the parameters' order."""
    groups: dict[str, ParameterGroup] = {}
    for parameter in fields:
        code = parameter.name.split(".", 1)[0]
        group = groups.setdefault(code, ParameterGroup(code, _group_title(code)))
        group.items.append(_item(parameter, values))
    return list(groups.values())
