"""Chinese names: a surname weighted by frequency and a given name of one or two characters.

>>> import numpy as np
>>> names = chinese_names(np.random.default_rng(1), np.array([True, False, True]))
>>> [2 <= len(n) <= 4 for n in names.to_pylist()]
[True, True, True]
"""

from __future__ import annotations

from functools import cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from linghuo.population.arrow_text import char_table, utf8_strings

# Common surnames with approximate national frequencies in per cent (rounded, after the rankings commonly
# published from household-registration statistics; shares in Lianyungang differ). Weights, not data.
_SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 7.1), ("李", 7.0), ("张", 6.7), ("刘", 5.4), ("陈", 4.6), ("杨", 3.1), ("黄", 2.5),
    ("赵", 2.3), ("吴", 2.0), ("周", 1.9), ("徐", 1.7), ("孙", 1.5), ("马", 1.5), ("朱", 1.3),
    ("胡", 1.3), ("郭", 1.2), ("何", 1.2), ("林", 1.1), ("高", 1.1), ("罗", 1.1), ("郑", 1.0),
    ("梁", 0.9), ("谢", 0.8), ("宋", 0.8), ("唐", 0.8), ("许", 0.7), ("韩", 0.7), ("冯", 0.7),
    ("邓", 0.7), ("曹", 0.7), ("彭", 0.6), ("曾", 0.6), ("肖", 0.6), ("田", 0.6), ("董", 0.5),
    ("袁", 0.5), ("潘", 0.5), ("于", 0.5), ("蒋", 0.5), ("蔡", 0.5), ("余", 0.5), ("杜", 0.5),
    ("叶", 0.4), ("程", 0.4), ("苏", 0.4), ("魏", 0.4), ("吕", 0.4), ("丁", 0.4), ("任", 0.4),
    ("沈", 0.4), ("姚", 0.4), ("卢", 0.4), ("姜", 0.3), ("崔", 0.3), ("钟", 0.3), ("谭", 0.3),
    ("陆", 0.3), ("汪", 0.3), ("范", 0.3), ("金", 0.3), ("石", 0.3), ("廖", 0.3), ("贾", 0.3),
    ("夏", 0.3), ("付", 0.3), ("方", 0.3), ("白", 0.2), ("邹", 0.2), ("孟", 0.2), ("熊", 0.2),
    ("秦", 0.2), ("邱", 0.2), ("江", 0.2), ("尹", 0.2), ("薛", 0.2), ("闫", 0.2), ("段", 0.2),
    ("雷", 0.2), ("侯", 0.2), ("龙", 0.2), ("史", 0.2), ("陶", 0.2), ("贺", 0.2), ("顾", 0.2),
    ("毛", 0.2), ("郝", 0.2), ("龚", 0.1), ("邵", 0.1), ("万", 0.1), ("钱", 0.1), ("严", 0.1),
    ("武", 0.1), ("戴", 0.1), ("孔", 0.1), ("汤", 0.1), ("葛", 0.1), ("惠", 0.05), ("仲", 0.05),
    ("欧阳", 0.05), ("司马", 0.01), ("诸葛", 0.01), ("上官", 0.01),
)  # fmt: skip

_MALE_GIVEN = "伟强磊军勇杰涛斌超刚平辉鹏飞鑫波浩凯健俊帆帅旭龙峰亮成东博志轩豪睿泽铭锋德坤海建国庆兵春生"
_FEMALE_GIVEN = "芳娜敏静丽艳娟霞燕玲秀英慧婷雪琳晶颖倩洁欣怡萱涵梦悦琪萍红梅兰月凤莉蕾薇瑶妍璐"
_COMMON_GIVEN = "明华佳宇晨子思嘉一心安文雨诗乐天晓阳宁伊俊新永金玉春家小"

_ONE_CHARACTER_GIVEN_SHARE = 0.2


@cache
def _tables() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64], npt.NDArray[np.float64], int, int, int]:
    """The character table; surname character ids (k, 2); surname probabilities; given-name ranges."""
    surname_chars = sorted({c for s, _ in _SURNAMES for c in s})
    chars = tuple(surname_chars) + tuple(_MALE_GIVEN) + tuple(_COMMON_GIVEN) + tuple(_FEMALE_GIVEN)
    index = {c: i for i, c in enumerate(surname_chars)}
    surnames = np.full((len(_SURNAMES), 2), -1, dtype=np.int64)
    for row, (surname, _) in enumerate(_SURNAMES):
        for slot, char in enumerate(surname):
            surnames[row, slot] = index[char]
    weights = np.asarray([w for _, w in _SURNAMES], dtype=np.float64)
    male_start = len(surname_chars)
    common_start = male_start + len(_MALE_GIVEN)
    female_end = common_start + len(_COMMON_GIVEN) + len(_FEMALE_GIVEN)
    return char_table(chars), surnames, weights / weights.sum(), male_start, common_start, female_end


def chinese_names(rng: np.random.Generator, male: npt.NDArray[np.bool_]) -> pa.StringArray:
    """A name for each person: men draw given-name characters from the male and common lists, women from
    the common and female lists."""
    table, surnames, probabilities, male_start, common_start, female_end = _tables()
    n = male.shape[0]
    ids = np.full((n, 4), -1, dtype=np.int64)
    ids[:, :2] = surnames[rng.choice(surnames.shape[0], size=n, p=probabilities)]
    # men: male + common characters; women: common + female characters (the table lists them in that order)
    low = np.where(male, male_start, common_start)
    high = np.where(male, common_start + len(_COMMON_GIVEN), female_end)
    ids[:, 2] = rng.integers(low, high)
    second = rng.integers(low, high)
    ids[:, 3] = np.where(rng.random(n) < _ONE_CHARACTER_GIVEN_SHARE, -1, second)
    return utf8_strings(table, ids)
