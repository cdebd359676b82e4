"""What the person facts and the organisation facts have in common: a fact's kind, its column type and
default, the parsing of one value with errors in Chinese and English, and the normalising of a frame.

:mod:`linghuo.policy.facts` (a person) and :mod:`linghuo.policy.organisation_facts` (an organisation)
each declare their facts as a :class:`FactTable` and keep only their own checks across facts.

>>> table = FactTable(
...     (Fact("id", "text", "编号"), Fact("workers", "count", "人数"), Fact("since", "date", "日期")),
...     unknown=("未知的事实名称", "unknown fact name"),
... )
>>> table.parse({"id": "a", "workers": None})
({'id': 'a', 'workers': 0, 'since': None}, [])
>>> [str(e) for e in table.parse({"workers": -1, "colour": "red"})[1]]
['colour：未知的事实名称 / colour: unknown fact name', 'workers：不能为负数 / workers: cannot be negative']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import polars as pl
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc as stdnum_uscc

from linghuo import dates, divisions

FactKind = Literal["text", "uscc", "division", "enum", "bool", "date", "count", "money", "year"]


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact of a record: its name, kind, Chinese label and (for an enum) its choices."""

    name: str
    kind: FactKind
    label_zh: str
    choices: tuple[str, ...] = ()

    @property
    def default(self) -> object:
        """The value when left out or null: false for booleans, 0 for counts and amounts, else null."""
        if self.kind == "bool":
            return False
        if self.kind in ("count", "money"):
            return 0
        return None

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self.kind] if self.kind != "enum" else pl.Enum(list(self.choices))


_DTYPES: dict[str, pl.DataType] = {
    "text": pl.String(),
    "uscc": pl.String(),
    "division": pl.String(),
    "bool": pl.Boolean(),
    "date": pl.Date(),
    "count": pl.Int32(),
    "money": pl.Int64(),
    "year": pl.Int32(),
}


@dataclass(frozen=True, slots=True)
class FactError:
    fact: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.fact}：{self.message_zh} / {self.fact}: {self.message_en}"


