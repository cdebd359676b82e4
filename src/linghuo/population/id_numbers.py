"""18-digit resident ID numbers (GB 11643-1999), vectorised.

Six digits of area code, eight of birth date (YYYYMMDD), a three-digit sequence number (odd for men,
even for women) and a check character by ISO 7064 MOD 11-2 ('X' stands for 10).

>>> import numpy as np
>>> day = (np.datetime64("1991-01-01") - np.datetime64("1970-01-01")).astype(np.int64)
>>> id_numbers(np.array([360426]), np.array([day]), np.array([7])).to_pylist()
['360426199101010071']
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from linghuo.population.arrow_text import fixed_width_strings

Ints = npt.NDArray[np.int64]

# ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 for the first 17 digits, and the check character for each
# remainder of the weighted sum.
_WEIGHTS = np.array([pow(2, 17 - i, 11) for i in range(17)], dtype=np.int64)
_CHECK_CHARS = np.frombuffer(b"10X98765432", dtype=np.uint8)
_ASCII_ZERO = ord("0")

# Sequence numbers 001–998: men 2k+1, women 2k+2, for k in 0 … 498.
SEQUENCE_SLOTS = 499


def _digits(values: Ints, width: int) -> Ints:
    """The decimal digits of each value, most significant first: an (n, width) matrix."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (values[:, None] // powers) % 10


def _ymd(days: Ints) -> Ints:
    """Days since 1970-01-01 as the integer YYYYMMDD."""
    dates = days.astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (dates - months).astype(np.int64) + 1
    ymd: Ints = year * 10_000 + month * 100 + day
    return ymd


def check_characters(first17: Ints) -> npt.NDArray[np.uint8]:
    """The ASCII check character for each row of an (n, 17) digit matrix (ISO 7064 MOD 11-2)."""
    remainders: Ints = (first17 @ _WEIGHTS) % 11
    return _CHECK_CHARS[remainders]


def id_numbers(area_code: Ints, birth_day: Ints, sequence: Ints) -> pa.StringArray:
    """ID numbers from area codes, birth dates (days since 1970-01-01) and sequence numbers (0–999)."""
    first17 = np.concatenate(
        [_digits(area_code, 6), _digits(_ymd(birth_day), 8), _digits(sequence, 3)], axis=1
    )
    chars = np.empty((area_code.shape[0], 18), dtype=np.uint8)
    chars[:, :17] = first17 + _ASCII_ZERO
    chars[:, 17] = check_characters(first17)
    return fixed_width_strings(chars)


def _rank_within_groups(keys: Ints) -> Ints:
    """For each row, how many earlier rows share its key (0 for the first)."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    positions = np.arange(keys.shape[0], dtype=np.int64)
    starts = np.ones(keys.shape[0], dtype=np.bool_)
    starts[1:] = sorted_keys[1:] != sorted_keys[:-1]
    group_start = np.maximum.accumulate(np.where(starts, positions, 0))
    ranks = np.empty_like(positions)
    ranks[order] = positions - group_start
    return ranks


def sequence_numbers(
    area_code: Ints, birth_day: Ints, male: npt.NDArray[np.bool_], *, chunk_index: int, chunk_count: int
) -> Ints:
    """Sequence numbers, unique per area code, birth date and sex across all chunks of one run.

    Within a chunk, people sharing area, date and sex are ranked; chunk ``c`` of ``C`` gives rank ``r``
    the slot ``c + C·r``, shifted by a fixed amount per group so the numbers do not all start at 001.
    Unique while ``c + C·r`` stays below 499 — for every group up to a few million people; beyond
    that a slot wraps round and a number may repeat.
    """
    keys = (area_code * 100_000 + (birth_day + 50_000)) * 2 + male.astype(np.int64)
    slot = chunk_index + chunk_count * _rank_within_groups(keys)
    # multiplicative hashing; unsigned arithmetic wraps modulo 2**64 by definition
    shift = ((keys.astype(np.uint64) * np.uint64(2_654_435_761)) % np.uint64(SEQUENCE_SLOTS)).astype(np.int64)
    k = (slot + shift) % SEQUENCE_SLOTS
    return 2 * k + np.where(male, 1, 2)
