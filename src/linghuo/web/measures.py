"""Reads of the policy's measures for the pages: grouped by part, found by number or index.

Pure functions over ``linghuo.policy.clauses``; the views only call these and render.

>>> [p.number for p in measures_by_part()]
['一', '二', '三', '四', '五', '六']
>>> find_measure("十二").title
'落实灵活就业社保补贴'
>>> find_measure("12").number
'十二'
>>> responsible_departments(find_measure("十五"))
('市人社局', '市统计局', '国调队')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linghuo.policy.clauses import Clause, all_clauses

# "……等按职责分工负责" / "……按职责分工负责": the clause's closing duty sentence.
_DUTY_SUFFIX = re.compile(r"(等)?按职责分工负责$")
# Departments are listed with 、 and the county governments joined with 和各….
_DEPARTMENT_SEPARATOR = re.compile(r"、|和(?=各)")


@dataclass(frozen=True, slots=True)
class Part:
    """One of the policy's six parts, with its measures in the order of the text."""

    number: str
    title: str
    clauses: tuple[Clause, ...]


def measures_by_part() -> tuple[Part, ...]:
    """The 18 measures grouped under their six parts, in the order of the text."""
    parts: dict[str, list[Clause]] = {}
    titles: dict[str, str] = {}
    for c in sorted(all_clauses(), key=lambda c: c.index):
        parts.setdefault(c.part, []).append(c)
        titles[c.part] = c.part_title
    return tuple(Part(number=n, title=titles[n], clauses=tuple(cs)) for n, cs in parts.items())


def find_measure(key: str) -> Clause:
    """The measure numbered ``key`` (一 … 十八) or with index ``key`` (1 … 18); KeyError otherwise."""
    key = key.strip()
    for c in all_clauses():
        if key in (c.number, str(c.index)):
            return c
    raise KeyError(key)


def responsible_departments(clause: Clause) -> tuple[str, ...]:
    """The departments the clause names as responsible, in the order it names them."""
    listed = _DUTY_SUFFIX.sub("", clause.responsibility.strip())
    return tuple(d.strip() for d in _DEPARTMENT_SEPARATOR.split(listed) if d.strip())
