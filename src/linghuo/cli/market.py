"""``linghuo market …``: the gig market's exact search, and the open-data export of its open postings."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

EXPORT_FIELDS = (
    "id",
    "title",
    "description",
    "category",
    "district",
    "pay_fen",
    "pay_unit",
    "hourly_fen",
    "starts_on",
    "ends_on",
    "expires_on",
)
_EXPORT_CHUNK = 5000


@click.group()
def market() -> None:
    """零工市场 — search the open gig postings, export them as open data."""


def _check_codes(district: str | None, category: str | None) -> None:
    from linghuo import divisions
    from linghuo.market import categories

    if district is not None and not divisions.is_current_county(district):
        raise click.BadParameter(
            f"{district} 不是连云港市现行区县代码 / {district} is not a current county code of Lianyungang",
            param_hint="--district",
        )
    if category is not None and category not in categories.CATEGORIES:
        known = ", ".join(categories.CATEGORIES)
        raise click.BadParameter(
            f"未知的工种 {category}（可选：{known}）/ unknown trade category {category} (one of: {known})",
            param_hint="--category",
        )


@market.command("search")
@click.argument("query", default="")
@click.option("--district", default=None, help="区县代码 / county code (e.g. 320706)")
@click.option("--category", default=None, help="工种代码 / trade category code (e.g. cleaning)")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="条数 / how many")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式",
)
def search(query: str, district: str | None, category: str | None, limit: int, format_: str) -> None:
    """按关键词精确搜索招募中的岗位，输出岗位编号（最新在前）— print the ids of the open postings that
    contain every word of QUERY, newest first."""
    _check_codes(district, category)
    from linghuo.cli.setup import django_setup

    django_setup()
    from linghuo.market.search import search_postings

    ids = search_postings(query, district=district, category=category, limit=limit)
    if format_ == "json":
        click.echo(json.dumps(ids))
    else:
        for posting_id in ids:
            click.echo(posting_id)


def _open_postings(today: dt.date) -> Iterator[dict[str, Any]]:
    from linghuo.market.models import Posting, PostingStatus

    rows = (
        Posting.objects.filter(status=PostingStatus.OPEN, expires_on__gte=today)
        .order_by("id")
        .values_list(*EXPORT_FIELDS)
    )
    last = 0
    while True:  # keyset pages: a million rows never held at once
        page = list(rows.filter(id__gt=last)[:_EXPORT_CHUNK])
        if not page:
            return
        for row in page:
            yield dict(zip(EXPORT_FIELDS, row, strict=True))
        last = page[-1][0]


def _jsonl(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _xlsx(rows: Iterator[dict[str, Any]], out: Path) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("岗位")
    sheet.append(list(EXPORT_FIELDS))
    count = 0
    for row in rows:
        sheet.append([row[name] for name in EXPORT_FIELDS])
        count += 1
    workbook.save(out)
    return count


@market.command("export")
@click.option(
    "--format",
    "format_",
    type=click.Choice(["jsonl", "xlsx"]),
    default="jsonl",
    show_default=True,
    help="格式",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="输出文件（jsonl 默认写到标准输出）/ output file (jsonl: standard output by default)",
)
def export(format_: str, out: Path | None) -> None:
    """导出全部招募中的岗位（开放数据）— write every open posting: id, title, description, category,
    district, pay and its unit, hourly pay, dates."""
    if format_ == "xlsx" and out is None:
        raise click.UsageError("xlsx 格式须用 --out 指定文件 / --format xlsx needs --out FILE")
    if out is not None and not (out.parent if str(out.parent) else Path()).is_dir():
        raise click.UsageError(
            f"输出目录不存在：{out.parent} / output directory does not exist: {out.parent}"
        )
    from linghuo.cli.setup import django_setup

    django_setup()
    from django.utils import timezone

    rows = _open_postings(timezone.localdate())
    if format_ == "xlsx":
        assert out is not None
        count = _xlsx(rows, out)
    elif out is None:
        count = _jsonl(rows, sys.stdout)
        return
    else:
        with out.open("w", encoding="utf-8") as handle:
            count = _jsonl(rows, handle)
    click.echo(f"已导出 {count:,} 个岗位 → {out} / exported {count:,} open postings to {out}", err=True)
