"""The WHO reference curves themselves: the measurement at k SD of an indicator.

The growth charts draw these; the z-score engine uses the same LMS tables and ``sd_line``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from replika.nutrition.growth.lms import sd_line
from replika.nutrition.growth.tables import AGE_ROWS, age_table, length_table


def age_sd_lines(
    indicator: str, sex: int, days: np.ndarray, ks: Iterable[int]
) -> dict[int, np.ndarray]:
    """The k SD lines of an age-indexed indicator ('wfa', 'lhfa', …) on whole days of age."""
    table = age_table(indicator)
    index = (sex - 1) * AGE_ROWS + days
    return {k: sd_line(table.l[index], table.m[index], table.s[index], k) for k in ks}


def length_sd_lines(
    key: str, sex: int, lengths: np.ndarray, ks: Iterable[int]
) -> dict[int, np.ndarray]:
    """The k SD lines of weight-for-length ('wfl') or -height ('wfh') on 0.1 cm lengths."""
    table = length_table()
    which = 0 if key == "wfl" else 1
    start = table.starts[which]
    index = table.offsets[which, sex - 1] + np.rint((lengths - start) * 10).astype(np.int64)
    lms = table.lms
    return {k: sd_line(lms.l[index], lms.m[index], lms.s[index], k) for k in ks}
