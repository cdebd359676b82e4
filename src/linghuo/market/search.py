# ruff: noqa: S608 -- the SQL here is built from constant names only; every value is a parameter
"""Exact search of the open postings in Chinese, on SQLite and PostgreSQL (十三 灵活就业信息发布专区).

**What matches.** A query is split at white space into words; each word is normalised as postings are
(``safety.normalise``: NFKC, so full-width letters and digits become half-width; lower case; no white
space). A posting matches when every word occurs, as a plain substring, in its normalised title or in its
normalised description (a word never runs from the title into the description). An empty query matches
every open posting. Only open postings not yet expired (``expires_on >= today``) are ever found. Results
are exact: every posting that contains the words, and no other, whatever the length of the words — the
two-character queries that matter most (保洁, 月嫂, 家教) included.

**Why this index, measured on this machine with up to 1,000,000 synthetic postings** (``bench``):

- SQLite FTS5's ``trigram`` tokenizer finds nothing for a query shorter than three characters, and its LIKE
  fallback is mishandled by Debian's SQLite 3.40; word segmentation (jieba and the like) loses recall
  whenever the posting was cut differently from the query (8–14 % on some queries). Neither is exact.
- **SQLite**: an FTS5 table whose text is the normalised title and description split into single
  characters, one token each (``search_tokens``: a CJK or other non-ASCII character, a Latin letter or a
  digit is its own token; ASCII punctuation becomes a token of its own code, ``x2c`` for a comma, so no
  two characters are ever confused). Each query word is an FTS5 *phrase* of its characters, so it matches
  exactly the postings where those characters stand next to each other in one column: a substring test
  done by the index, for any length. The ``ascii`` tokenizer keeps every non-ASCII character as it is (no
  folding of its own), so the index holds exactly what Python normalised. ``ORDER BY rowid DESC LIMIT``
  walks the phrase's matches newest first and stops at the limit: well under a millisecond for the newest
  20. The district and the trade are tokens of a third column, so their filters are doclists that FTS5
  intersects with the words' (a frequent word in a trade that never has it is answered at once, not by a
  walk through every posting with the word). The table is contentless (the text is in
  ``market_posting``) and kept by triggers on ``market_posting`` that call ``linghuo_search_tokens``, a
  function registered on every SQLite connection Django opens (``register_sqlite_functions``, from the
  app's ``ready``). A connection without it cannot write a posting at all, so the index is never silently
  stale.
- **PostgreSQL**: ``pg_trgm`` ignores Chinese characters under the C character-type locale the database
  runs with, so it cannot help. Instead ``market_posting_search`` holds, per posting, a ``tsvector`` of
  the character bigrams and single characters of its normalised title and description (built in SQL by
  ``array_to_tsvector``: no parser, no stemming, no stop words), with a GIN index, beside the columns the
  filters read. A one- or two-character word is one lexeme, so the index answers exactly; a longer word
  needs all its bigrams and is then checked as a substring (``strpos`` on the normalised text), so the
  answer is exact too. The SQL normalisation (``linghuo_search_norm``: ``normalize(…, NFKC)``, the same
  white space as Python's ``str.isspace``, ``lower`` under the ICU root collation) gives the same text as
  Python for every assigned Unicode character (tested). The table is kept by statement-level triggers with
  transition tables on ``market_posting`` (a bulk insert or COPY costs one statement, not a call per
  row; TRUNCATE empties it too).
- ``ORDER BY id DESC LIMIT 20`` over a tsvector condition lets PostgreSQL's planner walk the whole primary
  key backwards, evaluating the condition on every row, when it thinks the words common but they are rare
  (or rare together with a filter): seconds on a million rows. And the other plan, a bitmap of every
  match, reads every matching row (tens of thousands for 保洁) to keep 20. So the plan is fixed here, and
  the work is bounded: the tsvector also holds a lexeme for the posting's district, one for its trade and
  one for each of its *buckets* of consecutive ids (of 2**12, 2**15 and 2**18 ids: ``_BUCKET_BITS``), and
  the query asks for the words, the district and trade filters, and the newest two buckets of 4,096 ids,
  then of 32,768, then of 262,144 — the GIN index alone narrows the candidates to those, two lexemes OR-ed
  (an OR of many lexemes would cost more than it saves) — before it asks for all. When a window already
  holds the page asked for, no older posting can come before them, so the answer is exact. Each query
  takes its candidates in a ``MATERIALIZED`` CTE, so the planner can never turn it into a walk of the
  primary key; a word of three or more characters is then checked as a substring on the candidates
  newest first, one at a time (a lateral join), only until the page is full.

Nearest first orders by an equirectangular distance, ``Δlat² + (Δlon·cos φ)²``, with ``cos φ`` of the
reference point computed here so that SQL only multiplies (SQLite has no trigonometry by default);
postings without coordinates come last; ties, and the newest order, by ``-id``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any, Literal

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.utils import timezone

from linghuo.market.errors import MarketError
from linghuo.market.safety import normalise

SEARCH_TABLE = "market_posting_search"
POSTING_TABLE = "market_posting"
SQLITE_TOKENS_FUNCTION = "linghuo_search_tokens"
# PostgreSQL: postings are in buckets of 2**bits consecutive ids, one lexeme for each size of bucket; a
# search looks in the newest two buckets of each size in turn, then everywhere, until it has its page.
_BUCKET_BITS = (12, 15, 18)
MAX_LIMIT = 1000

Order = Literal["newest", "nearest"]

__all__ = [
    "MAX_LIMIT",
    "SEARCH_TABLE",
    "install",
    "query_words",
    "register_sqlite_functions",
    "remove",
    "search_postings",
    "search_tokens",
]


# ---- what a word and a text are ----------------------------------------------------------------------


def query_words(query: str) -> list[str]:
    """The normalised words of a query (white space separates them; empty words dropped).

    >>> query_words("  保洁　阿姨 ＡＢ ")
    ['保洁', '阿姨', 'ab']
    """
    return [word for word in (normalise(part) for part in query.split()) if word]


def _token(char: str) -> str:
    if char.isascii() and not char.isalnum():
        return f"x{ord(char):02x}"
    return char


def search_tokens(text: str | None) -> str:
    """The normalised text split into single-character tokens for the SQLite index.

    >>> search_tokens("保洁，Ａ1 号")
    '保 洁 x2c a 1 号'
    """
    return " ".join(_token(char) for char in normalise(text or ""))


def _fts_phrase(word: str) -> str:
    return '"' + search_tokens(word).replace('"', '""') + '"'


def _lexemes(word: str) -> list[str]:
    if len(word) == 1:
        return [word]
    return list(dict.fromkeys(word[i : i + 2] for i in range(len(word) - 1)))


# ---- the index: SQL objects of migration 0002 -----------------------------------------------------------


def register_sqlite_functions(
    sender: Any = None, connection: BaseDatabaseWrapper | None = None, **_: Any
) -> None:
    """``connection_created`` receiver: the tokenizing function the SQLite triggers call."""
    if connection is None or connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function(SQLITE_TOKENS_FUNCTION, 1, search_tokens, deterministic=True)


def _ensure_sqlite_function(schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.connection.ensure_connection()
    register_sqlite_functions(connection=schema_editor.connection)


# The facets column: the district and the trade as one token each (``_facet``), so that a filter is
# another doclist of the index, not a walk through every posting that has the words.
_SQLITE_FACETS = "'d' || {row}.district || ' c' || replace({row}.category, '_', '')"


def _sqlite_values(row: str) -> str:
    facets = _SQLITE_FACETS.format(row=row)
    tokens = SQLITE_TOKENS_FUNCTION
    return f"{row}.id, {tokens}({row}.title), {tokens}({row}.description), {facets}"


_SQLITE_INSTALL = (
    f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(title, description, facets, content='',"
    " columnsize=0, tokenize='ascii')",
    f"""CREATE TRIGGER market_posting_search_insert AFTER INSERT ON {POSTING_TABLE} BEGIN
      INSERT INTO {SEARCH_TABLE} (rowid, title, description, facets) VALUES ({_sqlite_values("new")});
    END""",
    f"""CREATE TRIGGER market_posting_search_delete AFTER DELETE ON {POSTING_TABLE} BEGIN
      INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, title, description, facets)
      VALUES ('delete', {_sqlite_values("old")});
    END""",
    f"""CREATE TRIGGER market_posting_search_update AFTER UPDATE OF id, title, description, district, category
    ON {POSTING_TABLE} BEGIN
      INSERT INTO {SEARCH_TABLE} ({SEARCH_TABLE}, rowid, title, description, facets)
      VALUES ('delete', {_sqlite_values("old")});
      INSERT INTO {SEARCH_TABLE} (rowid, title, description, facets) VALUES ({_sqlite_values("new")});
    END""",
    f"""INSERT INTO {SEARCH_TABLE} (rowid, title, description, facets)
    SELECT {_sqlite_values(POSTING_TABLE)} FROM {POSTING_TABLE}""",
)
_SQLITE_REMOVE = (
    "DROP TRIGGER IF EXISTS market_posting_search_insert",
    "DROP TRIGGER IF EXISTS market_posting_search_delete",
    "DROP TRIGGER IF EXISTS market_posting_search_update",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
)

# Python's white space (str.isspace, which re's \s matches): normalise removes exactly these.
_PG_SPACE = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x110000)) if c.isspace())
_FILTER_COLUMNS = (
    "status",
    "expires_on",
    "district",
    "category",
    "hourly_fen",
    "starts_on",
    "ends_on",
    "latitude",
    "longitude",
)
_COLUMNS = ", ".join(_FILTER_COLUMNS)
_FROM_NEW = ", ".join(f"n.{c}" for c in _FILTER_COLUMNS)
_SET_EXCLUDED = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*_FILTER_COLUMNS, "doc"))
_BUCKET_LEXEMES = ", ".join(f"chr(1) || 'b{bits}.' || (id >> {bits})" for bits in _BUCKET_BITS)
_DOC_OF_N = "linghuo_search_doc(n.id, n.title, n.description, n.district, n.category)"
_SET_NEW = ", ".join(f"{c} = n.{c}" for c in _FILTER_COLUMNS)
_PG_INSTALL = (
    f"""CREATE FUNCTION linghuo_search_norm(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
      SELECT lower(regexp_replace(normalize(t, NFKC), '[{_PG_SPACE}]+', '', 'g') COLLATE "und-x-icu")
    $$""",
    """CREATE FUNCTION linghuo_search_lexemes(t text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
      n text := coalesce(linghuo_search_norm(t), '');
      c text[];
    BEGIN
      IF n = '' THEN
        RETURN '{}';
      END IF;
      c := regexp_split_to_array(n, '');
      RETURN c || ARRAY(SELECT c[i] || c[i + 1] FROM generate_series(1, cardinality(c) - 1) i);
    END $$""",
    f"""CREATE FUNCTION linghuo_search_doc(
      id bigint, title text, description text, district text, category text
    ) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT array_to_tsvector(
        linghuo_search_lexemes(title) || linghuo_search_lexemes(description)
        || ARRAY[chr(1) || 'd' || district, chr(1) || 'c' || category,
                 {_BUCKET_LEXEMES}]
      )
    $$""",
    f"""CREATE TABLE {SEARCH_TABLE} (
      posting_id bigint PRIMARY KEY,
      status varchar(8) NOT NULL,
      expires_on date NOT NULL,
      district varchar(6) NOT NULL,
      category varchar(24) NOT NULL,
      hourly_fen bigint NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      latitude double precision,
      longitude double precision,
      doc tsvector NOT NULL
    ) WITH (toast_tuple_target = 128)""",
    f"CREATE INDEX market_posting_search_doc ON {SEARCH_TABLE} USING gin (doc)",
    f"""CREATE FUNCTION linghuo_posting_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO {SEARCH_TABLE} AS s (posting_id, {_COLUMNS}, doc)
      SELECT n.id, {_FROM_NEW}, {_DOC_OF_N} FROM new_rows n
      ON CONFLICT (posting_id) DO UPDATE SET {_SET_EXCLUDED};
      RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION linghuo_posting_search_updated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM {SEARCH_TABLE} s USING old_rows o
      WHERE s.posting_id = o.id AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id);
      UPDATE {SEARCH_TABLE} s SET {_SET_NEW}
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE s.posting_id = n.id AND o.title = n.title AND o.description = n.description
        AND o.district = n.district AND o.category = n.category;
      INSERT INTO {SEARCH_TABLE} AS s (posting_id, {_COLUMNS}, doc)
      SELECT n.id, {_FROM_NEW}, {_DOC_OF_N}
      FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
      WHERE o.id IS NULL OR o.title <> n.title OR o.description <> n.description
        OR o.district <> n.district OR o.category <> n.category
      ON CONFLICT (posting_id) DO UPDATE SET {_SET_EXCLUDED};
      RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION linghuo_posting_search_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM {SEARCH_TABLE} s USING old_rows o WHERE s.posting_id = o.id;
      RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION linghuo_posting_search_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      TRUNCATE {SEARCH_TABLE};
      RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER market_posting_search_insert AFTER INSERT ON {POSTING_TABLE}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION linghuo_posting_search_inserted()""",
    f"""CREATE TRIGGER market_posting_search_update AFTER UPDATE ON {POSTING_TABLE}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION linghuo_posting_search_updated()""",
    f"""CREATE TRIGGER market_posting_search_delete AFTER DELETE ON {POSTING_TABLE}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION linghuo_posting_search_deleted()""",
    f"""CREATE TRIGGER market_posting_search_truncate AFTER TRUNCATE ON {POSTING_TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION linghuo_posting_search_truncated()""",
    f"""INSERT INTO {SEARCH_TABLE} (posting_id, {_COLUMNS}, doc)
    SELECT n.id, {_FROM_NEW}, {_DOC_OF_N}
    FROM {POSTING_TABLE} n""",
)
_PG_REMOVE = (
    f"DROP TRIGGER IF EXISTS market_posting_search_insert ON {POSTING_TABLE}",
    f"DROP TRIGGER IF EXISTS market_posting_search_update ON {POSTING_TABLE}",
    f"DROP TRIGGER IF EXISTS market_posting_search_delete ON {POSTING_TABLE}",
    f"DROP TRIGGER IF EXISTS market_posting_search_truncate ON {POSTING_TABLE}",
    "DROP FUNCTION IF EXISTS linghuo_posting_search_inserted()",
    "DROP FUNCTION IF EXISTS linghuo_posting_search_updated()",
    "DROP FUNCTION IF EXISTS linghuo_posting_search_deleted()",
    "DROP FUNCTION IF EXISTS linghuo_posting_search_truncated()",
    f"DROP TABLE IF EXISTS {SEARCH_TABLE}",
    "DROP FUNCTION IF EXISTS linghuo_search_doc(bigint, text, text, text, text)",
    "DROP FUNCTION IF EXISTS linghuo_search_lexemes(text)",
    "DROP FUNCTION IF EXISTS linghuo_search_norm(text)",
)


def install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Create the search index of the vendor and fill it from the postings there are."""
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _ensure_sqlite_function(schema_editor)
        statements: tuple[str, ...] = _SQLITE_INSTALL
    elif vendor == "postgresql":
        statements = _PG_INSTALL
    else:  # pragma: no cover - the project runs on these two
        raise NotImplementedError(f"no posting search index for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def remove(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in _SQLITE_REMOVE if vendor == "sqlite" else _PG_REMOVE:
        schema_editor.execute(statement)


# ---- the search ---------------------------------------------------------------------------------------


def _filters(
    alias: str,
    *,
    today: dt.date,
    district: str | None,
    category: str | None,
    min_hourly_fen: int | None,
    on: dt.date | None,
) -> tuple[str, list[Any]]:
    clauses = [f"{alias}.status = %s", f"{alias}.expires_on >= %s"]
    params: list[Any] = ["open", today]
    if district is not None:
        clauses.append(f"{alias}.district = %s")
        params.append(district)
    if category is not None:
        clauses.append(f"{alias}.category = %s")
        params.append(category)
    if min_hourly_fen is not None:
        clauses.append(f"{alias}.hourly_fen >= %s")
        params.append(min_hourly_fen)
    if on is not None:
        clauses.append(f"{alias}.starts_on <= %s AND {alias}.ends_on >= %s")
        params.extend((on, on))
    return " AND ".join(clauses), params


def _nearest(alias: str, near: tuple[float, float]) -> tuple[str, list[Any]]:
    latitude, longitude = float(near[0]), float(near[1])
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or math.isnan(latitude + longitude):
        raise MarketError("位置坐标不正确", "the reference position is not a valid latitude and longitude")
    scale = math.cos(math.radians(latitude))
    lat, lon = f"{alias}.latitude", f"{alias}.longitude"
    sql = (
        f"({lat} IS NULL OR {lon} IS NULL), "
        f"(({lat} - %s) * ({lat} - %s) + ({lon} - %s) * %s * (({lon} - %s) * %s))"
    )
    return sql, [latitude, latitude, longitude, scale, longitude, scale]


def _rows(sql: str, params: Sequence[Any]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [int(row[0]) for row in cursor.fetchall()]


def search_postings(
    query: str = "",
    *,
    district: str | None = None,
    category: str | None = None,
    min_hourly_fen: int | None = None,
    on: dt.date | None = None,
    order: Literal["newest", "nearest"] = "newest",
    near: tuple[float, float] | None = None,
    limit: int = 20,
    offset: int = 0,
    today: dt.date | None = None,
) -> list[int]:
    """Ids of the open, unexpired postings containing every word of ``query`` (see the module), newest
    first, or nearest to ``near`` = (latitude, longitude) first."""
    if order not in ("newest", "nearest"):
        raise MarketError(f"未知的排序方式 {order}", f"unknown order {order}")
    if order == "nearest" and near is None:
        raise MarketError("按距离排序须给出位置", "ordering by distance needs a position")
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise MarketError(
            f"每页条数应为1至{MAX_LIMIT}，偏移不能为负数",
            f"the limit must be 1 to {MAX_LIMIT} and the offset not negative",
        )
    words = query_words(query)
    day = today if today is not None else timezone.localdate()
    filters: dict[str, Any] = {
        "today": day,
        "district": district,
        "category": category,
        "min_hourly_fen": min_hourly_fen,
        "on": on,
    }
    nearest = _nearest("p", near) if order == "nearest" and near is not None else None
    if not words:
        where, params = _filters("p", **filters)
        order_sql, order_params = nearest if nearest else ("", [])
        by = f"{order_sql}, p.id DESC" if order_sql else "p.id DESC"
        return _rows(
            f"SELECT p.id FROM {POSTING_TABLE} p WHERE {where} ORDER BY {by} LIMIT %s OFFSET %s",
            [*params, *order_params, limit, offset],
        )
    if connection.vendor == "sqlite":
        return _search_sqlite(words, filters, nearest, limit, offset)
    if connection.vendor == "postgresql":
        return _search_postgresql(words, filters, near if order == "nearest" else None, limit, offset)
    raise NotImplementedError(f"no posting search on {connection.vendor}")  # pragma: no cover


def _search_sqlite(
    words: list[str],
    filters: dict[str, Any],
    nearest: tuple[str, list[Any]] | None,
    limit: int,
    offset: int,
) -> list[int]:
    terms = [f"{{title description}} : {_fts_phrase(word)}" for word in words]
    if filters["district"] is not None:
        terms.append(f'facets : "d{filters["district"]}"')
    if filters["category"] is not None:
        terms.append(f'facets : "c{str(filters["category"]).replace("_", "")}"')
    match = " AND ".join(terms)
    where, params = _filters("p", **filters)
    order_sql, order_params = nearest if nearest else ("", [])
    by = f"{order_sql}, s.rowid DESC" if order_sql else "s.rowid DESC"
    # CROSS JOIN keeps the FTS table the outer loop: its matches come newest first and stop at the limit.
    return _rows(
        f"SELECT p.id FROM {SEARCH_TABLE} s CROSS JOIN {POSTING_TABLE} p"
        f" WHERE {SEARCH_TABLE} MATCH %s AND p.id = s.rowid AND {where}"
        f" ORDER BY {by} LIMIT %s OFFSET %s",
        [match, *params, *order_params, limit, offset],
    )


def _recheck(words: list[str]) -> tuple[str, list[Any]]:
    """The substring test of the words of three or more characters (their bigrams only narrow down)."""
    long = [word for word in words if len(word) > 2]
    clauses = [
        "(strpos(linghuo_search_norm(p.title), %s) > 0 OR strpos(linghuo_search_norm(p.description), %s) > 0)"
        for _ in long
    ]
    params = [value for word in long for value in (word, word)]
    return " AND ".join(clauses), params


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _search_postgresql(
    words: list[str],
    filters: dict[str, Any],
    near: tuple[float, float] | None,
    limit: int,
    offset: int,
) -> list[int]:
    terms = [_quoted(lexeme) for word in words for lexeme in _lexemes(word)]
    if filters["category"] is not None:
        terms.append(_quoted(f"\x01c{filters['category']}"))
    tsquery = " & ".join(terms)
    # A district's lexeme narrows the whole index well, but reading it costs (the city's largest district
    # has over a quarter of the postings): only the last, unbounded query takes it; the windows are small
    # enough to check the district on the rows.
    everywhere = tsquery
    if filters["district"] is not None:
        everywhere += " & " + _quoted(f"\x01d{filters['district']}")
    where, params = _filters("s", **filters)
    recheck, recheck_params = _recheck(words)
    join = f" JOIN {POSTING_TABLE} p ON p.id = c.posting_id" if recheck else ""
    checked = f" AND {recheck}" if recheck else ""
    matching = (
        f"WITH c AS MATERIALIZED (SELECT s.posting_id, s.latitude, s.longitude FROM {SEARCH_TABLE} s"
        f" WHERE s.doc @@ %s::tsquery AND {where})"
    )
    if near is not None:
        distance, order_params = _nearest("c", near)
        return _rows(
            f"{matching} SELECT c.posting_id FROM c{join} WHERE TRUE{checked}"
            f" ORDER BY {distance}, c.posting_id DESC LIMIT %s OFFSET %s",
            [everywhere, *params, *recheck_params, *order_params, limit, offset],
        )
    # newest first: the substring test, when one is needed, only on candidates taken newest first, until
    # the page is full (a lateral join: one posting looked up at a time)
    checking = (
        f" CROSS JOIN LATERAL (SELECT 1 FROM {POSTING_TABLE} p"
        f" WHERE p.id = o.posting_id AND {recheck} LIMIT 1) r"
        if recheck
        else ""
    )
    candidates = (
        f"{matching} SELECT o.posting_id"
        f" FROM (SELECT c.posting_id FROM c ORDER BY c.posting_id DESC) o{checking}"
    )
    wanted = offset + limit
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(posting_id), 0) FROM {SEARCH_TABLE}")
        newest = int(cursor.fetchone()[0])
    for bits in _BUCKET_BITS:
        last = newest >> bits
        if last < 2:  # the two newest buckets are then every posting
            break
        buckets = " | ".join(_quoted(f"\x01b{bits}.{bucket}") for bucket in (last, last - 1))
        found = _rows(
            f"{candidates} ORDER BY o.posting_id DESC LIMIT %s",
            [f"{tsquery} & ({buckets})", *params, *recheck_params, wanted],
        )
        if len(found) >= wanted:  # all in the newest buckets: no older posting comes before them
            return found[offset:]
    return _rows(
        f"{candidates} ORDER BY o.posting_id DESC LIMIT %s OFFSET %s",
        [everywhere, *params, *recheck_params, limit, offset],
    )
