"""WHO Child Growth Standards LMS tables, loaded once into dense per-sex numpy arrays."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import numpy as np

#: Days in a month as used by WHO anthro (365.25 / 12).
DAYS_PER_MONTH = 30.4375
#: Highest age in days of the age-indexed tables (59.99 months).
MAX_AGE_DAYS = 1826
#: Rows per sex in the dense age tables (days 0..1826).
AGE_ROWS = MAX_AGE_DAYS + 1

_PACKAGE = __name__.rpartition(".")[0]


@dataclass(frozen=True)
class LMS:
    """Box-Cox parameters as three aligned flat arrays, whose last slot is an all-NaN sentinel."""

    l: np.ndarray  # noqa: E741 - L, M, S are the WHO names
    m: np.ndarray
    s: np.ndarray

    @property
    def sentinel(self) -> int:
        """Index of the NaN row, used for anything that must not get a z-score."""
        return len(self.m) - 1


@dataclass(frozen=True)
class LengthTable:
    """Weight-for-length and weight-for-height tables stacked in one flat LMS array."""

    lms: LMS
    #: offsets[table, sex - 1] = flat index of the first row; table 0 = length, 1 = height.
    offsets: np.ndarray
    #: first length (cm) of each table: 45 for length, 65 for height.
    starts: np.ndarray
    #: number of 0.1 cm rows of each table.
    rows: np.ndarray

    @property
    def sentinel(self) -> int:
        """Index of the first of the two NaN rows, the "lower neighbour" of invalid rows."""
        return len(self.lms.m) - 2


def _read(name: str) -> np.ndarray:
    """Read the numeric columns sex, index, l, m, s of one WHO table file."""
    path = resources.files(_PACKAGE).joinpath("data", name)
    with path.open("r", encoding="ascii") as handle:
        return np.loadtxt(handle, delimiter="\t", skiprows=1, usecols=(0, 1, 2, 3, 4), ndmin=2)


def _with_sentinel(values: np.ndarray) -> np.ndarray:
    """Append the NaN sentinel slot so invalid rows can index something harmless."""
    return np.append(values, np.nan)


def _age_table(name: str) -> LMS:
    """Build a dense table indexed by (sex - 1) * AGE_ROWS + age_days; missing ages stay NaN."""
    raw = _read(name)
    dense = np.full((3, 2 * AGE_ROWS), np.nan)
    sex = raw[:, 0].astype(np.int64)
    age = raw[:, 1].astype(np.int64)
    if not np.array_equal(raw[:, 1], age) or age.min() < 0 or age.max() > MAX_AGE_DAYS:
        raise ValueError(f"{name}: ages must be whole days in 0..{MAX_AGE_DAYS}")
    flat = (sex - 1) * AGE_ROWS + age
    dense[:, flat] = raw[:, 2:5].T
    _check_l_nonzero(name, raw[:, 2])
    return LMS(*(_with_sentinel(dense[k]) for k in range(3)))


def _check_l_nonzero(name: str, lam: np.ndarray) -> None:
    """Refuse L == 0 rows, because the engine uses the L != 0 form of the LMS formula."""
    if np.any(lam == 0):
        raise ValueError(f"{name}: L == 0 is not supported")


def _length_rows(name: str, start: float, stop: float) -> np.ndarray:
    """Return the table as (2, rows, 3) L, M, S, checking the 0.1 cm grid is complete."""
    raw = _read(name)
    _check_l_nonzero(name, raw[:, 2])
    rows = round((stop - start) * 10) + 1
    out = np.full((2, rows, 3), np.nan)
    for sex in (1, 2):
        part = raw[raw[:, 0] == sex]
        tenths = np.rint((part[:, 1] - start) * 10).astype(np.int64)
        if not np.array_equal(tenths, np.arange(rows)):
            raise ValueError(f"{name}: expected every 0.1 cm from {start} to {stop}")
        out[sex - 1] = part[:, 2:5]
    return out


@functools.cache
def length_table() -> LengthTable:
    """Weight-for-length (45-110 cm) and weight-for-height (65-120 cm), both sexes."""
    wfl = _length_rows("wflanthro.txt", 45.0, 110.0)
    wfh = _length_rows("wfhanthro.txt", 65.0, 120.0)
    stacked = np.concatenate([wfl[0], wfl[1], wfh[0], wfh[1]])
    n_l, n_h = wfl.shape[1], wfh.shape[1]
    offsets = np.array([[0, n_l], [2 * n_l, 2 * n_l + n_h]], dtype=np.int64)
    # Two NaN slots: invalid rows read both "lower" and "upper" neighbours from them.
    lms = LMS(*(np.append(stacked[:, k], [np.nan, np.nan]) for k in range(3)))
    return LengthTable(
        lms=lms,
        offsets=offsets,
        starts=np.array([45.0, 65.0]),
        rows=np.array([n_l, n_h], dtype=np.int64),
    )


@functools.cache
def age_table(indicator: str) -> LMS:
    """Dense age-indexed LMS table for 'wfa', 'lhfa', 'bmi', 'hc' or 'ac'."""
    files = {
        "wfa": "weianthro.txt",
        "lhfa": "lenanthro.txt",
        "bmi": "bmianthro.txt",
        "hc": "hcanthro.txt",
        "ac": "acanthro.txt",
    }
    return _age_table(files[indicator])
