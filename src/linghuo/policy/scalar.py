"""The measures' Polars expressions evaluated in plain Python on one row's values.

The measures are written once, as Polars expressions. A frame of millions of rows runs them in
Polars; for one person (or a short list) a frame costs Polars some 25 µs an expression even on one
row. This module reads each expression's serialized tree (``expr.meta.serialize``) once per
compilation and turns it into a Python function of a row (a dict of values: ``int``, ``float``,
``bool``, ``str``, ``datetime.date`` or ``None``), with Polars' own semantics: nulls propagate,
``&`` and ``|`` follow Kleene logic, integer floor division and modulo by zero give null, a
``when``/``then`` whose predicate is null takes the ``otherwise``, casts are those of Polars. The
types of every node are asked of Polars itself; a sub-tree that reads no column is evaluated by
Polars at compile time.

Nothing depends on this module knowing every node. A node it does not know is found at compile
time: that expression stays a Polars expression (:attr:`Program.fallbacks` names them, with the
reason). A value it cannot reproduce exactly (an integer overflow, a NaN in a comparison, a strict
cast that fails) is found at run time: that expression is then evaluated by Polars for that row.

>>> import polars as pl
>>> schema = {"a": pl.Int32(), "flag": pl.Boolean()}
>>> program = compile_stages([{"x": pl.when(pl.col("flag")).then(pl.col("a") // 2).otherwise(-1)}], schema)
>>> program.run([{"a": 7, "flag": True}, {"a": 7, "flag": None}, {"a": None, "flag": True}])[0]["x"]
3
>>> [row["x"] for row in program.run([{"a": 7, "flag": None}, {"a": None, "flag": True}])]
[-1, None]
>>> program.fallbacks
{}
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

Row = Mapping[str, Any]
Evaluator = Callable[[Row], Any]
Convert = Callable[[Any], Any]
Node = Any  # a JSON tree of ``expr.meta.serialize(format="json")``

EPOCH = dt.date(1970, 1, 1)


class UnsupportedError(Exception):
    """A node (or a combination of types) this interpreter does not reproduce: found at compile time."""


class OutOfScopeError(Exception):
    """A value this interpreter does not reproduce exactly (overflow, NaN, failing cast): at run time."""


# --- types -----------------------------------------------------------------------------------------

_INT_RANGES: dict[type[pl.DataType], tuple[int, int]] = {
    pl.Int8: (-(2**7), 2**7 - 1),
    pl.Int16: (-(2**15), 2**15 - 1),
    pl.Int32: (-(2**31), 2**31 - 1),
    pl.Int64: (-(2**63), 2**63 - 1),
    pl.UInt8: (0, 2**8 - 1),
    pl.UInt16: (0, 2**16 - 1),
    pl.UInt32: (0, 2**32 - 1),
    pl.UInt64: (0, 2**64 - 1),
}


def _is_int(dtype: pl.DataType) -> bool:
    return type(dtype) in _INT_RANGES


def _is_float64(dtype: pl.DataType) -> bool:
    return isinstance(dtype, pl.Float64)


def _is_null(dtype: pl.DataType) -> bool:
    return isinstance(dtype, pl.Null)


def _is_text(dtype: pl.DataType) -> bool:
    return isinstance(dtype, pl.String | pl.Enum | pl.Categorical)


def _kind(dtype: pl.DataType) -> str:
    """A coarse kind for comparisons and membership: int, float, text, date, bool, null, other."""
    if _is_int(dtype):
        return "int"
    if _is_float64(dtype):
        return "float"
    if _is_text(dtype):
        return "text"
    for kind, cls in (("date", pl.Date), ("bool", pl.Boolean), ("null", pl.Null)):
        if isinstance(dtype, cls):
            return kind
    return "other"


def _in_range(dtype: pl.DataType) -> Convert:
    low, high = _INT_RANGES[type(dtype)]

    def check(v: Any) -> Any:
        if v is not None and not low <= v <= high:
            raise OutOfScopeError(f"{v} outside {dtype}")
        return v

    return check


def _nan_checked(v: Any) -> Any:
    if isinstance(v, float) and math.isnan(v):  # Polars orders NaN as a value; Python does not
        raise OutOfScopeError("NaN")
    return v


# --- casts -----------------------------------------------------------------------------------------


def _to_int(src: pl.DataType, dst: pl.DataType) -> Convert:
    check = _in_range(dst)
    if _is_int(src):
        return check
    if isinstance(src, pl.Boolean):
        return lambda v: None if v is None else int(v)
    if _is_float64(src):

        def from_float(v: Any) -> Any:
            if v is None:
                return None
            if not math.isfinite(v):
                raise OutOfScopeError(f"{v} to {dst}")
            return check(int(v))

        return from_float
    if isinstance(src, pl.Date) and isinstance(dst, pl.Int32 | pl.Int64):
        return lambda v: None if v is None else (v - EPOCH).days
    raise UnsupportedError(f"cast {src} to {dst}")


def _to_float(src: pl.DataType, dst: pl.DataType) -> Convert:
    if _is_float64(dst) and (_is_int(src) or isinstance(src, pl.Boolean)):
        return lambda v: None if v is None else float(v)
    raise UnsupportedError(f"cast {src} to {dst}")


def _to_bool(src: pl.DataType, dst: pl.DataType) -> Convert:
    if _is_int(src):
        return lambda v: None if v is None else v != 0
    raise UnsupportedError(f"cast {src} to {dst}")


def _to_string(src: pl.DataType, dst: pl.DataType) -> Convert:
    if _is_text(src):
        return lambda v: v
    if _is_int(src):
        return lambda v: None if v is None else str(v)
    if isinstance(src, pl.Boolean):
        return lambda v: None if v is None else ("true" if v else "false")
    if isinstance(src, pl.Date):
        return lambda v: None if v is None else v.isoformat()
    raise UnsupportedError(f"cast {src} to {dst}")


def _to_date(src: pl.DataType, dst: pl.DataType) -> Convert:
    if _is_int(src):

        def from_days(v: Any) -> Any:
            if v is None:
                return None
            try:
                return EPOCH + dt.timedelta(days=v)
            except OverflowError:
                raise OutOfScopeError(f"{v} days") from None

        return from_days
    raise UnsupportedError(f"cast {src} to {dst}")


def _to_enum(src: pl.DataType, dst: pl.DataType) -> Convert:
    assert isinstance(dst, pl.Enum)
    if isinstance(src, pl.String):
        categories = frozenset(dst.categories.to_list())

        def check(v: Any) -> Any:
            if v is not None and v not in categories:
                raise OutOfScopeError(f"{v!r} not in {dst}")
            return v

        return check
    raise UnsupportedError(f"cast {src} to {dst}")


_CASTS: tuple[tuple[Callable[[pl.DataType], bool], Callable[[pl.DataType, pl.DataType], Convert]], ...] = (
    (_is_int, _to_int),
    (lambda d: isinstance(d, pl.Float32 | pl.Float64), _to_float),
    (lambda d: isinstance(d, pl.Boolean), _to_bool),
    (lambda d: isinstance(d, pl.String), _to_string),
    (lambda d: isinstance(d, pl.Date), _to_date),
    (lambda d: isinstance(d, pl.Enum), _to_enum),
)


def converter(src: pl.DataType, dst: pl.DataType) -> Convert | None:
    """The Python function of Polars' cast from ``src`` to ``dst`` (None: values are unchanged).

    Raises :class:`UnsupportedError` for a cast not reproduced here.
    """
    if src == dst or _is_null(src):
        return None
    if _is_int(src) and _is_int(dst):
        low, high = _INT_RANGES[type(src)]
        dst_low, dst_high = _INT_RANGES[type(dst)]
        if dst_low <= low and high <= dst_high:
            return None
    for accepts, make in _CASTS:
        if accepts(dst):
            return make(src, dst)
    raise UnsupportedError(f"cast {src} to {dst}")


def _converted(fn: Evaluator, convert: Convert | None) -> Evaluator:
    if convert is None:
        return fn
    return lambda r: convert(fn(r))


# --- the compiler ----------------------------------------------------------------------------------

_DTYPES: dict[tuple[str, str], pl.DataType] = {}
_CONSTANTS: dict[str, Any] = {}  # node → value, across compilations
_CACHE_SIZE = 200_000


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> None:
    """Keep a compile-time answer (a few thousand per evaluation date; forgotten past a bound)."""
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value


_ONE_ROW = pl.DataFrame({"__row": [0]})  # (node, schema) → dtype, across compilations


def node_expr(node: Node) -> pl.Expr:
    """The Polars expression of a serialized tree (or sub-tree)."""
    return pl.Expr.deserialize(io.StringIO(json.dumps(node)), format="json")


class Compiler:
    """Turns serialized expressions over ``schema`` into Python functions of a row."""

    def __init__(self, schema: Mapping[str, pl.DataType]) -> None:
        self.schema = dict(schema)
        self._key = repr(sorted(self.schema.items()))
        self.frame = pl.LazyFrame(schema=self.schema)

    def dtype(self, node: Node) -> pl.DataType:
        """The type Polars gives ``node`` over the schema (asked of Polars, cached)."""
        key = (json.dumps(node, sort_keys=True), self._key)
        found = _DTYPES.get(key)
        if found is None:
            try:
                found = self.frame.select(node_expr(node).alias("value")).collect_schema()["value"]
            except pl.exceptions.PolarsError as e:  # Polars will say it again when evaluating
                raise UnsupportedError(f"no type: {e}") from None
            _remember(_DTYPES, key, found)
        return found

    def compile(self, expr: pl.Expr) -> Evaluator:
        """A function of a row giving what ``expr`` gives on a one-row frame of that row.

        Raises :class:`UnsupportedError` when the expression holds a node not reproduced here.
        """
        tree = json.loads(expr.meta.serialize(format="json"))
        self._reading: set[int] = set()
        _readers(tree, self._reading)
        return self.node(tree)

    def reads_columns(self, node: Node) -> bool:
        return id(node) in self._reading

    def node(self, node: Node) -> Evaluator:
        if not isinstance(node, dict) or len(node) != 1:
            raise UnsupportedError(f"node {str(node)[:60]}")
        ((kind, body),) = node.items()
        if kind not in ("Column", "Alias") and not self.reads_columns(node):
            return self._constant(node)
        handler = _NODES.get(kind)
        if handler is None:
            raise UnsupportedError(f"node {kind}")
        return handler(self, node, body)

    def _constant(self, node: Node) -> Evaluator:
        key = json.dumps(node, sort_keys=True)
        if key not in _CONSTANTS:
            try:
                _remember(_CONSTANTS, key, self._evaluated(node))
            except pl.exceptions.PolarsError as e:
                raise UnsupportedError(f"no value: {e}") from None
        value = _CONSTANTS[key]
        return lambda r: value

    @staticmethod
    def _evaluated(node: Node) -> Any:
        # on a one-row frame: what the expression gives one person (a literal of several values
        # gives several rows, and is refused)
        series = _ONE_ROW.select(node_expr(node).alias("value")).to_series()
        if series.len() != 1:
            raise UnsupportedError(f"a literal of {series.len()} values")
        value = series[0]
        if isinstance(value, pl.Series):
            value = value.to_list()
        return value

    def typed(self, node: Node, dst: pl.DataType) -> Evaluator:
        """``node`` compiled and cast to ``dst`` (as Polars casts an input to a result's supertype)."""
        return _converted(self.node(node), converter(self.dtype(node), dst))


_READERS = frozenset(("Column", "Columns", "Nth", "Selector", "Wildcard", "Len", "Field", "Element"))


def _readers(node: Node, found: set[int]) -> bool:
    """Record in ``found`` the ids of the containers of ``node`` that read a column; True if it does."""
    reads = False
    if isinstance(node, dict):
        reads = not _READERS.isdisjoint(node)
        for v in node.values():
            reads = _readers(v, found) or reads
    elif isinstance(node, list):
        for v in node:
            reads = _readers(v, found) or reads
    elif isinstance(node, str):
        reads = node in _READERS
    if reads:
        found.add(id(node))
    return reads


def _column(c: Compiler, node: Node, name: Any) -> Evaluator:
    if not isinstance(name, str) or name not in c.schema:
        raise UnsupportedError(f"column {name!r}")
    return operator.itemgetter(name)


def _alias(c: Compiler, node: Node, body: Any) -> Evaluator:
    return c.node(body[0])


def _cast(c: Compiler, node: Node, body: Any) -> Evaluator:
    return c.typed(body["expr"], c.dtype(node))


# --- binary operators ------------------------------------------------------------------------------

_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    "Eq": operator.eq,
    "NotEq": operator.ne,
    "Lt": operator.lt,
    "LtEq": operator.le,
    "Gt": operator.gt,
    "GtEq": operator.ge,
}
_ORDERED = ("Lt", "LtEq", "Gt", "GtEq")


