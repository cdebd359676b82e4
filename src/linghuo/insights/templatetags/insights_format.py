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
CATEGORIES_EN = {
    "male": "men",
    "female_55": "women (formerly retiring at 55)",
    "female_50": "women (formerly retiring at 50)",
}


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
    """The key of a keyed parameter in words: a division's name, a wage tier, a retirement category (in
    the page's language; a division's name stays Chinese, see :func:`key_is_name`).

    >>> key_label("division", "320706"), key_label("division", "default"), key_label("tier", "2")
    ('海州区', '全市默认', '第 2 档')
    """
    english = (get_language() or "").startswith("en")
    if keyed_by == "division":
        if key == "default":
            return "city default" if english else "全市默认"
        return divisions.county(key).name if divisions.is_current_county(key) else key
    if keyed_by == "tier":
        return f"tier {key}" if english else f"第 {key} 档"
    if keyed_by == "category":
        return (CATEGORIES_EN if english else CATEGORIES).get(key, key)
    return f"{keyed_by}={key}"


def key_is_name(keyed_by: str, key: str) -> bool:
    """Whether the key in words is a division's name, which stays Chinese on an English page."""
    return keyed_by == "division" and key != "default" and divisions.is_current_county(key)


@dataclass
class ParameterItem:
    """One input of the what-if form: its Chinese and English label, the key in words, the value shown."""

    field: ParameterField
    zh: str
    en: str
    key: str
    value: str
    changed: bool
    key_is_name: bool = False


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
    text, key, key_is_chinese = parameter.description, "", False
    if "[" in parameter.key and (found := KEY.search(text)):
        text, key = text[: found.start()], key_label(found.group(1), found.group(2))
        key_is_chinese = key_is_name(found.group(1), found.group(2))
    zh, _, en = BILINGUAL.sub(" / ", text, count=1).partition(" / ")
    given = (values.get(parameter.key) or "").strip() if values else ""
    value = given or parameter.current  # a field left out of the form keeps the value in force
    changed = bool(given) and given != parameter.current
    return ParameterItem(parameter, zh.strip(), en.strip(), key, value, changed, key_is_chinese)


def clause_number(clause: str) -> int:
    """A clause's number from its Chinese numeral, for ordering (0 when there is none).

    >>> clause_number("二"), clause_number("十"), clause_number("十二"), clause_number("")
    (2, 10, 12, 0)
    """
    digits = "一二三四五六七八九"
    if not clause:
        return 0
    if clause.startswith("十"):
        return 10 + (digits.index(clause[1]) + 1 if len(clause) > 1 else 0)
    return digits.index(clause[0]) + 1 if clause[0] in digits else 0


def _group(code: str, first: ParameterField) -> tuple[int, ParameterGroup]:
    measure = registry().get(code)
    if measure is None:  # a rule the platform keeps without a measure: named by its first parameter
        zh, _, en = BILINGUAL.sub(" / ", first.description, count=1).partition(" / ")
        english = (get_language() or "").startswith("en") and en
        return 99, ParameterGroup(code, en.strip() if english else zh.strip())
    english = (get_language() or "").startswith("en") and measure.title_en
    title = measure.title_en if english else measure.title
    number = clause_number(measure.clause)
    numbered = (f"{number}. {title}" if english else f"（{measure.clause}）{title}") if number else title
    return number or 99, ParameterGroup(code, numbered)


@register.simple_tag
def parameter_groups(fields: Sequence[ParameterField], values: Mapping[str, str]) -> list[ParameterGroup]:
    """The what-if form's parameters grouped by the measure they belong to, in the order of the clauses."""
    groups: dict[str, tuple[int, ParameterGroup]] = {}
    for parameter in fields:
        code = parameter.name.split(".", 1)[0]
        if code not in groups:
            groups[code] = _group(code, parameter)
        groups[code][1].items.append(_item(parameter, values))
    return [group for _, group in sorted(groups.values(), key=lambda pair: pair[0])]
