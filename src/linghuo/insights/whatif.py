"""What-if runs on the registry: ``linghuo simulate``'s comparison over the registry's facts.

The registry's facts as of the date (all persons, or one district's) are snapshot through the one
facts selector into a temporary Parquet file, chunk by chunk, and compared by
``screening.simulation.simulate_parquet`` exactly as the command compares a file. The form lists every
overridable parameter (``policy.parameters``) with the value in force; a field changed by the manager
becomes an override ``name=value`` or ``name[key]=value``, written as in the YAML (money in yuan).
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from linghuo.insights.facts import facts_frame_on
from linghuo.policy.parameters import Parameter
from linghuo.policy.parameters import load as load_parameters
from linghuo.registry.models import Person
from linghuo.screening.errors import ScreeningError
from linghuo.screening.simulation import Simulation, parse_parameter_overrides, simulate_parquet
from linghuo.site.language import is_english

SNAPSHOT_CHUNK = 50_000


@dataclass(frozen=True)
class ParameterField:
    """One overridable value: a parameter, or one key of a keyed parameter."""

    key: str  # the override name: "name" or "name[key]"
    name: str
    description: str
    kind: str
    current: str  # the value in force, as written in the YAML ("" when not known)
    limits: str


def value_text(kind: str, value: Any) -> str:
    """A parameter value as written in the YAML and in ``--set`` (money in yuan).

    >>> from fractions import Fraction
    >>> value_text("money", 495200), value_text("ratio", Fraction(2, 3)), value_text("money", None)
    ('4952', '2/3', '')
    """
    if value is None:
        return ""
    if kind == "money":
        return f"{(Decimal(int(value)) / 100).normalize():f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _limits(parameter: Parameter) -> str:
    if parameter.limits is None:
        return ""
    low = value_text(parameter.type, parameter.limits.minimum)
    high = value_text(parameter.type, parameter.limits.maximum)
    return f"{low or '—'} {'–' if is_english() else '～'} {high or '—'}"


def parameter_fields(on: datetime.date) -> list[ParameterField]:
    """Every overridable value with the value in force on ``on``, in the parameters' order."""
    fields = []
    for name, parameter in load_parameters().parameters.items():
        dated = parameter.at(on)
        value = dated.value if dated is not None else None
        limits = _limits(parameter)
        if parameter.keyed_by is not None and isinstance(value, Mapping):
            for sub, item in value.items():
                fields.append(
                    ParameterField(
                        f"{name}[{sub}]",
                        name,
                        f"{parameter.description}（{parameter.keyed_by}={sub}）",
                        parameter.type,
                        value_text(parameter.type, item),
                        limits,
                    )
                )
        elif parameter.keyed_by is None:
            fields.append(
                ParameterField(
                    name,
                    name,
                    parameter.description,
                    parameter.type,
                    value_text(parameter.type, value),
                    limits,
                )
            )
    return fields


def overrides_from(data: Mapping[str, str], fields: list[ParameterField]) -> dict[str, str]:
    """The overrides a submitted form asks for: each field whose value differs from the one in force.

    Raises :class:`ScreeningError` (Chinese and English) for a value the parameters refuse (a ratio
    outside the policy's ½–⅔, a malformed number, …) or when nothing was changed.
    """
    assignments = []
    for field in fields:
        given = (data.get(field.key) or "").strip()
        if given and given != field.current:
            assignments.append(f"{field.key}={given}")
    if not assignments:
        raise ScreeningError("请至少修改一个参数的值", "change at least one parameter")
    overrides, _ = parse_parameter_overrides(assignments)
    return overrides


def _snapshot(path: Path, *, on: datetime.date, district: str | None) -> int:
    persons = Person.objects.all()
    if district:
        persons = persons.filter(district_code=district)
    writer: pq.ParquetWriter | None = None
    rows = 0
    try:
        for frame in facts_frame_on(persons, on=on, chunk_size=SNAPSHOT_CHUNK):
            table = frame.to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table)
            rows += frame.height
    finally:
        if writer is not None:
            writer.close()
    return rows


def simulate_registry(
    *, on: datetime.date, overrides: Mapping[str, str], district: str | None = None, months: int = 1
) -> Simulation:
    """Compare the current rules with ``overrides`` over the registry (or one district) as of ``on``."""
    with tempfile.TemporaryDirectory(prefix="linghuo-whatif-") as folder:
        path = Path(folder) / "facts.parquet"
        if _snapshot(path, on=on, district=district) == 0:
            raise ScreeningError("登记库中没有可分析的人员", "the registry holds no persons to simulate")
        return simulate_parquet(path, on=on, overrides=overrides, months=months)
