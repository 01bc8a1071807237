"""Column specs of the three case lists and the row handler they share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from replika.core.importing import (
    CellProblem,
    Chunk,
    Column,
    ImportContext,
    ImportSpec,
    Row,
    RowProblem,
    choice,
    date,
    integer,
    text,
    yes_no,
)
from replika.core.models import Wilayah
from replika.schooling.models import AtsType, Sex, Source
from replika.schooling.permissions import IMPORT_DATA
from replika.schooling.selectors.cases import locations_for
from replika.schooling.services import bulk
from replika.schooling.services.cases import ChildIn, check_child
from replika.schooling.settings_schema import settings_for

SEX_WORDS = {
    "l": Sex.MALE,
    "laki-laki": Sex.MALE,
    "laki laki": Sex.MALE,
    "1": Sex.MALE,
    "p": Sex.FEMALE,
    "perempuan": Sex.FEMALE,
    "2": Sex.FEMALE,
}
ATS_WORDS = {
    "do": AtsType.DROPOUT,
    "putus sekolah": AtsType.DROPOUT,
    "drop out": AtsType.DROPOUT,
    "ltm": AtsType.LTM,
    "lulus tidak melanjutkan": AtsType.LTM,
    "tidak melanjutkan": AtsType.LTM,
    "bps": AtsType.NEVER,
    "belum pernah sekolah": AtsType.NEVER,
    "tidak pernah sekolah": AtsType.NEVER,
}
LEVEL_WORDS = {
    "sd": "SD",
    "mi": "SD",
    "smp": "SMP",
    "mts": "SMP",
    "sma": "SMA",
    "smk": "SMA",
    "ma": "SMA",
    "": "",
}
SOURCE_WORDS = {
    "survei": Source.SURVEY,
    "survey": Source.SURVEY,
    "sekolah": Source.SCHOOL,
    "warga": Source.CITIZEN,
    "ats": Source.ATS,
    "dapodik": Source.ATS,
    "sipbm": Source.SIPBM,
    "p3ke": Source.P3KE,
    "dtks": Source.P3KE,
}


def digits(length: int) -> Any:
    """A parser for a number of exactly ``length`` digits (spreadsheets drop nothing: text)."""

    def parse(cell: Any) -> str:
        value = text(cell).replace(" ", "").replace("'", "")
        if value.endswith(".0"):
            value = value[:-2]
        if value and (len(value) != length or not value.isdigit()):
            raise CellProblem(_("must be %(n)s digits") % {"n": length})
        return value

    return parse


def area_code(cell: Any) -> str:
    """A desa/nagari/kelurahan code, dotted (13.71.02.1007) or as ten digits (1371021007)."""
    value = text(cell).replace(" ", "")
    if value.endswith(".0"):
        value = value[:-2]
    if value.isdigit() and len(value) == 10:
        value = f"{value[:2]}.{value[2:4]}.{value[4:6]}.{value[6:]}"
    if len(value.split(".")) != 4:
        raise CellProblem(_("not a desa/nagari/kelurahan code"))
    return value


def _common(today: dt.date) -> tuple[Column, ...]:
    """Columns every kind has (the aliases cover Dapodik, SIPBM and the template)."""
    return (
        Column("name", ("nama", "nama anak", "nama peserta didik", "nama pd"), required=True),
        Column(
            "sex",
            ("jenis kelamin", "jk", "l/p"),
            choice(SEX_WORDS, gettext_lazy("use L or P")),
            required=True,
        ),
        Column(
            "birth_date",
            ("tanggal lahir", "tgl lahir"),
            date(not_future=True, today=today),
            required=True,
        ),
        Column(
            "location",
            ("kode desa", "kode wilayah", "kode kelurahan", "kode nagari"),
            area_code,
            required=True,
        ),
        Column("nik", ("nik", "nik anak"), digits(16), blank="", personal=True),
        Column(
            "no_kk", ("no kk", "nomor kk", "no kartu keluarga"), digits(16), blank="", personal=True
        ),
        Column("nisn", ("nisn",), digits(10), blank="", personal=True),
        Column("address", ("alamat", "alamat jalan"), blank="", personal=True),
        Column("rt", ("rt",), digits_upto(3), blank="", personal=True),
        Column("rw", ("rw",), digits_upto(3), blank="", personal=True),
        Column(
            "guardian_name",
            ("nama wali", "nama orang tua", "nama ibu kandung", "nama kepala keluarga"),
            blank="",
        ),
        Column("guardian_phone", ("hp wali", "no hp", "telepon"), blank="", personal=True),
        Column(
            "last_school_npsn",
            ("npsn", "npsn sekolah asal", "sekolah asal npsn"),
            digits(8),
            blank="",
        ),
        Column(
            "last_level",
            ("jenjang", "jenjang terakhir", "bentuk pendidikan"),
            choice(LEVEL_WORDS, gettext_lazy("use SD, SMP or SMA")),
            blank="",
        ),
        Column("last_grade", ("kelas", "tingkat", "kelas terakhir"), integer(1, 12), blank=None),
        Column("reason", ("alasan", "alasan tidak sekolah"), blank=""),
        Column("dtks", ("dtks",), yes_no, blank=False),
        Column("kip", ("kip",), yes_no, blank=False),
        Column("pkh", ("pkh",), yes_no, blank=False),
        Column(
            "reported_on",
            ("tanggal laporan", "tanggal ditemukan"),
            date(not_future=True, today=today),
            blank=None,
        ),
    )


def digits_upto(length: int) -> Any:
    """A parser for up to ``length`` digits (RT, RW)."""

    def parse(cell: Any) -> str:
        value = text(cell)
        if value.endswith(".0"):
            value = value[:-2]
        if value and (len(value) > length or not value.isdigit()):
            raise CellProblem(_("up to %(n)s digits") % {"n": length})
        return value

    return parse


@dataclass
class CaseRows:
    """Row parser and writer of one case import."""

    context: ImportContext
    source: str
    places: dict[str, Wilayah]
    regions: dict[str, Wilayah]
    today: dt.date = field(default_factory=timezone.localdate)
    reasons: dict[int, set[str]] = field(default_factory=dict)
    seen: dict[tuple[Any, ...], int] = field(default_factory=dict)

    def parse(self, row: Row) -> ChildIn:
        v = row.values
        location = self.places.get(v["location"])
        if location is None:
            raise RowProblem("location", _("not an area of yours where the programme runs"))
        region = self.regions[location.region_code() or ""]
        reason = v["reason"].strip().lower().replace(" ", "_") or "lainnya"
        allowed = self.reasons.get(region.pk)
        if allowed is None:
            allowed = {code for code, _l in settings_for(region).reason_choices()}
            self.reasons[region.pk] = allowed
        if reason not in allowed:
            raise RowProblem("reason", _("not one of the region's reasons"))
        source = v.get("source") or self.source
        child = ChildIn(
            location=location,
            name=v["name"],
            sex=v["sex"],
            birth_date=v["birth_date"],
            ats_type=v.get("ats_type") or AtsType.DROPOUT,
            reason=reason,
            source=source,
            nik=v["nik"],
            no_kk=v["no_kk"],
            nisn=v["nisn"],
            address=v["address"],
            rt=v["rt"],
            rw=v["rw"],
            guardian_name=v["guardian_name"],
            guardian_phone=v["guardian_phone"],
            last_school_npsn=v["last_school_npsn"],
            last_level=v["last_level"],
            last_grade=v["last_grade"],
            dtks=v["dtks"],
            kip=v["kip"],
            pkh=v["pkh"],
            reported_on=v["reported_on"],
        )
        errors = check_child(child, region, allowed, self.today)
        if errors:
            key, message = next(iter(errors.items()))
            raise RowProblem(key, message)
        return child

    def store(self, chunk: Chunk[ChildIn]) -> bulk.Counts:
        """Refuse repeats within the file and NIKs registered outside the importer's area,
        then upsert the chunk's cases."""
        return bulk.cases_upsert(
            actor=self.context.actor,
            chunk=chunk,
            seen=self.seen,
            import_run=self.context.run,
        )


