"""Acute malnutrition of a child under five on every criterion (pure, no database).

Kemenkes, Pedoman Pencegahan dan Tatalaksana Gizi Buruk pada Balita (2019), after WHO
2013: a child is **gizi buruk** (severe acute malnutrition) when any of

* weight-for-length/height z < -3 (``bbtb``),
* mid-upper arm circumference (LiLA) < 11.5 cm, from 6 months (``lila``),
* bilateral pitting oedema (``edema``) — the weight-based z-scores are blanked then, which
  is exactly why the category cannot come from the z-score alone;

**gizi kurang** (moderate) when weight-for-length/height is -3 to < -2 or LiLA is 11.5 to
< 12.5 cm. The reasons are kept with the category so that every page, file and answer can
say *why* a child is in it. Weight-for-age < -3 is "below the red line" of the KMS.
"""

from __future__ import annotations

from dataclasses import dataclass

GIZI_BURUK = "gizi_buruk"
GIZI_KURANG = "gizi_kurang"

BY_WFL = "bbtb"
BY_LILA = "lila"
BY_OEDEMA = "edema"
CRITERIA = (BY_WFL, BY_LILA, BY_OEDEMA)

SEVERE_LILA_CM = 11.5
MODERATE_LILA_CM = 12.5
SEVERE_Z = -3.0
MODERATE_Z = -2.0
RED_LINE_Z = -3.0
# LiLA is read from 6 months (WHO: 6-59 months); z-scores and oedema up to 60 months.
LILA_FROM_DAYS = 183
UNDER_FIVE_DAYS = 1826


@dataclass(frozen=True)
class Acute:
    """A child's acute-malnutrition category ('' when neither) and the criteria behind it."""

    category: str
    reasons: tuple[str, ...]

    @property
    def reasons_text(self) -> str:
        """The reasons as stored: codes joined by commas."""
        return ",".join(self.reasons)


NONE = Acute("", ())


def acute_status(
    *,
    age_days: int | None,
    zwfl: float | None,
    fwfl: bool,
    armc: float | None,
    oedema: bool,
) -> Acute:
    """The gizi buruk / gizi kurang category of one measurement with every reason that holds.

    A flagged (implausible) weight-for-length z-score is not a reason; oedema and LiLA are
    read as measured.
    """
    if age_days is None or age_days < 0 or age_days >= UNDER_FIVE_DAYS:
        return NONE
    z = None if zwfl is None or fwfl else zwfl
    lila = armc if armc is not None and age_days >= LILA_FROM_DAYS else None
    severe = []
    if z is not None and z < SEVERE_Z:
        severe.append(BY_WFL)
    if lila is not None and lila < SEVERE_LILA_CM:
        severe.append(BY_LILA)
    if oedema:
        severe.append(BY_OEDEMA)
    if severe:
        return Acute(GIZI_BURUK, tuple(severe))
    moderate = []
    if z is not None and z < MODERATE_Z:
        moderate.append(BY_WFL)
    if lila is not None and lila < MODERATE_LILA_CM:
        moderate.append(BY_LILA)
    return Acute(GIZI_KURANG, tuple(moderate)) if moderate else NONE


def below_red_line(zwei: float | None, fwei: bool) -> bool:
    """Weight-for-age z < -3: below the red line of the KMS (a flagged z-score is not)."""
    return zwei is not None and not fwei and zwei < RED_LINE_Z


def reasons_of(text: str) -> tuple[str, ...]:
    """Stored reason codes ("bbtb,edema") as a tuple."""
    return tuple(code for code in text.split(",") if code)
