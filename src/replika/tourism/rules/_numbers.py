"""Number handling shared by the tourism rules: counts, exact ratios and half-up rounding."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from numbers import Integral


def read_count(value: object) -> tuple[str, int]:
    """``("", count)`` for a whole number ≥ 0, else ``(reason, 0)``.

    The reason is ``"required"`` (None or ""), ``"not_whole_number"`` or ``"negative"``.
    """
    if type(value) is int:  # the common case first: reports are summed by the ten thousand
        return ("negative", 0) if value < 0 else ("", value)
    if value is None or value == "":
        return "required", 0
    # bool is an int subclass, but True is never a count somebody meant to type.
    if isinstance(value, bool):
        return "not_whole_number", 0
    if isinstance(value, Integral) or (isinstance(value, float | Decimal) and _is_whole(value)):
        number = int(value)
    else:
        return "not_whole_number", 0
    return ("negative", 0) if number < 0 else ("", number)


def as_count(value: object, name: str, *, blank_is_zero: bool = False) -> int:
    """The non-negative whole number in ``value``, or ``ValueError`` naming ``name``."""
    if value is None and blank_is_zero:
        return 0
    if type(value) is int and value >= 0:
        return value
    reason, number = read_count(value)
    if reason == "negative":
        raise ValueError(f"{name} must not be negative, got {value!r}")
    if reason:
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    return number


def _is_whole(value: float | Decimal) -> bool:
    """Whether a float or Decimal is finite and has no fractional part."""
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer()
    return value.is_finite() and value == value.to_integral_value()


def as_exact(value: object, name: str) -> Fraction:
    """A finite number as an exact fraction (floats by their shortest decimal form)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if isinstance(value, float | Decimal) and not _is_finite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    # str() of a float is its shortest round-tripping decimal, so 60.1 stays 60.1 rather
    # than the binary neighbour 60.0999999999999943…, which would round the wrong way.
    if isinstance(value, float):
        return Fraction(Decimal(str(value)))
    return Fraction(value)


def _is_finite(value: float | Decimal) -> bool:
    """Whether a float or Decimal is neither NaN nor infinite."""
    if isinstance(value, Decimal):
        return value.is_finite()
    return math.isfinite(value)


def round_half_up(value: Fraction, places: int = 2) -> float:
    """``value`` rounded half-up (ties away from zero) to ``places`` decimals, as a float.

    The rounding is done exactly on the fraction and the result built as a ``Decimal``, the
    same as ``Decimal.quantize(..., ROUND_HALF_UP)`` on the exact value: never banker's
    rounding, never truncation, and no binary error can turn 66.665 into 66.66.
    """
    scale = 10**places
    magnitude = abs(value) * scale
    units = (magnitude.numerator * 2 + magnitude.denominator) // (magnitude.denominator * 2)
    if value < 0:
        units = -units
    return float(Decimal(units).scaleb(-places))


def ratio(numerator: int, denominator: int, *, scale: int = 1) -> float | None:
    """``numerator / denominator × scale`` to 2 decimals half-up; ``None`` when dividing by 0."""
    if denominator == 0:
        return None
    return round_half_up(Fraction(numerator * scale, denominator))
