"""Vectorised WHO Child Growth Standards z-scores, following the rules of WHO anthro.

Every rule below is the one implemented by the WHO `anthro` R package (anthro_zscores):

* age in whole days (non-integer ages are rounded half up, as anthro does); months are
  days / 30.4375 and z-scores exist only for months < 60, i.e. days <= 1826, which is exactly
  the range of the tables (anthro also checks days <= 1856, a legacy igrowup limit that the
  < 60 months test already makes moot);
* z = ((y/M)^L - 1) / (S L); for weight-for-age, weight-for-length/height, BMI-for-age and
  arm circumference-for-age, |z| > 3 is replaced by the restricted SD23 extrapolation;
  length/height-for-age and head circumference-for-age keep the plain formula;
* under 731 days a standing measurement gets +0.7 cm, from 731 days a lying one -0.7 cm;
  a standing measurement under 9 months is implausible: the position is treated as unknown
  (no correction) and c9mo_flag is set;
* weight-for-length (45-110 cm) under 731 days, weight-for-height (65-120 cm) from 731 days,
  on the corrected length, with L, M, S interpolated linearly between the 0.1 cm rows; when
  age is missing the table follows the measure, and without measure the 87 cm rule;
* oedema removes weight-for-age, weight-for-length/height and BMI-for-age;
* z-scores are rounded to 2 decimals and the plausibility flags are set on the rounded
  values (anthro rounds before flagging).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from replika.nutrition.growth.lms import (
    as_float,
    lms_z,
    lms_z_restricted,
    positive,
    round2,
)
from replika.nutrition.growth.tables import (
    AGE_ROWS,
    DAYS_PER_MONTH,
    LMS,
    LengthTable,
    age_table,
    length_table,
)

#: Measurement position codes used by zscores_from_codes.
MEASURE_UNKNOWN = 0
MEASURE_LYING = 1
MEASURE_STANDING = 2

#: From this age (days) children are measured standing; below it, lying.
STANDING_FROM_DAYS = 731
#: Lying/standing difference in cm (WHO MGRS).
LYING_STANDING_CM = 0.7
#: A standing measurement before this age (months) is implausible.
STANDING_MIN_MONTHS = 9
#: Without age and measure, anthro uses weight-for-height from this length (cm) on.
NO_AGE_HEIGHT_FROM_CM = 87.0
#: z-scores are only computed below this age in months.
MAX_MONTHS = 60
#: Floating-point slack when checking a corrected length against a table edge (cm).
_EDGE_TOLERANCE = 1e-9

SEX_WORDS: Mapping[str, int] = {
    "1": 1,
    "1.0": 1,
    "m": 1,
    "l": 1,  # laki-laki
    "male": 1,
    "laki-laki": 1,
    "2": 2,
    "2.0": 2,
    "f": 2,
    "p": 2,  # perempuan
    "female": 2,
    "perempuan": 2,
}
MEASURE_WORDS: Mapping[str, int] = {
    "l": MEASURE_LYING,
    "lying": MEASURE_LYING,
    "recumbent": MEASURE_LYING,
    "terlentang": MEASURE_LYING,  # e-PPGBM "cara ukur"
    "telentang": MEASURE_LYING,
    "h": MEASURE_STANDING,
    "standing": MEASURE_STANDING,
    "berdiri": MEASURE_STANDING,
}
#: Anything else (blank, "n", "2", "tidak", ...) is "no oedema", as in anthro.
OEDEMA_WORDS: Mapping[str, int] = {"y": 1, "yes": 1, "ya": 1, "1": 1}


def _clean_word(value: Any) -> str:
    """Lower-case, trimmed text of one cell; None becomes the empty string."""
    return "" if value is None else str(value).strip().lower()


def _single_char_codes(arr: np.ndarray, words: Mapping[str, int], default: int) -> np.ndarray:
    """Map a one-character unicode array through an ASCII lookup table (the fast path)."""
    lut = np.full(128, default, dtype=np.int8)
    for word, code in words.items():
        if len(word) <= 1:
            for char in {word, word.upper()}:
                lut[ord(char) if char else 0] = code  # numpy pads "" with NUL
    points = np.ascontiguousarray(arr).view(np.uint32).reshape(arr.shape)
    # Non-ASCII single characters never match a word, so they get the default.
    return np.where(points < 128, lut[np.minimum(points, 127)], np.int8(default))


def text_codes(values: Any, words: Mapping[str, int], default: int = 0) -> np.ndarray:
    """Map text cells (any case, surrounding blanks) to small integer codes through words."""
    arr = np.asarray(values)
    if arr.dtype.kind == "U" and arr.dtype.itemsize == 4:
        return _single_char_codes(arr, words, default)
    cells = arr.ravel().tolist()
    lookup = {cell: words.get(_clean_word(cell), default) for cell in set(cells)}
    return np.fromiter(map(lookup.__getitem__, cells), np.int8, len(cells)).reshape(arr.shape)


def normalize_sex(values: Any) -> np.ndarray:
    """Return sex codes 1 (male), 2 (female) or 0 (unknown) from numbers or text (L/P, M/F)."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iufb":
        return np.where(arr == 1, 1, np.where(arr == 2, 2, 0)).astype(np.int8)
    return text_codes(arr, SEX_WORDS)


