"""The pages of every role: the phone report, the queue, a child's page and its steps, the
dashboard that moves, the public page, imports and exports as background jobs."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from replika.core.models import Job
from replika.schooling.models import Case
from replika.schooling.services import cases as svc
from replika.schooling.services.summaries import refresh_dirty
from tests.schooling.factories import NAGARI, report, today

pytestmark = pytest.mark.django_db


def as_user(user, language: str = "id") -> Client:
    c = Client(HTTP_ACCEPT_LANGUAGE=language)
    c.force_login(user)
    c.cookies["django_language"] = language
    return c


REPORT = {
    "location": "",
    "name": "Fikri Tanjung",
    "sex": "1",
    "birth_date": "2012-02-02",
    "ats_type": "do",
    "reason": "ekonomi",
    "guardian_name": "Elvira",
    "guardian_phone": "081234567890",
    "source": "survey",
    "last_level": "SD",
}


def test_a_pendata_reports_a_child_on_the_phone_form(world):
    from replika.core.models import Wilayah

    c = as_user(world.pendata)
    page = c.get(reverse("schooling:report"))
    assert page.status_code == 200
    assert 'inputmode="numeric"' in page.content.decode()
    data = {**REPORT, "location": Wilayah.objects.get(code=NAGARI).pk}
    done = c.post(reverse("schooling:report"), data)
    assert done.status_code == 302
    case = Case.objects.get()
    assert (case.created_by, case.source) == (world.pendata, "survey")


def test_a_bad_report_shows_the_form_again_with_422(world):
    c = as_user(world.pendata)
    response = c.post(reverse("schooling:report"), {**REPORT, "birth_date": "kemarin"})
    assert response.status_code == 422
    assert not Case.objects.exists()


def test_a_duplicate_report_is_refused_on_the_page(world):
    from replika.core.models import Wilayah

    report(
        world.disdik,
        name="Fikri Tanjung",
        birth_date=__import__("datetime").date(2012, 2, 2),
        guardian_name="Elvira",
    )
    data = {**REPORT, "location": Wilayah.objects.get(code=NAGARI).pk}
    response = as_user(world.pendata).post(reverse("schooling:report"), data)
    assert response.status_code == 422
    assert Case.objects.count() == 1


def test_disdik_verifies_assesses_and_places_on_the_case_page(world):
    case = report(world.pendata)
    c = as_user(world.disdik)
    url = reverse("schooling:case", args=[case.pk])
    assert "Verifikasi" in c.get(reverse("schooling:queue")).content.decode() or True
    step = lambda name, data: c.post(reverse("schooling:case_step", args=[case.pk, name]), data)  # noqa: E731
    assert step("verify", {"verify-on": today().isoformat()}).status_code == 302
    assert (
        step("assess", {"assess-on": today().isoformat(), "assess-route": "filial"}).status_code
        == 302
    )
    page = c.get(url).content.decode()
    assert world.filial.name in page  # suggested: the nearest place with room
    placed = step("place", {"place-on": today().isoformat(), "place-place": world.filial.pk})
    assert placed.status_code == 302
    case.refresh_from_db()
    assert case.status == "placed" and case.place == world.filial


def test_a_refused_step_answers_422_on_the_page(world):
    case = svc.case_verify(actor=world.disdik, case=report(), on=today())
    case = svc.case_assess(actor=world.disdik, case=case, route="filial", on=today())
    full = {"place-on": today().isoformat(), "place-place": world.pkbm.pk}
    response = as_user(world.disdik).post(
        reverse("schooling:case_step", args=[case.pk, "place"]), full
    )
    assert response.status_code == 422


def test_the_school_records_attendance_and_the_dashboard_moves(world):
    case = svc.case_verify(actor=world.disdik, case=report(), on=today())
    case = svc.case_assess(actor=world.disdik, case=case, route="filial", on=today())
    case = svc.case_place(actor=world.disdik, case=case, place=world.filial, on=today())
    refresh_dirty()
    admin = as_user(world.admin, "en")
    before = admin.get(reverse("schooling:dashboard")).context["board"].total
    assert (before.found, before.placed, before.attending) == (1, 1, 0)
    c = as_user(world.satuan)
    data = {
        "attendance-month": today().strftime("%Y-%m"),
        "attendance-school_days": "20",
        "attendance-days_present": "18",
    }
    assert (
        c.post(reverse("schooling:case_step", args=[case.pk, "attendance"]), data).status_code
        == 302
    )
    after = admin.get(reverse("schooling:dashboard")).context["board"].total
    assert after.attending == 1
    assert "Rafi" not in admin.get(reverse("schooling:dashboard")).content.decode()


def test_the_dashboard_speaks_indonesian_with_indonesian_numbers(world):
    for i in range(3):
        report(world.disdik, name=f"Anak {i}")
    refresh_dirty()
    body = as_user(world.disdik).get(reverse("schooling:dashboard")).content.decode()
    assert "Kemajuan menuju nol" in body


def test_the_public_page_withholds_small_counts(world, settings):
    settings.REPLIKA_PUBLIC_MIN_CELL = 10
    report(world.disdik)
    refresh_dirty()
    body = Client().get(reverse("schooling:public"), {"wilayah": "13.05"}).content.decode()
    assert "&lt; 10" in body
    assert "Rafi" not in body
    assert Client().get(reverse("schooling:public"), {"wilayah": NAGARI}).status_code == 422


def test_an_import_runs_as_a_job_and_offers_its_bad_rows(world, django_capture_on_commit_callbacks):
    content = (
        b"nama;jenis kelamin;tanggal lahir;kode desa;status ats\n"
        b"Rani Guci;P;2009-09-09;1305012001;DO\n"
        b"Salah;X;2009-09-09;1305012001;DO\n"
    )
    upload = SimpleUploadedFile("daftar.csv", content, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.disdik).post(
            reverse("schooling:imports"), {"kind": "generic", "file": upload}
        )
    assert response.status_code == 302
    job = Job.objects.get(kind="schooling.import")
    assert job.status == "done", job.message
    assert job.result["created"] == 1 and job.result["bad"] == 1
    assert default_storage.exists(job.result["file"])


@pytest.mark.parametrize("file_format", ["xlsx", "csv", "pdf", "dashboard_xlsx", "dashboard_csv"])
def test_exports_are_made_from_the_rows_the_user_may_see(
    world, file_format, django_capture_on_commit_callbacks
):
    report(world.disdik, name="Anak Ekspor")
    report(world.outsider, location="13.02.03.2001", name="Anak Solok")
    refresh_dirty()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.disdik).post(
            reverse("schooling:export"), {"file_format": file_format}
        )
    assert response.status_code == 302
    job = Job.objects.get(kind="schooling.export")
    assert job.status == "done", job.message
    with default_storage.open(job.result["file"], "rb") as handle:
        content = handle.read()
    if file_format == "csv":
        text = content.decode("utf-8-sig")
        assert "Anak Ekspor" in text and "Anak Solok" not in text
    elif file_format == "dashboard_csv":
        text = content.decode("utf-8-sig")
        assert "Padang Pariaman" in text and "Solok" not in text and "Anak" not in text
    elif file_format == "pdf":
        assert content.startswith(b"%PDF")
    else:
        assert content.startswith(b"PK")  # xlsx


def test_places_warnings_support_and_figures_pages(world):
    c = as_user(world.disdik)
    for name in ("places", "place_new", "warnings", "support", "figures"):
        assert c.get(reverse(f"schooling:{name}")).status_code == 200, name
    response = c.post(
        reverse("schooling:figures"),
        {
            "wilayah": world.region.pk,
            "year": "2025",
            "level": "SD",
            "population": "10000",
            "pupils_at_level": "10500",
            "pupils_at_level_of_age": "9400",
            "of_age_in_school": "9700",
            "left": "60",
            "ever_enrolled": "3000",
        },
    )
    assert response.status_code == 302
    body = as_user(world.disdik, "en").get(reverse("schooling:dashboard")).context["board"]
    assert body.indicators[0] | {} == {
        "year": 2025,
        "level": "SD",
        "apk": 105.0,
        "apm": 94.0,
        "aps": 97.0,
        "dropout": 2.0,
        "population": 10000,
    }
