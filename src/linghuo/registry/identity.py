"""A person's identity: the one way every path (registration, roster and contribution imports, the demo)
turns what was typed into the values the registry stores.

``person_identity`` is pure (no database): from a name, an ID number, a mobile and the divisions it gives
a ``PersonIdentity`` in clear, or raises ``IdentityError`` — a ``ValidationError`` naming the value at
fault (``field``) with its Chinese and English message, which a form puts on its field, the API returns
and an import turns into a row error. ``linghuo.registry.models.person_fields`` turns an identity into
the stored fields (ID number and mobile encrypted, hashed for lookup and masked); computing the identity
costs one parse of the ID number and no encryption, so a bulk import checks every row and encrypts only
the people it creates.

Resident ID numbers (GB 11643-1999): the check digit is verified with python-stdnum (``stdnum.cn.ric``);
the birth date and sex are read from the number. The first six digits are the division of first issue:
inside Lianyungang they must be a current or historical county code (old cards keep 320705 新浦区,
320721 赣榆县, 320822 灌南县); elsewhere a known province is enough. The name rule is the roster's
(``linghuo.spreadsheets.normalise.person_name``), so a name a roster refuses is refused everywhere.

>>> number = id_number_parse(" ３２０７０５１９９００１０１００８x ")
>>> number.number, number.birth_date.isoformat(), number.sex, number.current_division
('32070519900101008X', '1990-01-01', 'female', '320706')
>>> who = person_identity(name="张\u3000三", id_number="32070519900101008X", mobile="138-1234-5678")
>>> who.name, who.sex, who.birth_date.isoformat(), who.hukou_division, who.mobile, who.district_code
('张三', 'female', '1990-01-01', '320706', '13812345678', '320706')
"""

from __future__ import annotations

import datetime
import functools
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from stdnum import numdb
from stdnum.cn import ric

from linghuo import divisions
from linghuo.accounts.mobile import mobile_is_valid, mobile_normalise
from linghuo.bilingual import bilingual
from linghuo.dates import birth_date_error
from linghuo.spreadsheets.errors import CellError
from linghuo.spreadsheets.normalise import person_name

ID_NUMBER_LENGTH = 18
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


class IdentityError(ValidationError):
    """A value of a person's identity refused: ``field`` names it (``name``, ``id_number``, ``mobile``,
    ``hukou_division``, ``residence_township``, ``work_division``; also the error's ``code``), the
    message is ``chinese`` / ``english``."""

    def __init__(self, field: str, chinese: str, english: str) -> None:
        super().__init__(bilingual(chinese, english), code=field)
        self.field = field
        self.chinese = chinese
        self.english = english


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
        return _city_county(self.division) or self.division


