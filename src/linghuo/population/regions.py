"""Where the synthetic residents live, where their household registration (户籍) is, and the area code
their ID number carries.

Residence: the city's 109 township-level units (``linghuo.divisions``), counties weighted by an
approximate share of the resident population, townships within a county by a simple rule (below).

Household registration: mostly the county of residence, some another county of the city, some another
Jiangsu city, some another province (the three pension-enrolment routes of clause 十一 need all of them),
and a few Hong Kong/Macao residents holding a residence permit.

ID area codes: an ID number carries the code of the county where it was first issued, which may be a
code retired since (新浦区 320705, 赣榆县 320721, 灌南县 under 320822). python-stdnum, which validates
the numbers, accepts a county code only for holders born in the years its table gives for that code, and
its table starts in 1983; so a holder born before a code's first year gets the city's (or province's) own
code here, which it accepts for any year. Real cards of that generation carry the county code instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from linghuo import divisions

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

# Approximate shares of the city's resident population by county-level unit, in per cent, rounded. They
# follow the rough relative sizes of the counties (海州区 and 赣榆区 the largest, 连云区 the smallest;
# 东海县 about as large as 赣榆区; 灌云县 larger than 灌南县) but are NOT quoted from the 2020 census or any
# other publication: replace them with official figures where precision matters.
COUNTY_SHARES: dict[str, float] = {
    "320703": 5.0,  # 连云区
    "320706": 23.0,  # 海州区
    "320707": 22.0,  # 赣榆区
    "320722": 21.0,  # 东海县
    "320723": 15.0,  # 灌云县
    "320724": 11.0,  # 灌南县
    "320771": 3.0,  # 连云港经济技术开发区 (statistical zone)
}

# Within a county: each street (街道), town (镇) or township (乡) weighs 1; farms, forest farms, salt works,
# development zones and other special units weigh 1/4 (fewer residents; a simple stated rule, not data).
_SPECIAL_UNIT_WEIGHT = 0.25

# The economic-technical development zone (320771) is a statistics code only, with no GB/T 2260 division of
# its own (parameters.md §2); its residents' household registration and place of work are given the code of
# 连云区 (320703) here, a simplification.
_ZONE_DIVISION = {"320771": "320703"}


@dataclass(frozen=True, slots=True)
class Township:
    """A township of residence with the facts that follow from it."""

    code: str  # 9-digit NBS statistical code
    division: int  # 6-digit GB/T 2260 code used for hukou and work place
    urban: bool  # a street (街道), as opposed to a town, township or special unit


def _is_street(name: str) -> bool:
    return name.endswith("街道")


def _is_ordinary(name: str) -> bool:
    return name.endswith(("街道", "镇", "乡"))


@cache
def township_table() -> tuple[tuple[Township, ...], npt.NDArray[np.float64]]:
    """The 109 townships and the probability of living in each (sums to 1)."""
    rows: list[Township] = []
    weights: list[float] = []
    for county_code, share in COUNTY_SHARES.items():
        units = divisions.townships_of(county_code)
        unit_weights = [1.0 if _is_ordinary(t.name) else _SPECIAL_UNIT_WEIGHT for t in units]
        total = sum(unit_weights)
        for unit, weight in zip(units, unit_weights, strict=True):
            division = int(_ZONE_DIVISION.get(county_code, county_code))
            rows.append(Township(code=unit.code, division=division, urban=_is_street(unit.name)))
            weights.append(share * weight / total)
    probabilities = np.asarray(weights, dtype=np.float64)
    return tuple(rows), probabilities / probabilities.sum()


# The city's current county-level divisions (the zone excluded): hukou and work places.
CITY_DIVISIONS: tuple[int, ...] = (320703, 320706, 320707, 320722, 320723, 320724)


@dataclass(frozen=True, slots=True)
class Hukou:
    """A place of household registration and the area codes its ID numbers carry."""

    division: int
    # (area code, first birth year, last birth year or None) accepted by python-stdnum
    id_codes: tuple[tuple[int, int, int | None], ...]
    fallback: int | None  # a code valid for every birth year (city or province), None when there is none


_LOCAL: tuple[Hukou, ...] = (
    Hukou(320703, ((320703, 1983, None),), 320700),
    Hukou(320706, ((320705, 1986, 2014), (320706, 1986, None)), 320700),  # 新浦区 merged 2014
    Hukou(320707, ((320721, 1983, 2014), (320707, 2014, None)), 320700),  # 赣榆县 → 赣榆区 2014
    Hukou(320722, ((320722, 1983, None),), 320700),
    Hukou(320723, ((320723, 1983, None),), 320700),
    Hukou(320724, ((320822, 1983, 1996), (320724, 1996, None)), 320700),  # 灌南县 was 320822
)

# Other Jiangsu cities (route 1 of pension enrolment: Jiangsu hukou).
_OTHER_JIANGSU: tuple[Hukou, ...] = (
    Hukou(320102, ((320102, 1983, None),), 320100),  # 南京 玄武区
    Hukou(320106, ((320106, 1983, None),), 320100),  # 南京 鼓楼区
    Hukou(320303, ((320303, 1983, None),), 320300),  # 徐州 云龙区
    Hukou(320402, ((320402, 1983, None),), 320400),  # 常州 天宁区
    Hukou(320826, ((320826, 1983, None),), 320000),  # 淮安 涟水县
    Hukou(320902, ((320902, 1983, None),), 320000),  # 盐城 亭湖区
    Hukou(321002, ((321002, 1983, None),), 320000),  # 扬州 广陵区
    Hukou(321322, ((321322, 1996, None),), 320000),  # 宿迁 沭阳县
)

# Other provinces, neighbours first (route 3: ≥ 10 years of Jiangsu contributions).
_OTHER_PROVINCES: tuple[tuple[Hukou, float], ...] = (
    (Hukou(371302, ((371302, 1994, None),), 370000), 3.0),  # 山东 临沂 兰山区
    (Hukou(371322, ((371322, 1994, None),), 370000), 3.0),  # 山东 临沂 郯城县
    (Hukou(370102, ((370102, 1983, None),), 370100), 1.0),  # 山东 济南 历下区
    (Hukou(341302, ((341302, 1998, None),), 340000), 2.0),  # 安徽 宿州 埇桥区
    (Hukou(411402, ((411402, 1997, None),), 410000), 1.5),  # 河南 商丘 梁园区
    (Hukou(330106, ((330106, 1983, None),), 330000), 0.5),  # 浙江 杭州 西湖区
    (Hukou(310115, ((310115, 1992, None),), 310000), 0.5),  # 上海 浦东新区
    (Hukou(110105, ((110105, 1900, None),), 110000), 0.3),  # 北京 朝阳区
    (Hukou(510107, ((510107, 1990, None),), 510100), 1.0),  # 四川 成都 武侯区
)

# Hong Kong and Macao residents' residence permits carry 810000 / 820000 in the ID-number format; the
# validator accepts them only for holders born from 1997 / 1999 on (no fallback), so permit holders are
# generated young (see people.py). Taiwan permits (830000) are not in the validator's table: left out.
_HMT: tuple[Hukou, ...] = (
    Hukou(810000, ((810000, 1997, None),), None),
    Hukou(820000, ((820000, 1999, None),), None),
)
HMT_FIRST_BIRTH_YEAR = 1999

HUKOU: tuple[Hukou, ...] = _LOCAL + _OTHER_JIANGSU + tuple(h for h, _ in _OTHER_PROVINCES) + _HMT
LOCAL_RANGE = (0, len(_LOCAL))
OTHER_JIANGSU_RANGE = (LOCAL_RANGE[1], LOCAL_RANGE[1] + len(_OTHER_JIANGSU))
OTHER_PROVINCE_RANGE = (OTHER_JIANGSU_RANGE[1], OTHER_JIANGSU_RANGE[1] + len(_OTHER_PROVINCES))
HMT_RANGE = (OTHER_PROVINCE_RANGE[1], len(HUKOU))
OTHER_PROVINCE_WEIGHTS = np.asarray([w for _, w in _OTHER_PROVINCES], dtype=np.float64)

HUKOU_DIVISIONS: Ints = np.asarray([h.division for h in HUKOU], dtype=np.int64)

FIRST_BIRTH_YEAR = 1930
LAST_BIRTH_YEAR = 2030


@cache
def _area_code_table() -> tuple[Ints, Ints]:
    """For each hukou and birth year: up to two candidate area codes and how many there are."""
    years = LAST_BIRTH_YEAR - FIRST_BIRTH_YEAR + 1
    codes = np.zeros((len(HUKOU), years, 2), dtype=np.int64)
    counts = np.zeros((len(HUKOU), years), dtype=np.int64)
    for h, hukou in enumerate(HUKOU):
        for y in range(years):
            year = FIRST_BIRTH_YEAR + y
            valid = [
                c for c, first, last in hukou.id_codes if first <= year and (last is None or year <= last)
            ]
            if not valid and hukou.fallback is not None:
                valid = [hukou.fallback]
            counts[h, y] = len(valid)
            for k, code in enumerate(valid[:2]):
                codes[h, y, k] = code
    return codes, counts


def id_area_codes(rng: np.random.Generator, hukou: Ints, birth_year: Ints) -> Ints:
    """The area code each person's ID number carries, by hukou and birth year (vectorised).

    Raises ValueError when a hukou has no code for a birth year (a generator bug, never silent).
    """
    codes, counts = _area_code_table()
    y = birth_year - FIRST_BIRTH_YEAR
    n_valid = counts[hukou, y]
    if np.any(n_valid == 0):
        raise ValueError("无可用的身份证地区码 / no ID area code for some hukou and birth year")
    pick = (rng.random(hukou.shape[0]) * n_valid).astype(np.int64)
    return codes[hukou, y, pick]
