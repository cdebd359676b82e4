from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from linghuo.registry.identity import id_number_parse
from tests.registry.helpers import id_number


def test_it_reads_birth_date_and_sex_from_the_number() -> None:
    man = id_number_parse(id_number("320706", "19851231", 11))  # odd 17th digit: male
    woman = id_number_parse(id_number("320706", "20000229", 12))  # even: female
    assert (man.birth_date, man.sex) == (datetime.date(1985, 12, 31), "male")
    assert (woman.birth_date, woman.sex) == (datetime.date(2000, 2, 29), "female")


@pytest.mark.parametrize(
    ("old", "successor"), [("320705", "320706"), ("320721", "320707"), ("320822", "320724")]
)
def test_it_accepts_old_division_codes_on_old_cards(old: str, successor: str) -> None:
    parsed = id_number_parse(id_number(old, "19700505", 21))
    assert parsed.division == old
    assert parsed.current_division == successor


def test_it_accepts_full_width_digits_spaces_and_a_lower_case_x() -> None:
    number = next(n for n in (id_number("320706", "19900101", s) for s in range(1, 99)) if n.endswith("X"))
    typed = " " + number[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x "
    assert id_number_parse(typed).number == number


def test_it_accepts_a_number_from_another_province() -> None:
    assert id_number_parse(id_number("110105", "19790101", 3)).division == "110105"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请填写身份证号码"),
        ("32070619900101", "应为18位"),
        ("32070619900101001A", "应为18位"),
        ("320706199013010010", "校验位"),  # wrong check digit (13th month too, but the digit fails first)
        ("320799199001010010", None),  # unknown county in the city
    ],
)
def test_it_refuses_bad_numbers_with_a_chinese_message(text: str, message: str | None) -> None:
    if message is None:
        text = id_number("320799", "19900101", 1)
        message = "不是有效的行政区划代码"
    with pytest.raises(ValidationError) as caught:
        id_number_parse(text)
    assert message in caught.value.messages[0]


def test_it_refuses_an_impossible_birth_date_even_with_a_right_check_digit() -> None:
    with pytest.raises(ValidationError, match="出生日期不存在"):
        id_number_parse(id_number("320706", "19900230", 1))


def test_it_refuses_a_birth_date_in_the_future() -> None:
    with pytest.raises(ValidationError, match="出生日期不合理"):
        id_number_parse(id_number("320706", "20300101", 1), today=datetime.date(2026, 1, 1))
