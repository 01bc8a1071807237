"""Education: article visibility and editing, pregnant-women classes, WhatsApp links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from replika.nutrition.models import Article, ClassAttendance, FacilityProfile, PregnancyClass
from replika.nutrition.services.education import (
    article_save,
    class_attendance_set,
    facility_profile_save,
    pregnancy_class_create,
)
from replika.nutrition.services.registers import mother_register
from replika.replication.models import Commitment
from tests.factories import make_unit, region, user_with_role

pytestmark = pytest.mark.django_db


def publish(title: str, region_code: str | None, published: bool = True) -> Article:
    return article_save(
        actor=None,
        region=region(region_code) if region_code else None,
        title=title,
        body="Isi artikel.",
        published=published,
    )


def shown_titles(client) -> set[str]:
    response = client.get(reverse("nutrition:education"))
    assert response.status_code == 200
    return {a.title for a in response.context["page"].object_list}


def test_readers_see_published_articles_of_their_region_and_the_province(world, client_for):
    publish("Province", None)
    publish("Padang", "13.71")
    publish("Agam", "13.06")
    publish("Padang draft", "13.71", published=False)
    for reader in (world.cadre, world.officer, world.region_admin):
        assert shown_titles(client_for(reader)) == {"Province", "Padang"}
    assert shown_titles(client_for(world.agam_officer)) == {"Province", "Agam"}


def test_education_page_is_404_without_a_nutrition_role(world, client_for, nobody):
    assert client_for(nobody).get(reverse("nutrition:education")).status_code == 404
    mentor = user_with_role("mentor", "13")
    assert client_for(mentor).get(reverse("nutrition:education")).status_code == 404


def test_an_article_of_another_region_or_a_draft_is_404(world, client_for):
    agam = publish("Agam", "13.06")
    draft = publish("Draft", "13.71", published=False)
    client = client_for(world.cadre)
    assert client.get(reverse("nutrition:article", args=[agam.pk])).status_code == 404
    assert client.get(reverse("nutrition:article", args=[draft.pk])).status_code == 404
    assert (
        client_for(world.officer).get(reverse("nutrition:article", args=[draft.pk])).status_code
        == 200
    )


def test_officer_writes_an_article_for_the_region(world, client_for):
    client = client_for(world.officer)
    response = client.post(
        reverse("nutrition:article_new"),
        {
            "title": "MPASI",
            "audience": "Ibu balita",
            "body": "Makanan pendamping ASI.",
            "published": "on",
        },
    )
    article = Article.objects.get()
    assert response.url == reverse("nutrition:article", args=[article.pk])
    assert article.region == region("13.71")
    assert article.published_on == timezone.localdate()
    assert article.author == world.officer


def test_article_needs_a_body(world, client_for):
    response = client_for(world.officer).post(
        reverse("nutrition:article_new"), {"title": "Kosong", "body": "   "}
    )
    assert response.status_code == 422
    assert "body" in response.context["form"].errors


def test_only_education_managers_of_the_region_edit(world, client_for):
    padang = publish("Padang", "13.71")
    province = publish("Province", None)
    edit = reverse("nutrition:article_edit", args=[padang.pk])
    assert client_for(world.officer).get(edit).status_code == 200
    assert client_for(world.cadre).get(edit).status_code == 404
    assert client_for(world.agam_officer).get(edit).status_code == 404
    province_edit = reverse("nutrition:article_edit", args=[province.pk])
    assert client_for(world.officer).get(province_edit).status_code == 404
    admin = user_with_role("admin_provinsi", "13")
    assert client_for(admin).get(province_edit).status_code == 200


def test_republishing_keeps_the_first_publication_date(world):
    article = publish("A", "13.71")
    Article.objects.filter(pk=article.pk).update(published_on=dt.date(2025, 1, 1))
    article.refresh_from_db()
    article_save(
        actor=None, article=article, region=article.region, title="A2", body="x", published=True
    )
    article.refresh_from_db()
    assert article.published_on == dt.date(2025, 1, 1)


def test_article_list_runs_a_bounded_number_of_queries(world, client_for):
    client = client_for(world.cadre)
    counts = []
    for n in (2, 10):
        for i in range(Article.objects.count(), n):
            publish(f"Artikel {i}", "13.71" if i % 2 else None)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("nutrition:education"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- classes -----------------------------------------------------------------------


@pytest.fixture
def session(world):
    return pregnancy_class_create(
        actor=None,
        unit=world.puskesmas,
        held_on=timezone.localdate(),
        topic="Gizi ibu hamil",
        online=True,
    )


def test_a_class_belongs_to_a_puskesmas(world):
    with pytest.raises(ValidationError) as error:
        pregnancy_class_create(
            actor=None, unit=world.posyandu, held_on=timezone.localdate(), topic="x"
        )
    assert "unit" in error.value.message_dict


def test_midwife_schedules_a_class_and_takes_attendance(world, client_for):
    client = client_for(world.midwife)
    response = client.post(
        reverse("nutrition:pregnancy_classes"),
        {"unit": world.puskesmas.pk, "held_on": "2026-01-10", "topic": "Tablet tambah darah"},
    )
    session = PregnancyClass.objects.get()
    assert response.url == reverse("nutrition:pregnancy_class", args=[session.pk])
    assert session.region == region("13.71")
    mine = mother_register(actor=None, unit=world.posyandu, name="Ani")
    also = mother_register(actor=None, unit=world.other_posyandu, name="Bunga")
    url = reverse("nutrition:pregnancy_class", args=[session.pk])
    assert client.post(url, {"mothers": [mine.pk, also.pk]}).status_code == 302
    assert set(ClassAttendance.objects.values_list("mother_id", flat=True)) == {mine.pk, also.pk}
    client.post(url, {"mothers": [mine.pk]})
    assert list(ClassAttendance.objects.values_list("mother_id", flat=True)) == [mine.pk]


def test_attendance_refuses_mothers_outside_the_puskesmas_area(world, session):
    other_puskesmas = make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas Lain")
    far = make_unit("posyandu", "13.71", "13.71.02.1007", parent=other_puskesmas)
    stranger = mother_register(actor=None, unit=far, name="Citra")
    with pytest.raises(ValidationError) as error:
        class_attendance_set(actor=None, session=session, mothers=[stranger])
    assert "mothers" in error.value.message_dict
    assert not ClassAttendance.objects.exists()


def test_class_pages_for_the_puskesmas_and_404_for_outsiders(world, session, client_for, nobody):
    url = reverse("nutrition:pregnancy_class", args=[session.pk])
    for insider in (world.midwife, world.officer):
        assert client_for(insider).get(url).status_code == 200
    for outsider in (world.agam_officer, world.region_admin, nobody, world.cadre):
        assert client_for(outsider).get(url).status_code == 404


def test_cadre_cannot_take_attendance(world, session, client_for):
    url = reverse("nutrition:pregnancy_classes")
    assert client_for(world.cadre).post(url, {"topic": "x"}).status_code == 404


def test_class_pages_are_404_where_the_region_switched_classes_off(world, session, client_for):
    commitment = Commitment.objects.get(region__code="13.71", innovation__code="ayo-ceting")
    commitment.settings = {"kelas_ibu_hamil": False}
    commitment.save()
    client = client_for(world.midwife)
    assert client.get(reverse("nutrition:pregnancy_classes")).status_code == 404
    url = reverse("nutrition:pregnancy_class", args=[session.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("nutrition:education")).context["classes_on"] is False


def test_class_list_runs_a_bounded_number_of_queries(world, client_for):
    client = client_for(world.officer)
    counts = []
    for n in (1, 6):
        for i in range(PregnancyClass.objects.count(), n):
            pregnancy_class_create(
                actor=None, unit=world.puskesmas, held_on=timezone.localdate(), topic=f"T{i}"
            )
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("nutrition:pregnancy_classes"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- WhatsApp links ----------------------------------------------------------------


def test_cadre_publishes_her_posyandu_group_shown_on_the_education_page(world, client_for):
    client = client_for(world.cadre)
    url = reverse("nutrition:whatsapp_edit", args=[world.posyandu.pk])
    link = "https://chat.whatsapp.com/AbCdEf123"
    assert client.post(url, {"whatsapp_url": link}).status_code == 302
    assert FacilityProfile.objects.get(unit=world.posyandu).whatsapp_url == link
    assert link in client_for(world.officer).get(reverse("nutrition:education")).content.decode()
    other = reverse("nutrition:whatsapp_edit", args=[world.other_posyandu.pk])
    assert client.post(other, {"whatsapp_url": link}).status_code == 404
    assert client_for(world.agam_officer).get(url).status_code == 404


def test_a_link_that_is_not_whatsapp_is_refused(world, client_for):
    url = reverse("nutrition:whatsapp_edit", args=[world.posyandu.pk])
    response = client_for(world.cadre).post(url, {"whatsapp_url": "https://example.com/x"})
    assert response.status_code == 422
    assert "whatsapp_url" in response.context["form"].errors


def test_a_rumah_gizi_has_no_whatsapp_profile(world):
    from replika.core.services import unit_create

    house = unit_create(actor=None, kind="rumah_gizi", name="RG", region=region("13.71"))
    with pytest.raises(ValidationError):
        facility_profile_save(actor=None, unit=house, whatsapp_url="")