def _binary(c: Compiler, node: Node, body: Any) -> Evaluator:
    op = body["op"]
    if op in _COMPARISONS or op in ("EqValidity", "NotEqValidity"):
        return _comparison(c, body)
    if op in ("And", "Or", "Xor"):
        return _logical(c, body)
    return _arithmetic(c, node, body)


def _comparison(c: Compiler, body: Any) -> Evaluator:
    op, left_node, right_node = body["op"], body["left"], body["right"]
    lt, rt = c.dtype(left_node), c.dtype(right_node)
    kinds = {_kind(lt), _kind(rt)} - {"null"}
    if len(kinds) > 1 and kinds != {"int", "float"}:
        raise UnsupportedError(f"{op} of {lt} and {rt}")
    if kinds & {"other"} or (
        op in _ORDERED
        and (isinstance(lt, pl.Enum | pl.Categorical) or isinstance(rt, pl.Enum | pl.Categorical))
    ):
        raise UnsupportedError(f"{op} of {lt} and {rt}")
    left, right = c.node(left_node), c.node(right_node)
    if "float" in kinds:
        to_float = _to_float(pl.Int64(), pl.Float64())
        left = _converted(left, lambda v: _nan_checked(to_float(v)))
        right = _converted(right, lambda v: _nan_checked(to_float(v)))
    left, right = _enum_checked(left, lt, rt), _enum_checked(right, rt, lt)
    if op in ("EqValidity", "NotEqValidity"):
        equal = op == "EqValidity"
        return lambda r: (left(r) == right(r)) is equal
    return _null_propagating(left, right, _COMPARISONS[op])


