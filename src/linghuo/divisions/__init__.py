"""Lianyungang's administrative divisions (GB/T 2260 county level; NBS 2023 township level).

Pure data, no Django. Township codes come from ``lianyungang_townships_nbs2023.csv`` (National Bureau
of Statistics 2023 statistical division codes, data as of 2023-06-30). Old county codes that still
appear on old ID cards map to their successors.

>>> county("320706").name
'海州区'
>>> current_county_code("320705")  # 新浦区 merged into 海州区 in 2014
'320706'
>>> len(townships())
109
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

CITY_CODE = "320700"
CITY_NAME = "连云港市"
JIANGSU_PREFIX = "32"


@dataclass(frozen=True, slots=True)
class County:
    code: str
    name: str
    statistical_only: bool = False  # a statistics code (functional zone), not a GB/T 2260 division


@dataclass(frozen=True, slots=True)
class Township:
    code: str  # 9 digits
    name: str
    county_code: str  # 6 digits


_COUNTIES = (
    County("320703", "连云区"),
    County("320706", "海州区"),
    County("320707", "赣榆区"),
    County("320722", "东海县"),
    County("320723", "灌云县"),
    County("320724", "灌南县"),
    County("320771", "连云港经济技术开发区", statistical_only=True),
)

# Codes retired by boundary changes, still valid on ID cards issued before them (parameters.md §2).
HISTORICAL_CODES: dict[str, tuple[str, str]] = {
    "320705": ("新浦区", "320706"),  # merged into 海州区, 2014
    "320721": ("赣榆县", "320707"),  # became 赣榆区, 2014
    "320822": ("灌南县", "320724"),  # 灌南县 under its pre-1996 code
}


def counties() -> tuple[County, ...]:
    """The city's current county-level divisions, the statistical zone last."""
    return _COUNTIES


def county(code: str) -> County:
    for c in _COUNTIES:
        if c.code == code:
            return c
    raise KeyError(f"未知的区县代码 {code!r} / unknown county code {code!r}")


def is_current_county(code: str) -> bool:
    return any(c.code == code for c in _COUNTIES)


def current_county_code(code: str) -> str:
    """The current county code for a current or historical one; KeyError when neither."""
    if is_current_county(code):
        return code
    if code in HISTORICAL_CODES:
        return HISTORICAL_CODES[code][1]
    raise KeyError(f"未知的区县代码 {code!r} / unknown county code {code!r}")


def is_in_city(code: str) -> bool:
    """A 6-digit code of the city itself or one of its current or historical counties."""
    return code == CITY_CODE or is_current_county(code) or code in HISTORICAL_CODES


@cache
def townships() -> tuple[Township, ...]:
    text = (
        resources.files("linghuo.divisions").joinpath("lianyungang_townships_nbs2023.csv").read_text("utf-8")
    )
    return tuple(
        Township(code=row["code"], name=row["name"], county_code=row["areaCode"])
        for row in csv.DictReader(text.splitlines())
    )


def townships_of(county_code: str) -> tuple[Township, ...]:
    return tuple(t for t in townships() if t.county_code == county_code)


def township(code: str) -> Township:
    """The township of a 9-digit code; KeyError when the city has none.

    >>> township("320722001").name, township("320722001").county_code
    ('牛山街道', '320722')
    """
    for t in townships():
        if t.code == code:
            return t
    raise KeyError(f"未知的乡镇（街道）代码 {code!r} / unknown township code {code!r}")


CITY_OWN_LEVEL = "市本级"


def district_name(code: str) -> str | None:
    """The name of a district code of the city: a county's (current or historical), ``市本级`` for the
    city's own code; None for any other code.

    >>> district_name("320722"), district_name("320705"), district_name("320700"), district_name("320102")
    ('东海县', '新浦区', '市本级', None)
    """
    if code == CITY_CODE:
        return CITY_OWN_LEVEL
    if is_current_county(code):
        return county(code).name
    if code in HISTORICAL_CODES:
        return HISTORICAL_CODES[code][0]
    return None
