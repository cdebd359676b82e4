"""What an upload template is: its columns, and how one row becomes a typed record.

A ``TableSpec`` names the columns (header, synonyms, help text for the template) and a ``build``
function that turns a ``RowContext`` into a record or ``None`` (its errors recorded on the
context). File-level duplicate detection uses ``duplicate_key``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from linghuo.spreadsheets.errors import CellError
from linghuo.spreadsheets.formulas import UnsavedFormula
from linghuo.spreadsheets.normalise import CellValue, PlainValue, display_value, is_blank
from linghuo.spreadsheets.text import without_spaces

RowT = TypeVar("RowT")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a template."""

    key: str  # the record's attribute
    header: str  # exactly as in the published template
    required: bool  # whether a value is required (every column must be present)
    rule: str  # what to write, in Chinese (the template's explanation sheet)
    example: PlainValue  # the example row's value
    aliases: tuple[str, ...] = ()  # other headers seen in real files


@dataclass(frozen=True, slots=True)
class RowError:
    """One reason a row was rejected."""

    row_number: int  # as in the uploaded file (Excel's row number)
    column: str  # the template header, or "" for the row as a whole
    value: str  # the cell as given
    reason: str  # Chinese


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A rejected row: its original cells (file order) and every reason."""

    row_number: int
    cells: tuple[CellValue, ...]
    errors: tuple[RowError, ...]


@dataclass(frozen=True, slots=True)
class TableSpec(Generic[RowT]):
    """A template: its name, its columns and how a row becomes a record."""

    name: str  # e.g. 平台从业人员名册
    columns: tuple[Column, ...]
    build: Callable[[RowContext], RowT | None]
    duplicate_key: Callable[[RowT], Hashable]
    duplicate_column: str  # the header named in the duplicate error
    duplicate_label: str  # what makes two rows the same, in Chinese
    example_marker: Callable[[RowT], bool] = field(default=lambda _row: False)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)


def header_key(text: CellValue) -> str:
    """A header compared loosely: half-width brackets, no spaces, no required-marks ``*``.

    >>> header_key(" *月收入（元） ") == header_key("月收入(元)")
    True
    """
    return without_spaces(display_value(text)).strip("*").lower()


UNSAVED_FORMULA_REASON = (
    "该单元格是公式，但文件中没有保存计算结果：请在Excel中打开文件、保存后重新上传，或把公式改为数值"
)


@dataclass(slots=True)
class RowContext:
    """One source row under validation: its cells by column key, and the errors found so far."""

    row_number: int
    spec_columns: Mapping[str, Column]
    cells: Mapping[str, CellValue]
    errors: list[RowError] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def error(self, key: str, reason: str) -> None:
        """Record a reason against a column (``key``) of this row."""
        column = self.spec_columns[key]
        self.errors.append(RowError(self.row_number, column.header, self.given(key), reason))

    def given(self, key: str) -> str:
        return display_value(self.cells.get(key))

    def value(self, key: str, parse: Callable[[CellValue], T]) -> T | None:
        """The column's parsed value; ``None`` when blank (an error if required) or invalid."""
        raw = self.cells.get(key)
        if isinstance(raw, UnsavedFormula):
            self.error(key, UNSAVED_FORMULA_REASON)
            return None
        if is_blank(raw):
            if self.spec_columns[key].required:
                self.error(key, "必填，不能为空")
            return None
        try:
            return parse(raw)
        except CellError as exc:
            self.error(key, exc.reason)
            return None
