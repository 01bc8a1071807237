"""Publishing a month: the public sees published figures only, corrections need a re-publish.

The office's page shows the provisional figures ("sementara") at once; the portal, the
public API, the Satu Data CSV and the KPIs show what was published, and a late report after
publication marks the month revised until the office publishes it again with a note.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from replika.core import cache
from replika.core.models import Wilayah
from replika.tourism.exports import satu_data_csv
from replika.tourism.models import MonthRelease, ReleaseStatus
from replika.tourism.services.releases import month_publish
from replika.tourism.services.reports import report_file
from tests.tourism.factories import JUNE_EXAMPLE, last_month, place

pytestmark = pytest.mark.django_db
API = "/api/v1/tourism/statistics"


def visits(n: int) -> dict[str, int]:
    return {"visitors_domestic": n, "visitors_foreign": 0}


def stats_of(client, month=None) -> dict:
    month = month or last_month()
    response = client.get(f"{API}?wilayah=13.76&period={month:%Y-%m}")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def filed(world):
    report_file(actor=None, place=world.attraction, period=last_month(), figures=visits(1500))
    report_file(
        actor=None, place=world.hotel, period=last_month(), figures=JUNE_EXAMPLE | {"days": 28}
    )
    return world


def publish(world, note: str = "") -> MonthRelease:
    return month_publish(
        actor=world.dinas, region=world.hotel.region, period=last_month(), note=note
    )


def test_an_unpublished_month_is_public_only_as_provisional_figures(filed, client):
    # Like BPS's "angka sementara": the reports filed so far, labelled, never unlabelled.
    data = stats_of(client)
    assert data["status"] == "provisional" and data["regions_published"] == 0
    assert data["visits"] == 1500 and data["published_on"] is None
    page = client.get(f"/wisata/portal/statistik/?wilayah=13.76&periode={last_month():%Y-%m}")
    assert "Angka sementara" in page.content.decode()


def test_the_office_sees_provisional_figures_labelled_sementara(filed, client_for):
    page = client_for(filed.dinas).get(
        f"/wisata/statistik/?wilayah=13.76&periode={last_month():%Y-%m}"
    )
    html = page.content.decode()
    assert "sementara" in html
    assert "1.500" in html  # the provisional visits are there for the office
    assert "Kunjungan, perubahan (%) dari tahun lalu" in html


def test_publishing_freezes_what_the_public_sees(filed, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        release = publish(filed)
    assert release.version == 1 and release.status == ReleaseStatus.PUBLISHED
    assert stats_of(client)["visits"] == 1500
    # A late report: the office's figures move, the public's do not, the month is revised.
    late = place("13.76", "dtw", "Lembah Batang Agam", "13.76.02.1002")
    with django_capture_on_commit_callbacks(execute=True):
        report_file(actor=None, place=late, period=last_month(), figures=visits(500))
    release.refresh_from_db()
    assert release.status == ReleaseStatus.REVISED and release.changes == 1
    data = stats_of(client)
    assert data["visits"] == 1500 and data["status"] == "published"
    assert data["compliance"]["filed"] == 2


def test_a_revised_month_is_re_published_with_a_note_and_shown_corrected(
    filed, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(filed)
    report_file(
        actor=filed.dinas,
        place=filed.attraction,
        period=last_month(),
        figures=visits(1800),
        reason="Salah ketik",
    )
    with pytest.raises(ValidationError) as refused:
        publish(filed)
    assert "note" in refused.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        release = publish(filed, note="Pengunjung Ngalau Indah dikoreksi.")
    assert release.version == 2 and release.status == ReleaseStatus.PUBLISHED
    data = stats_of(client)
    assert data["visits"] == 1800 and data["status"] == "corrected"
    assert data["revision_notes"] == ["Pengunjung Ngalau Indah dikoreksi."]
    page = client.get(f"/wisata/portal/statistik/?wilayah=13.76&periode={last_month():%Y-%m}")
    html = page.content.decode()
    assert "Angka diperbaiki" in html and "Pengunjung Ngalau Indah dikoreksi." in html
    # The history keeps both publications with who and when.
    versions = list(release.versions.order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].figures["region"]["sums"]["visitors_domestic"] == 1500
    assert all(v.published_by == filed.dinas for v in versions)


def test_an_unchanged_month_or_a_running_month_cannot_be_published(filed):
    publish(filed)
    with pytest.raises(ValidationError) as again:
        publish(filed)
    assert "periode" in again.value.message_dict
    with pytest.raises(ValidationError):
        month_publish(
            actor=filed.dinas,
            region=filed.hotel.region,
            period=timezone.localdate().replace(day=1),
        )


def test_an_outsider_cannot_publish_another_region(filed):
    with pytest.raises(ValidationError) as refused:
        month_publish(actor=filed.outsider, region=filed.hotel.region, period=last_month())
    assert "wilayah" in refused.value.message_dict
    with pytest.raises(ValidationError):
        month_publish(actor=filed.operator, region=filed.hotel.region, period=last_month())
    assert not MonthRelease.objects.exists()


def test_the_public_default_month_is_the_latest_published(filed, client):
    earlier = (last_month() - dt.timedelta(days=1)).replace(day=1)
    report_file(actor=None, place=filed.attraction, period=earlier, figures=visits(900))
    month_publish(actor=filed.dinas, region=filed.hotel.region, period=earlier)
    data = client.get(f"{API}?wilayah=13.76").json()
    assert data["period"] == f"{earlier:%Y-%m}" and data["visits"] == 900


def test_the_province_sums_the_regions_that_published(filed, client):
    report_file(actor=None, place=filed.other_attraction, period=last_month(), figures=visits(700))
    publish(filed)
    province = client.get(f"{API}?period={last_month():%Y-%m}").json()
    # The other region's part is provisional (its live 700), so the whole is labelled so.
    assert province["visits"] == 2200 and province["regions_published"] == 1
    assert province["status"] == "provisional"
    report_file(actor=None, place=filed.other_attraction, period=last_month(), figures=visits(900))
    month_publish(actor=filed.outsider, region=filed.other_hotel.region, period=last_month())
    cache.bump("tourism")  # what the publication's commit does
    province = client.get(f"{API}?period={last_month():%Y-%m}").json()
    assert province["visits"] == 2400 and province["regions_published"] == 2
    assert province["status"] == "published"


def test_a_kecamatan_reads_its_part_of_the_published_month(filed, client):
    publish(filed)
    data = client.get(f"{API}?wilayah=13.76.02&period={last_month():%Y-%m}").json()
    assert data["visits"] == 1500  # Ngalau Indah lies in 13.76.02
    assert data["compliance"] == {"filed": 1, "obliged": 1, "percent": 100.0}


def test_satu_data_and_kpis_carry_published_months_only(filed):
    from replika.tourism import kpis

    region = Wilayah.objects.get(code="13.76")
    today = timezone.localdate()

    def rows() -> list[dict[str, str]]:
        text = satu_data_csv(region, last_month().year, today).decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    assert rows() == []
    assert kpis.visits(region, last_month()) is None
    publish(filed)
    found = rows()
    assert {(r["bulan"], r["jenis_wisatawan"], r["jumlah_kunjungan"]) for r in found} == {
        (str(last_month().month), "WISNUS", "1500"),
        (str(last_month().month), "WISMAN", "0"),
    }


def test_the_office_publishes_from_its_page(filed, client_for):
    c = client_for(filed.dinas)
    page = c.get("/wisata/statistik/rilis/")
    assert page.status_code == 200
    assert "sementara" in page.content.decode()
    response = c.post(
        "/wisata/statistik/rilis/", {"wilayah": "13.76", "periode": f"{last_month():%Y-%m}"}
    )
    assert response.status_code == 302
    page = c.get("/wisata/statistik/rilis/").content.decode()
    assert "versi 1" in page
    # Region administrators and mentors read statistics but do not publish.
    assert client_for(filed.region_admin).get("/wisata/statistik/rilis/").status_code == 404