def _null_propagating(left: Evaluator, right: Evaluator, apply: Callable[[Any, Any], Any]) -> Evaluator:
    """``apply`` of the two values, null when either is null (the right is not read when the left is)."""

    def evaluate(r: Row) -> Any:
        a = left(r)
        if a is None:
            return None
        b = right(r)
        return None if b is None else apply(a, b)

    return evaluate


def _enum_checked(fn: Evaluator, own: pl.DataType, other: pl.DataType) -> Evaluator:
    """A string compared with an enum: Polars casts it to the enum, which fails outside its categories."""
    if isinstance(other, pl.Enum) and isinstance(own, pl.String):
        return _converted(fn, _to_enum(own, other))
    return fn


def _logical(c: Compiler, body: Any) -> Evaluator:
    op = body["op"]
    for side in (body["left"], body["right"]):
        if _kind(c.dtype(side)) not in ("bool", "null"):
            raise UnsupportedError(f"{op} of {c.dtype(side)}")
    left, right = c.node(body["left"]), c.node(body["right"])
    if op in ("And", "Or"):
        return _kleene([left, right], decisive=op == "Or")

    def xor(r: Row) -> Any:
        a, b = left(r), right(r)
        return None if a is None or b is None else a != b

    return xor


def _true_divide(a: float, b: float) -> float:
    if b == 0.0:
        if a == 0.0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _int_floor_divide(a: int, b: int) -> int | None:
    return None if b == 0 else a // b


