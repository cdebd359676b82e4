"""A Parquet file of facts as the screening reads it: checked first, then read in bounded chunks.

The file is checked before any work: it exists, it is Parquet, it has ``person_id``, and every
column named after a fact has a type the fact can take (``policy.facts``). Columns that are not
facts are ignored; a missing fact column takes its default in the engine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from linghuo.policy.facts import FACTS, Fact
from linghuo.screening.errors import ScreeningError

_KIND_ZH = {
    "text": "文本 (string)",
    "division": "区划代码文本 (string)",
    "enum": "文本 (string)",
    "bool": "布尔 (boolean)",
    "date": "日期 (date)",
    "count": "整数 (integer)",
    "money": "整数金额（分） (integer fen)",
}


def _accepts(fact: Fact, kind: pa.DataType) -> bool:
    if pa.types.is_null(kind):
        return True
    if pa.types.is_dictionary(kind):
        return _accepts(fact, kind.value_type)
    if fact.kind in ("text", "division", "enum"):
        return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))
    if fact.kind == "bool":
        return bool(pa.types.is_boolean(kind))
    if fact.kind == "date":
        return bool(pa.types.is_date(kind))
    return bool(pa.types.is_integer(kind))


@dataclass(frozen=True)
class FactsFile:
    """A checked Parquet file of facts: its path, the fact columns it has, and its row count."""

    path: Path
    columns: tuple[str, ...]
    num_rows: int
    row_group_rows: tuple[int, ...]

    def fingerprint(self) -> str:
        """Identifies the file's content cheaply: size, row count and a digest of the footer."""
        size = self.path.stat().st_size
        with self.path.open("rb") as handle:
            handle.seek(max(0, size - 65536))
            tail = handle.read()
        return hashlib.sha256(f"{size}:{self.num_rows}:".encode() + tail).hexdigest()[:32]


def open_facts(path: Path) -> FactsFile:
    """Check ``path`` and describe it; :class:`ScreeningError` in Chinese and English when it is unusable."""
    path = Path(path)
    if not path.exists():
        raise ScreeningError(f"输入文件不存在：{path}", f"input file not found: {path}")
    if path.is_dir():
        raise ScreeningError(f"输入路径是一个目录：{path}", f"input is a directory: {path}")
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise ScreeningError(
            f"输入文件不是有效的 Parquet 文件：{path}", f"input is not a valid Parquet file: {path} ({error})"
        ) from None
    schema = parquet.schema_arrow
    if "person_id" not in schema.names:
        raise ScreeningError("输入文件缺少 person_id 列", "the input has no person_id column")
    wrong = [
        (fact, schema.field(fact.name).type)
        for fact in FACTS
        if fact.name in schema.names and not _accepts(fact, schema.field(fact.name).type)
    ]
    if wrong:
        zh = "；".join(f"列 {f.name} 的类型为 {t}，应为{_KIND_ZH[f.kind]}" for f, t in wrong)
        en = "; ".join(f"column {f.name} is {t}, expected {f.kind}" for f, t in wrong)
        raise ScreeningError(f"输入列类型错误：{zh}", f"wrong column types: {en}")
    meta = parquet.metadata
    return FactsFile(
        path=path,
        columns=tuple(f.name for f in FACTS if f.name in schema.names),
        num_rows=meta.num_rows,
        row_group_rows=tuple(meta.row_group(i).num_rows for i in range(meta.num_row_groups)),
    )
