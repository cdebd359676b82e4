"""Names are Chinese, frequent surnames are frequent; residents live in the city's 109 townships in the
stated county proportions; household registrations come from the city, Jiangsu and elsewhere."""

from __future__ import annotations

import polars as pl

from linghuo import divisions
from linghuo.population.regions import COUNTY_SHARES


def test_it_names_everyone_with_two_to_four_chinese_characters(people: pl.DataFrame) -> None:
    assert people["name"].str.contains(r"^[\u4e00-\u9fff]{2,4}$").all()


def test_it_draws_common_surnames_more_often_than_rare_ones(people: pl.DataFrame) -> None:
    first = people["name"].str.slice(0, 1)
    assert (first == "王").sum() > 5 * (first == "龚").sum()
    assert (first == "王").mean() > 0.04  # type: ignore[operator]


def test_it_gives_women_and_men_different_given_names(people: pl.DataFrame) -> None:
    given = people.with_columns(pl.col("name").str.slice(-1, 1).alias("last"))
    women = set(given.filter(pl.col("sex") == "female")["last"].unique())
    assert "娟" in women
    assert "娟" not in set(given.filter(pl.col("sex") == "male")["last"].unique())


def test_it_places_everyone_in_one_of_the_109_townships(people: pl.DataFrame) -> None:
    codes = {t.code for t in divisions.townships()}
    assert len(codes) == 109
    assert set(people["township_code"].unique()) <= codes
    assert people["township_code"].n_unique() > 100


def test_it_follows_the_stated_county_shares(people: pl.DataFrame) -> None:
    county = people["township_code"].str.slice(0, 6)
    total = sum(COUNTY_SHARES.values())
    for code, share in COUNTY_SHARES.items():
        observed = (county == code).mean()
        assert abs(observed - share / total) < 0.015, (code, observed)  # type: ignore[operator]


def test_it_registers_most_residents_in_their_own_county(people: pl.DataFrame) -> None:
    county = people["township_code"].str.slice(0, 6).replace({"320771": "320703"})
    assert (people["hukou_division"] == county).mean() > 0.7  # type: ignore[operator]


def test_it_has_hukou_in_other_jiangsu_cities_and_other_provinces(people: pl.DataFrame) -> None:
    hukou = people["hukou_division"]
    local = hukou.is_in([str(c) for c in (320703, 320706, 320707, 320722, 320723, 320724)])
    other_jiangsu = hukou.str.starts_with("32") & ~hukou.str.starts_with("3207")
    assert local.mean() > 0.8  # type: ignore[operator]
    assert other_jiangsu.sum() > 0
    assert (~hukou.str.starts_with("32") & ~people["hmt_residence_permit"]).sum() > 0
    permit = people.filter(pl.col("hmt_residence_permit"))
    assert permit["hukou_division"].is_in(["810000", "820000"]).all()