def _handler(source: str) -> Any:
    def start(context: ImportContext) -> CaseRows:
        if context.actor is None:
            raise ValueError("a case import runs as the user who uploaded the file")
        places = {w.code: w for w in locations_for(context.actor, IMPORT_DATA)}
        regions = {w.code: w for w in Wilayah.objects.filter(code__in={c[:5] for c in places})}
        return CaseRows(context, source, places, regions)

    return start


def _spec(kind: str, source: str, extra: tuple[Column, ...]) -> ImportSpec:
    today = timezone.localdate()
    return ImportSpec(
        kind=f"schooling.{kind}",
        module="schooling",
        columns=(*_common(today), *extra),
        handler=_handler(source),
        header_min_columns=3,
    )


ATS_TYPE = Column(
    "ats_type",
    ("status", "status ats", "jenis ats", "status anak", "status sekolah"),
    choice(ATS_WORDS, gettext_lazy("use DO, LTM or belum pernah sekolah")),
    required=True,
)
SOURCE = Column(
    "source",
    ("sumber", "sumber data"),
    choice(SOURCE_WORDS, gettext_lazy("not a known source")),
    blank="",
)

SPECS = {
    "ats": _spec("ats", Source.ATS, (ATS_TYPE,)),
    "sipbm": _spec("sipbm", Source.SIPBM, (ATS_TYPE,)),
    "generic": _spec("generic", Source.SURVEY, (ATS_TYPE, SOURCE)),
}
KINDS = [
    ("ats", gettext_lazy("Kemendikbud ATS list (DO/LTM)")),
    ("sipbm", gettext_lazy("SIPBM extract")),
    ("generic", gettext_lazy("Poltabes template (any source, incl. P3KE/DTKS)")),
]