class FactsError(ValueError):
    """One or more facts are invalid; ``errors`` lists each with a Chinese and an English message."""

    def __init__(self, errors: list[FactError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class InvalidValueError(Exception):
    """Raised by a parser: why a value is not one of its fact's, in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


Parser = Callable[[Fact, object], object]


# --- parsing one value, by kind ---------------------------------------------------------------------


def parse_text(fact: Fact, value: object) -> str:
    """A string (or an integer, as text), stripped."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise InvalidValueError("应为文本", "must be a string")
    return str(value).strip()


# GB/T 2260 province-level prefixes: a sane check for a division code outside the city.
_PROVINCE_RANGES = (range(11, 16), range(21, 24), range(31, 38), range(41, 47), range(50, 55), range(61, 66))
PROVINCE_PREFIXES = frozenset(str(n) for r in _PROVINCE_RANGES for n in r) | {"71", "81", "82"}


def division_error(code: str) -> tuple[str, str] | None:
    """Why ``code`` is not a usable 6-digit division code, in Chinese and English; None when it is.

    Inside the city (3207xx) the code must be a current or historical county of ``linghuo.divisions``
    (or the city's own code); elsewhere a known province prefix is required.

    >>> division_error("320706") is None, division_error("110105") is None
    (True, True)
    >>> division_error("320799")
    ('未知的区划代码 320799', 'unknown division code 320799')
    """
    if len(code) != 6 or not code.isdigit():
        return (f"区划代码应为6位数字，收到 {code!r}", f"a division code has 6 digits, got {code!r}")
    in_city_prefix = divisions.CITY_CODE[:4]
    known = divisions.is_in_city(code) if code.startswith(in_city_prefix) else code[:2] in PROVINCE_PREFIXES
    if not known:
        return (f"未知的区划代码 {code}", f"unknown division code {code}")
    return None


def parse_division(fact: Fact, value: object) -> str:
    code = parse_text(fact, value)
    problem = division_error(code)
    if problem is not None:
        raise InvalidValueError(*problem)
    return code


def parse_uscc(fact: Fact, value: object) -> str:
    """A unified social credit code (统一社会信用代码), check character verified."""
    code = stdnum_uscc.compact(parse_text(fact, value)).upper()
    try:
        return str(stdnum_uscc.validate(code))
    except stdnum_exceptions.InvalidChecksum:
        raise InvalidValueError(
            "统一社会信用代码校验码错误", "wrong check character in the unified social credit code"
        ) from None
    except stdnum_exceptions.ValidationError:
        raise InvalidValueError(
            "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）",
            "a unified social credit code has 18 digits or capitals (not I, O, Z, S, V)",
        ) from None


def parse_enum(fact: Fact, value: object) -> str:
    if value not in fact.choices:
        listed_zh, listed_en = "、".join(fact.choices), ", ".join(fact.choices)
        raise InvalidValueError(
            f"未知的取值 {value!r}，应为 {listed_zh} 之一",
            f"unknown value {value!r}, expected one of {listed_en}",
        )
    return str(value)


def parse_bool(fact: Fact, value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidValueError(
            f"应为 true 或 false，收到 {value!r}", f"must be true or false, got {value!r}"
        )
    return value


def date_in_range(day: dt.date) -> dt.date:
    """``day`` between 1900-01-01 and 2100-12-31 (:mod:`linghuo.dates`), else :class:`InvalidValueError`."""
    try:
        return dates.date_in_range(day)
    except dates.DateInputError as e:
        raise InvalidValueError(e.zh, e.en) from None


def parse_iso_date(value: str) -> dt.date:
    """A date written exactly ``YYYY-MM-DD``, between 1900 and 2100 (:mod:`linghuo.dates`).

    >>> parse_iso_date("2026-W49-4")
    Traceback (most recent call last):
    ...
    linghuo.policy.schema.InvalidValueError: must be a date as YYYY-MM-DD, got '2026-W49-4'
    """
    try:
        return dates.parse_iso_date(value)
    except dates.DateInputError as e:
        raise InvalidValueError(e.zh, e.en) from None


def parse_date(fact: Fact, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        raise InvalidValueError("应为日期而不是时间", "must be a date, not a timestamp")
    if isinstance(value, dt.date):
        return date_in_range(value)
    if not isinstance(value, str):
        raise InvalidValueError("应为 YYYY-MM-DD 格式的日期", "must be a date as YYYY-MM-DD")
    return parse_iso_date(value)


# The largest amount (fen) and count a fact may hold: far above any real one (一百亿元; a million people),
# far below what the columns hold (Int64, Int32), so no arithmetic on them overflows.
MAX_MONEY_FEN = 1_000_000_000_000
MAX_COUNT = 1_000_000


def parse_integer(fact: Fact, value: object) -> int:
    """A count or an amount in fen: an integer (not a boolean), not negative, not beyond
    :data:`MAX_MONEY_FEN` or :data:`MAX_COUNT`."""
    if isinstance(value, bool) or not isinstance(value, int):
        what = ("金额应为整数（分）", "an amount must be an integer number of fen")
        raise InvalidValueError(*(what if fact.kind == "money" else ("应为整数", "must be an integer")))
    if value < 0:
        if fact.kind == "money":
            raise InvalidValueError("金额不能为负数", "an amount cannot be negative")
        raise InvalidValueError("不能为负数", "cannot be negative")
    if fact.kind == "money" and value > MAX_MONEY_FEN:
        raise InvalidValueError(
            f"金额不能大于 {MAX_MONEY_FEN} 分", f"an amount cannot exceed {MAX_MONEY_FEN} fen"
        )
    if fact.kind != "money" and value > MAX_COUNT:
        raise InvalidValueError(f"不能大于 {MAX_COUNT}", f"cannot exceed {MAX_COUNT}")
    return value


def parse_year(fact: Fact, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not dt.MINYEAR <= value <= dt.MAXYEAR:
        raise InvalidValueError(f"应为公历年份，收到 {value!r}", f"must be a calendar year, got {value!r}")
    return value


PARSERS: dict[str, Parser] = {
    "text": parse_text,
    "uscc": parse_uscc,
    "division": parse_division,
    "enum": parse_enum,
    "bool": parse_bool,
    "date": parse_date,
    "count": parse_integer,
    "money": parse_integer,
    "year": parse_year,
}


def _capped(parser: Parser, maximum: int) -> Parser:
    def parse(fact: Fact, value: object) -> object:
        parsed = parser(fact, value)
        if isinstance(parsed, int) and parsed > maximum:
            raise InvalidValueError(f"不能大于 {maximum}", f"cannot exceed {maximum}")
        return parsed

    return parse


# --- a table of facts --------------------------------------------------------------------------------


class FactTable:
    """The facts of one kind of record, with what parses a record and builds or normalises a frame.

    ``unknown`` is the error (Chinese, English) for a name not in the table; ``parsers`` replaces the
    parser of a fact's kind for the facts it names; ``maxima`` caps integer facts.
    """

    def __init__(
        self,
        facts: Iterable[Fact],
        *,
        unknown: tuple[str, str],
        parsers: Mapping[str, Parser] | None = None,
        maxima: Mapping[str, int] | None = None,
    ) -> None:
        self.facts: tuple[Fact, ...] = tuple(facts)
        self.by_name: dict[str, Fact] = {f.name: f for f in self.facts}
        self.names: tuple[str, ...] = tuple(self.by_name)
        self.schema: dict[str, pl.DataType] = {f.name: f.dtype for f in self.facts}
        self.unknown = unknown
        own = parsers or {}
        caps = maxima or {}
        steps = []
        for fact in self.facts:
            parser = own.get(fact.name, PARSERS[fact.kind])
            if fact.name in caps:
                parser = _capped(parser, caps[fact.name])
            steps.append((fact, parser))
        self._steps: tuple[tuple[Fact, Parser], ...] = tuple(steps)

    def parse(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FactError]]:
        """Every fact of ``raw`` parsed (the default where left out, null or invalid), and the errors:
        unknown names first, then the invalid values in the table's order."""
        errors = [FactError(str(name), *self.unknown) for name in raw if name not in self.by_name]
        facts: dict[str, Any] = {}
        for fact, parser in self._steps:
            value = raw.get(fact.name)
            if value is None:
                facts[fact.name] = fact.default
                continue
            try:
                facts[fact.name] = parser(fact, value)
            except InvalidValueError as e:
                errors.append(FactError(fact.name, e.zh, e.en))
                facts[fact.name] = fact.default
        return facts, errors

    def frame(self, records: Sequence[Mapping[str, Any]]) -> pl.DataFrame:
        """A frame of already validated records, one row each, with exactly the table's columns."""
        return pl.DataFrame({name: [r[name] for r in records] for name in self.names}, schema=self.schema)

    def normalise(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Give ``frame`` every fact column, with its type and default (dates may come as text).

        Missing columns are added with their default, nulls take it; other columns are kept as they
        are. Values are not validated row by row; a value that cannot be cast raises.
        """
        columns = []
        for fact in self.facts:
            present = fact.name in frame.columns
            expr = pl.col(fact.name).cast(fact.dtype) if present else pl.lit(None, fact.dtype)
            if fact.kind == "date" and present and frame.schema[fact.name] == pl.String:
                expr = pl.col(fact.name).str.strptime(pl.Date, "%Y-%m-%d")
            if fact.default is not None:
                expr = expr.fill_null(pl.lit(fact.default, fact.dtype))
            columns.append(expr.alias(fact.name))
        return frame.with_columns(columns)


def validate_each(
    records: Sequence[Mapping[str, Any]],
    validate: Callable[[Mapping[str, Any]], dict[str, Any]],
    *,
    key: str,
) -> list[dict[str, Any]]:
    """``validate`` each record; a :class:`FactsError` names its record before the fact (the record's
    ``key`` fact, or ``#n`` counting from 1)."""
    valid = []
    for index, record in enumerate(records):
        try:
            valid.append(validate(record))
        except FactsError as e:
            who = record.get(key) or f"#{index + 1}"
            raise FactsError([replace(err, fact=f"{who}.{err.fact}") for err in e.errors]) from None
    return valid