def _int_modulus(a: int, b: int) -> int | None:
    return None if b == 0 else a % b


_INT_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "Plus": operator.add,
    "Minus": operator.sub,
    "Multiply": operator.mul,
    "FloorDivide": _int_floor_divide,
    "Modulus": _int_modulus,
}
_FLOAT_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "Plus": operator.add,
    "Minus": operator.sub,
    "Multiply": operator.mul,
    "TrueDivide": _true_divide,
}


def _arithmetic(c: Compiler, node: Node, body: Any) -> Evaluator:
    op, out = body["op"], c.dtype(node)
    apply: Callable[[Any, Any], Any]
    if _is_int(out) and op in _INT_OPS:
        apply = _checked(_INT_OPS[op], _in_range(out))
    elif _is_float64(out) and op in _FLOAT_OPS:
        apply = _FLOAT_OPS[op]
    elif isinstance(out, pl.String) and op == "Plus":
        apply = operator.add
    else:
        raise UnsupportedError(f"{op} giving {out}")
    left, right = c.typed(body["left"], out), c.typed(body["right"], out)
    return _null_propagating(left, right, apply)


def _checked(apply: Callable[[Any, Any], Any], check: Convert) -> Callable[[Any, Any], Any]:
    return lambda a, b: check(apply(a, b))


