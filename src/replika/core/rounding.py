"""The one way a share becomes a percentage: half up, one decimal, never truncated.

Every page, answer and file that shows a percentage computes it here, so 14 of 34 is 41.2 %
everywhere (not 41.1 % by truncation, nor 41.2 here and 41.1 there by float rounding), and
an exact half rounds up (33 of 80 is 41.3 %, where ``round(41.25, 1)`` gives 41.2).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

ONE_DECIMAL = Decimal("0.1")


def percent(count: int, total: int) -> float | None:
    """``count`` of ``total`` in percent, rounded half up to one decimal; None without total."""
    if not total:
        return None
    exact = Decimal(100 * count) / Decimal(total)
    return float(exact.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP))


def percent_text(value: float | None) -> str:
    """A percentage from ``percent`` as the page's language writes it ("41,2"), "—" for none."""
    if value is None:
        return "—"
    return number_format(Decimal(str(value)).quantize(ONE_DECIMAL), 1)
