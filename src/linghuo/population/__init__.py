"""Synthetic Lianyungang residents with every fact the rules engine reads (pure: no Django).

Vectorised with numpy, chunk by chunk, so millions of rows take seconds and bounded memory; the same seed
always gives the same people.

>>> people = generate_persons(1_000, seed=1)
>>> people.columns[:3]
['person_id', 'id_number', 'birth_date']
>>> sorted(people["employment_form"].unique().to_list())[:2]
['employee', 'individual_business']
"""

from __future__ import annotations

from linghuo.population.columns import COLUMNS, FACT_COLUMNS, SCHEMA
from linghuo.population.generator import (
    CHUNK_ROWS,
    REFERENCE_DATE,
    generate_persons,
    iter_person_chunks,
    iter_person_tables,
)
from linghuo.population.parquet import write_persons_parquet

__all__ = [
    "CHUNK_ROWS",
    "COLUMNS",
    "FACT_COLUMNS",
    "REFERENCE_DATE",
    "SCHEMA",
    "generate_persons",
    "iter_person_chunks",
    "iter_person_tables",
    "write_persons_parquet",
]
