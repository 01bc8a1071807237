"""Commitment pages and the settings form, through the browser's eyes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from replika.core.activation import effective_settings
from replika.core.models import AuditEvent
from replika.replication.models import Commitment, Stage
from tests.factories import make_commitment, region

pytestmark = pytest.mark.django_db


def test_region_admin_sees_own_commitment_with_adaptation_table(client_for, world):
    response = client_for(world.owner).get(
        reverse("replication:commitment", args=[world.nutrition.pk])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kota Padang" in body
    assert "Ayo Ceting" in body
    assert reverse("replication:settings", args=[world.nutrition.pk]) in body
    title = body.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.strip().startswith("Kota Padang — Ayo Ceting")
    assert "<" not in title


@pytest.mark.parametrize("url_name", ["commitment", "commitment_edit", "settings"])
def test_other_region_admin_gets_404_on_every_commitment_page(client_for, world, url_name):
    url = reverse(f"replication:{url_name}", args=[world.nutrition.pk])
    assert client_for(world.outsider).get(url).status_code == 404
    assert client_for(world.outsider).post(url, {"signed_on": "2020-01-01"}).status_code == 404
    world.nutrition.refresh_from_db()
    assert world.nutrition.stage == Stage.LAUNCHED


@pytest.mark.parametrize("url_name", ["commitment_edit", "settings"])
def test_mentor_reads_but_cannot_edit(client_for, world, url_name):
    client = client_for(world.member)
    assert (
        client.get(reverse("replication:commitment", args=[world.nutrition.pk])).status_code == 200
    )
    assert (
        client.get(reverse(f"replication:{url_name}", args=[world.nutrition.pk])).status_code == 404
    )


def test_user_without_role_gets_404_on_the_list(client_for, nobody):
    assert client_for(nobody).get(reverse("replication:commitments")).status_code == 404


def test_list_shows_only_own_region_to_region_admin(client_for, padang_admin):
    make_commitment("13.71", "ayo-ceting")
    make_commitment("13.06", "poltabes")
    response = client_for(padang_admin).get(reverse("replication:commitments"))
    shown = {(c.region.code, c.innovation.code) for c in response.context["commitments"]}
    assert shown == {("13.71", "ayo-ceting")}


def test_settings_form_shows_field_error_and_keeps_nothing(client_for, world):
    url = reverse("replication:settings", args=[world.nutrition.pk])
    response = client_for(world.owner).post(
        url,
        {
            "display_name": "Ayo Ceting Padang",
            "kek_lila_cm": "50",
            "anaemia_hb_g_dl": "11",
            "report_deadline_day": "10",
        },
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "kek_lila_cm" in form.errors
    assert "display_name" not in form.errors
    world.nutrition.refresh_from_db()
    assert world.nutrition.settings == {}


def test_settings_form_rejects_a_non_number(client_for, world):
    url = reverse("replication:settings", args=[world.nutrition.pk])
    response = client_for(world.owner).post(url, {"display_name": "Ayo", "kek_lila_cm": "abc"})
    assert response.status_code == 422
    assert "kek_lila_cm" in response.context["form"].errors


def test_saved_settings_store_only_the_modifications(client_for, world):
    url = reverse("replication:settings", args=[world.nutrition.pk])
    response = client_for(world.owner).post(
        url,
        {
            "display_name": "Ayo Ceting",  # the default: not a modification
            "rumah_gizi": "on",
            "kelas_ibu_hamil": "on",
            # adolescent_screening unticked: a modification
            "alert_two_t": "on",
            "alert_wasting": "on",
            "alert_newly_stunted": "on",
            "kek_lila_cm": "23.5",
            "anaemia_hb_g_dl": "11",
            "report_deadline_day": "5",
            "adolescent_screening__reason": "Dijalankan oleh program sekolah",
            "report_deadline_day__reason": "Rapat lintas sektor tanggal 6",
        },
    )
    assert response.status_code == 302
    world.nutrition.refresh_from_db()
    assert world.nutrition.settings == {"adolescent_screening": False, "report_deadline_day": 5}
    effective = effective_settings("nutrition", region("13.71"))
    assert effective.report_deadline_day == 5
    assert effective.rumah_gizi is True
    event = AuditEvent.objects.get(action="commitment.settings")
    assert event.changes["settings"][1] == world.nutrition.settings


def test_stopping_requires_a_reason(client_for, world):
    url = reverse("replication:transition", args=[world.nutrition.pk])
    response = client_for(world.owner).post(url, {"to_stage": "stopped", "note": ""})
    assert response.status_code == 422
    assert "note" in response.context["form"].errors
    response = client_for(world.owner).post(
        url, {"to_stage": "stopped", "note": "Anggaran dialihkan."}
    )
    assert response.status_code == 302
    world.nutrition.refresh_from_db()
    assert world.nutrition.stage == Stage.STOPPED
    assert world.nutrition.stopped_reason == "Anggaran dialihkan."


def test_future_signing_date_is_refused(client_for, world):
    url = reverse("replication:commitment_edit", args=[world.nutrition.pk])
    response = client_for(world.owner).post(url, {"signed_on": "2999-01-01"})
    assert response.status_code == 422
    assert "signed_on" in response.context["form"].errors


def test_region_admin_creates_commitment_only_in_own_region(client_for, padang_admin):
    client = client_for(padang_admin)
    url = reverse("replication:commitment_new")
    response = client.post(url, {"region": "13.06", "innovation": "poltabes", "stage": "committed"})
    assert response.status_code == 422
    assert "region" in response.context["form"].errors
    assert not Commitment.objects.filter(region__code="13.06").exists()
    response = client.post(url, {"region": "13.71", "innovation": "poltabes", "stage": "committed"})
    assert response.status_code == 302
    assert Commitment.objects.filter(region__code="13.71", innovation__code="poltabes").exists()


def test_duplicate_commitment_is_refused_with_a_field_error(client_for, padang_admin):
    make_commitment("13.71", "poltabes")
    response = client_for(padang_admin).post(
        reverse("replication:commitment_new"),
        {"region": "13.71", "innovation": "poltabes", "stage": "committed"},
    )
    assert response.status_code == 422
    assert "innovation" in response.context["form"].errors
    assert Commitment.objects.filter(region__code="13.71", innovation__code="poltabes").count() == 1


def test_mentor_cannot_open_the_new_commitment_form(client_for, mentor):
    assert client_for(mentor).get(reverse("replication:commitment_new")).status_code == 404


def test_the_settings_page_asks_for_the_reason_of_a_change_on_its_field(client_for, world):
    url = reverse("replication:settings", args=[world.nutrition.pk])
    client = client_for(world.owner)
    data = {
        name: value
        for name, value in client.get(url).context["form"].initial.items()
        if not isinstance(value, bool) or value
    }
    data = {k: ("on" if v is True else v) for k, v in data.items()}
    data["report_deadline_day"] = "7"
    response = client.post(url, data)
    assert response.status_code == 422
    assert response.context["form"].errors.get("report_deadline_day__reason")
    world.nutrition.refresh_from_db()
    assert "report_deadline_day" not in world.nutrition.settings
