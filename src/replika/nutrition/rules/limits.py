"""The one table of plausible ranges of what nutrition records (pure, no database).

Forms build their number fields from it, the API and the importer parse with it and the
services refuse what lies outside it, so a value accepted on one channel is accepted on all.
A range only catches typing slips (9.5 typed as 95); what is merely unusual is left to the
WHO plausibility flags on the z-scores.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Limit:
    """A plausible range, inclusive at both ends, and the decimals stored."""

    low: Decimal
    high: Decimal
    decimals: int
    unit: str

    @property
    def step(self) -> Decimal:
        """The smallest stored difference (0.01 for two decimals)."""
        return Decimal(1).scaleb(-self.decimals)

    def contains(self, value: Decimal | float | int) -> bool:
        """Whether a value lies within the range."""
        return self.low <= Decimal(str(value)) <= self.high

    def rounded(self, value: Decimal) -> Decimal:
        """The value rounded half up to the stored decimals."""
        return value.quantize(self.step, rounding=ROUND_HALF_UP)


def _limit(low: str, high: str, decimals: int, unit: str) -> Limit:
    return Limit(Decimal(low), Decimal(high), decimals, unit)


LIMITS: dict[str, Limit] = {
    # A child under five (the session, the API, the importer and the Rumah Gizi weighing).
    "weight": _limit("0.5", "60", 2, "kg"),
    "lenhei": _limit("35", "130", 1, "cm"),
    # Forms stopped at 60 cm, the importer at 70: 70 is kept so that a child with
    # hydrocephalus (far above +3 SD, but real) can be recorded; the z-score flag marks it.
    "headc": _limit("20", "70", 1, "cm"),
    # Forms stopped at 30 cm, the importer at 40 (an adult's arm): 30 is already far above
    # +3 SD for a five-year-old, so values beyond it are typing slips.
    "armc": _limit("5", "30", 1, "cm"),
    # The child form allowed 0.5-6 kg and 25-65 cm, the importer 0.3-7 kg and 20-65 cm: the
    # wider ranges are kept, because extremely premature babies (below 0.5 kg, under 25 cm)
    # and macrosomic newborns (above 6 kg) survive and must be registered.
    "birth_weight": _limit("0.3", "7", 2, "kg"),
    "birth_length": _limit("20", "65", 1, "cm"),
    # A pregnant woman at an antenatal visit.
    "mother_weight": _limit("25", "200", 2, "kg"),
    "lila_cm": _limit("10", "50", 1, "cm"),
    # A girl of 5-18 years in the adolescent register.
    "girl_weight": _limit("10", "150", 2, "kg"),
    "girl_height": _limit("90", "200", 1, "cm"),
    # Haemoglobin of a pregnant woman or an adolescent girl.
    "hb_g_dl": _limit("3", "20", 1, "g/dL"),
}


def limit(key: str) -> Limit:
    """The plausible range of a measured value (KeyError for an unknown key)."""
    return LIMITS[key]


def out_of_range(key: str, value: Decimal | float | int | None) -> bool:
    """Whether a given value lies outside its plausible range (a missing value does not)."""
    return value is not None and not LIMITS[key].contains(value)
