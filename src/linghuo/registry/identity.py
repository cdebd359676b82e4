"""Resident ID numbers (GB 11643-1999): checking what a person typed, and what the number tells.

The check digit is verified with python-stdnum (``stdnum.cn.ric``); the birth date and sex are read from
the number. The first six digits are the division of first issue: inside Lianyungang they must be a
current or historical county code (old cards keep 320705 新浦区, 320721 赣榆县, 320822 灌南县); elsewhere a
known province is enough.

>>> number = id_number_parse(" ３２０７０５１９９００１０１００８x ")
>>> number.number, number.birth_date.isoformat(), number.sex, number.current_division
('32070519900101008X', '1990-01-01', 'female', '320706')
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from stdnum import numdb
from stdnum.cn import ric

from linghuo import divisions

ID_NUMBER_LENGTH = 18
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class IdNumber:
    """A checked ID number and what it says."""

    number: str
    birth_date: datetime.date
    sex: str  # "male" / "female" (Sex values)
    division: str  # the six digits as printed

    @property
    def current_division(self) -> str:
        """The division code with a historical Lianyungang county replaced by its successor."""
        try:
            return divisions.current_county_code(self.division)
        except KeyError:
            return self.division


def id_number_normalise(text: str) -> str:
    """Full-width characters to half-width, spaces dropped, a lower-case ``x`` made upper-case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def _invalid(chinese: str, english: str) -> ValidationError:
    return ValidationError(f"{chinese} / {english}", code="id_number")


def _province_known(code: str) -> bool:
    return bool(numdb.get("cn/loc").info(code[:2] + "0000")[0][1])


def division_is_known(code: str) -> bool:
    """A Lianyungang county code (current or historical) or, outside the city, a known province.

    >>> division_is_known("320721"), division_is_known("320822"), division_is_known("320799")
    (True, True, False)
    >>> division_is_known("110105"), division_is_known("990101")
    (True, False)
    """
    if code in divisions.HISTORICAL_CODES or divisions.is_in_city(code):
        return True
    if code.startswith(divisions.CITY_CODE[:4]):
        return False
    return _province_known(code)


def id_number_parse(text: str, *, today: datetime.date | None = None) -> IdNumber:
    """Check an ID number and read it; a ValidationError in Chinese (and English) says what is wrong."""
    number = id_number_normalise(text)
    if not number:
        raise _invalid("请填写身份证号码", "an ID number is required")
    if (
        len(number) != ID_NUMBER_LENGTH
        or not number[:-1].isdigit()
        or not (number[-1].isdigit() or number[-1] == "X")
    ):
        raise _invalid(
            "身份证号码应为18位，前17位为数字，最后一位为数字或X",
            "an ID number has 18 characters: 17 digits and a digit or X",
        )
    if number[-1] != ric.calc_check_digit(number):
        raise _invalid("身份证号码校验位不正确，请核对后重新输入", "wrong check digit")
    try:
        birth = ric.get_birth_date(number)
    except ric.InvalidComponent:
        raise _invalid("身份证号码中的出生日期不存在", "impossible birth date") from None
    if not EARLIEST_BIRTH_DATE <= birth <= (today or datetime.date.today()):
        raise _invalid("身份证号码中的出生日期不合理", "implausible birth date")
    if not division_is_known(number[:6]):
        raise _invalid(f"身份证号码前6位 {number[:6]} 不是有效的行政区划代码", "unknown division code")
    sex = "male" if int(number[16]) % 2 == 1 else "female"
    return IdNumber(number=number, birth_date=birth, sex=sex, division=number[:6])