def normalize_measure(values: Any) -> np.ndarray:
    """Return measure codes: 1 lying ("l"), 2 standing ("h"), 0 unknown (blank or other)."""
    return text_codes(values, MEASURE_WORDS, MEASURE_UNKNOWN)


def normalize_oedema(values: Any) -> np.ndarray:
    """Return True where oedema is present ("y"/"Y"/"1"); anything else counts as absent."""
    arr = np.asarray(values)
    if arr.dtype.kind in "iufb":
        return np.asarray(arr == 1)
    return text_codes(arr, OEDEMA_WORDS).astype(bool)


def _age_z(y: np.ndarray, table: LMS, index: np.ndarray, restricted: bool) -> np.ndarray:
    """z-score of an age-indexed indicator, with the table row picked by index."""
    lam, mu, sigma = table.l[index], table.m[index], table.s[index]
    if restricted:
        return lms_z_restricted(y, lam, mu, sigma)
    return lms_z(y, lam, mu, sigma)


def _optional_z(
    y: np.ndarray | None, table: LMS, index: np.ndarray, restricted: bool
) -> np.ndarray:
    """z-score of an optional measurement (head or arm circumference); all NaN when absent."""
    if y is None:
        return np.full(index.shape, np.nan)
    return _age_z(positive(y), table, index, restricted)


def _correct_length(
    length: np.ndarray, age: np.ndarray, day: np.ndarray, measure: np.ndarray
) -> np.ndarray:
    """Convert to lying length under 731 days and standing height from 731 days (+-0.7 cm)."""
    known = (age >= 0) & (age < np.inf)
    add = known & (day < STANDING_FROM_DAYS) & (measure == MEASURE_STANDING)
    sub = known & (day >= STANDING_FROM_DAYS) & (measure == MEASURE_LYING)
    shift = np.where(add, LYING_STANDING_CM, np.where(sub, -LYING_STANDING_CM, 0.0))
    return length + shift


