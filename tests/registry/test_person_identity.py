"""``person_identity``: the one pure function from what was typed to a person's stored values.

These tests touch no database (pytest-django refuses a query without the ``db`` mark): the function is
pure.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from linghuo import personal_data
from linghuo.registry.identity import IdentityError, PersonIdentity, person_identity
from linghuo.registry.models import Person, person_fields
from tests.registry.helpers import id_number

TODAY = datetime.date(2026, 1, 1)


def _identity(**changes: Any) -> PersonIdentity:
    values: dict[str, Any] = {"name": "李四", "id_number": id_number(), "today": TODAY} | changes
    return person_identity(**values)


def test_it_reads_birth_date_and_sex_from_the_number_and_takes_the_hukou_from_it() -> None:
    man = _identity(id_number=id_number("320721", "19761103", 25))  # an old 赣榆县 card, odd 17th digit
    woman = _identity(id_number=id_number("110105", "20000229", 12))  # Beijing, even 17th digit
    assert (man.birth_date, man.sex) == (datetime.date(1976, 11, 3), "male")
    assert (man.hukou_division, man.district_code) == ("320707", "320707")  # the old code's successor
    assert (woman.birth_date, woman.sex) == (datetime.date(2000, 2, 29), "female")
    assert (woman.hukou_division, woman.district_code) == ("110105", "")  # not served in the city


def test_it_normalises_the_number_and_the_mobile() -> None:
    number = next(n for n in (id_number("320706", "19900101", s) for s in range(1, 99)) if n.endswith("X"))
    typed = " " + number[:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x "
    identity = _identity(id_number=typed, mobile="+86 138-1234-5678")
    assert (identity.id_number, identity.mobile) == (number, "13812345678")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("张\u3000三", "张三"),  # a full-width space between Chinese characters
        ("  王 \u3000 芳 ", "王芳"),
        ("阿卜杜 · 热合曼", "阿卜杜·热合曼"),
        (" Li\u3000\u3000Ming ", "Li Ming"),  # squeezed to one half-width space
    ],
)
def test_it_squeezes_spaces_out_of_names(typed: str, stored: str) -> None:
    assert _identity(name=typed).name == stored


@pytest.mark.parametrize(
    ("name", "chinese", "english"),
    [
        ("<script>alert('x')</script>", "符号", "symbols"),
        ('=HYPERLINK("http://x")', "符号", "symbols"),
        ("@SUM", "符号", "symbols"),
        ("张三;", "符号", "symbols"),
        ("张3", "数字", "digits"),
        ("\u3000 ", "请填写姓名", "required"),
        ("张" * 65, "姓名过长", "longer than 64"),
    ],
)
def test_it_refuses_names_no_person_has_in_chinese_and_english(name: str, chinese: str, english: str) -> None:
    with pytest.raises(IdentityError) as caught:
        _identity(name=name)
    assert caught.value.field == "name"
    assert chinese in caught.value.chinese
    assert english in caught.value.english
    assert caught.value.messages == [f"{caught.value.chinese} / {caught.value.english}"]


@pytest.mark.parametrize(
    ("number", "chinese"),
    [
        (id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1"), "校验位"),
        (id_number("320706", "19900230", 1), "出生日期不存在"),  # 30 February, check digit right
        (id_number("320706", "20300101", 1), "出生日期不合理"),  # after today
        (id_number("320799", "19900101", 1), "不是有效的行政区划代码"),  # no such county in the city
        (id_number("990101", "19900101", 1), "不是有效的行政区划代码"),  # no such province
        ("32070619900101", "应为18位"),
    ],
)
def test_it_refuses_bad_id_numbers(number: str, chinese: str) -> None:
    with pytest.raises(IdentityError) as caught:
        _identity(id_number=number)
    assert caught.value.field == "id_number"
    assert chinese in caught.value.chinese
    assert caught.value.english


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"mobile": "1234"}, "mobile"),
        ({"hukou_division": "12345"}, "hukou_division"),
        ({"residence_township": "110105001"}, "residence_township"),
        ({"work_division": "110105"}, "work_division"),
    ],
)
def test_it_names_the_value_it_refuses(changes: dict[str, str], field: str) -> None:
    with pytest.raises(IdentityError) as caught:
        _identity(**changes)
    assert caught.value.field == field


def test_it_serves_a_person_where_they_live_else_work_else_have_their_hukou() -> None:
    lives = _identity(residence_township="320722001", work_division="320706")  # 牛山街道, 东海县
    works = _identity(work_division="320721")  # the old code of 赣榆, stored as today's
    assert (lives.residence_township, lives.district_code) == ("320722001", "320722")
    assert (works.work_division, works.district_code) == ("320707", "320707")


def test_its_fields_are_stored_encrypted_hashed_and_masked() -> None:
    identity = _identity(mobile="13812345678", hukou_rural=True)
    person = Person.from_identity(identity)
    assert person.id_number_hash == personal_data.lookup_hash(identity.id_number)
    assert personal_data.decrypt(person.id_number_encrypted) == identity.id_number
    assert person.id_number_masked == identity.id_number[:4] + "*" * 10 + identity.id_number[-4:]
    assert (person.mobile_hash, person.mobile_masked) == (
        personal_data.lookup_hash("13812345678"),
        "138****5678",
    )
    assert (person.name, person.birth_date, person.sex, person.hukou_rural) == (
        "李四",
        identity.birth_date,
        identity.sex,
        True,
    )
    without_mobile = person_fields(_identity())
    assert (without_mobile["mobile_hash"], without_mobile["mobile_encrypted"]) == ("", "")