def id_number_normalise(text: str) -> str:
    """Full-width characters to half-width, spaces dropped, a lower-case ``x`` made upper-case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def _invalid(chinese: str, english: str) -> IdentityError:
    return IdentityError("id_number", chinese, english)


@functools.cache
def _province_known(province: str) -> bool:
    return bool(numdb.get("cn/loc").info(province + "0000")[0][1])


@functools.lru_cache(maxsize=4096)  # division codes repeat: a bulk import asks for a few hundred at most
def _city_county(code: str) -> str:
    """The current code of a county of the city (a historical code gives its successor), else empty."""
    try:
        return divisions.current_county_code(code)
    except KeyError:
        return ""


@functools.lru_cache(maxsize=4096)
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
    return _province_known(code[:2])


def id_number_parse(text: str, *, today: datetime.date | None = None) -> IdNumber:
    """Check an ID number and read it; an ``IdentityError`` in Chinese (and English) says what is wrong."""
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
    try:  # digits 7-14 (what ric.get_birth_date reads, without its clean-up: a bulk import checks every row)
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise _invalid("身份证号码中的出生日期不存在", "impossible birth date") from None
    problem = birth_date_error(birth, today or datetime.date.today())  # age 0 to 120 (linghuo.dates)
    if problem is not None:
        raise _invalid(f"身份证号码中的出生日期不合理：{problem[0]}", f"implausible birth date: {problem[1]}")
    if not division_is_known(number[:6]):
        raise _invalid(f"身份证号码前6位 {number[:6]} 不是有效的行政区划代码", "unknown division code")
    sex = "male" if int(number[16]) % 2 == 1 else "female"
    return IdNumber(number=number, birth_date=birth, sex=sex, division=number[:6])


def name_clean(text: str) -> str:
    """A person's name by the one name rule (``linghuo.spreadsheets.normalise.person_name``): spaces
    squeezed, no digits, markup or formula symbols, not too long.

    >>> name_clean(" 阿卜杜 · 热合曼 ")
    '阿卜杜·热合曼'
    """
    try:
        return person_name(text)
    except CellError as error:
        raise IdentityError("name", error.reason, error.english or "invalid name") from None


def mobile_clean(text: str) -> str:
    """A mainland mobile number, normalised (``+86``, spaces and dashes dropped); empty stays empty."""
    if not text.strip():
        return ""
    number = mobile_normalise(text)
    if not mobile_is_valid(number):
        raise IdentityError(
            "mobile", "请输入11位手机号码（以1开头）", "enter an 11-digit mainland mobile number"
        )
    return number


def hukou_division_clean(code: str) -> str:
    """A hukou division: six digits of a known division (``division_is_known``)."""
    code = code.strip()
    if len(code) != 6 or not code.isdigit() or not division_is_known(code):
        raise IdentityError(
            "hukou_division",
            f"户籍地区划代码 {code!r} 无效，应为6位行政区划代码",
            "invalid hukou division code",
        )
    return code


@functools.cache
def _township_counties() -> dict[str, str]:
    return {t.code: t.county_code for t in divisions.townships()}


def township_county(code: str) -> str:
    """The county of a Lianyungang township code, or empty when it is none."""
    return _township_counties().get(code, "")


def township_clean(
    code: str, *, field: str = "residence_township", label: str = "常住地乡镇（街道）代码"
) -> str:
    """A Lianyungang township code (9 digits), or empty."""
    code = code.strip()
    if code and code not in _township_counties():
        raise IdentityError(
            field, f"{label} {code!r} 不是连云港市的乡镇（街道）代码", "not a Lianyungang township code"
        )
    return code


def county_clean(code: str, *, field: str, label: str) -> str:
    """A county of Lianyungang (a historical code counts as its successor), as its current code."""
    code = code.strip()
    county = _city_county(code)
    if not county:
        raise IdentityError(
            field, f"{label} {code!r} 不是连云港市的区县代码", "not a county code of Lianyungang"
        )
    return county


def serving_district(*, residence_township: str, work_division: str, hukou_division: str) -> str:
    """The county whose caseworkers serve a person with no registration in force: that of residence,
    else of work, else of hukou when in the city; empty when none is in the city.

    >>> serving_district(residence_township="", work_division="", hukou_division="320721")
    '320707'
    """
    for code in (township_county(residence_township), work_division, hukou_division):
        if code and (county := _city_county(code)):
            return county
    return ""


@dataclass(frozen=True, slots=True)
class PersonIdentity:
    """What the registry stores of a person, in clear (``models.person_fields`` encrypts and hashes)."""

    name: str
    id_number: str  # normalised: 18 characters, an upper-case X
    birth_date: datetime.date  # read from the ID number
    sex: str  # read from the ID number ("male" / "female")
    mobile: str  # normalised 11 digits, or empty
    hukou_division: str
    hukou_rural: bool
    residence_township: str
    work_division: str  # a current county code of the city, or empty
    district_code: str  # the county serving them before any registration (``serving_district``)


def person_identity(
    *,
    name: str,
    id_number: str,
    mobile: str = "",
    hukou_division: str = "",
    hukou_rural: bool = False,
    residence_township: str = "",
    work_division: str = "",
    today: datetime.date | None = None,
) -> PersonIdentity:
    """The values to store for a person: the name by the one name rule, the ID number checked (check
    digit, birth date, division) and read once for the birth date and sex, the mobile normalised; the
    hukou division defaults to the number's (current) division; the work division is a county of the
    city. Raises ``IdentityError`` for the first value refused, in the order of the arguments.
    """
    cleaned_name = name_clean(name)
    parsed = id_number_parse(id_number, today=today)
    number = mobile_clean(mobile)
    hukou = hukou_division_clean(hukou_division or parsed.current_division)
    township = township_clean(residence_township)
    work = (
        county_clean(work_division, field="work_division", label="就业地区划代码")
        if work_division.strip()
        else ""
    )
    return PersonIdentity(
        name=cleaned_name,
        id_number=parsed.number,
        birth_date=parsed.birth_date,
        sex=parsed.sex,
        mobile=number,
        hukou_division=hukou,
        hukou_rural=hukou_rural,
        residence_township=township,
        work_division=work,
        district_code=serving_district(residence_township=township, work_division=work, hukou_division=hukou),
    )