# --- when / then / otherwise -----------------------------------------------------------------------


def _ternary(c: Compiler, node: Node, body: Any) -> Evaluator:
    out = c.dtype(node)
    if _kind(c.dtype(body["predicate"])) not in ("bool", "null"):
        raise UnsupportedError("a predicate that is not boolean")
    predicate = c.node(body["predicate"])
    truthy, falsy = c.typed(body["truthy"], out), c.typed(body["falsy"], out)
    return lambda r: truthy(r) if predicate(r) else falsy(r)


# --- functions -------------------------------------------------------------------------------------

FunctionCompiler = Callable[[Compiler, Node, list[Node], Any], Evaluator]


def _function(c: Compiler, node: Node, body: Any) -> Evaluator:
    function, inputs = body.get("function"), body.get("input", [])
    if isinstance(function, str):
        name, options = function, None
    elif isinstance(function, dict) and len(function) == 1:
        ((family, inner),) = function.items()
        if family in _FUNCTIONS:  # a function with options: {"SumHorizontal": {"ignore_nulls": true}}
            name, options = family, inner
        elif isinstance(inner, str):
            name, options = f"{family}.{inner}", None
        elif isinstance(inner, dict) and len(inner) == 1:
            ((sub, options),) = inner.items()
            name = f"{family}.{sub}"
        else:
            raise UnsupportedError(f"function {str(function)[:60]}")
    else:
        raise UnsupportedError(f"function {str(function)[:60]}")
    handler = _FUNCTIONS.get(name)
    if handler is None:
        raise UnsupportedError(f"function {name}")
    return handler(c, node, inputs, options)


