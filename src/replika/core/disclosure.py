"""Small-cell suppression: the rule every public figure of every module goes through.

A public output (page, API, open-data file) is an aggregate anyone may read. A small count
can point at a child: "3 of 32 children wasted in this kelurahan" narrows a family down to a
street. So, for anything shown to the public:

- a **count** below the minimum (``REPLIKA_PUBLIC_MIN_CELL``, 10 by default) is not shown:
  pages print "< 10", the API answers ``null`` with ``suppressed: true``;
- a **rate** is withheld when its numerator or its denominator is below the minimum (the
  numbers themselves follow the count rule);
- zero counts as small: "0 of 12" would say something about each of the 12;
- public outputs go no lower than the **kecamatan** (level 3): a request for a
  desa/nagari/kelurahan is refused with a clear message (422 in the API) rather than
  silently answered for the kecamatan, so a client never mistakes one area's figures for
  another's.

Signed-in dashboards, which already follow the access rules, show exact figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from replika.core import rounding
from replika.core.models import Wilayah

# The deepest region level the public may ask for: the kecamatan.
DEEPEST_PUBLIC_LEVEL = Wilayah.DISTRICT


def min_cell() -> int:
    """The smallest count a public output may show (the ``REPLIKA_PUBLIC_MIN_CELL`` setting)."""
    return int(settings.REPLIKA_PUBLIC_MIN_CELL)


def is_small(count: int, minimum: int | None = None) -> bool:
    """Whether a count is below the public minimum (zero included)."""
    return count < (min_cell() if minimum is None else minimum)


def public_level_allowed(level: int) -> bool:
    """Whether figures of a region at ``level`` (1 province … 4 desa) may be public."""
    return level <= DEEPEST_PUBLIC_LEVEL


@dataclass(frozen=True)
class PublicCount:
    """A count as the public may see it: the number, or None when it is suppressed."""

    value: int | None
    minimum: int

    @property
    def suppressed(self) -> bool:
        """Whether the number is withheld."""
        return self.value is None

    def __str__(self) -> str:
        if self.value is None:
            return f"< {number_format(self.minimum, force_grouping=True)}"
        return number_format(self.value, force_grouping=True)


@dataclass(frozen=True)
class PublicRate:
    """A share as the public may see it: withheld when either of its numbers is small."""

    count: PublicCount
    total: PublicCount
    percent: float | None

    @property
    def suppressed(self) -> bool:
        """Whether anything of the rate is withheld."""
        return self.count.suppressed or self.total.suppressed

    def __str__(self) -> str:
        if self.percent is None:
            return _("%(count)s of %(total)s") % {"count": self.count, "total": self.total}
        return _("%(percent)s %% (%(count)s of %(total)s)") % {
            "percent": rounding.percent_text(self.percent),
            "count": self.count,
            "total": self.total,
        }


def public_count(count: int, minimum: int | None = None) -> PublicCount:
    """The count itself, or a suppressed count when it is below the minimum."""
    floor = min_cell() if minimum is None else minimum
    return PublicCount(value=None if count < floor else count, minimum=floor)


def public_rate(count: int, total: int, minimum: int | None = None) -> PublicRate:
    """A rate in percent (one decimal), withheld when the numerator or denominator is small."""
    numerator = public_count(count, minimum)
    denominator = public_count(total, minimum)
    withheld = numerator.suppressed or denominator.suppressed
    percent = None if withheld else rounding.percent(count, total)
    return PublicRate(count=numerator, total=denominator, percent=percent)
