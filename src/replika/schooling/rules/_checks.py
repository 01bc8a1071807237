"""Argument checks and rounding shared by the schooling rules.

Every check raises ``ValueError`` naming the argument, so a caller (a form, an importer, an
API handler) can show which input was wrong.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import SupportsIndex

HUNDREDTH = Decimal("0.01")


def check_count(name: str, value: object) -> int:
    """A whole, non-negative number as an ``int``, or ``ValueError`` naming the argument."""
    # bool is an int subclass, but True pupils is a caller's mistake, not a count.
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    if isinstance(value, SupportsIndex):
        number = operator.index(value)  # int and numpy integers
    else:
        number = _whole_from_real(name, value)
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {number}")
    return number


def _whole_from_real(name: str, value: object) -> int:
    """Accept 120.0 or Decimal("120") from a spreadsheet cell, refuse 120.5, NaN and text."""
    if not isinstance(value, float | Decimal):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    finite = value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)
    if not finite or value != int(value):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    return int(value)


def check_date(name: str, value: object) -> dt.date:
    """A calendar date, refusing datetimes whose day would depend on a time zone."""
    # Which day a moment falls on depends on the zone; the caller converts to the local
    # (Asia/Jakarta) date first, so the rule never guesses.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValueError(f"{name} must be a date (not a datetime), got {value!r}")
    return value


def check_not_above(name: str, value: int, limit_name: str, limit: int, why: str = "") -> None:
    """Refuse a part that is larger than the whole it belongs to."""
    if value > limit:
        detail = f" ({why})" if why else ""
        raise ValueError(f"{name} ({value}) must not exceed {limit_name} ({limit}){detail}")


def percent(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator × 100`` to 2 decimals, half-up on Decimal; None over zero.

    Half-up (2.345 → 2.35), never banker's rounding or truncation. The division runs with
    enough precision that the rounding sees the exact quotient of two whole counts.
    """
    if denominator == 0:
        return None
    with localcontext() as context:
        context.prec = 60
        exact = Decimal(numerator) * 100 / Decimal(denominator)
        return float(exact.quantize(HUNDREDTH, rounding=ROUND_HALF_UP))
