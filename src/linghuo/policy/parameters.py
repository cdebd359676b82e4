"""Dated, sourced parameters: every number a rule uses, with its effective dates, source and grade.

Parameters live in YAML files under ``policy/parameters/``, one file per measure or rule (the file
stem is the first part of the name). A file maps a short name to a parameter::

    monthly:                       # full name: minimum_wage.monthly
      description: 月最低工资标准 / monthly minimum wage
      type: money                  # money (written in yuan, loaded as integer fen), ratio ("2/3"),
                                   # integer, date, text
      keyed_by: tier               # optional: the value is a mapping key → value (division, tier, …);
                                   # a division mapping may have a ``default`` key
      limits: {min: …, max: …, reference: {title: …}}   # optional: what the policy text allows
      values:
        - from: 2021-08-01         # in force from this date until the next entry
          value: {1: 2280, 2: 2070, 3: 1840}
          reference: {title: 苏人社发〔2021〕72号, link: …}   # link only where there is one
          confidence: A            # A, B, C or unconfirmed (parameters.md)
          note: …                  # optional

Overrides for what-if runs use the same names: ``name=value`` replaces the value on every date,
``name[key]=value`` one key of a keyed value (``minimum_wage.monthly[2]=2500``,
``social_insurance_subsidy.ratio_above_minimum_base[320706]=2/3``). Values are written as in the
YAML (money in yuan). An overridden value is graded ``unconfirmed`` so every decision flags it.

>>> params = load().at(dt.date(2021, 8, 1))
>>> params.keyed("minimum_wage.monthly")["2"]  # fen
207000
>>> what_if = load(overrides={"minimum_wage.monthly[2]": "2500"})
>>> what_if.at(dt.date(2021, 8, 1)).keyed("minimum_wage.monthly")["2"]
250000
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import cache, cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Literal

import yaml

Confidence = Literal["A", "B", "C", "unconfirmed"]
CONFIDENCES: tuple[Confidence, ...] = ("A", "B", "C", "unconfirmed")
TYPES = ("money", "ratio", "integer", "date", "text")
OVERRIDE_TITLE = "假设分析覆盖值 / what-if override"


class ParameterError(ValueError):
    """A parameter file, value or override is invalid (message in Chinese and English)."""


@dataclass(frozen=True, slots=True)
class Reference:
    title: str
    link: str | None = None

    def __str__(self) -> str:
        return f"{self.title} <{self.link}>" if self.link else self.title


@dataclass(frozen=True, slots=True)
class DatedValue:
    start: dt.date
    value: Any  # int (fen or integer), Fraction, date, str, a dict of them, or None (not known)
    reference: Reference
    confidence: Confidence
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Limits:
    minimum: Any
    maximum: Any
    reference: Reference


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    type: str
    keyed_by: str | None
    values: tuple[DatedValue, ...]  # sorted by start
    limits: Limits | None = None

    @property
    def described(self) -> tuple[str, str]:
        """The description's Chinese and English halves ("中文 / English"; the whole when it has one).

        >>> Parameter("x.y", "月最低工资（按档次）/ monthly minimum wage", "money", None, ()).described
        ('月最低工资（按档次）', 'monthly minimum wage')
        """
        parts = re.split(r"\s*/\s+", self.description, maxsplit=1)
        zh = parts[0].strip()
        return zh, parts[1].strip() if len(parts) > 1 else zh

    def at(self, on: dt.date) -> DatedValue | None:
        """The value in force on ``on``; None before the first one."""
        current = None
        for v in self.values:
            if v.start <= on:
                current = v
        return current


def _money(raw: object) -> int:
    try:
        fen = Decimal(str(raw)) * 100
    except InvalidOperation:
        raise ParameterError(f"金额格式错误 {raw!r} / not an amount: {raw!r}") from None
    if fen != fen.to_integral_value() or isinstance(raw, bool):
        raise ParameterError(f"金额须精确到分 {raw!r} / an amount must be whole fen: {raw!r}")
    return int(fen)


def _ratio(raw: object) -> Fraction:
    try:
        return Fraction(str(raw))
    except (ValueError, ZeroDivisionError):
        raise ParameterError(f"比例格式错误 {raw!r} / not a ratio: {raw!r}") from None


def _integer(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).lstrip("-").isdigit():
        raise ParameterError(f"应为整数 {raw!r} / not an integer: {raw!r}")
    return int(raw)


def _date(raw: object) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise ParameterError(f"日期格式错误 {raw!r} / not a date: {raw!r}") from None


_SCALAR_PARSERS: dict[str, Callable[[object], Any]] = {
    "money": _money,
    "ratio": _ratio,
    "integer": _integer,
    "date": _date,
    "text": str,
}


def parse_value(kind: str, raw: object) -> Any:
    """Parse one scalar as written in the YAML (money in yuan → fen); None stays None (not known)."""
    return None if raw is None else _SCALAR_PARSERS[kind](raw)


def _parse_reference(raw: object, where: str) -> Reference:
    if not isinstance(raw, Mapping) or not raw.get("title"):
        raise ParameterError(f"{where}：缺少出处 reference.title / {where}: missing reference.title")
    return Reference(title=str(raw["title"]), link=str(raw["link"]) if raw.get("link") else None)


def _parse_dated(kind: str, keyed: bool, raw: Mapping[str, Any], where: str) -> DatedValue:
    confidence = raw.get("confidence")
    if confidence not in CONFIDENCES:
        raise ParameterError(
            f"{where}：可信度须为 A/B/C/unconfirmed / {where}: confidence must be A/B/C/unconfirmed"
        )
    value: Any
    if keyed:
        if not isinstance(raw.get("value"), Mapping):
            raise ParameterError(
                f"{where}：应为按键取值的映射 / {where}: expected a mapping of keys to values"
            )
        value = {str(k): parse_value(kind, v) for k, v in raw["value"].items()}
    else:
        value = parse_value(kind, raw.get("value"))
    return DatedValue(
        start=parse_value("date", raw.get("from")),
        value=value,
        reference=_parse_reference(raw.get("reference"), where),
        confidence=confidence,
        note=raw.get("note"),
    )


def _parse_parameter(name: str, raw: Mapping[str, Any]) -> Parameter:
    kind = raw.get("type")
    if kind not in TYPES:
        raise ParameterError(f"{name}：未知类型 {kind!r} / {name}: unknown type {kind!r}")
    keyed_by = raw.get("keyed_by")
    values = raw.get("values") or []
    if not raw.get("description") or not values:
        raise ParameterError(f"{name}：缺少说明或取值 / {name}: missing description or values")
    dated = tuple(
        sorted(
            (_parse_dated(kind, keyed_by is not None, v, f"{name} #{i + 1}") for i, v in enumerate(values)),
            key=lambda v: v.start,
        )
    )
    limits = None
    if "limits" in raw:
        lim = raw["limits"]
        limits = Limits(
            minimum=parse_value(kind, lim.get("min")),
            maximum=parse_value(kind, lim.get("max")),
            reference=_parse_reference(lim.get("reference"), f"{name} limits"),
        )
    parameter = Parameter(str(name), str(raw["description"]), kind, keyed_by, dated, limits)
    check_limits(parameter)
    return parameter


def check_limits(parameter: Parameter) -> None:
    """Refuse any value outside what the policy text allows (the parameter's ``limits``)."""
    lim = parameter.limits
    if lim is None:
        return
    for dated in parameter.values:
        scalars = dated.value.values() if isinstance(dated.value, dict) else [dated.value]
        for v in scalars:
            if v is None:
                continue
            if (lim.minimum is not None and v < lim.minimum) or (lim.maximum is not None and v > lim.maximum):
                shown = _show(parameter.type, v)
                bounds = f"[{_show(parameter.type, lim.minimum)}, {_show(parameter.type, lim.maximum)}]"
                raise ParameterError(
                    f"{parameter.name} 的取值 {shown} 超出政策允许范围 {bounds}（{lim.reference}） / "
                    f"{parameter.name} = {shown} is outside what the policy allows, "
                    f"{bounds} ({lim.reference})"
                )


def _show(kind: str, value: Any) -> str:
    if value is None:
        return "—"
    if kind == "money":
        return f"{Decimal(value) / 100:f}元"
    return str(value)


def show_value(parameter: Parameter, value: Any) -> str:
    """A value as people read it: money in yuan, ratios as fractions, keyed values as key=value."""
    if isinstance(value, dict):
        return ", ".join(f"{k}={_show(parameter.type, v)}" for k, v in value.items())
    return _show(parameter.type, value)


_OVERRIDE_KEY = re.compile(r"^(?P<name>[a-z0-9_]+\.[a-z0-9_]+)(\[(?P<key>[^\]]+)\])?$")


@dataclass(frozen=True, eq=False)
class ParameterSet:
    """Every parameter, with any what-if overrides applied; ``digest`` identifies the set exactly."""

    parameters: Mapping[str, Parameter]
    overrides: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def digest(self) -> str:
        """A SHA-256 of every dated value, source and grade (overrides included)."""
        canonical = {
            name: [[str(v.start), repr(v.value), v.confidence, str(v.reference)] for v in p.values]
            for name, p in sorted(self.parameters.items())
        }
        return hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterError(f"没有参数 {name!r} / no parameter {name!r}") from None

    def at(self, on: dt.date) -> Params:
        """The parameters as in force on ``on``."""
        return Params(self, on)


class ParameterMissingError(ParameterError):
    """A rule needs a parameter that has no value on the evaluation date."""


class Params:
    """The parameters in force on one date, as the rules read them; records which ones were read."""

    def __init__(self, parameters: ParameterSet, on: dt.date) -> None:
        self.parameters = parameters
        self.on = on
        self.used: set[str] = set()
        self.derived_parameters: dict[str, frozenset[str]] = {}  # set by the engine

    def entry(self, name: str) -> DatedValue:
        """The dated value of ``name`` in force on this date (with its source and grade)."""
        dated = self.parameters[name].at(self.on)
        if dated is None or dated.value is None:
            raise ParameterMissingError(
                f"参数 {name} 在 {self.on} 没有取值 / parameter {name} has no value on {self.on}"
            )
        self.used.add(name)
        return dated

    def money(self, name: str) -> int:
        """An amount in fen."""
        return int(self.entry(name).value)

    def money_if_known(self, name: str) -> int | None:
        """An amount in fen, or None where the value in force is not known (``value: null``, unconfirmed).

        The read is recorded as by :meth:`entry`, so a decision built on an unknown value flags it.
        """
        dated = self.parameters[name].at(self.on)
        if dated is None:
            return int(self.entry(name).value)  # raises: no value at all on this date
        self.used.add(name)
        return None if dated.value is None else int(dated.value)

    def integer(self, name: str) -> int:
        return int(self.entry(name).value)

    def ratio(self, name: str) -> Fraction:
        return Fraction(self.entry(name).value)

    def date(self, name: str) -> dt.date:
        value = self.entry(name).value
        assert isinstance(value, dt.date)
        return value

    def text(self, name: str) -> str:
        return str(self.entry(name).value)

    def keyed(self, name: str) -> dict[str, Any]:
        """A keyed value (by division, tier, category, …) as a mapping; may hold a ``default`` key."""
        value = self.entry(name).value
        assert isinstance(value, dict)
        return dict(value)

    @contextmanager
    def tracking(self) -> Iterator[set[str]]:
        """Collect the names of the parameters read inside the block."""
        before = self.used
        self.used = set()
        try:
            yield self.used
        finally:
            self.used = before | self.used


def _files(folder: Traversable) -> Iterator[tuple[str, str]]:
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name.endswith(".yaml"):
            yield item.name.removesuffix(".yaml"), item.read_text("utf-8")


def load_folder(folder: Traversable) -> ParameterSet:
    """Load every ``*.yaml`` parameter file of ``folder`` (no overrides)."""
    parameters: dict[str, Parameter] = {}
    for stem, text in _files(folder):
        try:
            raw = yaml.safe_load(text) or {}
        except yaml.YAMLError as e:
            raise ParameterError(
                f"{stem}.yaml 不是有效的 YAML / {stem}.yaml is not valid YAML: {e}"
            ) from None
        if not isinstance(raw, Mapping):
            raise ParameterError(
                f"{stem}.yaml 应为 名称: 参数 的映射 / {stem}.yaml must map names to parameters"
            )
        for short, spec in raw.items():
            name = f"{stem}.{short}"
            if not isinstance(spec, Mapping):
                raise ParameterError(f"{name}：格式错误 / {name}: malformed parameter")
            parameters[name] = _parse_parameter(name, spec)
    return ParameterSet(parameters)


@cache
def _load_files() -> ParameterSet:
    return load_folder(resources.files("linghuo.policy").joinpath("parameters"))


def load(overrides: Mapping[str, object] | None = None) -> ParameterSet:
    """Load every parameter file, then apply ``overrides`` (``{"name" or "name[key]": value}``).

    Raises :class:`ParameterError` for a bad file, an unknown name, or a value outside the limits.
    """
    return with_overrides(_load_files(), overrides)


def with_overrides(base: ParameterSet, overrides: Mapping[str, object] | None) -> ParameterSet:
    """``base`` with what-if ``overrides`` applied (see :func:`load`)."""
    if not overrides:
        return base
    parameters = dict(base.parameters)
    for key, raw in overrides.items():
        match = _OVERRIDE_KEY.match(key)
        if match is None:
            raise ParameterError(
                f"覆盖项写法应为 名称=值 或 名称[键]=值：{key!r} / "
                f"an override is NAME=VALUE or NAME[KEY]=VALUE: {key!r}"
            )
        name, sub = match["name"], match["key"]
        base[name]  # an unknown name raises here
        parameters[name] = _override(parameters[name], sub, raw, key)
    return ParameterSet(parameters, {k: str(v) for k, v in overrides.items()})


def _override(parameter: Parameter, sub: str | None, raw: object, key: str) -> Parameter:
    text = raw if not isinstance(raw, str) else yaml.safe_load(raw)
    reference = Reference(f"{OVERRIDE_TITLE}: {key}={raw}")
    if parameter.keyed_by is None and sub is not None:
        raise ParameterError(f"{parameter.name} 不按键取值 / {parameter.name} is not keyed")
    values = parameter.values or (DatedValue(dt.date.min, None, reference, "unconfirmed"),)
    new_values = []
    for dated in values:
        value: Any
        if sub is not None:
            value = {**(dated.value or {}), sub: parse_value(parameter.type, text)}
        elif parameter.keyed_by is not None:
            if not isinstance(text, Mapping):
                raise ParameterError(
                    f"{parameter.name} 按键取值，请写 {parameter.name}[键]=值 / "
                    f"{parameter.name} is keyed: write {parameter.name}[KEY]=VALUE"
                )
            value = {str(k): parse_value(parameter.type, v) for k, v in text.items()}
        else:
            value = parse_value(parameter.type, text)
        new_values.append(replace(dated, value=value, reference=reference, confidence="unconfirmed"))
    overridden = replace(parameter, values=tuple(new_values))
    check_limits(overridden)
    return overridden


def parse_overrides(assignments: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``["NAME=VALUE", "NAME[KEY]=VALUE", …]`` (as given to ``--set``) to an overrides mapping."""
    result: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep:
            raise ParameterError(f"应为 名称=值：{item!r} / expected NAME=VALUE: {item!r}")
        result[name.strip()] = value.strip()
    return result
