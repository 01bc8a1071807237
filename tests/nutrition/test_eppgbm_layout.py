"""e-PPGBM files as officers have them: real headers as aliases, the export in that layout
(labels, z-scores, Naik Berat Badan, age, birth data) re-importing unchanged, and a preview
before an import overwrites values entered this month."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from bench.eppgbm_sample import to_csv
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from replika.core.models import Job, JobStatus
from replika.nutrition import exports, importers
from replika.nutrition.models import Measurement, Referral
from replika.nutrition.services.measurements import measurement_record
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

# The header row of an e-PPGBM "data pengukuran" export, as seen in real files.
EPPGBM = [
    "NIK",
    "Nama",
    "JK",
    "Tgl Lahir",
    "BB Lahir",
    "TB Lahir",
    "Nama Ortu",
    "Prov",
    "Kab/Kota",
    "Kec",
    "Pukesmas",
    "Desa/Kel",
    "Posyandu",
    "RT",
    "RW",
    "Alamat",
    "Usia Saat Ukur",
    "Tanggal Pengukuran",
    "Berat",
    "Tinggi",
    "Cara Ukur",
    "LiLA",
    "BB/U",
    "ZS BB/U",
    "TB/U",
    "ZS TB/U",
    "BB/TB",
    "ZS BB/TB",
    "Naik Berat Badan",
]
BORN = dt.date(2025, 1, 10)
NIK = "1371025001250001"


def test_every_eppgbm_header_is_an_alias_of_ours_or_ignored():
    mapping = importers.map_headers(EPPGBM)
    assert {key: EPPGBM[index] for key, index in mapping.items()} == {
        "nik": "NIK",
        "name": "Nama",
        "sex": "JK",
        "birth_date": "Tgl Lahir",
        "birth_weight": "BB Lahir",
        "birth_length": "TB Lahir",
        "mother_name": "Nama Ortu",
        "posyandu": "Posyandu",
        "address": "Alamat",
        "visit_date": "Tanggal Pengukuran",
        "weight": "Berat",
        "lenhei": "Tinggi",
        "measure": "Cara Ukur",
        "armc": "LiLA",
    }


def eppgbm_row(child, nik: str, weight: str, lenhei: str, **cells) -> list[str]:
    row = dict.fromkeys(EPPGBM, "")
    row.update(
        {
            "NIK": nik,
            "Nama": child.name,
            "JK": "P",
            "Tgl Lahir": child.birth_date.strftime("%d/%m/%Y"),
            "Nama Ortu": child.mother_name,
            "Posyandu": child.unit.name,
            "Tanggal Pengukuran": "15/06/2026",
            "Berat": weight,
            "Tinggi": lenhei,
            "Cara Ukur": "Terlentang",
            "BB/U": "Berat Badan Normal",
            "Naik Berat Badan": "B",
        }
    )
    row.update(cells)
    return [row[h] for h in EPPGBM]


def test_a_file_with_nama_ortu_keeps_the_rows_without_nik(world):
    child = make_child(world.posyandu, "Siti Tanpa NIK", birth_date=BORN, mother_name="Rahmi")
    content = to_csv(EPPGBM, [eppgbm_row(child, "", "10.0", "80.0")])
    result = importers.import_file(
        user=world.midwife, kind=importers.KIND_MEASUREMENTS, file_type="csv", content=content
    )
    assert (result.created, result.bad) == (1, 0), result.problems
    assert Measurement.objects.get(child=child).weight == Decimal("10.00")


def test_an_eppgbm_file_with_lila_11_opens_the_gizi_buruk_referral(world):
    child = make_child(world.posyandu, "Kurus", birth_date=BORN, nik=NIK)
    content = to_csv(EPPGBM, [eppgbm_row(child, NIK, "10.0", "80.0", LiLA="11,0")])
    importers.import_file(
        user=world.midwife, kind=importers.KIND_MEASUREMENTS, file_type="csv", content=content
    )
    assert Referral.objects.get(child=child).reason == "gizi_buruk"


@pytest.mark.parametrize(
    ("birth", "on", "words"),
    [
        (dt.date(2025, 1, 10), dt.date(2026, 6, 15), "1 Tahun - 5 Bulan - 5 Hari"),
        (dt.date(2025, 1, 31), dt.date(2025, 3, 1), "0 Tahun - 1 Bulan - 1 Hari"),
        (dt.date(2024, 2, 29), dt.date(2025, 2, 28), "0 Tahun - 11 Bulan - 30 Hari"),
        (dt.date(2024, 6, 1), dt.date(2024, 6, 1), "0 Tahun - 0 Bulan - 0 Hari"),
    ],
)
def test_age_at_measurement_is_written_as_eppgbm_writes_it(birth, on, words):
    assert exports.age_words(birth, on) == words


def export_rows(client, capture) -> list[dict[str, str]]:
    form = {
        "place": "",
        "month_from": "2026-01",
        "month_to": "2026-12",
        "file_format": "csv",
    }
    with capture(execute=True):
        client.post(reverse("nutrition:export"), form)
    job = Job.objects.filter(kind="nutrition.export").latest("pk")
    assert job.status == JobStatus.DONE
    download = client.get(reverse("core:job_download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")))), content


def test_export_is_in_the_eppgbm_layout_and_reimports_unchanged(
    world, client_for, django_capture_on_commit_callbacks
):
    child = make_child(
        world.posyandu,
        "Kurus",
        birth_date=BORN,
        nik=NIK,
        birth_weight=Decimal("2.9"),
        birth_length=Decimal("48.5"),
    )
    for day, weight, extra in (
        (dt.date(2026, 5, 12), "10.0", {}),
        (dt.date(2026, 6, 15), "10.3", {"oedema": True, "armc": Decimal("11.2")}),
    ):
        measurement_record(
            actor=None,
            child=child,
            visit_date=day,
            weight=Decimal(weight),
            lenhei=Decimal("80.0"),
            measure="l",
            **extra,
        )
    rows, content = export_rows(client_for(world.midwife), django_capture_on_commit_callbacks)
    assert list(rows[0])[: len(EPPGBM)] == EPPGBM
    may, june = rows
    assert may["BB/U"] == "Berat Badan Normal"
    assert may["TB/U"] == "Normal"
    assert may["BB/TB"] == "Gizi Baik"
    assert may["ZS BB/TB"] == f"{Measurement.objects.get(period='2026-05-01').zwfl:.2f}"
    assert (may["Naik Berat Badan"], june["Naik Berat Badan"]) == ("B", "N")
    assert (may["BB Lahir"], may["TB Lahir"]) == ("2.90", "48.5")
    assert may["Usia Saat Ukur"] == "1 Tahun - 4 Bulan - 2 Hari"
    assert (may["Kab/Kota"], may["Pukesmas"]) == ("Kota Padang", "Puskesmas Andalas")
    # Oedema blanks the weight-based z-scores: the status is in Replika's own columns.
    assert (june["BB/TB"], june["ZS BB/TB"], june["Edema"]) == ("", "", "ya")
    assert june["Status Gizi Akut"] == "Gizi Buruk"
    assert june["Alasan Status Gizi Akut"] == "LiLA, Edema"
    result = importers.import_file(
        user=world.midwife, kind=importers.KIND_MEASUREMENTS, file_type="csv", content=content
    )
    assert (result.created, result.updated, result.unchanged, result.bad) == (0, 0, 2, 0)


# --- the preview before overwriting this month's values ----------------------------------------


def upload(client, content: bytes):
    file = SimpleUploadedFile("pengukuran.csv", content, content_type="text/csv")
    return client.post(reverse("nutrition:imports"), {"kind": "measurements", "file": file})


@pytest.fixture
def this_month(world):
    """A child measured this month at the posyandu, and the day it was measured."""
    child = make_child(world.posyandu, "Kurus", birth_date=BORN, nik=NIK)
    today = timezone.localdate()
    measurement_record(
        actor=None,
        child=child,
        visit_date=today,
        weight=Decimal("10.0"),
        lenhei=Decimal("80.0"),
        measure="l",
    )
    return child, today


def this_months_file(child, day, weight: str) -> bytes:
    row = eppgbm_row(child, NIK, weight, "80.0", **{"Tanggal Pengukuran": day.isoformat()})
    return to_csv(EPPGBM, [row])


def test_an_import_overwriting_this_month_shows_a_preview_and_writes_nothing(
    world, client_for, this_month
):
    child, day = this_month
    client = client_for(world.midwife)
    response = upload(client, this_months_file(child, day, "10.6"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="stat-value" data-count="updated">1</span>' in html
    assert 'data-change="weight"' in html
    assert Measurement.objects.get(child=child).weight == Decimal("10.00")
    assert not Job.objects.filter(kind="nutrition.import").exists()


def test_confirming_the_preview_imports_the_file(
    world, client_for, this_month, django_capture_on_commit_callbacks
):
    child, day = this_month
    client = client_for(world.midwife)
    upload(client, this_months_file(child, day, "10.6"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("nutrition:import_confirm"), {"decision": "import"})
    job = Job.objects.get(kind="nutrition.import")
    assert response.url == reverse("core:job", args=[job.pk])
    assert Measurement.objects.get(child=child).weight == Decimal("10.60")


def test_cancelling_the_preview_changes_nothing(world, client_for, this_month):
    child, day = this_month
    client = client_for(world.midwife)
    upload(client, this_months_file(child, day, "10.6"))
    response = client.post(reverse("nutrition:import_confirm"), {"decision": "cancel"})
    assert response.status_code == 302
    assert Measurement.objects.get(child=child).weight == Decimal("10.00")
    # The pending upload is gone: confirming now finds nothing.
    again = client.post(reverse("nutrition:import_confirm"), {"decision": "import"})
    assert again.status_code == 404


def test_an_import_of_other_months_needs_no_preview(
    world, client_for, this_month, django_capture_on_commit_callbacks
):
    child, _day = this_month
    client = client_for(world.midwife)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, this_months_file(child, dt.date(2026, 6, 15), "9.9"))
    assert response.status_code == 302
    assert Measurement.objects.filter(child=child).count() == 2


def test_another_users_preview_cannot_be_confirmed(world, client_for, this_month):
    child, day = this_month
    upload(client_for(world.midwife), this_months_file(child, day, "10.6"))
    response = client_for(world.officer).post(
        reverse("nutrition:import_confirm"), {"decision": "import"}
    )
    assert response.status_code == 404
    assert Measurement.objects.get(child=child).weight == Decimal("10.00")


def test_a_column_the_file_lacks_keeps_the_months_stored_value(world):
    child = make_child(world.posyandu, "Kurus", birth_date=BORN, nik=NIK)
    measurement_record(
        actor=None,
        child=child,
        visit_date=dt.date(2026, 6, 15),
        weight=Decimal("10.0"),
        lenhei=Decimal("80.0"),
        measure="l",
        oedema=True,
        headc=Decimal("46.0"),
    )
    # e-PPGBM's export has no oedema and no head-circumference column.
    content = to_csv(EPPGBM, [eppgbm_row(child, NIK, "10.2", "80.0")])
    result = importers.import_file(
        user=world.midwife, kind=importers.KIND_MEASUREMENTS, file_type="csv", content=content
    )
    assert result.updated == 1
    stored = Measurement.objects.get(child=child)
    assert (stored.weight, stored.oedema, stored.headc) == (Decimal("10.20"), True, Decimal("46.0"))
    assert stored.cat_acute == "gizi_buruk"
    assert Referral.objects.filter(child=child).count() == 1


def test_a_blank_cell_of_a_column_the_file_has_clears_the_value(world):
    child = make_child(world.posyandu, "Kurus", birth_date=BORN, nik=NIK)
    measurement_record(
        actor=None,
        child=child,
        visit_date=dt.date(2026, 6, 15),
        weight=Decimal("10.0"),
        lenhei=Decimal("80.0"),
        measure="l",
        armc=Decimal("14.0"),
    )
    content = to_csv(EPPGBM, [eppgbm_row(child, NIK, "10.0", "80.0", LiLA="")])
    importers.import_file(
        user=world.midwife, kind=importers.KIND_MEASUREMENTS, file_type="csv", content=content
    )
    assert Measurement.objects.get(child=child).armc is None
