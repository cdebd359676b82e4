"""The rules engine's English texts are English: an English page shows them, so no Chinese in them.

Titles, condition labels (group members too), figure labels, notes and rounding texts of every measure
and platform rule; the Chinese names a page needs (a division, a document) come from elsewhere, marked
as Chinese. An explanation's English names its measure by number, not by the Chinese numeral.
"""

from __future__ import annotations

import datetime
import re

import pytest

from linghuo.policy.dsl import Condition
from linghuo.policy.engine import evaluate_one
from linghuo.policy.measures import platform_rules, registry

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _conditions(conditions: tuple[Condition, ...]) -> list[Condition]:
    found: list[Condition] = []
    for condition in conditions:
        found += [condition, *_conditions(condition.members)]
    return found


def _english_texts(code: str) -> list[str]:
    measure = registry()[code]
    return [
        measure.title_en,
        measure.rounding_en,
        *(c.label_en for c in _conditions(measure.conditions)),
        *(f.label_en for f in measure.figures),
        *(n.text_en for n in measure.notes),
    ]


@pytest.mark.parametrize("code", list(registry()))
def test_it_writes_a_measures_english_without_chinese(code: str) -> None:
    texts = _english_texts(code)
    assert all(texts[:1]), "every measure has an English title"
    assert [t for t in texts if CJK.search(t)] == []


def test_it_writes_the_platform_rules_english_titles_without_chinese() -> None:
    titles = [rule.title_en for rule in platform_rules().values()]
    assert titles
    assert [t for t in titles if not t or CJK.search(t)] == []


def test_it_names_the_measure_by_its_number_in_the_english_explanation() -> None:
    evaluation = evaluate_one({"employment_form": "platform"}, on=datetime.date(2024, 6, 1))
    subsidy = next(d for d in evaluation.decisions if d.code == "social_insurance_subsidy")
    assert "(measure 12)" in subsidy.explanation_en
    assert "（第（十二）条）" in subsidy.explanation_zh
