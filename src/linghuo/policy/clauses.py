"""The policy text: 连政办发〔2021〕50号 and its 18 measures (clauses), as published.

Pure data, no Django: the rules engine, the CLI and the web pages all read the clauses from here.

>>> clause("十二").title
'落实灵活就业社保补贴'
>>> len(all_clauses())
18
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True, slots=True)
class Clause:
    number: str  # 一 … 十八, as the text numbers them
    index: int  # 1 … 18
    part: str  # 一 … 六
    part_title: str
    title: str
    text: str
    responsibility: str


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    number: str
    title: str
    issuer: str
    issued_on: dt.date
    in_force_from: dt.date
    clauses: tuple[Clause, ...]


@cache
def document() -> PolicyDocument:
    """The policy document with all its clauses, loaded once from ``clauses.yaml``."""
    raw = yaml.safe_load(resources.files("linghuo.policy").joinpath("clauses.yaml").read_text("utf-8"))
    parts = {p["number"]: p["title"] for p in raw["parts"]}
    clauses = tuple(
        Clause(
            number=c["number"],
            index=int(c["index"]),
            part=c["part"],
            part_title=parts[c["part"]],
            title=c["title"],
            text=c["text"],
            responsibility=c["responsibility"],
        )
        for c in raw["clauses"]
    )
    d = raw["document"]
    return PolicyDocument(
        number=d["number"],
        title=d["title"],
        issuer=d["issuer"],
        issued_on=dt.date.fromisoformat(d["issued_on"]),
        in_force_from=dt.date.fromisoformat(d["in_force_from"]),
        clauses=clauses,
    )


def all_clauses() -> tuple[Clause, ...]:
    return document().clauses


def clause(number: str) -> Clause:
    """The clause numbered ``number`` (一 … 十八); KeyError for any other."""
    for c in all_clauses():
        if c.number == number:
            return c
    raise KeyError(f"没有第（{number}）条措施 / no clause {number!r}")
