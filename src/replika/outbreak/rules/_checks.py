"""Argument checks shared by the outbreak rules; each raises ValueError naming the argument."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from numbers import Integral, Real


def as_date(value: object, name: str) -> dt.date:
    """The calendar date of a date (or of a datetime, in its own time zone)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise ValueError(f"{name} must be a date, not {type(value).__name__}")


def non_negative_int(value: object, name: str) -> int:
    """A whole number of zero or more (booleans are refused: they are never a count)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    number = int(value)
    if number < 0:
        raise ValueError(f"{name} must not be negative, got {number}")
    return number


def positive_real(value: object, name: str) -> float:
    """A finite number above zero."""
    number = _real(value, name)
    if number <= 0:
        raise ValueError(f"{name} must be greater than 0, got {value!r}")
    return number


def count_values(values: Iterable[object], name: str) -> list[float]:
    """Finite, non-negative numbers (case counts), checked one by one with their position."""
    if isinstance(values, str | bytes):
        raise ValueError(f"{name} must be a sequence of counts, not a string")
    checked: list[float] = []
    for index, value in enumerate(values):
        number = _real(value, f"{name}[{index}]")
        if number < 0:
            raise ValueError(f"{name}[{index}] must not be negative, got {value!r}")
        checked.append(number)
    return checked


def _real(value: object, name: str) -> float:
    """A finite real number (booleans refused)."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number, not {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return number