def _position_known(age: np.ndarray, measure: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The position codes to use, and where standing was replaced by unknown.

    Standing before 9 months is implausible: the measurement is treated as of unknown position.
    """
    c9mo = (measure == MEASURE_STANDING) & (age >= 0) & (age / DAYS_PER_MONTH < STANDING_MIN_MONTHS)
    return np.where(c9mo, MEASURE_UNKNOWN, measure), c9mo


def corrected_lenhei(age_days: int, lenhei: float, measure: str) -> float:
    """One length/height as the WHO tables expect it (lying under 731 days, else standing)."""
    age = np.array([float(age_days)])
    cmeasure, _c9mo = _position_known(age, normalize_measure(np.array([measure], dtype=object)))
    day = np.floor(age + 0.5)
    return float(_correct_length(np.array([lenhei]), age, day, cmeasure)[0])


def _wfl_table_choice(
    valid_age: np.ndarray,
    missing_age: np.ndarray,
    day: np.ndarray,
    measure: np.ndarray,
    clenhei: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (use_length_table, use_height_table) masks per the anthro rules."""
    unknown = missing_age & (measure == MEASURE_UNKNOWN)
    use_l = (
        (valid_age & (day < STANDING_FROM_DAYS))
        | (missing_age & (measure == MEASURE_LYING))
        | (unknown & (clenhei < NO_AGE_HEIGHT_FROM_CM))
    )
    use_h = (
        (valid_age & (day >= STANDING_FROM_DAYS))
        | (missing_age & (measure == MEASURE_STANDING))
        | (unknown & (clenhei >= NO_AGE_HEIGHT_FROM_CM))
    )
    return use_l, use_h


def _interpolated_lms(
    table: LengthTable, which: np.ndarray, sex_row: np.ndarray, pos: np.ndarray, ok: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Linear interpolation of L, M, S between the two 0.1 cm rows around pos."""
    rows = table.rows[which]
    lower = np.clip(np.floor(pos), 0, rows - 2)
    frac = np.where(ok, np.clip(pos - lower, 0.0, 1.0), 0.0)
    start = table.offsets.ravel()[which * 2 + sex_row]
    flat = np.where(ok, start + np.where(ok, lower, 0).astype(np.intp), table.sentinel)
    out = []
    for column in (table.lms.l, table.lms.m, table.lms.s):
        low = column[flat]
        out.append(low + frac * (column[flat + 1] - low))
    return out[0], out[1], out[2]


def _zwfl(
    weight: np.ndarray,
    clenhei: np.ndarray,
    sex_row: np.ndarray,
    use_l: np.ndarray,
    use_h: np.ndarray,
) -> np.ndarray:
    """Weight-for-length (45-110 cm) or weight-for-height (65-120 cm) z-score."""
    table = length_table()
    which = use_h.astype(np.intp)
    pos = (clenhei - table.starts[which]) * 10.0
    last = table.rows[which] - 1
    ok = (use_l | use_h) & (pos >= -_EDGE_TOLERANCE) & (pos <= last + _EDGE_TOLERANCE)
    lam, mu, sigma = _interpolated_lms(table, which, sex_row, pos, ok)
    return lms_z_restricted(weight, lam, mu, sigma)


def _flags(z: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Plausibility flags on the rounded z-scores (NaN is never flagged)."""
    zwei = z["zwei"]
    return {
        "flen": np.abs(z["zlen"]) > 6,
        "fwei": (zwei < -6) | (zwei > 5),
        "fwfl": np.abs(z["zwfl"]) > 5,
        "fbmi": np.abs(z["zbmi"]) > 5,
        "fhc": np.abs(z["zhc"]) > 5,
        "fac": np.abs(z["zac"]) > 5,
    }


def _core(
    sex: np.ndarray,
    age: np.ndarray,
    weight: np.ndarray,
    lenhei: np.ndarray,
    measure: np.ndarray,
    oedema: np.ndarray,
    headc: np.ndarray | None,
    armc: np.ndarray | None,
) -> dict[str, np.ndarray]:
    """Compute every output on 1-D arrays of equal length."""
    months = age / DAYS_PER_MONTH
    valid_age = (age >= 0) & (months < MAX_MONTHS)
    missing_age = np.isnan(age)
    day = np.floor(age + 0.5)  # anthro's round-half-up of age in days
    sex_ok = (sex == 1) | (sex == 2)
    sex_row = np.where(sex_ok, sex, 1).astype(np.intp) - 1

    cmeasure, c9mo = _position_known(age, measure)
    clenhei = _correct_length(positive(lenhei), age, day, cmeasure)
    good_weight = positive(weight)
    cbmi = good_weight / (clenhei / 100.0) ** 2
    no_oedema_weight = np.where(oedema, np.nan, good_weight)

    day_index = np.where(valid_age, day, 0).astype(np.intp)
    index = np.where(valid_age & sex_ok, sex_row * AGE_ROWS + day_index, age_table("wfa").sentinel)
    use_l, use_h = _wfl_table_choice(valid_age, missing_age, day, cmeasure, clenhei)
    use_l &= sex_ok
    use_h &= sex_ok
    raw = {
        "zlen": _age_z(clenhei, age_table("lhfa"), index, restricted=False),
        "zwei": _age_z(no_oedema_weight, age_table("wfa"), index, restricted=True),
        "zwfl": _zwfl(no_oedema_weight, clenhei, sex_row, use_l, use_h),
        "zbmi": _age_z(np.where(oedema, np.nan, cbmi), age_table("bmi"), index, restricted=True),
        "zhc": _optional_z(headc, age_table("hc"), index, restricted=False),
        "zac": _optional_z(armc, age_table("ac"), index, restricted=True),
    }
    z = {key: round2(value) for key, value in raw.items()}
    return {"clenhei": clenhei, "cbmi": cbmi, "c9mo_flag": c9mo, **z, **_flags(z)}


def zscores_from_codes(
    sex: Any,
    age_days: Any,
    weight: Any,
    lenhei: Any,
    measure: Any = MEASURE_UNKNOWN,
    oedema: Any = False,
    headc: Any = None,
    armc: Any = None,
) -> dict[str, np.ndarray]:
    """Like zscores, but sex as 1/2, measure as MEASURE_* codes and oedema as booleans."""
    args: list[Any] = [sex, age_days, weight, lenhei, measure, oedema]
    optional = [x for x in (headc, armc) if x is not None]
    shape = np.broadcast_shapes(*(np.shape(x) for x in args + optional))

    def flat(values: Any, kind: type) -> np.ndarray:
        """Broadcast one argument to the common shape as a contiguous 1-D array."""
        arr = as_float(values) if kind is float else np.asarray(values, dtype=kind)
        return np.broadcast_to(arr, shape).ravel()

    result = _core(
        sex=flat(sex, np.int64),
        age=flat(age_days, float),
        weight=flat(weight, float),
        lenhei=flat(lenhei, float),
        measure=flat(measure, np.int8),
        oedema=flat(oedema, np.bool_),
        headc=None if headc is None else flat(headc, float),
        armc=None if armc is None else flat(armc, float),
    )
    return {key: value.reshape(shape) for key, value in result.items()}


def zscores(
    sex: Any,
    age_days: Any,
    weight: Any,
    lenhei: Any,
    measure: Any = "",
    oedema: Any = "",
    headc: Any = None,
    armc: Any = None,
) -> dict[str, np.ndarray]:
    """WHO z-scores, corrected length, BMI and plausibility flags for arrays or scalars.

    sex is 1/2 (or text L/P, M/F); age in whole days; weight kg; lenhei, headc, armc cm;
    measure "l"/"h"/"" and oedema "y"/"n"/"" in any case.  Returns a dict of arrays with keys
    clenhei, cbmi, c9mo_flag, zlen, zwei, zwfl, zbmi, zhc, zac (NaN where not computable)
    and boolean flags flen, fwei, fwfl, fbmi, fhc, fac.
    """
    return zscores_from_codes(
        normalize_sex(sex),
        age_days,
        weight,
        lenhei,
        normalize_measure(measure),
        normalize_oedema(oedema),
        headc,
        armc,
    )
