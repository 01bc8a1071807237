"""`replika zscore INPUT.csv OUTPUT.csv`: WHO z-scores and Permenkes categories for a CSV file.

Input columns (header names are case-insensitive): sex (1/2, L/P, M/F), age_days or
birth_date + visit_date (ISO dates), weight (kg), lenhei (cm), measure (l/h/blank),
oedema (y/n/blank), optional headc and armc (cm).  Every input column passes through
unchanged; the output appends zlen,zwei,zwfl,zbmi,flen,fwei,fwfl,fbmi and the four
cat_* categories (plus zhc,fhc / zac,fac when headc / armc are given).  When any row is
61 months or older, the WHO 2007 reference columns zhfa,zwfa,zbfa,fhfa,fwfa,fbfa and the
5-18 years IMT/U category cat_zbfa follow (blank for the under-fives; the 2006 columns are
blank for the older children).  Cells that
cannot be computed are blank; unparseable cells count as missing.  The delimiter (',', ';'
or tab) is taken from the header line, a decimal comma is accepted, and the line ending,
encoding and BOM of the input are kept (UTF-16 input is written as UTF-8).
"""

from __future__ import annotations

import argparse
import csv
import functools
import gc
import sys
from collections.abc import Iterator

import numpy as np

from replika.nutrition.growth.categories import CODES, categorize, category_index
from replika.nutrition.growth.csvio import (
    Column,
    CsvInput,
    parse_codes,
    parse_dates,
    parse_numbers,
    read_csv,
    write_csv,
)
from replika.nutrition.growth.engine import (
    MEASURE_WORDS,
    OEDEMA_WORDS,
    SEX_WORDS,
    zscores_from_codes,
)
from replika.nutrition.growth.reference2007 import MIN_MONTHS, zscores_5_19
from replika.nutrition.growth.tables import DAYS_PER_MONTH

PROG = "replika zscore"
REQUIRED = ("sex", "weight", "lenhei", "measure", "oedema")
OPTIONAL = ("age_days", "birth_date", "visit_date", "headc", "armc")
MAIN_INDICATORS = ("zlen", "zwei", "zwfl", "zbmi")
OUTPUT_COLUMNS = (
    *MAIN_INDICATORS,
    *(f"f{key[1:]}" for key in MAIN_INDICATORS),
    *(f"cat_{key}" for key in MAIN_INDICATORS),
)
REFERENCE_2007 = ("zhfa", "zwfa", "zbfa")
# Pre-formatted "-99.99".."99.99": formatting a million floats one by one is the slow part.
_Z_TEXT_LIMIT = 9999


def _parser() -> argparse.ArgumentParser:
    """Command-line arguments of the zscore command."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Add WHO growth z-scores and Permenkes 2/2020 categories."
    )
    parser.add_argument(
        "input", metavar="INPUT.csv", help="input CSV file ('-' for standard input)"
    )
    parser.add_argument(
        "output", metavar="OUTPUT.csv", help="output CSV file ('-' for standard output)"
    )
    return parser


def _error(message: str) -> None:
    """Print a one-line error on stderr."""
    print(f"{PROG}: error: {message}", file=sys.stderr)


def missing_columns(table: CsvInput) -> list[str]:
    """Required columns absent from the header, as they should be named in a message."""
    missing = [name for name in REQUIRED if table.column(name) is None]
    has_dates = table.column("birth_date") is not None and table.column("visit_date") is not None
    if table.column("age_days") is None and not has_dates:
        missing.insert(1 if "sex" in missing else 0, "age_days (or birth_date and visit_date)")
    return missing


def _required(table: CsvInput, name: str) -> Column:
    """A column that missing_columns() has already checked is present."""
    col = table.column(name)
    if col is None:
        raise KeyError(name)
    return col


def _age_days(table: CsvInput) -> np.ndarray:
    """Age in days from age_days, completed from visit_date - birth_date where blank."""
    birth, visit = table.column("birth_date"), table.column("visit_date")
    if birth is None or visit is None:
        return parse_numbers(_required(table, "age_days"))
    from_dates = parse_dates(visit) - parse_dates(birth)
    age_col = table.column("age_days")
    if age_col is None:
        return from_dates
    age = parse_numbers(age_col)
    return np.where(np.isnan(age), from_dates, age)


def _numbers(table: CsvInput, name: str) -> np.ndarray | None:
    """An optional numeric column, or None when the file does not have it."""
    col = table.column(name)
    return None if col is None else parse_numbers(col)


def compute(table: CsvInput) -> dict[str, np.ndarray]:
    """Run the engines on the parsed columns (after missing_columns() found none missing).

    The 2006 standards cover the under-fives; rows from 61 months on get the 2007 reference
    (its keys are added only when the file has such a row).
    """
    sex = parse_codes(_required(table, "sex"), SEX_WORDS)
    age_days = _age_days(table)
    weight = parse_numbers(_required(table, "weight"))
    lenhei = parse_numbers(_required(table, "lenhei"))
    oedema = parse_codes(_required(table, "oedema"), OEDEMA_WORDS).astype(bool)
    result = zscores_from_codes(
        sex=sex,
        age_days=age_days,
        weight=weight,
        lenhei=lenhei,
        measure=parse_codes(_required(table, "measure"), MEASURE_WORDS),
        oedema=oedema,
        headc=_numbers(table, "headc"),
        armc=_numbers(table, "armc"),
    )
    age_months = age_days / DAYS_PER_MONTH
    if np.any(age_months >= MIN_MONTHS):
        result.update(zscores_5_19(sex, age_months, weight, lenhei, oedema))
    return result


@functools.cache
def _z_texts() -> np.ndarray:
    """Object array of b"-99.99" .. b"99.99", indexed by hundredths + limit."""
    texts = [f"{k / 100:.2f}".encode() for k in range(-_Z_TEXT_LIMIT, _Z_TEXT_LIMIT + 1)]
    return np.array(texts, dtype=object)


def z_cells(z: np.ndarray) -> list[bytes]:
    """Format z-scores with 2 decimals; blank for NaN."""
    hundredths = np.rint(z * 100)
    known = ~np.isnan(z)
    common = known & (np.abs(hundredths) <= _Z_TEXT_LIMIT)
    index = np.where(common, hundredths + _Z_TEXT_LIMIT, 0).astype(np.intp)
    cells = _z_texts()[index]
    cells[~known] = b""
    rare = np.flatnonzero(known & ~common)
    cells[rare] = [f"{value:.2f}".encode() for value in z[rare]]
    return list(cells.tolist())


def flag_codes(flag: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Flags as 0/1, and 2 where the z-score is blank (the flag is then blank too)."""
    return np.where(np.isnan(z), 2, flag.astype(np.intp))


