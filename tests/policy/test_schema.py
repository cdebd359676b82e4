"""The fact table that the person facts and the organisation facts share (``linghuo.policy.schema``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from linghuo.policy.facts import validate_facts
from linghuo.policy.organisation_facts import validate_organisation_facts
from linghuo.policy.schema import Fact, FactsError, FactTable, InvalidValueError, validate_each

TABLE = FactTable(
    (
        Fact("id", "text", "编号"),
        Fact("months", "count", "月数"),
        Fact("paid_fen", "money", "金额"),
        Fact("since", "date", "日期"),
        Fact("code", "text", "代码"),
    ),
    unknown=("未知的事实名称", "unknown fact name"),
    parsers={"code": lambda fact, value: _upper_code(value)},
    maxima={"months": 12},
)


def _upper_code(value: object) -> str:
    if value != "ok":
        raise InvalidValueError("代码错误", "bad code")
    return "OK"


def errors_of(raw: dict[str, Any]) -> dict[str, str]:
    return {e.fact: e.message_en for e in TABLE.parse(raw)[1]}


def test_it_caps_a_count_only_after_checking_its_type_and_sign() -> None:
    assert errors_of({"months": 13}) == {"months": "cannot exceed 12"}
    assert errors_of({"months": -1}) == {"months": "cannot be negative"}
    assert errors_of({"months": True}) == {"months": "must be an integer"}
    assert TABLE.parse({"months": 12})[0]["months"] == 12


def test_it_words_an_amount_in_fen_apart_from_a_count() -> None:
    assert errors_of({"paid_fen": 1.5}) == {"paid_fen": "an amount must be an integer number of fen"}
    assert errors_of({"paid_fen": -1}) == {"paid_fen": "an amount cannot be negative"}


def test_it_uses_a_named_parser_in_place_of_its_kinds() -> None:
    assert TABLE.parse({"code": "ok"})[0]["code"] == "OK"
    assert errors_of({"code": "no"}) == {"code": "bad code"}


def test_it_lists_unknown_names_first_and_keeps_defaults_for_bad_values() -> None:
    facts, errors = TABLE.parse({"since": "2021-02-30", "colour": "red"})
    assert [e.fact for e in errors] == ["colour", "since"]
    assert facts == {"id": None, "months": 0, "paid_fen": 0, "since": None, "code": None}


@pytest.mark.parametrize(
    ("fact", "value", "says"),
    [
        ("project_started_on", "2021-02-30", "impossible date '2021-02-30' (expected YYYY-MM-DD)"),
        ("division", "320799", "unknown division code 320799"),
        ("hrss_reviewed", "yes", "must be true or false, got 'yes'"),
    ],
)
def test_it_words_a_bad_value_alike_for_a_person_and_an_organisation(
    fact: str, value: str, says: str
) -> None:
    person_fact = {"project_started_on": "unemployed_since", "division": "work_division"}.get(fact, "dibao")
    messages = []
    for validate, name in ((validate_facts, person_fact), (validate_organisation_facts, fact)):
        with pytest.raises(FactsError) as caught:
            validate({name: value})
        messages.append([e.message_en for e in caught.value.errors])
    assert messages == [[says], [says]]


def test_it_reads_dates_given_as_text_and_fills_defaults_when_normalising_a_frame() -> None:
    frame = TABLE.normalise(pl.DataFrame({"since": ["2024-03-01", None], "extra": [1, 2]}))
    assert frame.schema["since"] == pl.Date
    assert frame.select("since", "months", "paid_fen", "extra").rows() == [
        (dt.date(2024, 3, 1), 0, 0, 1),
        (None, 0, 0, 2),
    ]


def test_it_names_the_record_with_a_bad_fact_by_its_key_or_its_place() -> None:
    def validate(raw: Any) -> dict[str, Any]:
        facts, errors = TABLE.parse(raw)
        if errors:
            raise FactsError(errors)
        return facts

    with pytest.raises(FactsError) as caught:
        validate_each([{"id": "a"}, {"months": -1}], validate, key="id")
    assert [e.fact for e in caught.value.errors] == ["#2.months"]
    with pytest.raises(FactsError) as caught:
        validate_each([{"id": "a", "months": 13}], validate, key="id")
    assert [e.fact for e in caught.value.errors] == ["a.months"]