def _fill_null(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    out = c.dtype(node)
    value, fill = c.typed(inputs[0], out), c.typed(inputs[1], out)

    def evaluate(r: Row) -> Any:
        v = value(r)
        return fill(r) if v is None else v

    return evaluate


def _boolean_input(c: Compiler, node: Node) -> Evaluator:
    if _kind(c.dtype(node)) not in ("bool", "null"):
        raise UnsupportedError(f"a boolean function of {c.dtype(node)}")
    return c.node(node)


def _not(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    value = _boolean_input(c, inputs[0])

    def evaluate(r: Row) -> Any:
        v = value(r)
        return None if v is None else not v

    return evaluate


def _is_null_fn(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    value = c.node(inputs[0])
    return lambda r: value(r) is None


def _is_not_null(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    value = c.node(inputs[0])
    return lambda r: value(r) is not None


def _kleene(values: Sequence[Evaluator], *, decisive: bool) -> Evaluator:
    """Kleene ``or`` (``decisive=True``: any true value decides) or ``and`` (any false value decides):
    the decisive value if a value is; else null if a value is null; else the other boolean. The values
    after a decisive one are not read."""
    other = not decisive

    def evaluate(r: Row) -> Any:
        unknown = False
        for value in values:
            v = value(r)
            if v is decisive:
                return decisive
            unknown = unknown or v is None
        return None if unknown else other

    return evaluate


def _any_horizontal(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    return _kleene([_boolean_input(c, n) for n in inputs], decisive=True)


def _all_horizontal(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    return _kleene([_boolean_input(c, n) for n in inputs], decisive=False)


def _numeric_inputs(c: Compiler, node: Node, inputs: list[Node]) -> tuple[pl.DataType, list[Evaluator]]:
    out = c.dtype(node)
    if not (_is_int(out) or _is_float64(out)):
        raise UnsupportedError(f"a horizontal function giving {out}")
    values = [_converted(c.typed(n, out), _nan_checked if _is_float64(out) else None) for n in inputs]
    return out, values


def _sum_horizontal(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    out, values = _numeric_inputs(c, node, inputs)
    check = _in_range(out) if _is_int(out) else (lambda v: v)
    zero = 0 if _is_int(out) else 0.0
    if not (isinstance(options, dict) and options.get("ignore_nulls") is True):
        raise UnsupportedError("sum_horizontal without ignore_nulls")

    def evaluate(r: Row) -> Any:
        total = zero
        for value in values:
            v = value(r)
            if v is not None:
                total += v
        return check(total)

    return evaluate


def _extreme_horizontal(pick: Callable[..., Any]) -> FunctionCompiler:
    def compile_it(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
        _, values = _numeric_inputs(c, node, inputs)

        def evaluate(r: Row) -> Any:
            present = [v for v in (value(r) for value in values) if v is not None]
            return pick(present) if present else None

        return evaluate

    return compile_it


def _is_in(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    if c.reads_columns(inputs[1]):
        raise UnsupportedError("is_in over a column")
    element, listed = c.dtype(inputs[0]), c.dtype(inputs[1])
    inner = getattr(listed, "inner", None)
    if not isinstance(listed, pl.List) or inner is None:
        raise UnsupportedError(f"is_in of {listed}")
    kind, inner_kind = _kind(element), _kind(inner)
    if kind not in ("int", "text", "date", "bool") or inner_kind not in (kind, "null"):
        raise UnsupportedError(f"is_in of {element} in {listed}")
    if isinstance(element, pl.Enum | pl.Categorical):
        raise UnsupportedError(f"is_in of {element}")
    members = frozenset(c.node(inputs[1])({}))
    nulls_equal = isinstance(options, dict) and options.get("nulls_equal") is True
    value = c.node(inputs[0])

    def evaluate(r: Row) -> Any:
        v = value(r)
        if v is None:
            return (None in members) if nulls_equal else None
        return v in members

    return evaluate


def _string_input(c: Compiler, node: Node) -> Evaluator:
    return c.typed(node, pl.String())


def _affix(test: Callable[[str, str], bool]) -> FunctionCompiler:
    def compile_it(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
        for n in inputs:
            if not isinstance(c.dtype(n), pl.String):
                raise UnsupportedError(f"a string test of {c.dtype(n)}")
        return _null_propagating(c.node(inputs[0]), c.node(inputs[1]), test)

    return compile_it


def _concat(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    if not isinstance(options, dict) or options.get("ignore_nulls") is not False:
        raise UnsupportedError("concat_str ignoring nulls")
    delimiter = options["delimiter"]
    values = [_string_input(c, n) for n in inputs]

    def evaluate(r: Row) -> Any:
        parts = [value(r) for value in values]
        return None if None in parts else delimiter.join(parts)

    return evaluate


def _format(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    text, insertions = options["format"], options["insertions"]
    if not text.isascii() or len(insertions) != len(inputs):  # insertions are byte offsets
        raise UnsupportedError("format")
    bounds = [0, *insertions, len(text)]
    pieces = [text[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]
    values = [_string_input(c, n) for n in inputs]

    def evaluate(r: Row) -> Any:
        out = pieces[0]
        for value, piece in zip(values, pieces[1:], strict=True):
            v = value(r)
            if v is None:
                return None
            out += v + piece
        return out

    return evaluate


def _date_part(part: str) -> FunctionCompiler:
    def compile_it(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
        if not isinstance(c.dtype(inputs[0]), pl.Date):
            raise UnsupportedError(f"{part} of {c.dtype(inputs[0])}")
        value = c.node(inputs[0])

        def evaluate(r: Row) -> Any:
            v = value(r)
            return None if v is None else getattr(v, part)

        return evaluate

    return compile_it


_OFFSET = re.compile(r"(\d+)(mo|y|q|w|d)")
_OFFSET_WHOLE = re.compile(r"-?(?:\d+(?:mo|y|q|w|d))+")
_MONTHS = {"y": 12, "q": 3, "mo": 1}
_DAYS = {"w": 7, "d": 1}


def offset_date(day: dt.date, offset: str) -> dt.date:
    """``day`` moved by a Polars duration string of calendar units (``"12mo"``, ``"-1y2mo3d"``):
    the months first, the day clamped to the month's length, then the days.

    >>> offset_date(dt.date(2024, 1, 31), "1mo"), offset_date(dt.date(2024, 2, 29), "-1y")
    (datetime.date(2024, 2, 29), datetime.date(2023, 2, 28))
    """
    if not _OFFSET_WHOLE.fullmatch(offset):
        raise OutOfScopeError(f"offset {offset!r}")
    sign = -1 if offset.startswith("-") else 1
    months = days = 0
    for count, unit in _OFFSET.findall(offset):
        months += int(count) * _MONTHS.get(unit, 0)
        days += int(count) * _DAYS.get(unit, 0)
    try:
        index = day.year * 12 + day.month - 1 + sign * months
        year, month = divmod(index, 12)
        month += 1
        following = dt.date(year + (month == 12), month % 12 + 1, 1)
        length = (following - dt.timedelta(days=1)).day
        return dt.date(year, month, min(day.day, length)) + dt.timedelta(days=sign * days)
    except (ValueError, OverflowError):
        raise OutOfScopeError(f"{day} + {offset}") from None


def _offset_by(c: Compiler, node: Node, inputs: list[Node], options: Any) -> Evaluator:
    if not isinstance(c.dtype(inputs[0]), pl.Date) or not isinstance(c.dtype(inputs[1]), pl.String):
        raise UnsupportedError(f"offset_by of {c.dtype(inputs[0])}")
    return _null_propagating(c.node(inputs[0]), c.node(inputs[1]), offset_date)


_FUNCTIONS: dict[str, FunctionCompiler] = {
    "FillNull": _fill_null,
    "Boolean.Not": _not,
    "Boolean.IsNull": _is_null_fn,
    "Boolean.IsNotNull": _is_not_null,
    "Boolean.AnyHorizontal": _any_horizontal,
    "Boolean.AllHorizontal": _all_horizontal,
    "Boolean.IsIn": _is_in,
    "SumHorizontal": _sum_horizontal,
    "MaxHorizontal": _extreme_horizontal(max),
    "MinHorizontal": _extreme_horizontal(min),
    "StringExpr.StartsWith": _affix(str.startswith),
    "StringExpr.EndsWith": _affix(str.endswith),
    "StringExpr.ConcatHorizontal": _concat,
    "StringExpr.Format": _format,
    "TemporalExpr.Year": _date_part("year"),
    "TemporalExpr.Month": _date_part("month"),
    "TemporalExpr.Day": _date_part("day"),
    "TemporalExpr.OffsetBy": _offset_by,
}

_NODES: dict[str, Callable[[Compiler, Node, Any], Evaluator]] = {
    "Column": _column,
    "Alias": _alias,
    "Cast": _cast,
    "BinaryExpr": _binary,
    "Ternary": _ternary,
    "Function": _function,
}


# --- programs: stages of named expressions ---------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One named expression: its Python function, or None where it stays with Polars (and why)."""

    name: str
    expr: pl.Expr
    dtype: pl.DataType
    evaluate: Evaluator | None
    reason: str | None = None


@dataclass(frozen=True)
class Program:
    """Stages of named expressions (each stage reads the inputs and the earlier stages' values)."""

    schema: Mapping[str, pl.DataType]
    stages: tuple[tuple[Step, ...], ...]

    @property
    def fallbacks(self) -> dict[str, str]:
        """The expressions evaluated by Polars, with the node that kept each from the interpreter."""
        return {s.name: s.reason or "" for stage in self.stages for s in stage if s.evaluate is None}

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(s for stage in self.stages for s in stage)

    def run(self, rows: Sequence[Row]) -> list[dict[str, Any]]:
        """Each row's values with every stage's values added, as the stages would on a frame."""
        out = [dict(row) for row in rows]
        schema = dict(self.schema)
        for stage in self.stages:
            values: list[dict[str, Any]] = [{} for _ in out]
            by_polars = [s for s in stage if s.evaluate is None]
            for step in stage:
                evaluate = step.evaluate
                if evaluate is None:
                    continue
                name = step.name
                for row, value in zip(out, values, strict=True):
                    try:
                        value[name] = evaluate(row)
                    except OutOfScopeError:
                        value[name] = _by_polars([row], schema, [step])[0][name]
            if by_polars:
                for value, computed in zip(values, _by_polars(out, schema, by_polars), strict=True):
                    value.update(computed)
            for row, value in zip(out, values, strict=True):
                row.update(value)
            schema.update({s.name: s.dtype for s in stage})
        return out


def _by_polars(
    rows: Sequence[Row], schema: Mapping[str, pl.DataType], steps: Sequence[Step]
) -> list[dict[str, Any]]:
    frame = pl.DataFrame({name: [row[name] for row in rows] for name in schema}, schema=dict(schema))
    return frame.select(**{s.name: s.expr for s in steps}).to_dicts()


def compile_stages(stages: Sequence[Mapping[str, pl.Expr]], schema: Mapping[str, pl.DataType]) -> Program:
    """Compile stages of named expressions over rows of ``schema`` (see :class:`Program`)."""
    compiled: list[tuple[Step, ...]] = []
    current = dict(schema)
    for stage in stages:
        compiler = Compiler(current)
        steps = []
        for name, expr in stage.items():
            try:
                dtype = compiler.frame.select(expr.alias(name)).collect_schema()[name]
            except pl.exceptions.PolarsError as e:  # e.g. a column not in the schema: Polars
                steps.append(Step(name, expr, pl.Null(), None, f"no type: {e}"))  # raises it in run
                continue
            try:
                steps.append(Step(name, expr, dtype, compiler.compile(expr)))
            except UnsupportedError as e:
                steps.append(Step(name, expr, dtype, None, str(e)))
        compiled.append(tuple(steps))
        current.update({s.name: s.dtype for s in steps})
    return Program(dict(schema), tuple(compiled))
