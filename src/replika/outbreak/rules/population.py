"""Reading kecamatan populations pasted or uploaded as rows of "code;population"."""

from __future__ import annotations

import csv
import io
from collections.abc import Collection
from dataclasses import dataclass

# A kecamatan of Sumatera Barat has a few thousand to a few hundred thousand people; a figure
# above this is a typing slip (an extra digit), not a kecamatan.
MAX_POPULATION = 2_000_000

# What can be wrong with a row (the form words each one for the user).
BAD_FORMAT = "format"  # not two columns
UNKNOWN_CODE = "unknown"  # not a kecamatan of this region
BAD_NUMBER = "number"  # not a whole number from 1 to MAX_POPULATION
REPEATED = "repeated"  # the same kecamatan twice


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based line number as the user sees it
    problem: str
    value: str


def population_value(text: str) -> int | None:
    """A population written the Indonesian way or plainly ("12.345", "12345"); None if it is
    not a whole number from 1 to MAX_POPULATION."""
    digits = text.strip().replace(".", "").replace(" ", "")
    if not digits.isdigit():
        return None
    number = int(digits)
    return number if 1 <= number <= MAX_POPULATION else None


def read_population_rows(
    text: str, codes: Collection[str]
) -> tuple[dict[str, int], list[RowProblem]]:
    """The populations of ``text`` by kecamatan code, and every row that could not be read.

    Rows are "code;population" or "code,population" (as spreadsheets export them); a first
    row whose number column is not a number is taken as a header. Nothing is kept from a row
    with a problem, and a kecamatan named twice is a problem (which figure is right?).
    """
    lines = text.strip().splitlines()
    if not lines:
        return {}, []
    delimiter = ";" if ";" in lines[0] else ","
    values: dict[str, int] = {}
    problems: list[RowProblem] = []
    for number, row in enumerate(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter), 1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) != 2:
            problems.append(RowProblem(number, BAD_FORMAT, delimiter.join(cells)))
            continue
        code, raw = cells
        population = population_value(raw)
        if number == 1 and population is None and code not in codes:
            continue  # a header row ("kode;penduduk")
        if code not in codes:
            problems.append(RowProblem(number, UNKNOWN_CODE, code))
        elif population is None:
            problems.append(RowProblem(number, BAD_NUMBER, raw))
        elif code in values:
            problems.append(RowProblem(number, REPEATED, code))
        else:
            values[code] = population
    return values, problems
