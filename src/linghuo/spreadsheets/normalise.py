"""Cell normalisers: a raw cell (as the workbook or CSV reader gives it) to a typed value.

Each function raises ``CellError`` with a precise Chinese reason. Blank cells never reach them
(``is_blank`` is checked first by the row builder).

>>> parse_amount_fen("￥3,000.50")
300050
>>> parse_date("2024年3月1日")
datetime.date(2024, 3, 1)
>>> parse_date(45352)  # an Excel serial
datetime.date(2024, 3, 1)
>>> parse_year_month("2024年3月")
datetime.date(2024, 3, 1)
>>> parse_id_number(" 32070619900101006x ")
'32070619900101006X'
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from openpyxl.utils.datetime import from_excel
from stdnum.cn import ric

from linghuo import divisions
from linghuo.dates import MAX_AGE, age_on
from linghuo.spreadsheets.errors import CellError
from linghuo.spreadsheets.formulas import UnsavedFormula
from linghuo.spreadsheets.text import squeeze_spaces, to_half_width, without_spaces

PlainValue = str | int | float | bool | dt.datetime | dt.date | dt.time | dt.timedelta | None
# A formula cell saved without its result is an UnsavedFormula: never blank, never a value (see formulas.py).
CellValue = PlainValue | UnsavedFormula

EARLIEST_DATE = dt.date(1950, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
MAX_AMOUNT_FEN = 100_000_000 * 100  # 1亿元: larger is a typing error, not an income
MAX_NAME_LENGTH = 64


_INVISIBLE = "\u200b\u200c\u200d\ufeff"  # not whitespace to Python, invisible in a cell


def is_blank(value: CellValue) -> bool:
    """An empty cell, or one holding only (full-width, no-break or invisible) spaces.

    >>> [is_blank(v) for v in (None, "", " \u3000\u00a0", "\u200b", "0", 0)]
    [True, True, True, True, False, False]
    """
    if isinstance(value, str):
        return not value.strip().strip(_INVISIBLE).strip()
    return value is None


def display_value(value: CellValue) -> str:
    """The cell as the uploader sees it, for error messages and reports."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _integral_text(value: CellValue) -> str | None:
    """A number cell as its digits (``13812345678.0`` → ``"13812345678"``), a text cell cleaned."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else None
    if isinstance(value, str):
        return without_spaces(value).lstrip("'")
    return None


# Symbols no name carries; a value holding them is a formula, markup or a shifted column.
_NOT_IN_NAMES = frozenset('=<>"{}[]();\\@')


def person_name(text: str) -> str:
    """The one rule for a person's name, wherever it is typed (a roster cell, the registration form,
    the API; ``linghuo.registry.identity.person_identity`` applies it): full-width spaces made
    half-width, trimmed, spaces next to Chinese characters removed and other runs squeezed to one; no
    digits, no formula or markup symbols, at most ``MAX_NAME_LENGTH`` characters.

    >>> person_name(" 张\u3000三 "), person_name("Li  Ming")
    ('张三', 'Li Ming')
    >>> person_name("<script>")
    Traceback (most recent call last):
    ...
    linghuo.spreadsheets.errors.CellError: 姓名中含有姓名里不会出现的符号（如 = < > " ( ) ;），请核对
    """
    name = squeeze_spaces(text)
    if not name:
        raise CellError("请填写姓名", "a name is required")
    if any(ch.isdigit() for ch in name):
        raise CellError("姓名中不应含有数字，请核对", "a name has no digits")
    if len(name) > MAX_NAME_LENGTH:
        raise CellError(
            f"姓名过长（超过{MAX_NAME_LENGTH}个字）", f"the name is longer than {MAX_NAME_LENGTH} characters"
        )
    if name.startswith(("=", "+", "-", "@")) or any(ch in _NOT_IN_NAMES for ch in name):
        raise CellError(
            '姓名中含有姓名里不会出现的符号（如 = < > " ( ) ;），请核对',
            'the name holds symbols no name has (such as = < > " ( ) ;)',
        )
    return name


def parse_name(value: CellValue) -> str:
    """A person's name from a cell (``person_name``)."""
    return person_name(str(value))


