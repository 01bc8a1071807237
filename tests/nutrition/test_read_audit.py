"""Reads of personal data are audited: pages, NIK search, the child API and exports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from replika.core import humanize, services
from replika.core.models import AuditEvent, Job, JobStatus
from replika.core.roles import get_role
from replika.nutrition.permissions import VIEW_PERSONAL
from replika.nutrition.services.registers import child_register, mother_register

pytestmark = pytest.mark.django_db

NAME = "Nurhaliza Anggraini"
NIK = "1371024201240007"  # a girl born 2024-01-02 in kecamatan 13.71.02


@pytest.fixture
def child(world):
    return child_register(
        actor=None, unit=world.posyandu, name=NAME, sex=2, birth_date=dt.date(2024, 1, 2), nik=NIK
    )


def reads(what: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=f"read.{what}").order_by("pk"))


def test_opening_a_childs_page_records_who_read_it(world, child, client_for):
    client = client_for(world.cadre)
    assert client.get(reverse("nutrition:child", args=[child.pk])).status_code == 200
    (read,) = reads("child")
    assert (read.actor, read.model, read.object_id) == (
        world.cadre,
        "nutrition.child",
        str(child.pk),
    )
    assert read.region is not None and read.region.code == "13.71"
    assert NIK not in str(read.changes)


def test_an_outsiders_attempt_reads_nothing_and_records_nothing(world, child, outsider, client_for):
    response = client_for(outsider).get(reverse("nutrition:child", args=[child.pk]))
    assert response.status_code == 404
    assert reads("child") == []


def test_the_childs_page_shows_who_read_it_to_roles_with_personal_data(world, child, client_for):
    world.midwife.full_name = "Bidan Pembaca"
    world.midwife.save()
    client_for(world.midwife).get(reverse("nutrition:child", args=[child.pk]))
    html = client_for(world.cadre).get(reverse("nutrition:child", args=[child.pk])).content
    assert b"Bidan Pembaca" in html
    assert b"read.child" in html


def test_a_role_without_personal_data_does_not_see_who_read_the_child(
    world, child, client_for, monkeypatch
):
    world.midwife.full_name = "Bidan Pembaca"
    world.midwife.save()
    client_for(world.midwife).get(reverse("nutrition:child", args=[child.pk]))
    cadre = get_role("kader_posyandu")
    monkeypatch.setattr(cadre, "permissions", cadre.permissions - {VIEW_PERSONAL})
    response = client_for(world.cadre).get(reverse("nutrition:child", args=[child.pk]))
    assert response.status_code == 200
    assert b"Bidan Pembaca" not in response.content
    assert len(reads("child")) == 2  # her own read is still recorded


def test_opening_a_mothers_page_is_recorded_and_listed(world, client_for):
    mother = mother_register(actor=None, unit=world.posyandu, name="Ibu Sari Wahyuni")
    client = client_for(world.cadre)
    assert client.get(reverse("nutrition:mother", args=[mother.pk])).status_code == 200
    (read,) = reads("mother")
    assert (read.actor, read.object_id) == (world.cadre, str(mother.pk))
    html = client.get(reverse("nutrition:mother", args=[mother.pk])).content.decode()
    assert "read.mother" in html


def test_a_nik_search_is_recorded_without_the_nik_and_a_name_search_is_not(
    world, child, client_for
):
    client = client_for(world.cadre)
    client.post(reverse("nutrition:children"), {"q": NIK})
    (read,) = reads("nik_search")
    assert read.actor == world.cadre and read.model == "nutrition.child"
    assert read.changes["_"] == {"found": 1, "ids": [child.pk]}
    assert NIK not in str(read.changes) and NAME not in read.object_repr
    client.post(reverse("nutrition:children"), {"q": "Nurhaliza"})
    assert len(reads("nik_search")) == 1


def test_the_child_api_records_the_read(world, child, client):
    _token, secret = services.api_token_create(actor=world.cadre, name="app")
    response = client.get(
        f"/api/v1/nutrition/children/{child.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 200
    (read,) = reads("child_api")
    assert (read.actor, read.object_id) == (world.cadre, str(child.pk))


def test_the_child_api_records_nothing_for_an_outsider(world, child, outsider, client):
    _token, secret = services.api_token_create(actor=outsider, name="app")
    response = client.get(
        f"/api/v1/nutrition/children/{child.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 404
    assert reads("child_api") == []


def test_an_export_with_niks_is_recorded(
    world, child, client_for, django_capture_on_commit_callbacks
):
    form = {"place": "", "month_from": "2025-01", "month_to": "2025-12", "file_format": "csv"}
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.officer).post(reverse("nutrition:export"), form)
    job = Job.objects.filter(kind="nutrition.export").latest("pk")
    assert job.status == JobStatus.DONE
    (read,) = reads("export")
    assert read.actor == world.officer and read.region.code == "13.71"
    assert read.changes["_"] == {"job": job.pk, "rows": 0, "full_nik": True}


def test_reads_are_listed_apart_from_changes_and_without_names(world, child, client_for):
    client_for(world.cadre).get(reverse("nutrition:child", args=[child.pk]))
    admin = client_for(world.region_admin)
    listed = admin.get("/audit/?reads=1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        read_label = humanize.action_label("read.child", "nutrition.child")
    assert read_label in listed and NAME not in listed
    changes = admin.get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert read_label not in changes
    outsider = client_for(world.agam_officer).get("/audit/?reads=1")
    assert outsider.status_code == 404
