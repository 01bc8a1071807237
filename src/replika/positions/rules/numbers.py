"""Exact arithmetic helpers: checked conversion to Decimal and half-up rounding."""

from __future__ import annotations

import numbers
from decimal import ROUND_HALF_UP, Decimal

# Numbers a caller may hand in: plain ints and floats, Decimals, numpy scalars.
Number = int | float | Decimal


def to_decimal(value: object, *, name: str) -> Decimal:
    """``value`` as an exact finite Decimal, or ValueError naming ``name``."""
    # Exact type checks first: a province recomputes hundreds of thousands of tasks at once.
    result: Decimal
    if type(value) is int:
        return Decimal(value)
    if type(value) is float:
        # The shortest repr of a float is what the person typed (0.1, not 0.1000000000000000055).
        result = Decimal(repr(value))
    elif isinstance(value, Decimal):
        result = value
    # bool is an int subclass, but True minutes are a caller's mistake, not a number.
    elif value is None or isinstance(value, bool):
        raise ValueError(f"{name} must be a number, got {value!r}")
    elif isinstance(value, numbers.Integral):
        result = Decimal(int(value))
    elif isinstance(value, numbers.Real):
        result = Decimal(repr(float(value)))
    else:
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not result.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return result


def non_negative(value: object, *, name: str) -> Decimal:
    """``value`` as a Decimal that is zero or more, or ValueError naming ``name``."""
    result = to_decimal(value, name=name)
    if result < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return result


def positive(value: object, *, name: str) -> Decimal:
    """``value`` as a Decimal above zero, or ValueError naming ``name``."""
    result = to_decimal(value, name=name)
    if result <= 0:
        raise ValueError(f"{name} must be above zero, got {value!r}")
    return result


def count(value: object, *, name: str) -> int:
    """``value`` as a whole count of zero or more, or ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    result = int(value)
    if result < 0:
        raise ValueError(f"{name} must not be negative, got {value!r}")
    return result


def half_up(value: Decimal, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimals, halves away from zero (0.125 → 0.13)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def half_up_float(value: Decimal, places: int) -> float:
    """``value`` rounded half-up to ``places`` decimals, returned as a float."""
    return float(half_up(value, places))


def whole_people(need: Decimal) -> int:
    """People for an exact ``need``: half-up to a whole number, at least 1 when above 0."""
    people = int(half_up(need, 0))
    # A position with any workload needs somebody, even when the work fills < half a year.
    if need > 0:
        return max(people, 1)
    return people


def plain(value: Decimal) -> int | float:
    """``value`` as an int when it is whole, otherwise as a float (for JSON and display)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
