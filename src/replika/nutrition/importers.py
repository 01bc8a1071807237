"""e-PPGBM imports: children (base data) and monthly measurements, from xlsx or CSV.

Accepted headers (first row that names at least two known columns; case, spaces, dots,
dashes and units in brackets are ignored, so ``TB/PB (cm)`` = ``tb/pb``):

Base data (children) — required: nama, tanggal lahir, jenis kelamin, posyandu.
  no kk | nik anak (nik) | nama (nama anak, name) | tanggal lahir (tgl lahir, birth date)
  | jenis kelamin (jk, sex: L/P, 1/2) | anak ke (birth order) | berat lahir (birth weight)
  | panjang lahir (birth length) | nik ibu | nik ayah | nama ibu (mother name) | alamat
  (address) | posyandu (nama posyandu, kode posyandu).
Measurements — required: tanggal ukur and either nik or nama + tanggal lahir + nama ibu
(matched within the posyandu, or among all of yours when the posyandu is blank).
  nik (nik anak) | nama | tanggal lahir | nama ibu | posyandu | bulan (month: 2026-01,
  01/2026, Januari 2026; must agree with tanggal ukur) | tanggal ukur (tgl ukur, visit date)
  | bb (berat badan, weight; kg) | tb/pb (pb/tb, tinggi badan, panjang badan, height,
  length; cm) | cara ukur (terlentang/berdiri, L/H, lying/standing) | edema (oedema; ya/tidak)
  | lingkar kepala (lika, head circumference) | lila (lingkar lengan atas, muac).
Ignored: e-PPGBM's computed status columns (bb/u, tb/u, bb/tb, z-scores …), puskesmas, no,
and any column not listed; they are recomputed or not needed.

A row for a posyandu or child outside the importer's area (scoped with IMPORT_DATA) is a
bad row and never written. Re-importing a file adds nothing: children match by NIK or name +
birth date + mother, measurements upsert by child and month.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from replika.core.access import live_region_ids, scoped
from replika.core.models import Unit, User
from replika.nutrition import rules, unit_kinds
from replika.nutrition.models import Child
from replika.nutrition.permissions import IMPORT_DATA
from replika.nutrition.services import bulk

KIND_CHILDREN = "children"
KIND_MEASUREMENTS = "measurements"
KINDS = (
    (KIND_MEASUREMENTS, gettext_lazy("Monthly measurements")),
    (KIND_CHILDREN, gettext_lazy("Base data (children)")),
)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # an xlsx unpacking beyond this is a zip bomb
MAX_ROWS = 200_000
CHUNK = 2000

ALIASES: dict[str, tuple[str, ...]] = {
    "no_kk": ("no kk", "nomor kk", "no kartu keluarga", "family card"),
    "nik": ("nik", "nik anak", "child nik"),
    "name": ("nama", "nama anak", "name", "child name", "nama balita"),
    "birth_date": ("tanggal lahir", "tgl lahir", "tanggal lahir anak", "birth date", "dob"),
    "sex": ("jenis kelamin", "jk", "l/p", "sex"),
    "birth_order": ("anak ke", "anak ke-", "birth order"),
    "birth_weight": ("berat lahir", "bb lahir", "birth weight"),
    "birth_length": ("panjang lahir", "pb lahir", "tb lahir", "birth length"),
    "mother_nik": ("nik ibu", "mother nik"),
    "father_nik": ("nik ayah", "father nik"),
    "mother_name": ("nama ibu", "nama ibu kandung", "mother name", "mother's name"),
    "address": ("alamat", "address"),
    "posyandu": ("posyandu", "nama posyandu", "kode posyandu"),
    "period": ("bulan", "bulan ukur", "bulan pengukuran", "month"),
    "visit_date": ("tanggal ukur", "tgl ukur", "tanggal pengukuran", "visit date"),
    "weight": ("bb", "berat", "berat badan", "weight"),
    "lenhei": (
        "tb/pb",
        "pb/tb",
        "tb",
        "pb",
        "tinggi",
        "tinggi badan",
        "panjang badan",
        "length/height",
        "height",
        "length",
        "lenhei",
    ),
    "measure": ("cara ukur", "posisi", "posisi ukur", "measure", "position"),
    "oedema": ("edema", "oedema", "bengkak"),
    "headc": ("lingkar kepala", "lika", "lk", "head circumference"),
    "armc": ("lila", "lingkar lengan atas", "arm circumference", "muac"),
}
REQUIRED = {
    KIND_CHILDREN: ("name", "birth_date", "sex", "posyandu"),
    KIND_MEASUREMENTS: ("visit_date",),
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "january", "jan"),
            ("februari", "february", "feb", "pebruari"),
            ("maret", "march", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("agustus", "august", "agu", "aug"),
            ("september", "sep"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov", "nopember"),
            ("desember", "december", "des", "dec"),
        ],
        start=1,
    )
    for name in names
}
MEASURE_WORDS = {
    "": "",
    "l": "l",
    "terlentang": "l",
    "telentang": "l",
    "berbaring": "l",
    "lying": "l",
    "pb": "l",
    "h": "h",
    "berdiri": "h",
    "standing": "h",
    "tb": "h",
}
YES = {"ya", "y", "yes", "1", "true", "ada"}
NO = {"", "tidak", "t", "n", "no", "0", "false", "tidak ada"}
# (low, high, decimal places) of each measured value, as the recording service accepts them.
RANGES: dict[str, tuple[Decimal, Decimal, int]] = {
    "weight": (Decimal("0.5"), Decimal("60"), 2),
    "lenhei": (Decimal("35"), Decimal("130"), 1),
    "headc": (Decimal("20"), Decimal("70"), 1),
    "armc": (Decimal("5"), Decimal("40"), 1),
    "birth_weight": (Decimal("0.3"), Decimal("7"), 2),
    "birth_length": (Decimal("20"), Decimal("65"), 1),
}


class FileRefused(Exception):
    """The upload is not a file this importer will open (type, size or a zip bomb)."""


class RowProblem(Exception):
    """One cell of a row is bad; carries the field and the reason."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