_FLAG_TEXTS = (b"0", b"1", b"")


def flag_cells(flag: np.ndarray, z: np.ndarray) -> list[bytes]:
    """Flags as 0/1; blank where the z-score itself is blank."""
    return list(np.array(_FLAG_TEXTS, dtype=object)[flag_codes(flag, z)].tolist())


def status_cells(result: dict[str, np.ndarray], separator: bytes) -> list[bytes]:
    """The four flags and four categories of each row, pre-joined into one cell string.

    A row has at most 3**4 * 5 * 5 * 7 * 7 combinations and a file far fewer, so each
    distinct combination is formatted once; this halves the per-row joining work.
    """
    parts: list[tuple[np.ndarray, tuple[bytes, ...]]] = []
    for key in MAIN_INDICATORS:
        parts.append((flag_codes(result[f"f{key[1:]}"], result[key]), _FLAG_TEXTS))
    for key in MAIN_INDICATORS:
        texts = tuple(c.encode() for c in (*CODES[key], ""))
        parts.append((category_index(key, result[key]).astype(np.intp), texts))
    combined = np.zeros(len(result["zlen"]), dtype=np.intp)
    for codes, texts in parts:
        combined = combined * len(texts) + codes
    present = np.zeros(int(np.prod([len(texts) for _, texts in parts])), dtype=bool)
    present[combined] = True
    table = np.empty(len(present), dtype=object)
    for code in np.flatnonzero(present).tolist():
        table[code] = separator.join(_decode_combination(code, parts))
    return list(table[combined].tolist())


def _decode_combination(
    code: int, parts: list[tuple[np.ndarray, tuple[bytes, ...]]]
) -> list[bytes]:
    """The cell texts of one combined code (mixed-radix digits, last part fastest)."""
    cells = []
    for _, texts in reversed(parts):
        code, digit = divmod(code, len(texts))
        cells.append(texts[digit])
    return cells[::-1]


def output_pieces(
    result: dict[str, np.ndarray], table: CsvInput
) -> tuple[list[str], list[list[bytes]]]:
    """Names of the appended columns and their cells, some pre-joined, in output order."""
    separator = table.delimiter.encode()
    names = list(OUTPUT_COLUMNS)
    pieces = [z_cells(result[key]) for key in MAIN_INDICATORS]
    pieces.append(status_cells(result, separator))
    for key, source in (("zhc", "headc"), ("zac", "armc")):
        if table.column(source) is not None:
            flag = f"f{key[1:]}"
            names += [key, flag]
            pieces += [z_cells(result[key]), flag_cells(result[flag], result[key])]
    if "zhfa" in result:
        names += [*REFERENCE_2007, *(f"f{key[1:]}" for key in REFERENCE_2007), "cat_zbfa"]
        pieces += [z_cells(result[key]) for key in REFERENCE_2007]
        pieces += [flag_cells(result[f"f{key[1:]}"] == 1, result[key]) for key in REFERENCE_2007]
        pieces.append([code.encode() for code in categorize("zbfa", result["zbfa"]).tolist()])
    return names, pieces


def _read_input(path: str) -> bytes:
    """All bytes of the input file or standard input."""
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def _write_output(path: str, chunks: Iterator[bytes]) -> None:
    """Write the output chunks to a file or standard output."""
    if path == "-":
        sys.stdout.buffer.writelines(chunks)
        sys.stdout.buffer.flush()
        return
    with open(path, "wb") as handle:
        handle.writelines(chunks)


def run(input_path: str, output_path: str) -> int:
    """Read, compute and write; returns the exit code."""
    try:
        data = _read_input(input_path)
    except OSError as exc:
        _error(f"cannot read {input_path}: {exc.strerror or exc}")
        return 1
    wanted = (*REQUIRED, *OPTIONAL)
    try:
        table = read_csv(data, wanted)
    except (ValueError, csv.Error) as exc:
        _error(f"cannot parse {input_path}: {exc}")
        return 2
    missing = missing_columns(table)
    if missing:
        _error(f"missing required column(s): {', '.join(missing)}")
        return 2
    names, pieces = output_pieces(compute(table), table)
    chunks = write_csv(
        table.header_line, names, table.lines, pieces, table.delimiter, table.newline
    )
    try:
        _write_output(output_path, chunks)
    except OSError as exc:
        _error(f"cannot write {output_path}: {exc.strerror or exc}")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `replika zscore INPUT.csv OUTPUT.csv`; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help and on usage errors
        return exc.code if isinstance(exc.code, int) else 2
    # Millions of short-lived cells make the cyclic GC rescan for nothing; nothing here cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return run(args.input, args.output)
    finally:
        if gc_was_enabled:
            gc.enable()


if __name__ == "__main__":
    raise SystemExit(main())
