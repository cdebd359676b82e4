"""Parsing a 100,000-row platform roster: rows per second for .xlsx and .csv, and peak memory.

Run: ``python -m bench.bench_roster_parse [--rows N]``. Prints figures; asserts nothing about time.
Peak memory is measured in a second, traced pass (tracemalloc slows Python down, so the speed
figures come from an untraced pass): once streaming chunks and discarding them, once collecting
every row as ``parse_file`` does. tracemalloc sees Python's allocations only, not the workbook reader's
native (Rust) memory, so each file is also read in a fresh process whose peak resident size is
reported above what the same process held before reading.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from openpyxl import Workbook
from stdnum.cn import ric

from linghuo.spreadsheets import ROSTER, iter_chunks, open_table, parse_file

HEADERS = [c.header for c in ROSTER.columns]
COUNTIES = ["320703", "320706", "320707", "320722", "320723", "320724", "320705"]
FORMS = ["platform", "平台就业", "非全日制", "个体经营", "其他灵活就业", "part_time"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏辉俊峰建国志文斌浩宇欣怡子轩"
BAD_SHARE = 0.01  # one row in a hundred carries a mistake


def _id_number(rng: random.Random, serial: int) -> str:
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(16000))
    body = f"{rng.choice(COUNTIES)}{birth:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def roster_rows(count: int, seed: int = 20240301) -> Iterator[list[object]]:
    """Realistic rows: mixed date and amount forms, 1 % with a mistake."""
    rng = random.Random(seed)
    for i in range(count):
        start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(600))
        row: list[object] = [
            rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randrange(1, 3))),
            _id_number(rng, i),
            f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
            rng.choice(FORMS),
            rng.choice(COUNTIES),
            f"{rng.randrange(1500, 12000):,}.{rng.randrange(100):02d}",
            rng.choice(["是", "否", "Y", "N"]),
            rng.choice([start.isoformat(), f"{start.year}/{start.month}/{start.day}", start]),
            rng.choice(["", (start + dt.timedelta(days=rng.randrange(1, 300))).isoformat()]),
        ]
        if rng.random() < BAD_SHARE:
            row[2] = "123"
        yield row


def write_xlsx(path: Path, count: int) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("名册")
    sheet.append(["某平台从业人员名册（基准测试）"])
    sheet.append(HEADERS)
    for row in roster_rows(count):
        sheet.append(row)
    workbook.save(path)


_INLINE = re.compile(
    r'<c r="([A-Z]+\d+)"( s="\d+")? t="inlineStr"><is><t(?: xml:space="preserve")?>(.*?)</t></is></c>'
)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def as_shared_strings(source: Path, target: Path) -> None:
    """The same workbook with its text in a shared-string table, as Excel and WPS write it.

    openpyxl writes every text inline; Excel-made uploads keep one table of distinct strings,
    which reads differently (and faster), so both are measured.
    """
    table: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        index = table.setdefault(match[3], len(table))
        return f'<c r="{match[1]}"{match[2] or ""} t="s"><v>{index}</v></c>'

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item).decode("utf-8") if item.filename.endswith((".xml", ".rels")) else None
            if data is None:
                new.writestr(item, old.read(item))
                continue
            if item.filename.startswith("xl/worksheets/"):
                data = _INLINE.sub(shared, data)
            elif item.filename == "[Content_Types].xml":
                override = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}" />'
                data = data.replace("</Types>", override + "</Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                relation = f'<Relationship Type="{_SST_REL}" Target="sharedStrings.xml" Id="rIdSst" />'
                data = data.replace("</Relationships>", relation + "</Relationships>")
            new.writestr(item, data)
        strings = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in table)
        new.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="{_MAIN}" count="{len(table)}" uniqueCount="{len(table)}">{strings}</sst>',
        )


def write_csv(path: Path, count: int) -> None:
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(
            [c.isoformat() if isinstance(c, dt.date) else c for c in row] for row in roster_rows(count)
        )


def _timed(label: str, work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"  {label}: {seconds:.2f} s")
    return seconds


def _stream(path: Path) -> int:
    rows = 0
    with open_table(path, ROSTER.columns) as table:
        for chunk in iter_chunks(table, ROSTER, chunk_size=1000):
            rows += len(chunk.accepted) + len(chunk.rejected)
    return rows


def _traced_peak_mb(work: Callable[[], object]) -> float:
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024


def _rss_mb() -> float:
    """This process's peak resident size in MB: Linux's ``VmHWM`` (``ru_maxrss`` survives ``exec``,
    so a child started from a large parent would report the parent's peak)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _measure_rss(mode: str, path: Path) -> None:
    """In a fresh process: the peak resident size before and after reading ``path``, in MB."""
    before = _rss_mb()
    if mode == "stream":
        _stream(path)
    else:
        parse_file(path, ROSTER)
    print(f"{before:.1f} {_rss_mb():.1f}")


def _process_peak_mb(mode: str, path: Path) -> tuple[float, float]:
    """The peak resident size a fresh process gains by reading ``path``, and its peak in all."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_roster_parse", "--rss", mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    before, after = (float(v) for v in output.split()[-2:])
    return after - before, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rss", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss:
        _measure_rss(args.rss[0], Path(args.rss[1]))
        return
    count = args.rows
    with tempfile.TemporaryDirectory(prefix="rosters-bench-") as folder:
        xlsx, gb_csv = Path(folder) / "roster.xlsx", Path(folder) / "roster.csv"
        excel_style = Path(folder) / "roster-shared-strings.xlsx"
        print(f"generating {count:,} rows")
        _timed("write .xlsx", lambda: write_xlsx(xlsx, count))
        _timed("rewrite as Excel does (shared strings)", lambda: as_shared_strings(xlsx, excel_style))
        _timed("write .csv (GB18030)", lambda: write_csv(gb_csv, count))
        print(f"  sizes: .xlsx {xlsx.stat().st_size / 1e6:.1f} MB, .csv {gb_csv.stat().st_size / 1e6:.1f} MB")
        for label, path in (
            (".xlsx, shared strings (as Excel/WPS write)", excel_style),
            (".xlsx, inline strings (as openpyxl writes)", xlsx),
            (".csv, GB18030", gb_csv),
        ):
            print(f"{label}")
            result = parse_file(path, ROSTER)
            seconds = _timed("parse_file", lambda path=path: parse_file(path, ROSTER))  # type: ignore[misc]
            counts = result.counts()
            print(f"  rows/second: {counts['rows'] / seconds:,.0f}  ({counts})")
            streaming = _traced_peak_mb(lambda path=path: _stream(path))  # type: ignore[misc]
            collecting = _traced_peak_mb(lambda path=path: parse_file(path, ROSTER))  # type: ignore[misc]
            print(
                f"  peak traced memory: streaming {streaming:.1f} MB, collecting all rows {collecting:.1f} MB"
            )
            (stream_gain, stream_peak), (collect_gain, collect_peak) = (
                _process_peak_mb(mode, path) for mode in ("stream", "collect")
            )
            print(
                f"  peak RSS of a fresh process, native memory included: streaming +{stream_gain:.0f} MB"
                f" ({stream_peak:.0f} MB in all), collecting all rows +{collect_gain:.0f} MB"
                f" ({collect_peak:.0f} MB in all)"
            )
            del result
    print(f"process peak RSS (writing the files included): {_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
