"""ID numbers are valid 18-digit resident ID numbers (checked with python-stdnum), agree with the birth
date and sex, are unique, and some carry the city's retired county codes."""

from __future__ import annotations

import numpy as np
import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from linghuo.population.id_numbers import check_characters


def test_it_gives_every_person_a_number_stdnum_accepts(many_people: pl.DataFrame) -> None:
    invalid = [n for n in many_people["id_number"].to_list() if not ric.is_valid(n)]
    assert invalid == []


def test_it_encodes_the_birth_date_in_the_number(many_people: pl.DataFrame) -> None:
    rows = many_people.select("id_number", "birth_date").iter_rows()
    assert all(ric.get_birth_date(number) == born for number, born in rows)


def test_it_gives_men_odd_and_women_even_sequence_numbers(many_people: pl.DataFrame) -> None:
    parity = many_people["id_number"].str.slice(16, 1).cast(pl.Int32) % 2
    assert ((parity == 1) == (many_people["sex"] == "male")).all()


def test_it_never_repeats_a_number_across_chunks(many_people: pl.DataFrame) -> None:
    assert many_people["id_number"].n_unique() == many_people.height


def test_it_puts_retired_county_codes_on_numbers_issued_before_the_change(many_people: pl.DataFrame) -> None:
    area = many_people["id_number"].str.slice(0, 6)
    born = many_people["birth_date"].dt.year()
    for retired, last_year in (("320705", 2014), ("320721", 2014), ("320822", 1996)):
        holders = born.filter(area == retired)
        assert holders.len() > 0, retired
        assert holders.max() <= last_year  # type: ignore[operator]


def test_it_gives_hong_kong_and_macao_permit_holders_their_permit_codes(many_people: pl.DataFrame) -> None:
    permit = many_people.filter(pl.col("hmt_residence_permit"))
    assert permit.height > 0
    assert permit["id_number"].str.slice(0, 6).is_in(["810000", "820000"]).all()
    others = many_people.filter(~pl.col("hmt_residence_permit"))
    assert not others["id_number"].str.slice(0, 2).is_in(["81", "82"]).any()


@given(st.lists(st.integers(0, 9), min_size=17, max_size=17))
def test_it_computes_the_same_check_character_as_stdnum(digits: list[int]) -> None:
    number = "".join(map(str, digits))
    ours = chr(check_characters(np.array([digits], dtype=np.int64))[0])
    assert ours == ric.calc_check_digit(number + "0")
