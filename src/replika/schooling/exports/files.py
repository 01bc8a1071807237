"""Files made from rows the user may see, written with ``core.exporting``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.exporting import Sheet, csv_bytes, xlsx_bytes
from replika.core.models import User, Wilayah
from replika.schooling.models import Case
from replika.schooling.permissions import IMPORT_DATA, VIEW_DASHBOARD
from replika.schooling.selectors import dashboards
from replika.schooling.selectors.cases import cases_for, masked, shows_personal

FORMATS = ("xlsx", "csv", "pdf", "dashboard_xlsx", "dashboard_csv")


def header() -> list[str]:
    """The register's columns, in the import template's names (a file can go back in)."""
    return [
        "nik",
        "no kk",
        "nisn",
        "nama",
        "jenis kelamin",
        "tanggal lahir",
        "kode desa",
        "nama desa",
        "alamat",
        "rt",
        "rw",
        "nama wali",
        "hp wali",
        "status ats",
        "npsn",
        "jenjang",
        "kelas",
        "alasan",
        "sumber",
        "dtks",
        "kip",
        "pkh",
        "tanggal laporan",
        "status kasus",
        "jalur",
        "tempat belajar",
        "tanggal penempatan",
        "berisiko",
    ]


ATS_WORDS = {"never": "belum pernah sekolah", "do": "DO", "ltm": "LTM"}


def _yes(value: bool) -> str:
    return "ya" if value else "tidak"


def rows(user: Any, cases: Any) -> Iterator[list[Any]]:
    """One line per case; NIK, family card and phone masked for users who may not see them."""
    sees = shows_personal(user)
    for c in cases.iterator(chunk_size=2000):
        yield [
            masked(sees, c.nik),
            masked(sees, c.no_kk),
            masked(sees, c.nisn),
            c.name,
            "L" if c.sex == 1 else "P",
            c.birth_date.isoformat(),
            c.location.code,
            c.location.name,
            c.address if sees else "",
            c.rt,
            c.rw,
            c.guardian_name,
            masked(sees, c.guardian_phone),
            ATS_WORDS.get(c.ats_type, c.ats_type),
            c.last_school_npsn,
            c.last_level,
            c.last_grade if c.last_grade is not None else "",
            c.reason,
            c.source,
            _yes(c.dtks),
            _yes(c.kip),
            _yes(c.pkh),
            c.reported_on.isoformat(),
            c.get_status_display(),
            c.get_route_display() if c.route else "",
            c.place.name if c.place_id else "",
            c.placed_on.isoformat() if c.placed_on else "",
            _yes(c.at_risk),
        ]


def render(
    *, user: User, file_format: str, wilayah: str = "", status: str = ""
) -> tuple[str, bytes]:
    """(file name, content) of an export the user asked for."""
    stamp = timezone.localdate().isoformat()
    if file_format == "pdf":
        return f"poltabes-laporan-{stamp}.pdf", report_pdf(user, wilayah)
    if file_format.startswith("dashboard_"):
        return dashboard_file(user, wilayah, file_format.removeprefix("dashboard_"), stamp)
    cases = cases_for(user, perm=IMPORT_DATA, wilayah=wilayah, status=status)
    audit.record_read(
        actor=user,
        what="schooling_export",
        model=Case._meta.label_lower,
        detail={"rows": cases.count(), "format": file_format},
    )
    if file_format == "csv":
        return f"poltabes-register-{stamp}.csv", csv_bytes(header(), rows(user, cases))
    sheet = Sheet(title=_("Register"), header=header(), rows=rows(user, cases))
    return f"poltabes-register-{stamp}.xlsx", xlsx_bytes([sheet])


def report_area(user: Any, code: str) -> Wilayah:
    """The area of a report: the one asked for when the user may see it, else their first."""
    regions = dashboards.dashboard_regions(user)
    if code:
        area = Wilayah.objects.filter(code=code).first()
        if area is not None and (
            (area.level == Wilayah.PROVINCE and regions.count() > 1)
            or regions.filter(code=area.region_code()).exists()
        ):
            return area
    first = regions.first()
    if first is None:
        return Wilayah.objects.get(code="13")
    return first


def report_pdf(user: Any, code: str) -> bytes:
    """The dashboard of an area as a PDF report (aggregates only, no names)."""
    from weasyprint import HTML

    area = report_area(user, code)
    board = dashboards.dashboard(user, area, None)
    html = render_to_string(
        "schooling/report_pdf.html",
        {
            "board": board,
            "today": date_format(timezone.localdate(), "j F Y"),
            "perm": VIEW_DASHBOARD,
        },
    )
    return HTML(string=html).write_pdf()


def _dashboard_rows(lines: list[Any], what: str) -> Iterator[list[Any]]:
    for line in lines:
        yield [
            what,
            line.code,
            line.label,
            *(line.values[key] for key in DASHBOARD_METRICS),
            line.placed_share,
            line.median_days,
        ]


DASHBOARD_METRICS = ("found", "placed", "attending", "completed", "redropped", "waiting")


def dashboard_header() -> list[str]:
    return [
        "rincian",
        "kode",
        "nama",
        "ditemukan",
        "ditempatkan",
        "bersekolah",
        "selesai",
        "putus lagi",
        "menunggu",
        "ditempatkan (%)",
        "median hari ke penempatan",
    ]


def dashboard_file(user: Any, code: str, kind: str, stamp: str) -> tuple[str, bytes]:
    """The dashboard's tables (aggregates only) as xlsx (a sheet each) or one CSV."""
    board = dashboards.dashboard(user, report_area(user, code), None)
    parts = [
        ("total", [board.total]),
        ("wilayah", board.areas),
        ("alasan", board.reasons),
        ("umur", board.ages),
        ("jenjang", board.levels),
        ("jenis", board.ats),
    ]
    if kind == "csv":
        rows = [row for what, lines in parts for row in _dashboard_rows(lines, what)]
        return f"poltabes-dasbor-{stamp}.csv", csv_bytes(dashboard_header(), rows)
    sheets = [
        Sheet(title=what, header=dashboard_header(), rows=list(_dashboard_rows(lines, what)))
        for what, lines in parts
    ]
    return f"poltabes-dasbor-{stamp}.xlsx", xlsx_bytes(sheets)
