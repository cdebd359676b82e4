"""The market's search is exact (issue 12): on whichever database the suite runs on, its answers equal a
plain Python substring scan over a generated corpus — 1-, 2-, 3- and 4-character queries and two-word
queries, with and without each filter, newest and nearest first — and its index follows every insert,
update and delete of a posting."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.db import connection

from linghuo.market import search, synthetic
from linghuo.market.errors import MarketError
from linghuo.market.models import Posting, PostingStatus
from linghuo.market.safety import normalise
from linghuo.market.search import search_postings

TODAY = dt.date(2026, 12, 8)
NEAR = (34.60, 119.20)
# Texts that a character index gets wrong when it is careless: punctuation, Latin letters and digits,
# full-width forms (NFKC makes them half-width), repeated characters, white space inside a word.
ODD_TEXTS = (
    ("保保洁阿姨", "保保洁，保洁保洁。"),
    ("Ｗｉ－Ｆｉ齐全的保洁岗", "ＡＢＣ家政：C1驾照，１２３号楼"),
    ("保洁", "阿姨"),  # 洁阿 spans title and description: never a match
    ("月 嫂", "住家月嫂（白班）"),
    ("家教Math/English", "a+b=c? 100% 保证！"),
    ("洁洁洁", "保"),
    ("水电维修", "维修水电、疏通管道"),
    ("O'Brien的\\店", "\"引号\"与'单引号'"),
)


@dataclass(frozen=True)
class Row:
    id: int
    title: str
    description: str
    district: str
    category: str
    hourly_fen: int
    starts_on: dt.date
    ends_on: dt.date
    status: str
    expires_on: dt.date
    latitude: float | None
    longitude: float | None


def _corpus(count: int = 2500, seed: int = 7) -> None:
    poster = synthetic.ensure_poster()
    rng = random.Random(seed)
    rows = []
    for n, generated in enumerate(synthetic.generate(count, seed, today=TODAY, poster=poster)):
        # ids spread over many of PostgreSQL's buckets (search._BUCKET_BITS), so that each widening
        # of the newest window is taken by some query
        values = {**generated, "id": 1 + n * 41}
        if n % 25 == 0:
            title, description = ODD_TEXTS[(n // 25) % len(ODD_TEXTS)]
            values = {**values, "title": title, "description": description}
        elif n % 7 == 0:
            cut = rng.randrange(len(values["description"]))
            noise = rng.choice(("ＡＢ", "ab12", "，", "!", "保保", "Ｃ１", " ", "　", "x"))
            values = {
                **values,
                "description": values["description"][:cut] + noise + values["description"][cut:],
            }
        rows.append(Posting(**values))
    Posting.objects.bulk_create(rows[: count // 2], batch_size=500)  # one path: Django's bulk insert
    for posting in rows[count // 2 :]:  # the other: one INSERT each
        posting.save()


def _rows() -> list[Row]:
    return [
        Row(
            p.pk,
            p.title,
            p.description,
            p.district,
            p.category,
            p.hourly_fen,
            p.starts_on,
            p.ends_on,
            p.status,
            p.expires_on,
            None if p.latitude is None else float(p.latitude),
            None if p.longitude is None else float(p.longitude),
        )
        for p in Posting.objects.all()
    ]


def _expected(rows: list[Row], query: str, **filters: Any) -> list[int]:
    """The plain scan: normalised substrings, no index."""
    today = filters.get("today", TODAY)
    words = [normalise(word) for word in query.split() if normalise(word)]
    found = []
    for row in rows:
        title, description = normalise(row.title), normalise(row.description)
        if row.status != "open" or row.expires_on < today:
            continue
        if filters.get("district") is not None and row.district != filters["district"]:
            continue
        if filters.get("category") is not None and row.category != filters["category"]:
            continue
        if filters.get("min_hourly_fen") is not None and row.hourly_fen < filters["min_hourly_fen"]:
            continue
        on = filters.get("on")
        if on is not None and not row.starts_on <= on <= row.ends_on:
            continue
        if all(word in title or word in description for word in words):
            found.append(row)
    if filters.get("order") == "nearest":
        latitude, longitude = filters["near"]
        import math

        scale = math.cos(math.radians(latitude))

        def key(row: Row) -> tuple[bool, float, int]:
            if row.latitude is None or row.longitude is None:
                return (True, 0.0, -row.id)
            dlat, dlon = row.latitude - latitude, row.longitude - longitude
            return (False, dlat * dlat + dlon * scale * (dlon * scale), -row.id)

        found.sort(key=key)
    else:
        found.sort(key=lambda row: -row.id)
    return [row.id for row in found]


def _everything(query: str, **filters: Any) -> list[int]:
    """Every page of the search (the limit at its maximum), to compare whole answers."""
    found: list[int] = []
    while True:
        page = search_postings(query, limit=search.MAX_LIMIT, offset=len(found), today=TODAY, **filters)
        found.extend(page)
        if len(page) < search.MAX_LIMIT:
            return found


def _queries(rows: list[Row], seed: int = 3) -> Iterator[str]:
    rng = random.Random(seed)
    for length in (1, 2, 3, 4):
        for _ in range(12):
            row = rng.choice(rows)
            text = normalise(rng.choice((row.title, row.description)))
            if len(text) >= length:
                start = rng.randrange(len(text) - length + 1)
                yield text[start : start + length]
    for _ in range(8):
        a, b = rng.sample(rows, 2)
        yield f"{normalise(a.title)[:2]} {normalise(b.description)[-3:]}"
    yield from (
        "保洁",
        "保保洁",
        "洁洁",
        "洁阿",
        "ＷＩ－ＦＩ",
        "wi-fi",
        "abc",
        "c1",
        "１２３",
        "，",
        "!",
        "100%",
        "a+b",
        "月嫂 住家",
        "保洁 阿姨",
        "O'Brien",
        "\\",
        '"引号"',
        "没有这个词",
        "",
    )


@pytest.fixture
def corpus(db: None) -> list[Row]:
    _corpus()
    return _rows()


def test_it_finds_exactly_what_a_substring_scan_finds(corpus: list[Row]) -> None:
    checked = 0
    for query in _queries(corpus):
        expected = _expected(corpus, query)
        assert _everything(query) == expected, query
        assert search_postings(query, today=TODAY) == expected[:20], query
        checked += bool(expected)
    assert checked > 50  # most queries do find something: the comparison is not of empty lists


@pytest.mark.parametrize(
    "filters",
    [
        {"district": "320706"},
        {"district": "320722", "category": "cleaning"},
        {"category": "nanny"},
        {"min_hourly_fen": 3500},
        {"on": TODAY + dt.timedelta(days=5)},
        {"district": "320707", "min_hourly_fen": 3000, "on": TODAY},
        {"order": "nearest", "near": NEAR},
        {"order": "nearest", "near": (34.84, 119.17), "district": "320707"},
    ],
    ids=",".join,
)
def test_filters_and_orders_give_the_scans_answer(corpus: list[Row], filters: dict[str, Any]) -> None:
    for query in list(_queries(corpus))[::3]:
        expected = _expected(corpus, query, **filters)
        assert _everything(query, **filters) == expected, (query, filters)
        assert search_postings(query, today=TODAY, limit=7, offset=3, **filters) == expected[3:10]


def test_closed_and_expired_postings_are_never_found(corpus: list[Row]) -> None:
    assert {row.status for row in corpus} >= {"open", "closed", "expired"}
    hidden = {row.id for row in corpus if row.status != "open" or row.expires_on < TODAY}
    assert hidden
    assert hidden.isdisjoint(_everything(""))
    assert hidden.isdisjoint(_everything("保洁"))
    # a day later, the postings expiring today are gone too
    tomorrow = TODAY + dt.timedelta(days=1)
    leaving = {row.id for row in corpus if row.status == "open" and row.expires_on == TODAY}
    assert leaving
    assert leaving <= set(_everything(""))
    assert leaving.isdisjoint(search_postings("", limit=1000, today=tomorrow))


def test_the_index_follows_updates_and_deletes(db: None) -> None:
    _corpus(count=60, seed=11)
    posting = Posting.objects.filter(status=PostingStatus.OPEN, expires_on__gte=TODAY).order_by("id").first()
    assert posting is not None
    assert posting.pk not in search_postings("蓝鲸", today=TODAY)

    posting.title = "招蓝鲸馆讲解员"
    posting.save()
    assert search_postings("蓝鲸", today=TODAY) == [posting.pk]
    assert search_postings("鲸馆讲", today=TODAY) == [posting.pk]

    Posting.objects.filter(pk=posting.pk).update(description="花果山景区导览，周末两天")
    assert search_postings("花果山", today=TODAY) == [posting.pk]
    assert search_postings("蓝鲸 花果山", today=TODAY) == [posting.pk]

    posting.title = "招导游"
    posting.save(update_fields=["title"])
    assert search_postings("蓝鲸", today=TODAY) == []
    assert search_postings("花果山", today=TODAY) == [posting.pk]

    Posting.objects.filter(pk=posting.pk).update(status=PostingStatus.CLOSED)
    assert search_postings("花果山", today=TODAY) == []
    Posting.objects.filter(pk=posting.pk).update(status=PostingStatus.OPEN, district="320723")
    assert search_postings("花果山", district="320723", today=TODAY) == [posting.pk]
    assert search_postings("花果山", district="320706", today=TODAY) == []

    posting.delete()
    assert search_postings("花果山", today=TODAY) == []
    with connection.cursor() as cursor:  # and its index entry is gone, not merely filtered out
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM market_posting_search WHERE posting_id = %s", [posting.pk])
        else:
            cursor.execute(
                "SELECT count(*) FROM market_posting_search WHERE market_posting_search MATCH %s",
                ['"花 果 山"'],
            )
        assert cursor.fetchone()[0] == 0


def test_a_bulk_load_is_indexed_as_it_goes(db: None) -> None:
    loaded = synthetic.load(300, seed=5, today=TODAY, chunk=120)
    rows = _rows()
    assert loaded == len(rows) == 300
    for query in ("保洁", "日结", "月嫂", "招", "C1", "wi-fi"):
        assert _everything(query) == _expected(rows, query), query


def test_the_index_normalises_text_as_python_does(db: None) -> None:
    """Every assigned character, alone and between Chinese: the database's normalisation (or, on SQLite,
    its tokens) equals Python's, so the index never misses what the substring scan finds."""
    import unicodedata

    chars = [
        chr(i)
        for i in range(1, 0x110000)
        if not 0xD800 <= i < 0xE000 and unicodedata.category(chr(i)) not in ("Cn", "Cs")
    ]
    texts = [*chars, *(f"保{c}洁" for c in chars[::97]), "ΑΣ ΟΔΟΣ", "Ｈｅｌｌｏ　Ｗｏｒｌｄ", "ﬁ⑴㈱"]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT linghuo_search_norm(x) FROM unnest(%s::text[]) WITH ORDINALITY t(x, n) ORDER BY n",
                [texts],
            )
            assert [row[0] for row in cursor.fetchall()] == [normalise(text) for text in texts]
        else:
            mismatched = []
            for start in range(0, len(texts), 500):
                part = texts[start : start + 500]
                cursor.execute("SELECT " + ", ".join(["linghuo_search_tokens(%s)"] * len(part)), part)
                got = cursor.fetchone()
                mismatched += [t for t, g in zip(part, got, strict=True) if g != search.search_tokens(t)]
            assert mismatched == []


def test_the_default_day_is_today(db: None) -> None:
    _corpus(count=40, seed=2)
    rows = _rows()
    with time_machine.travel(dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))):
        assert search_postings("", limit=1000) == _expected(rows, "")


def test_bad_arguments_are_refused_in_chinese_and_english(db: None) -> None:
    with pytest.raises(MarketError, match="按距离排序须给出位置"):
        search_postings("保洁", order="nearest")
    with pytest.raises(MarketError, match="每页条数"):
        search_postings("保洁", limit=0)
    with pytest.raises(MarketError, match="位置坐标不正确"):
        search_postings("保洁", order="nearest", near=(120.0, 34.0))


def test_tokens_keep_every_character_apart() -> None:
    assert search.search_tokens("保洁，Ａ1 号") == "保 洁 x2c a 1 号"
    assert search.query_words(" 保洁　ＡＢ  ") == ["保洁", "ab"]
    assert search.search_tokens(",") != search.search_tokens("x2c")
