"""Generate a synthetic population chunk by chunk: every chunk has its own random stream, derived from
the seed and the chunk's number, so a population is the same whatever consumes it."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator

import numpy as np
import polars as pl
import pyarrow as pa

from linghuo.population import regions
from linghuo.population.arrow_text import fixed_width_strings
from linghuo.population.business import BUSINESS_KINDS, draw_business
from linghuo.population.columns import SCHEMA
from linghuo.population.contributions import draw_contributions
from linghuo.population.draws import NO_DATE, Bools, Ints, day_number
from linghuo.population.flexible_work import draw_flexible_work
from linghuo.population.groups import GROUP_FACTS, draw_groups
from linghuo.population.hardship_relief import draw_hardship_relief
from linghuo.population.id_numbers import id_numbers, sequence_numbers
from linghuo.population.names import chinese_names
from linghuo.population.residents import draw_residents, draw_schooling
from linghuo.population.work import EMPLOYMENT_FORMS, draw_work

REFERENCE_DATE = datetime.date(2026, 1, 1)  # the day ages, spells and subsidy months are counted to
CHUNK_ROWS = 250_000
_PERSON_ID_DIGITS = 10
_LATER_FACTS_STREAM = 1


def _digit_strings(values: Ints, width: int, prefix: bytes = b"") -> pa.StringArray:
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    chars = np.empty((values.shape[0], len(prefix) + width), dtype=np.uint8)
    chars[:, : len(prefix)] = np.frombuffer(prefix, dtype=np.uint8)
    chars[:, len(prefix) :] = (values[:, None] // powers) % 10 + ord("0")
    return fixed_width_strings(chars)


def _labels(labels: tuple[str, ...], index: Ints) -> pa.Array:
    """Strings by index into ``labels``; -1 gives null."""
    return pa.array(labels, pa.string()).take(pa.array(index, mask=index < 0))


def _dates(days: Ints) -> pa.Array:
    present = days != NO_DATE
    return pa.array(np.where(present, days, 0).astype(np.int32), pa.int32(), mask=~present).cast(pa.date32())


def _bools(values: Bools) -> pa.Array:
    return pa.array(values, pa.bool_())


def _ints32(values: Ints) -> pa.Array:
    return pa.array(values.astype(np.int32), pa.int32())


def chunk_count(count: int, chunk_rows: int = CHUNK_ROWS) -> int:
    """How many chunks a population of ``count`` people is made of."""
    return max(1, math.ceil(count / chunk_rows))


def person_table(
    seed: int,
    chunk_index: int,
    rows: int,
    *,
    chunks: int,
    chunk_rows: int = CHUNK_ROWS,
    as_of: datetime.date = REFERENCE_DATE,
) -> pa.Table:
    """Chunk ``chunk_index`` of ``chunks`` of the population of ``seed``: ``rows`` people, Arrow.

    The facts added to the catalogue later draw from a stream of their own, so the earlier facts of a
    seed stay as they were.
    """
    rng = np.random.default_rng(np.random.SeedSequence([seed, chunk_index]))
    later = np.random.default_rng(np.random.SeedSequence([seed, chunk_index, _LATER_FACTS_STREAM]))
    today = day_number(as_of)
    people = draw_residents(rng, rows, today)
    school = draw_schooling(rng, people, today)
    work = draw_work(rng, people, school, today)
    groups = draw_groups(rng, people, school, work, today)
    business = draw_business(rng, people, school, work, today)
    si = draw_contributions(rng, people, school, work, groups, as_of=today)
    flexible = draw_flexible_work(later, people, school, work, business=business, si=si, as_of=today)
    relief = draw_hardship_relief(later, work, groups, flexible_since=flexible.since, as_of=today)
    sequence = sequence_numbers(
        people.id_area_code, people.birth, people.male, chunk_index=chunk_index, chunk_count=chunks
    )
    townships, _ = regions.township_table()
    columns: dict[str, pa.Array] = {
        "person_id": _digit_strings(
            chunk_index * chunk_rows + np.arange(rows, dtype=np.int64), _PERSON_ID_DIGITS, b"P"
        ),
        "id_number": id_numbers(people.id_area_code, people.birth, sequence),
        "birth_date": _dates(people.birth),
        "sex": _labels(("female", "male"), people.male.astype(np.int64)),
        "hukou_division": _digit_strings(people.hukou_division, 6),
        "hukou_rural": _bools(people.hukou_rural),
        "hmt_residence_permit": _bools(people.hmt_residence_permit),
        "jiangsu_pension_years": _ints32(work.jiangsu_pension_years),
        "work_division": _digit_strings(work.work_division, 6),
        "employment_form": _labels(EMPLOYMENT_FORMS, work.form),
        "registered_unemployed": _bools(work.registered_unemployed),
        "hard_to_employ_since": _dates(si.hard_to_employ_since),
        **{fact: _bools(groups.member[fact]) for fact in GROUP_FACTS},
        "unemployed_since": _dates(si.unemployed_since),
        "college_student": _bools(school.college_student),
        "college_left_on": _dates(si.college_left_on),
        "employed_since_leaving_college": _bools(groups.employed_since_leaving_college),
        "school_leaver_not_continuing": _bools(school.school_leaver_not_continuing),
        "entrepreneurial_intent": _bools(groups.entrepreneurial_intent),
        "public_welfare_post": _bools(groups.public_welfare_post),
        "business_founded_on": _dates(business.founded_on),
        "business_kind": _labels(BUSINESS_KINDS, business.kind),
        "business_non_agricultural": _bools(business.non_agricultural),
        "business_employees": _ints32(business.employees),
        "startup_subsidy_received": _bools(business.startup_subsidy_received),
        "loan_requested_fen": pa.array(business.loan_requested_fen, pa.int64()),
        "loan_for_tools": _bools(business.loan_for_tools),
        "monthly_income_fen": pa.array(work.monthly_income_fen, pa.int64()),
        "social_insurance_enrolled": _bools(work.social_insurance_enrolled),
        "receiving_unemployment_benefit": _bools(work.receiving_unemployment_benefit),
        "si_paid_fen": pa.array(si.si_paid_fen, pa.int64()),
        "si_claim_months": _ints32(si.si_claim_months),
        "si_base_is_minimum": _bools(si.si_base_is_minimum),
        "si_subsidy_months_used": _ints32(si.si_subsidy_months_used),
        "si_extension_used": _bools(si.si_extension_used),
        "si_first_approved_on": _dates(si.si_first_approved_on),
        "flexible_employment_since": _dates(flexible.since),
        "in_subsidised_training": _bools(flexible.in_subsidised_training),
        "pension_months_unpaid_2020": _ints32(relief.pension_months_unpaid_2020),
        "temporary_assistance_conditions": _bools(relief.temporary_assistance_conditions),
        "freelance_professional": _bools(flexible.freelance_professional),
        "meets_title_conditions": _bools(flexible.meets_title_conditions),
        "name": chinese_names(rng, people.male),
        "township_code": _labels(tuple(t.code for t in townships), people.township),
    }
    return pa.Table.from_arrays([columns[f.name] for f in SCHEMA], schema=SCHEMA)


def iter_person_tables(
    count: int, seed: int, *, chunk_rows: int = CHUNK_ROWS, as_of: datetime.date = REFERENCE_DATE
) -> Iterator[pa.Table]:
    """The population of ``count`` people for ``seed`` as Arrow tables of at most ``chunk_rows`` rows."""
    if count <= 0:
        raise ValueError(f"人数必须为正整数，收到 {count} / count must be positive, got {count}")
    chunks = chunk_count(count, chunk_rows)
    for index in range(chunks):
        rows = min(chunk_rows, count - index * chunk_rows)
        yield person_table(seed, index, rows, chunks=chunks, chunk_rows=chunk_rows, as_of=as_of)


def iter_person_chunks(
    count: int, seed: int = 0, *, chunk_rows: int = CHUNK_ROWS, as_of: datetime.date = REFERENCE_DATE
) -> Iterator[pl.DataFrame]:
    """The population as Polars frames of at most ``chunk_rows`` rows, for memory-bounded consumers.

    >>> [frame.height for frame in iter_person_chunks(5, seed=1, chunk_rows=2)]
    [2, 2, 1]
    """
    for table in iter_person_tables(count, seed, chunk_rows=chunk_rows, as_of=as_of):
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        yield frame


def generate_persons(
    count: int, seed: int = 0, *, chunk_rows: int = CHUNK_ROWS, as_of: datetime.date = REFERENCE_DATE
) -> pl.DataFrame:
    """``count`` synthetic Lianyungang residents with the engine's facts, plus name and township.

    >>> people = generate_persons(3, seed=7)
    >>> people.height, people["person_id"].to_list()
    (3, ['P0000000000', 'P0000000001', 'P0000000002'])
    >>> people.equals(generate_persons(3, seed=7))
    True
    """
    tables = list(iter_person_tables(count, seed, chunk_rows=chunk_rows, as_of=as_of))
    frame = pl.from_arrow(pa.concat_tables(tables))
    assert isinstance(frame, pl.DataFrame)
    return frame