@dataclass(frozen=True)
class Problem:
    """A bad row in the report: row number (as in the spreadsheet), column, value, reason."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class ImportResult:
    """What an import did, for the job page and the audit trail."""

    kind: str
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def bad(self) -> int:
        return len({p.row for p in self.problems})

    def counts(self) -> dict[str, Any]:
        """Plain counts for the job result and the audit event."""
        return {
            "kind": self.kind,
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "bad": self.bad,
        }

    def add(self, counts: bulk.Counts) -> None:
        self.created += counts.created
        self.updated += counts.updated
        self.unchanged += counts.unchanged


# --- the file --------------------------------------------------------------------------------


def sniff(name: str, content: bytes) -> str:
    """The file's type ("xlsx" or "csv") from its extension and its bytes; else refuse."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if len(content) > MAX_UPLOAD_BYTES:
        raise FileRefused(_("The file is larger than 20 MB."))
    if extension == "xlsx":
        _check_xlsx(content)
        return "xlsx"
    if extension == "csv":
        if content.startswith(b"PK\x03\x04") or b"\x00" in content[:65536]:
            raise FileRefused(_("This is not a CSV text file."))
        return "csv"
    raise FileRefused(_("Upload an .xlsx or .csv file."))


def _check_xlsx(content: bytes) -> None:
    """An xlsx is a zip holding [Content_Types].xml that does not unpack beyond the cap."""
    if not content.startswith(b"PK\x03\x04"):
        raise FileRefused(_("This is not an Excel (.xlsx) file."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FileRefused(_("This is not an Excel (.xlsx) file.")) from exc
    if "[Content_Types].xml" not in {info.filename for info in infos}:
        raise FileRefused(_("This is not an Excel (.xlsx) file."))
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise FileRefused(_("The spreadsheet unpacks to more than 100 MB."))


def _xlsx_rows(content: bytes) -> Iterator[Sequence[Any]]:
    """Rows of the first sheet, read-only (values, not formulas)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(content: bytes) -> Iterator[Sequence[Any]]:
    """Rows of a CSV in UTF-8 (with or without BOM) or Windows-1252; ``,`` or ``;``."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first = text[: text.find("\n")] if "\n" in text else text
    # Spreadsheets set to Indonesian write semicolons because the comma is the decimal mark.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield from csv.reader(io.StringIO(text), delimiter=delimiter)


def read_rows(kind_of_file: str, content: bytes) -> Iterator[Sequence[Any]]:
    """The raw rows of an accepted file, refusing more than MAX_ROWS."""
    rows = _xlsx_rows(content) if kind_of_file == "xlsx" else _csv_rows(content)
    for count, row in enumerate(rows, start=1):
        if count > MAX_ROWS + 20:
            raise FileRefused(_("The file has more than 200,000 rows."))
        yield row


def header_key(text: Any) -> str:
    """A header folded for matching: lower case, no units in brackets, dots or dashes."""
    folded = re.sub(r"\(.*?\)", " ", str(text or "").lower())
    return " ".join(re.sub(r"[.\-_:]+", " ", folded).split())


HEADER_INDEX = {header_key(alias): key for key, aliases in ALIASES.items() for alias in aliases}


def map_headers(row: Sequence[Any]) -> dict[str, int]:
    """Known field -> column index for a header row (first occurrence wins)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        key = HEADER_INDEX.get(header_key(cell))
        if key is not None and key not in found:
            found[key] = index
    return found


def find_header(rows: Iterator[Sequence[Any]]) -> tuple[dict[str, int], list[str], int]:
    """The header mapping, the header texts and its row number (title rows may come first)."""
    for number, row in enumerate(rows, start=1):
        columns = map_headers(row)
        if len(columns) >= 2:
            return columns, [str(c or "") for c in row], number
        if number >= 10:
            break
    raise FileRefused(_("No header row with the e-PPGBM column names was found."))


# --- cells -----------------------------------------------------------------------------------


def text(cell: Any) -> str:
    """A cell as trimmed text; whole numbers from spreadsheets lose their ``.0``."""
    if type(cell) is str:
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    return str(cell).strip()


def parse_date(key: str, cell: Any) -> dt.date:
    """A date from a spreadsheet date cell or 2026-01-31, 31/01/2026, 31-01-2026, 31.01.2026."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    value = text(cell)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise RowProblem(key, _("not a date (use YYYY-MM-DD or DD/MM/YYYY)"))


def parse_decimal(key: str, cell: Any) -> Decimal | None:
    """A measured value within its plausible range, rounded to its stored decimals."""
    value = text(cell).replace(",", ".")
    if not value:
        return None
    low, high, places = RANGES[key]
    try:
        number = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise RowProblem(key, _("not a number")) from exc
    # "NaN" and "Infinity" parse as decimals but are no measurement.
    if not number.is_finite():
        raise RowProblem(key, _("not a number"))
    if not low <= number <= high:
        raise RowProblem(
            key, _("must be between %(low)s and %(high)s") % {"low": low, "high": high}
        )
    return number


def parse_nik(key: str, cell: Any) -> str:
    """A NIK (16 digits); a masked one (``1371********0001``, from an export) counts as blank."""
    value = text(cell).lstrip("'").replace(" ", "")
    if "*" in value:
        return ""
    if value and not rules.NIK_PATTERN.match(value):
        raise RowProblem(key, _("NIK must be 16 digits"))
    return value


def parse_sex(cell: Any) -> int:
    """Sex as 1 (boy) or 2 (girl) from L/P, 1/2, laki-laki/perempuan, M/F."""
    value = text(cell).lower()
    if value in {"l", "1", "laki-laki", "laki laki", "m", "male"}:
        return 1
    if value in {"p", "2", "perempuan", "f", "female"}:
        return 2
    raise RowProblem("sex", _("use L or P"))


def parse_period(cell: Any, visit_date: dt.date) -> None:
    """Check the month column against the measurement date (2026-01, 01/2026, Januari 2026)."""
    if type(cell) is str and cell == f"{visit_date.year:04d}-{visit_date.month:02d}":
        return  # the common case, as e-PPGBM and our export write it
    if isinstance(cell, dt.date):
        month, year = cell.month, cell.year
    else:
        value = text(cell).lower()
        if not value:
            return
        match = re.fullmatch(r"(\d{4})[-/](\d{1,2})|(\d{1,2})[-/](\d{4})", value)
        words = value.split()
        if match:
            year = int(match.group(1) or match.group(4))
            month = int(match.group(2) or match.group(3))
        elif words and words[0] in MONTHS and (len(words) == 1 or words[1].isdigit()):
            month = MONTHS[words[0]]
            year = int(words[1]) if len(words) > 1 else visit_date.year
        elif value.isdigit() and 1 <= int(value) <= 12:
            month, year = int(value), visit_date.year
        else:
            raise RowProblem("period", _("not a month (use 2026-01 or Januari 2026)"))
    if (year, month) != (visit_date.year, visit_date.month):
        raise RowProblem("period", _("the month differs from the measurement date"))


def parse_measure(cell: Any) -> str:
    """The measuring position: "l" lying (terlentang), "h" standing (berdiri), "" unknown."""
    value = text(cell).lower()
    if value not in MEASURE_WORDS:
        raise RowProblem("measure", _("use terlentang or berdiri (L or H)"))
    return MEASURE_WORDS[value]


def parse_oedema(cell: Any) -> bool:
    """Oedema: ya/tidak (yes/no, 1/0); blank is no."""
    value = text(cell).lower()
    if value in YES:
        return True
    if value in NO:
        return False
    raise RowProblem("oedema", _("use ya or tidak"))


# --- where rows may go -----------------------------------------------------------------------


class Posyandus:
    """The posyandu the importer may act on, found by code or by name."""

    def __init__(self, user: User) -> None:
        units = scoped(
            Unit.objects.filter(
                kind=unit_kinds.POSYANDU, active=True, region_id__in=live_region_ids("nutrition")
            ),
            user,
            IMPORT_DATA,
        ).only("id", "code", "name", "region_id", "location_id")
        self.by_id: dict[int, Unit] = {u.pk: u for u in units}
        self.by_code: dict[str, Unit] = {u.code.lower(): u for u in units if u.code}
        self.by_name: dict[str, list[Unit]] = {}
        self.cache: dict[str, Unit | RowProblem | None] = {}
        for unit in self.by_id.values():
            self.by_name.setdefault(rules.name_key(unit.name), []).append(unit)

    def find(self, cell: Any) -> Unit | None:
        """The posyandu a cell names; a blank cell is None; unknown or ambiguous is refused."""
        value = text(cell)
        # A file names the same few posyandu thousands of times: remember each answer.
        if value not in self.cache:
            try:
                self.cache[value] = self._find(value)
            except RowProblem as problem:
                self.cache[value] = problem
        found = self.cache[value]
        if isinstance(found, RowProblem):
            raise found
        return found

    def _find(self, value: str) -> Unit | None:
        """Look one posyandu name or code up."""
        if not value:
            return None
        if value.lower() in self.by_code:
            return self.by_code[value.lower()]
        named = self.by_name.get(rules.name_key(value), [])
        if len(named) == 1:
            return named[0]
        if named:
            raise RowProblem("posyandu", _("several of your posyandu have this name; use its code"))
        raise RowProblem("posyandu", _("not a posyandu you may import for"))


def _cell(row: Sequence[Any], columns: dict[str, int], key: str) -> Any:
    index = columns.get(key)
    return row[index] if index is not None and index < len(row) else None


def _blank(row: Sequence[Any]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in row)


@dataclass
class _Context:
    """What every chunk of one import shares."""

    user: User
    columns: dict[str, int]
    headers: list[str]
    result: ImportResult
    posyandus: Posyandus
    seen: dict[tuple[Any, ...], int] = field(default_factory=dict)
    today: dt.date = field(default_factory=timezone.localdate)

    def problem(self, number: int, row: Sequence[Any], key: str, reason: str) -> None:
        """Note a bad cell with the file's own column name and value."""
        index = self.columns.get(key)
        column = self.headers[index] if index is not None else key
        value = text(row[index]) if index is not None and index < len(row) else ""
        if key in {"nik", "mother_nik", "father_nik", "no_kk"}:
            value = ""  # the report never repeats personal numbers
        self.result.problems.append(Problem(number, column, value, reason))


# --- measurements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Wanted:
    """A measurement row parsed, before its child is found."""

    number: int
    row: Sequence[Any]
    nik: str
    unit: Unit | None
    name_key: str
    birth_date: dt.date | None
    mother_key: str
    visit_date: dt.date
    values: dict[str, Any]


def _parse_measurement(ctx: _Context, number: int, row: Sequence[Any]) -> _Wanted:
    """Parse one measurement row (no database) or raise RowProblem."""
    width = len(row)
    # One dict per row instead of a lookup per cell: this loop runs 100,000 times a file.
    cells = {key: row[index] for key, index in ctx.columns.items() if index < width}
    cell = cells.get

    if not text(cell("visit_date")):
        raise RowProblem("visit_date", _("required"))
    visit_date = parse_date("visit_date", cell("visit_date"))
    if visit_date > ctx.today:
        raise RowProblem("visit_date", _("in the future"))
    parse_period(cell("period"), visit_date)
    nik = parse_nik("nik", cell("nik"))
    name, mother = text(cell("name")), text(cell("mother_name"))
    birth_raw = cell("birth_date")
    birth_date = parse_date("birth_date", birth_raw) if text(birth_raw) else None
    if not nik and not (name and birth_date and mother):
        raise RowProblem("nik", _("give the NIK, or the name, birth date and mother's name"))
    values = {
        "weight": parse_decimal("weight", cell("weight")),
        "lenhei": parse_decimal("lenhei", cell("lenhei")),
        "measure": parse_measure(cell("measure")),
        "oedema": parse_oedema(cell("oedema")),
        "headc": parse_decimal("headc", cell("headc")),
        "armc": parse_decimal("armc", cell("armc")),
    }
    if values["weight"] is None and values["lenhei"] is None:
        raise RowProblem("weight", _("give the weight or the length/height"))
    return _Wanted(
        number=number,
        row=row,
        nik=nik,
        unit=ctx.posyandus.find(cell("posyandu")),
        name_key="" if nik else rules.name_key(name),
        birth_date=birth_date,
        mother_key="" if nik else rules.name_key(mother),
        visit_date=visit_date,
        values=values,
    )


def _children_for(ctx: _Context, wanted: list[_Wanted]) -> tuple[dict, dict]:
    """The reachable children named by a chunk: by NIK, and by (name, birth, mother)."""
    fields = ("id", "unit_id", "region_id", "location_id", "sex", "birth_date")
    base = scoped(Child.objects.all(), ctx.user, IMPORT_DATA)
    by_nik: dict[str, bulk.ChildRef] = {}
    niks = {w.nik for w in wanted if w.nik}
    if niks:
        for nik, *ref in base.filter(nik__in=niks).values_list("nik", *fields):
            by_nik[nik] = bulk.ChildRef(*ref)
    by_name: dict[tuple[str, dt.date, str], list[bulk.ChildRef]] = {}
    names = {w.name_key for w in wanted if not w.nik}
    if names:
        query = base.filter(name_key__in=names, unit_id__in=list(ctx.posyandus.by_id))
        for name, mother, *ref in query.values_list("name_key", "mother_key", *fields):
            child = bulk.ChildRef(*ref)
            by_name.setdefault((name, child.birth_date, mother), []).append(child)
    return by_nik, by_name


def _child_of(w: _Wanted, by_nik: dict, by_name: dict) -> bulk.ChildRef:
    """The one child a row names, within the row's posyandu when it gives one."""
    if w.nik:
        child = by_nik.get(w.nik)
        if child is None:
            raise RowProblem("nik", _("no child with this NIK at your posyandu"))
        return child
    found = by_name.get((w.name_key, w.birth_date, w.mother_key), [])
    if w.unit is not None:
        found = [c for c in found if c.unit_id == w.unit.pk]
    if not found:
        raise RowProblem("name", _("no child with this name, birth date and mother"))
    if len(found) > 1:
        raise RowProblem("name", _("several children match; give the NIK"))
    return found[0]


def _measurement_chunk(ctx: _Context, rows: list[tuple[int, Sequence[Any]]]) -> None:
    """Parse, match, check and store one chunk of measurement rows."""
    wanted: list[_Wanted] = []
    for number, row in rows:
        try:
            wanted.append(_parse_measurement(ctx, number, row))
        except RowProblem as problem:
            ctx.problem(number, row, problem.key, problem.reason)
    by_nik, by_name = _children_for(ctx, wanted)
    items: list[bulk.MeasurementIn] = []
    for w in wanted:
        try:
            child = _child_of(w, by_nik, by_name)
            if w.visit_date < child.birth_date:
                raise RowProblem("visit_date", _("before the child's birth date"))
            key = (child.id, w.visit_date.year, w.visit_date.month)
            if key in ctx.seen:
                raise RowProblem(
                    "visit_date",
                    _("row %(row)s already has this child's month") % {"row": ctx.seen[key]},
                )
        except RowProblem as problem:
            ctx.problem(w.number, w.row, problem.key, problem.reason)
            continue
        ctx.seen[key] = w.number
        items.append(bulk.MeasurementIn(child=child, visit_date=w.visit_date, **w.values))
    ctx.result.add(bulk.measurements_upsert(actor=ctx.user, items=items))


# --- children --------------------------------------------------------------------------------


def _parse_child(ctx: _Context, row: Sequence[Any]) -> bulk.ChildIn:
    """Parse one base-data row (no database except the posyandu lookup) or raise RowProblem."""

    def cell(key: str) -> Any:
        return _cell(row, ctx.columns, key)

    name = " ".join(text(cell("name")).split())
    if not name:
        raise RowProblem("name", _("required"))
    if not text(cell("birth_date")):
        raise RowProblem("birth_date", _("required"))
    birth_date = parse_date("birth_date", cell("birth_date"))
    if birth_date > ctx.today:
        raise RowProblem("birth_date", _("in the future"))
    sex = parse_sex(cell("sex"))
    unit = ctx.posyandus.find(cell("posyandu"))
    if unit is None:
        raise RowProblem("posyandu", _("required"))
    niks = {key: parse_nik(key, cell(key)) for key in ("nik", "mother_nik", "father_nik")}
    checks = {
        "nik": (birth_date, sex == 2),
        "mother_nik": (None, True),
        "father_nik": (None, False),
    }
    for key, (born, female) in checks.items():
        problem = rules.nik_problem(niks[key], born, female) if niks[key] else ""
        if problem:
            raise RowProblem(key, _("NIK %(problem)s") % {"problem": _(problem)})
    order = text(cell("birth_order"))
    if order and not order.isdigit():
        raise RowProblem("birth_order", _("not a whole number"))
    return bulk.ChildIn(
        unit_id=unit.pk,
        region_id=unit.region_id,
        location_id=unit.location_id,
        nik=niks["nik"],
        no_kk=re.sub(r"\D", "", text(cell("no_kk")))[:16],
        name=name[:120],
        sex=sex,
        birth_date=birth_date,
        birth_order=int(order) if order else None,
        birth_weight=parse_decimal("birth_weight", cell("birth_weight")),
        birth_length=parse_decimal("birth_length", cell("birth_length")),
        mother_name=" ".join(text(cell("mother_name")).split())[:120],
        mother_nik=niks["mother_nik"],
        father_nik=niks["father_nik"],
        address=text(cell("address"))[:255],
    )


def _existing_children(ctx: _Context, items: list[bulk.ChildIn]) -> tuple[dict, dict]:
    """Reachable children matching a chunk by NIK, and by posyandu + name + birth + mother."""
    base = scoped(Child.objects.all(), ctx.user, IMPORT_DATA)
    niks = {i.nik for i in items if i.nik}
    by_nik = dict(base.filter(nik__in=niks).values_list("nik", "id")) if niks else {}
    names = {rules.name_key(i.name) for i in items}
    by_name: dict[tuple[Any, ...], int] = {}
    rows = base.filter(name_key__in=names, unit_id__in={i.unit_id for i in items}).values_list(
        "id", "unit_id", "name_key", "birth_date", "mother_key"
    )
    for pk, unit_id, key, born, mother in rows.order_by("pk"):
        by_name.setdefault((unit_id, key, born, mother), pk)
    return by_nik, by_name


def _child_chunk(ctx: _Context, rows: list[tuple[int, Sequence[Any]]]) -> None:
    """Parse, match and store one chunk of base-data rows."""
    parsed: list[tuple[int, Sequence[Any], bulk.ChildIn]] = []
    for number, row in rows:
        try:
            parsed.append((number, row, _parse_child(ctx, row)))
        except RowProblem as problem:
            ctx.problem(number, row, problem.key, problem.reason)
    items = [item for _n, _r, item in parsed]
    by_nik, by_name = _existing_children(ctx, items)
    elsewhere = bulk.taken_niks({i.nik for i in items if i.nik}) - set(by_nik)
    upserts: list[tuple[bulk.ChildIn, int | None]] = []
    for number, row, item in parsed:
        name_match = (
            item.unit_id,
            rules.name_key(item.name),
            item.birth_date,
            rules.name_key(item.mother_name),
        )
        key = ("nik", item.nik) if item.nik else name_match
        try:
            if item.nik in elsewhere:
                raise RowProblem("nik", _("already registered at a posyandu outside your area"))
            if key in ctx.seen:
                raise RowProblem("name", _("same child as row %(row)s") % {"row": ctx.seen[key]})
        except RowProblem as problem:
            ctx.problem(number, row, problem.key, problem.reason)
            continue
        ctx.seen[key] = number
        upserts.append((item, by_nik.get(item.nik) or by_name.get(name_match)))
    ctx.result.add(bulk.children_upsert(actor=ctx.user, items=upserts))


# --- the whole import -------------------------------------------------------------------------


def import_file(
    *,
    user: User,
    kind: str,
    file_type: str,
    content: bytes,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import every good row of an e-PPGBM file and report every bad one."""
    rows = read_rows(file_type, content)
    columns, headers, header_row = find_header(rows)
    missing = [key for key in REQUIRED[kind] if key not in columns]
    if missing:
        names = ", ".join(ALIASES[key][0] for key in missing)
        raise FileRefused(_("Missing columns: %(names)s.") % {"names": names})
    result = ImportResult(kind=kind)
    ctx = _Context(user, columns, headers, result, Posyandus(user))
    handle = _measurement_chunk if kind == KIND_MEASUREMENTS else _child_chunk
    total = _estimate_rows(file_type, content)
    chunk: list[tuple[int, Sequence[Any]]] = []
    for number, row in enumerate(rows, start=header_row + 1):
        if _blank(row):
            continue
        result.read += 1
        chunk.append((number, row))
        if len(chunk) >= CHUNK:
            handle(ctx, chunk)
            chunk = []
            if progress is not None:
                progress(result.read, max(total, result.read))
    if chunk:
        handle(ctx, chunk)
    result.problems.sort(key=lambda p: p.row)
    return result


def _estimate_rows(file_type: str, content: bytes) -> int:
    """Rows to expect, for the progress bar (CSV: line count; xlsx: the sheet's dimension)."""
    if file_type == "csv":
        return content.count(b"\n")
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    try:
        return int(workbook.worksheets[0].max_row or 0)
    finally:
        workbook.close()


def problems_csv(problems: Sequence[Problem]) -> bytes:
    """The bad-rows report as CSV (UTF-8 with BOM so that Excel opens it right)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Row"), _("Column"), _("Value"), _("Reason")])
    for problem in problems:
        writer.writerow([problem.row, problem.column, _safe(problem.value), problem.reason])
    return out.getvalue().encode("utf-8-sig")


def _safe(value: str) -> str:
    """Defuse spreadsheet formulas in echoed cell values (CSV injection)."""
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value
