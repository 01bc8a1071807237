"""BPS accommodation statistics (TPK, TPTT, RLMT, GPR), compliance and year-on-year change.

Every regional figure is a ratio of sums over the operators' reports, never a mean of each
operator's percentage: a 10-room guesthouse must not weigh as much as a 200-room hotel.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from replika.tourism.rules._numbers import as_count, as_exact, ratio, round_half_up

# The fields of one monthly accommodation report (the VHTS questionnaire's columns).
ACCOMMODATION_FIELDS: tuple[str, ...] = (
    "rooms",
    "beds",
    "days",
    "rooms_sold",
    "guests_domestic",
    "guests_foreign",
    "nights_domestic",
    "nights_foreign",
)


@dataclass(frozen=True)
class AccommodationTotals:
    """Sums over accommodation reports: the numerators and denominators of every rate.

    Built from database aggregates too, so a ``None`` sum (no rows) is read as 0 and a
    whole ``Decimal`` (PostgreSQL's SUM of bigint) is stored as an ``int``.
    """

    room_nights_available: int = 0
    bed_nights_available: int = 0
    rooms_sold: int = 0
    guests_domestic: int = 0
    guests_foreign: int = 0
    nights_domestic: int = 0
    nights_foreign: int = 0

    def __post_init__(self) -> None:
        """Refuse negative or non-whole sums, and more room-nights sold than available."""
        for field in fields(self):
            count = as_count(getattr(self, field.name), field.name, blank_is_zero=True)
            object.__setattr__(self, field.name, count)  # frozen: normalise once, here
        if self.rooms_sold > self.room_nights_available:
            raise ValueError(
                f"rooms_sold ({self.rooms_sold}) exceeds room_nights_available "
                f"({self.room_nights_available})"
            )

    def __add__(self, other: AccommodationTotals) -> AccommodationTotals:
        """The totals of two groups of reports together."""
        return AccommodationTotals(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @property
    def guests(self) -> int:
        """Guests arriving, domestic and foreign."""
        return self.guests_domestic + self.guests_foreign

    @property
    def nights(self) -> int:
        """Guest-nights (bed-nights used), domestic and foreign."""
        return self.nights_domestic + self.nights_foreign


def _report_counts(report: Mapping[str, object]) -> tuple[int, int, int, int, int, int, int]:
    """One report's contribution, in the order of ``AccommodationTotals``' fields."""
    try:
        raw = [report[name] for name in ACCOMMODATION_FIELDS]
    except KeyError:
        missing = [name for name in ACCOMMODATION_FIELDS if name not in report]
        raise ValueError(f"accommodation report lacks {', '.join(missing)}") from None
    rooms, beds, days, sold, guests_dom, guests_for, nights_dom, nights_for = (
        as_count(value, name, blank_is_zero=True)
        for value, name in zip(raw, ACCOMMODATION_FIELDS, strict=True)
    )
    if sold > rooms * days:
        raise ValueError(f"rooms_sold ({sold}) exceeds rooms × days ({rooms} × {days})")
    return (rooms * days, beds * days, sold, guests_dom, guests_for, nights_dom, nights_for)


def accommodation_report_totals(report: Mapping[str, object]) -> AccommodationTotals:
    """The totals one monthly report contributes; ``ValueError`` on a bad or missing count.

    A blank (``None``) count is read as zero, as on the paper form; a missing key is an error
    because it usually means the wrong mapping was passed.
    """
    return AccommodationTotals(*_report_counts(report))


def accommodation_totals(reports: Iterable[Mapping[str, object]]) -> AccommodationTotals:
    """The sums over ``reports`` (each report checked on its own, so none can hide another)."""
    columns = zip(*(_report_counts(report) for report in reports), strict=True)
    return AccommodationTotals(*(sum(column) for column in columns))


def statistics_from_totals(totals: AccommodationTotals) -> dict[str, float | None]:
    """TPK, TPTT, RLMT (all, domestic, foreign) and GPR from sums; ``None`` where a sum is 0.

    TPK = room-nights sold / room-nights available × 100; TPTT = guest-nights / bed-nights
    available × 100; RLMT = guest-nights / guests arriving; GPR = guest-nights / room-nights
    sold (guests per occupied room per night). Each is rounded half-up to 2 decimals.
    """
    # GPR is published as "guests per room sold"; BPS's worked figures (900 guest-nights in
    # 720 room-nights ⇒ 1.25) show it is counted per night, so guest-nights are the numerator.
    return {
        "tpk": ratio(totals.rooms_sold, totals.room_nights_available, scale=100),
        "tptt": ratio(totals.nights, totals.bed_nights_available, scale=100),
        "rlmt": ratio(totals.nights, totals.guests),
        "rlmt_domestic": ratio(totals.nights_domestic, totals.guests_domestic),
        "rlmt_foreign": ratio(totals.nights_foreign, totals.guests_foreign),
        "gpr": ratio(totals.nights, totals.rooms_sold),
    }


def accommodation_statistics(reports: Iterable[Mapping[str, object]]) -> dict[str, float | None]:
    """BPS accommodation rates over ``reports`` as ratios of sums, 2 decimals half-up.

    Each report maps ``rooms``, ``beds``, ``days``, ``rooms_sold`` (room-nights),
    ``guests_domestic``, ``guests_foreign``, ``nights_domestic`` and ``nights_foreign`` to
    whole numbers. Returns ``tpk`` and ``tptt`` in percent, ``rlmt``, ``rlmt_domestic``,
    ``rlmt_foreign`` and ``gpr``; a rate whose denominator sums to 0 is ``None``. A negative
    or non-whole count, or more room-nights sold than rooms × days, raises ``ValueError``.
    """
    return statistics_from_totals(accommodation_totals(reports))


def compliance(*, filed: int, obliged: int) -> float | None:
    """The share of obliged operators that filed, in percent, 2 decimals half-up.

    ``None`` when nobody is obliged; ``ValueError`` when a count is negative or not whole,
    or when more operators filed than were obliged.
    """
    n_filed = as_count(filed, "filed")
    n_obliged = as_count(obliged, "obliged")
    if n_filed > n_obliged:
        raise ValueError(f"filed ({n_filed}) exceeds obliged ({n_obliged})")
    return ratio(n_filed, n_obliged, scale=100)


def change_in_points(current: float | None, previous: float | None) -> float | None:
    """Year-on-year change of a percentage in points (``current − previous``), 2 decimals.

    BPS reports a rate's change as the difference of the two published percentages
    ("naik 1,23 poin"), not as a relative change. ``None`` when either side is unknown;
    ``ValueError`` for a negative or non-finite percentage. Rounded half-up (ties away from
    zero).
    """
    if current is None or previous is None:
        return None
    now = as_exact(current, "current")
    before = as_exact(previous, "previous")
    if now < 0:
        raise ValueError(f"current must not be negative, got {current!r}")
    if before < 0:
        raise ValueError(f"previous must not be negative, got {previous!r}")
    return round_half_up(now - before)


def change_in_percent(current: int | None, previous: int | None) -> float | None:
    """Year-on-year growth of a count (visits, guests) in percent, 2 decimals half-up.

    ``None`` when either count is unknown or the previous count is 0 (growth from nothing
    has no percentage); ``ValueError`` for a negative or non-whole count.
    """
    if current is None or previous is None:
        return None
    now = as_count(current, "current")
    before = as_count(previous, "previous")
    return ratio(now - before, before, scale=100)
