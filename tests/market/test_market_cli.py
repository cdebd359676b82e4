"""``linghuo demo-data postings``, ``linghuo market search`` and ``linghuo market export`` (issue 12)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from click.testing import CliRunner
from openpyxl import load_workbook

from linghuo.cli import cli
from linghuo.cli.market import EXPORT_FIELDS
from linghuo.market.models import Posting, PostingStatus
from linghuo.market.search import search_postings

TODAY = dt.date(2026, 12, 8)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _load(count: int = 300, seed: int = 4) -> None:
    code, out, _ = _run("demo-data", "postings", "--count", str(count), "--seed", str(seed), "--no-progress")
    assert code == 0, out
    assert f"已写入 {count:,} 个岗位" in out
    assert f"loaded {count:,} postings" in out


def _open() -> list[Posting]:
    return list(Posting.objects.filter(status=PostingStatus.OPEN, expires_on__gte=TODAY).order_by("id"))


def test_demo_data_postings_loads_the_same_postings_for_the_same_seed() -> None:
    _load(120, seed=4)
    _load(120, seed=4)
    titles = list(Posting.objects.order_by("id").values_list("title", flat=True))
    assert len(titles) == 240
    assert titles[:120] == titles[120:]
    code, _, err = _run("demo-data", "postings", "--count", "0")
    assert code == 2
    assert "岗位数必须为正整数" in err
    assert "positive integer" in err


def test_market_search_prints_the_matching_ids_newest_first() -> None:
    _load()
    code, out, _ = _run("market", "search", "保洁")
    expected = search_postings("保洁", today=TODAY)
    assert code == 0
    assert expected
    assert [int(line) for line in out.split()] == expected
    assert expected == sorted(expected, reverse=True)
    for posting in Posting.objects.filter(pk__in=expected):
        assert "保洁" in posting.title + posting.description
        assert posting.status == PostingStatus.OPEN

    code, out, _ = _run(
        "market",
        "search",
        "保洁",
        "--district",
        "320706",
        "--category",
        "cleaning",
        "--limit",
        "5",
        "--format",
        "json",
    )
    ids = json.loads(out)
    assert code == 0
    assert ids == search_postings("保洁", district="320706", category="cleaning", limit=5, today=TODAY)
    assert all(
        p.district == "320706" and p.category == "cleaning" for p in Posting.objects.filter(pk__in=ids)
    )

    code, out, _ = _run("market", "search", "没有这个词", "--format", "json")
    assert (code, json.loads(out)) == (0, [])


def test_market_search_refuses_unknown_codes_in_chinese_and_english() -> None:
    code, _, err = _run("market", "search", "保洁", "--district", "320799")
    assert code == 2
    assert "不是连云港市现行区县代码" in err
    assert "not a current county code" in err
    code, _, err = _run("market", "search", "保洁", "--category", "plumbing")
    assert code == 2
    assert "未知的工种" in err
    assert "unknown trade category" in err


def test_market_export_writes_every_open_posting_as_jsonl(tmp_path: Path) -> None:
    _load()
    code, out, _ = _run("market", "export")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    expected = _open()
    assert len(expected) < Posting.objects.count()  # closed and expired postings exist, and are left out
    assert [row["id"] for row in rows] == [p.pk for p in expected]
    first = expected[0]
    assert rows[0] == {
        "id": first.pk,
        "title": first.title,
        "description": first.description,
        "category": first.category,
        "district": first.district,
        "pay_fen": first.pay_fen,
        "pay_unit": first.pay_unit,
        "hourly_fen": first.hourly_fen,
        "starts_on": first.starts_on.isoformat(),
        "ends_on": first.ends_on.isoformat(),
        "expires_on": first.expires_on.isoformat(),
    }
    assert all("contact" not in key for row in rows for key in row)  # no contact details in open data

    target = tmp_path / "open.jsonl"
    code, _, err = _run("market", "export", "--out", str(target))
    assert code == 0
    assert f"已导出 {len(expected):,} 个岗位" in err
    assert target.read_text("utf-8") == out


def test_market_export_xlsx_reads_back_with_openpyxl(tmp_path: Path) -> None:
    _load(150)
    target = tmp_path / "岗位.xlsx"
    code, _, _ = _run("market", "export", "--format", "xlsx", "--out", str(target))
    assert code == 0
    sheet = load_workbook(target, read_only=True).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header == EXPORT_FIELDS
    expected = _open()
    assert len(rows) == len(expected)
    for row, posting in zip(rows, expected, strict=True):
        values = dict(zip(EXPORT_FIELDS, row, strict=True))
        assert values["id"] == posting.pk
        assert values["title"] == posting.title
        assert values["description"] == posting.description
        assert values["pay_fen"] == posting.pay_fen
        assert values["starts_on"].date() == posting.starts_on  # type: ignore[union-attr]
        assert values["expires_on"].date() == posting.expires_on  # type: ignore[union-attr]

    code, _, err = _run("market", "export", "--format", "xlsx")
    assert code == 2
    assert "须用 --out" in err
    assert "needs --out" in err
