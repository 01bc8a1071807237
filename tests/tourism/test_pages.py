"""The pages of the office, the operators and the public, through the real URLs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from replika.tourism.models import EventStatus, MonthlyReport
from replika.tourism.services.events import event_moderate, event_submit
from replika.tourism.services.reports import report_file
from tests.tourism.factories import JUNE_EXAMPLE, last_month

pytestmark = pytest.mark.django_db


def month() -> str:
    return last_month().strftime("%Y-%m")


def test_office_pages_render(world, client_for):
    report_file(
        actor=world.operator,
        place=world.hotel,
        period=last_month(),
        figures=JUNE_EXAMPLE | {"days": 28},
    )
    c = client_for(world.dinas)
    for name, args in [
        ("tourism:places", []),
        ("tourism:place_new", []),
        ("tourism:place", [world.hotel.pk]),
        ("tourism:place_edit", [world.hotel.pk]),
        ("tourism:photo_add", [world.hotel.pk]),
        ("tourism:product_add", [world.village.pk]),
        ("tourism:reports", []),
        ("tourism:report_file", [world.hotel.pk, month()]),
        ("tourism:report_file", [world.attraction.pk, month()]),
        ("tourism:compliance", []),
        ("tourism:statistics", []),
        ("tourism:events", []),
        ("tourism:event_new", []),
        ("tourism:assessment", [world.village.pk]),
        ("tourism:imports", []),
    ]:
        response = c.get(reverse(name, args=args))
        assert response.status_code == 200, (name, response.status_code)


def test_operator_files_a_month_from_the_form(world, client_for):
    c = client_for(world.operator)
    assert c.get(reverse("tourism:reports")).status_code == 200
    url = reverse("tourism:report_file", args=[world.hotel.pk, month()])
    data = {k: v for k, v in JUNE_EXAMPLE.items() if k != "days"} | {"days": 28}
    response = c.post(url, data)
    assert response.status_code == 302
    report = MonthlyReport.objects.get(place=world.hotel)
    assert report.rooms_sold == 720 and not report.on_behalf


def test_a_refused_report_comes_back_with_field_errors(world, client_for):
    c = client_for(world.operator)
    url = reverse("tourism:report_file", args=[world.hotel.pk, month()])
    data = JUNE_EXAMPLE | {"days": 28, "nights_domestic": 1}
    response = c.post(url, data)
    assert response.status_code == 422
    assert "nights_domestic" in response.context["form"].errors
    assert not MonthlyReport.objects.exists()


def test_exports_download(world, client_for):
    report_file(
        actor=world.operator,
        place=world.hotel,
        period=last_month(),
        figures=JUNE_EXAMPLE | {"days": 28},
    )
    c = client_for(world.dinas)
    xlsx = c.get(reverse("tourism:export", args=["bps"]) + f"?periode={month()}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # Each month says it is provisional until the office publishes it.
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    statuses = [row[-1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert statuses and set(statuses) == {"sementara"}
    csv = c.get(reverse("tourism:export", args=["satudata"]) + f"?periode={month()}")
    assert csv.status_code == 200
    assert "kode_kabupaten_kota" in csv.content.decode("utf-8-sig")


def test_public_pages_render_without_sign_in(world, client):
    event = event_submit(
        actor=world.operator,
        region=world.hotel.region,
        title="Pacu Jawi",
        starts_on=last_month(),
        ends_on=last_month().replace(day=28) + (__import__("datetime").timedelta(days=40)),
        place=world.hotel,
    )
    event_moderate(actor=world.dinas, event=event, approve=True)
    assert event.status == EventStatus.APPROVED
    for name, args in [
        ("tourism:portal", []),
        ("tourism:public_place", [world.attraction.pk]),
        ("tourism:public_events", []),
        ("tourism:public_event", [event.pk]),
        ("tourism:public_products", []),
        ("tourism:public_statistics", []),
        ("tourism:map_data", []),
        ("tourism:map_regions", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    assert b"Pacu Jawi" in client.get(reverse("tourism:public_events")).content
    points = client.get(reverse("tourism:map_data")).json()
    names = {f["properties"]["name"] for f in points["features"]}
    assert {"Ngalau Indah", "Kampung Wisata Kubu Gadang", "Kawasan Mandeh"} <= names


def test_an_operator_edits_their_own_entry_but_not_its_exemption(world, client_for):
    c = client_for(world.operator)
    url = reverse("tourism:place_edit", args=[world.hotel.pk])
    form = c.get(url).context["form"]
    assert "exempt" not in form.fields and "village_stage" not in form.fields
    response = c.post(
        url,
        {
            "name": "Hotel Bukik Gadang",
            "location": "13.76.01.1003",
            "rooms": "42",
            "beds": "84",
            "published": "on",
            "exempt": "on",
        },
    )
    assert response.status_code == 302
    world.hotel.refresh_from_db()
    assert world.hotel.rooms == 42 and world.hotel.exempt is False
    assert c.get(reverse("tourism:place_new")).status_code == 404  # only the office registers


def test_the_portal_shows_a_change_at_once(world, client, django_capture_on_commit_callbacks):
    from replika.tourism.services.registry import place_update

    assert b"Ngalau Indah" in client.get(reverse("tourism:portal")).content
    with django_capture_on_commit_callbacks(execute=True):
        place_update(
            actor=world.dinas,
            place=world.attraction,
            name="Ngalau Indah Baru",
            location=world.attraction.location,
        )
    assert b"Ngalau Indah Baru" in client.get(reverse("tourism:portal")).content
