"""Case line lists: one facility and disease per file, every good row reported as a case,
every bad row reported with its column and reason; a re-import creates no duplicates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from replika.core.access import get_for_user, scoped
from replika.core.importing import (
    Chunk,
    Column,
    ImportContext,
    ImportResult,
    ImportSpec,
    Row,
    RowProblem,
    choice,
    date,
    run_import,
    text,
)
from replika.core.models import Unit, Wilayah
from replika.outbreak.models import Case, Disease, PlaceOfCare
from replika.outbreak.permissions import IMPORT_DATA
from replika.outbreak.rules import identity
from replika.outbreak.services.cases import case_report
from replika.outbreak.services.common import nik_message

SEXES = {
    "l": "L",
    "laki-laki": "L",
    "laki laki": "L",
    "m": "L",
    "male": "L",
    "p": "P",
    "perempuan": "P",
    "f": "P",
    "female": "P",
}
CARE = {
    "rumah": "rumah",
    "isolasi mandiri": "rumah",
    "rs": "rs",
    "rumah sakit": "rs",
    "faskes": "faskes",
    "": "",
}

CASE_COLUMNS = (
    Column("nik", ("NIK",), text, personal=True, blank=""),
    Column("name", ("Nama", "name"), text, required=True),
    Column("birth_date", ("Tgl Lahir", "tanggal lahir", "birth date"), date(not_future=True)),
    Column(
        "sex",
        ("JK", "jenis kelamin", "sex"),
        choice(SEXES, gettext_lazy("use L or P")),
        required=True,
    ),
    Column("phone", ("Telp", "telepon", "phone"), text, personal=True, blank=""),
    Column("address", ("Alamat", "address"), text, personal=True, blank=""),
    Column("location", ("Kode Kelurahan", "kode desa", "kelurahan code"), text, blank=""),
    Column("occupation", ("Pekerjaan", "occupation"), text, blank=""),
    Column("reported_on", ("Tanggal Lapor", "report date"), date(not_future=True), required=True),
    Column("onset_date", ("Tanggal Gejala", "onset"), date(not_future=True)),
    Column("symptoms", ("Gejala", "symptoms"), text, blank=""),
    Column("comorbidities", ("Kondisi Penyerta", "comorbidities"), text, blank=""),
    Column("exposure", ("Riwayat", "exposure"), text, blank=""),
    Column(
        "place_of_care",
        ("Tempat Rawat", "place of care"),
        choice(CARE, gettext_lazy("use rumah, rs or faskes")),
        blank="",
    ),
    Column("classification", ("Status", "Kriteria", "classification"), text, required=True),
)


@dataclass
class CaseRows:
    """Row parser and writer of one case import."""

    context: ImportContext
    disease: Disease
    unit: Unit

    def parse(self, row: Row) -> dict[str, Any]:
        v = dict(row.values)
        nik = v.get("nik") or ""
        if self.disease.nik_required and not nik:
            raise RowProblem(
                "nik", _("A NIK is required for %(disease)s.") % {"disease": self.disease}
            )
        if nik:
            code = identity.nik_code(nik, v.get("birth_date"))
            if code:
                raise RowProblem("nik", nik_message(code))
        classification = str(v.get("classification") or "").strip().lower().replace(" ", "_")
        if classification not in self.disease.classification_codes:
            raise RowProblem("classification", _("Choose one of the disease's classifications."))
        v["classification"] = classification
        code = v.pop("location") or ""
        v["location"] = None
        if code:
            place = Wilayah.objects.filter(code=code).first()
            if place is None or not code.startswith(self.unit.region.code + "."):
                raise RowProblem("location", _("Unknown place code in this region."))
            v["location"] = place
        if v.get("place_of_care") not in PlaceOfCare.values:
            v["place_of_care"] = ""
        return v

    def _already(self, v: dict[str, Any]) -> bool:
        """The same row imported before (same facility, report day and person)."""
        qs = scoped(
            Case.objects.filter(unit=self.unit, disease=self.disease),
            self.context.actor,
            IMPORT_DATA,
        )
        qs = qs.filter(reported_on=v["reported_on"])
        if v.get("nik"):
            return qs.filter(nik=v["nik"]).exists()
        return qs.filter(name=" ".join(v["name"].split()), birth_date=v.get("birth_date")).exists()

    def store(self, chunk: Chunk[dict[str, Any]]) -> Any:
        created = unchanged = 0
        for row, values in chunk.rows:
            if self._already(values):
                unchanged += 1
                continue
            try:
                with transaction.atomic():
                    case_report(
                        actor=self.context.actor,
                        unit=self.unit,
                        disease=self.disease,
                        import_run=self.context.run,
                        submit=True,
                        **values,
                    )
            except ValidationError as exc:
                field, messages = next(iter(exc.message_dict.items()))
                chunk.refuse(row, field if field in values else "name", messages[0])
                continue
            created += 1
        return _Counts(created=created, updated=0, unchanged=unchanged)


@dataclass
class _Counts:
    created: int
    updated: int
    unchanged: int


def spec_for(disease: Disease, unit: Unit) -> ImportSpec:
    """The import of a case line list for one disease at one facility."""
    return ImportSpec(
        kind="outbreak.cases",
        module="outbreak",
        columns=CASE_COLUMNS,
        handler=lambda context: CaseRows(context, disease, unit),
        chunk_size=200,
    )


def import_case_file(
    *,
    actor: Any,
    content: bytes,
    disease_id: int,
    unit_id: int,
    file_name: str = "kasus.csv",
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Import a file as ``actor``: the disease and facility must be theirs to import into."""
    unit = get_for_user(Unit.objects.all(), actor, unit_id, IMPORT_DATA)
    disease = get_for_user(
        Disease.objects.filter(region_id=unit.region_id), actor, disease_id, IMPORT_DATA
    )
    return run_import(
        spec=spec_for(disease, unit),
        actor=actor,
        file_name=file_name,
        content=content,
        region=unit.region,
        progress=progress,
    )
