"""Cell parsers: text, decimals, whole numbers, dates, months, yes/no and choice words.

A parser takes one non-blank cell (text from a CSV, or str/float/date from a workbook) and
returns the value or raises ``CellProblem`` with the reason a user can act on. Numeric
ranges come from the module's limits table, handed in as ``Limit`` values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext as _

Parser = Callable[[Any], Any]

EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts 1900 as leap)
# Serial numbers that are plausibly dates: 1927-05-18 to 2173-10-14.
SERIAL_RANGE = (10_000, 100_000)
DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
DAY_MONTH_NAME = re.compile(r"(\d{1,2})[\s\-]+([a-z]+)\.?[\s\-]+(\d{4})")
YEAR_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})|(\d{1,2})[-/.](\d{4})")
MONTH_NAMES: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "pebruari", "february", "feb", "peb"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "agt", "aug"),
            ("september", "sept", "sep"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nopember", "nov", "nop"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}
YES_WORDS = frozenset({"ya", "y", "yes", "1", "true", "benar", "ada"})
NO_WORDS = frozenset({"tidak", "t", "tdk", "n", "no", "0", "false", "salah", "tidak ada"})


class CellProblem(Exception):
    """A cell's value is not acceptable; ``reason`` says why, in the user's language."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Limit(NamedTuple):
    """A plausible range of a measured value and the decimals it is stored with."""

    low: Decimal
    high: Decimal
    places: int


def text(cell: Any) -> str:
    """A cell as trimmed text; whole numbers from workbooks lose their ``.0``."""
    if type(cell) is str:
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    return str(cell).strip()


def is_blank(cell: Any) -> bool:
    """Whether a cell holds nothing (None, empty or spaces)."""
    return cell is None or (type(cell) is str and not cell.strip())


def decimal(limit: Limit) -> Parser:
    """A parser for a number within ``limit``, "12,4" or "12.4", rounded to its places."""
    step = Decimal(1).scaleb(-limit.places)

    def outside() -> CellProblem:
        return CellProblem(
            _("must be between %(low)s and %(high)s") % {"low": limit.low, "high": limit.high}
        )

    def parse(cell: Any) -> Decimal:
        try:
            number = _to_decimal(cell).quantize(step, rounding=ROUND_HALF_UP)
        except InvalidOperation as exc:
            # Too many digits to round (1e300): far outside any plausible range.
            raise outside() from exc
        if not limit.low <= number <= limit.high:
            raise outside()
        return number

    return parse


def _to_decimal(cell: Any) -> Decimal:
    """A finite Decimal from a number cell or text with a decimal comma or point."""
    if isinstance(cell, bool):
        raise CellProblem(_("not a number"))
    if isinstance(cell, int | float):
        value = repr(float(cell))
    else:
        value = text(cell).replace(" ", "")
        if "," in value and "." in value:
            # "1.234,5" or "1,234.5": the last mark is the decimal one, the other groups.
            thousands = "." if value.rfind(",") > value.rfind(".") else ","
            value = value.replace(thousands, "")
        value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise CellProblem(_("not a number")) from exc
    # "NaN" and "Infinity" parse as decimals but measure nothing.
    if not number.is_finite():
        raise CellProblem(_("not a number"))
    return number


def integer(low: int | None = None, high: int | None = None) -> Parser:
    """A parser for a whole number, optionally within ``low``..``high``."""

    def parse(cell: Any) -> int:
        value = text(cell)
        if not value.isdigit():
            raise CellProblem(_("not a whole number"))
        number = int(value)
        if (low is not None and number < low) or (high is not None and number > high):
            raise CellProblem(
                _("must be between %(low)s and %(high)s") % {"low": low, "high": high}
            )
        return number

    return parse


def date_value(cell: Any) -> dt.date:
    """A date from a workbook date, an Excel serial number, or text as Indonesians write it.

    Accepted text: 2026-12-31, 31/12/2026, 31-12-2026, 31.12.2026, 31 Desember 2026.
    """
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _serial(cell)
    value = text(cell)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    match = DMY.fullmatch(value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _date(year, month, day)
    match = DAY_MONTH_NAME.fullmatch(value.lower())
    if match and match.group(2) in MONTH_NAMES:
        return _date(int(match.group(3)), MONTH_NAMES[match.group(2)], int(match.group(1)))
    if re.fullmatch(r"\d{5}(\.0+)?", value):
        return _serial(float(value))
    raise CellProblem(_("not a date (use YYYY-MM-DD or DD/MM/YYYY)"))


def _date(year: int, month: int, day: int) -> dt.date:
    """A calendar date, or the problem that it does not exist (31/02)."""
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellProblem(_("not a date (use YYYY-MM-DD or DD/MM/YYYY)")) from exc


def _serial(number: float) -> dt.date:
    """An Excel serial day number (a date cell saved as a number) as a date."""
    if not SERIAL_RANGE[0] <= number < SERIAL_RANGE[1]:
        raise CellProblem(_("not a date (use YYYY-MM-DD or DD/MM/YYYY)"))
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def date(*, not_future: bool = False, today: dt.date | None = None) -> Parser:
    """A parser for a date; with ``not_future`` a date after ``today`` is refused.

    A spec built for one run passes ``today`` (reading the clock per cell is slow);
    without it the local date is read for each cell.
    """
    if not not_future:
        return date_value
    from django.utils import timezone

    def parse(cell: Any) -> dt.date:
        value = date_value(cell)
        if value > (today or timezone.localdate()):
            raise CellProblem(_("in the future"))
        return value

    return parse


def month(cell: Any) -> tuple[int | None, int]:
    """A month as (year, month): 2026-01, 01/2026, Januari 2026, a date, or 1-12 (no year)."""
    if isinstance(cell, dt.date):
        return cell.year, cell.month
    value = text(cell).lower()
    match = YEAR_MONTH.fullmatch(value)
    if match:
        year = int(match.group(1) or match.group(4))
        number = int(match.group(2) or match.group(3))
        if 1 <= number <= 12:
            return year, number
    words = value.split()
    if words and words[0] in MONTH_NAMES and len(words) <= 2:
        if len(words) == 1:
            return None, MONTH_NAMES[words[0]]
        if words[1].isdigit() and len(words[1]) == 4:
            return int(words[1]), MONTH_NAMES[words[0]]
    if value.isdigit() and 1 <= int(value) <= 12:
        return None, int(value)
    raise CellProblem(_("not a month (use 2026-01 or Januari 2026)"))


def choice(words: Mapping[str, Any], message: str | Promise) -> Parser:
    """A parser that maps known words (any case) to values; ``message`` lists what is allowed."""
    folded = {key.lower(): value for key, value in words.items()}

    def parse(cell: Any) -> Any:
        value = text(cell).lower()
        if value not in folded:
            raise CellProblem(str(message))
        return folded[value]

    return parse


def yes_no(cell: Any) -> bool:
    """Yes/no words (ya/tidak, y/t, yes/no, 1/0, ada/tidak ada)."""
    value = text(cell).lower()
    if value in YES_WORDS:
        return True
    if value in NO_WORDS:
        return False
    raise CellProblem(_("use ya or tidak"))