def parse_id_number(value: CellValue) -> str:
    """An 18-character resident ID number: check digit and birth date verified (GB 11643).

    The address code is not checked against a list: people keep numbers issued under codes that
    have since been retired, and the list's dates are not reliable enough to reject anyone.
    """
    if isinstance(value, float) and not (value.is_integer() and abs(value) < 1e15):
        raise CellError("身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”后重新填写")
    text = _integral_text(value)
    if text is None:
        raise CellError("身份证号应为18位文字")
    number = text.replace("-", "").upper()
    if len(number) == 15:
        raise CellError("15位旧身份证号不再受理，请填写18位身份证号")
    if len(number) != 18:
        raise CellError(f"身份证号应为18位，实际为{len(number)}位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise CellError("身份证号前17位应为数字，最后一位为数字或X")
    if ric.calc_check_digit(number) != number[17]:
        raise CellError("身份证号校验位不符，请核对号码")
    try:
        birth = ric.get_birth_date(number)
    except ValueError:
        raise CellError("身份证号中的出生日期（第7–14位）不是有效日期") from None
    today = dt.date.today()
    if birth > today:
        raise CellError("身份证号中的出生日期晚于今天", "the birth date in the ID number is after today")
    if age_on(birth, today) > MAX_AGE:
        raise CellError(
            f"身份证号中的出生日期 {birth.isoformat()} 到今天年龄超过{MAX_AGE}岁",
            f"the birth date {birth.isoformat()} in the ID number gives an age over {MAX_AGE}",
        )
    return number


_MOBILE = re.compile(r"1[3-9]\d{9}")


def parse_mobile(value: CellValue) -> str:
    """A mainland mobile number: 11 digits starting with 1 (``+86`` and separators dropped)."""
    text = _integral_text(value)
    if text is None:
        raise CellError("手机号应为11位数字")
    digits = text.replace("-", "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not digits.isdigit() or len(digits) != 11:
        raise CellError(f"手机号应为11位数字，实际为“{digits}”")
    if not _MOBILE.fullmatch(digits):
        raise CellError("手机号应以13–19开头")
    return digits


def parse_county_code(value: CellValue) -> str:
    """A county-level code of Lianyungang, returned as the current code (historical ones mapped)."""
    text = _integral_text(value)
    if text is None or not text.isdigit():
        raise CellError("区划代码应为6位数字")
    if len(text) == 12 and text.endswith("000000"):
        text = text[:6]  # the statistics bureau's 12-digit form
    if len(text) != 6:
        raise CellError(f"区划代码应为6位数字，实际为{len(text)}位")
    if text == divisions.CITY_CODE:
        raise CellError("请填写区县的代码，而不是连云港市的代码320700")
    try:
        return divisions.current_county_code(text)
    except KeyError:
        accepted = "、".join(f"{c.code}{c.name}" for c in divisions.counties())
        raise CellError(f"不是连云港市的区县代码，可填写：{accepted}") from None


_AMOUNT = re.compile(r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d*))?")


def parse_amount_fen(value: CellValue) -> int:
    """An amount in yuan (``3,000.00``, ``3000``, ``￥3,000``) as integer fen, exactly.

    Number cells are read through their shortest decimal form, never by float arithmetic.
    """
    if isinstance(value, bool):
        raise CellError("金额应为数字")
    if isinstance(value, int | float):
        text = repr(value)
    elif isinstance(value, str):
        text = without_spaces(value).lstrip("'")
        for mark in ("￥", "¥", "RMB", "CNY", "人民币"):
            text = text.removeprefix(mark)
        text = text.removesuffix("元")
    else:
        raise CellError("金额应为数字")
    if text.startswith("-"):
        raise CellError("金额不能为负数")
    if isinstance(value, str) and not _AMOUNT.fullmatch(text):
        raise CellError("金额格式不对，应写成 3000 或 3,000.00")
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise CellError("金额应为数字") from None
    if not amount.is_finite():
        raise CellError("金额应为数字")
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise CellError("金额最多保留两位小数（到分）")
    if fen > MAX_AMOUNT_FEN:
        raise CellError("金额过大，请检查")
    return int(fen)


_YES = {"是", "y", "yes", "1", "true", "t", "√", "✓"}
_NO = {"否", "n", "no", "0", "false", "f", "×", "✗"}


def parse_yes_no(value: CellValue) -> bool:
    """是/否 (also Y/N, yes/no, 1/0, true/false and Excel's TRUE/FALSE cells)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = without_spaces(str(value)).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise CellError("应填写“是”或“否”")


_DATE = re.compile(r"(?P<y>\d{4})(?:[-/.年])(?P<m>\d{1,2})(?:[-/.月])(?P<d>\d{1,2})日?")
_DATE_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")
_TIME_SUFFIX = re.compile(r"[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_MONTH = re.compile(r"(?P<y>\d{4})(?:[-/.年])(?P<m>\d{1,2})月?")
_MONTH_COMPACT = re.compile(r"(?P<y>\d{4})(?P<m>\d{2})")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")


def _checked(year: int, month: int, day: int) -> dt.date:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise CellError("不是有效的日期") from None
    return _in_range(date)


def _in_range(date: dt.date) -> dt.date:
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        raise CellError(f"日期超出合理范围（{EARLIEST_DATE.year}–{LATEST_DATE.year}年）")
    return date


def _from_serial(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise CellError("不是有效的日期")
    moment = from_excel(serial)
    return _in_range(moment.date() if isinstance(moment, dt.datetime) else EARLIEST_DATE)


def _date_from_number(value: int | float) -> dt.date:
    if float(value).is_integer() and 19000101 <= value <= 20991231:
        number = int(value)  # typed as a number: 20240301
        return _checked(number // 10000, number // 100 % 100, number % 100)
    return _from_serial(float(value))


def parse_date(value: CellValue) -> dt.date:
    """A date from an Excel date cell, an Excel serial, ``2024-03-01``, ``2024/3/1``,
    ``2024.3.1``, ``2024年3月1日`` or ``20240301``."""
    if isinstance(value, dt.datetime):
        return _in_range(value.date())
    if isinstance(value, dt.date):
        return _in_range(value)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CellError("不是有效的日期")
    if isinstance(value, int | float):
        return _date_from_number(value)
    text = without_spaces(_TIME_SUFFIX.sub("", to_half_width(value).strip())).lstrip("'")
    if match := _DATE.fullmatch(text) or _DATE_COMPACT.fullmatch(text):
        return _checked(int(match["y"]), int(match["m"]), int(match["d"]))
    if _SERIAL.fullmatch(text):
        return _from_serial(float(text))
    raise CellError("日期格式不对，应写成 2024-03-01、2024/3/1 或 2024年3月1日")


def parse_year_month(value: CellValue) -> dt.date:
    """A month (``2024-03``, ``2024年3月``, ``202403`` or any date in it) as its first day."""
    if isinstance(value, int) and not isinstance(value, bool) and 190001 <= value <= 209912:
        return _checked(value // 100, value % 100, 1)
    if isinstance(value, str):
        text = without_spaces(value).lstrip("'")
        if match := _MONTH.fullmatch(text) or _MONTH_COMPACT.fullmatch(text):
            return _checked(int(match["y"]), int(match["m"]), 1)
    try:
        return parse_date(value).replace(day=1)
    except CellError:
        raise CellError("缴费年月格式不对，应写成 2024-03 或 2024年3月") from None
