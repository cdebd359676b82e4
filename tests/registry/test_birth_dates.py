"""A birth date read from the ID number, on registration and in a roster, gives an age of 0 to 120."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from linghuo.registry.identity import id_number_parse
from linghuo.spreadsheets import normalise
from linghuo.spreadsheets.errors import CellError
from tests.registry.helpers import id_number

TODAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("birth", "words"),
    [("18000101", "年龄超过120岁"), ("19051202", "年龄超过120岁"), ("20900101", "晚于 2026-12-03")],
)
def test_it_refuses_a_registration_with_the_birth_date_of_no_living_person(birth: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        id_number_parse(id_number("320706", birth, 1), today=TODAY)
    [message] = caught.value.messages
    assert "出生日期不合理" in message
    assert words in message


@pytest.mark.parametrize("birth", ["19061203", "20261203", "19900501"])
def test_it_accepts_a_registration_of_age_0_to_120(birth: str) -> None:
    parsed = id_number_parse(id_number("320706", birth, 1), today=TODAY)
    assert parsed.birth_date == dt.datetime.strptime(birth, "%Y%m%d").date()


@pytest.mark.parametrize(("birth", "words"), [("18000101", "年龄超过120岁"), ("20900101", "晚于今天")])
def test_it_refuses_a_roster_row_with_the_birth_date_of_no_living_person(birth: str, words: str) -> None:
    with (
        time_machine.travel(dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC), tick=False),
        pytest.raises(CellError, match=words) as caught,
    ):
        normalise.parse_id_number(id_number("320706", birth, 1))
    assert caught.value.english


def test_it_accepts_a_roster_row_of_a_person_of_120() -> None:
    number = id_number("320706", "19061203", 1)
    with time_machine.travel(dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC), tick=False):
        assert normalise.parse_id_number(number) == number
