"""Small vectorised random draws shared by the population modules; dates are days since 1970-01-01.

>>> import datetime
>>> day_number(datetime.date(1970, 1, 2))
1
"""

from __future__ import annotations

import datetime

import numpy as np
import numpy.typing as npt

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

NO_DATE = np.iinfo(np.int64).min  # a missing date in a day-number array
DAYS_PER_YEAR = 365.2425
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
_EPOCH = datetime.date(1970, 1, 1)


def day_number(day: datetime.date) -> int:
    """Days since 1970-01-01."""
    return (day - _EPOCH).days


def chance(rng: np.random.Generator, p: Floats | float, n: int) -> Bools:
    """True with probability ``p`` (a scalar or one probability per row)."""
    return rng.random(n) < p


def between(rng: np.random.Generator, low: Floats | float, high: Floats | float, n: int) -> Ints:
    """Whole numbers uniformly in [low, high) (bounds may be arrays); floor of a uniform real."""
    return np.floor(low + rng.random(n) * (np.asarray(high) - low)).astype(np.int64)


def categories(rng: np.random.Generator, probabilities: Floats) -> Ints:
    """One category per row from an (n, k) matrix of per-row probabilities (rows sum to 1)."""
    cumulative = np.cumsum(probabilities, axis=1)
    u: Floats = rng.random((probabilities.shape[0], 1))
    chosen: Ints = (u >= cumulative).sum(axis=1).astype(np.int64)
    clipped: Ints = np.minimum(chosen, probabilities.shape[1] - 1)
    return clipped


def years_between(start: Ints, end: Ints | int) -> Floats:
    """Fractional years from day ``start`` to day ``end``."""
    return np.asarray((end - start) / DAYS_PER_YEAR, dtype=np.float64)
