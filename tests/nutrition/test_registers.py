"""Registers: children (duplicates, NIK, masking), mothers, pregnancies, girls; access rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from replika.core.models import AuditEvent
from replika.nutrition.models import AdolescentGirl, Child, Mother
from replika.nutrition.services.registers import mother_register
from replika.replication.models import Stage
from tests.factories import make_commitment, user_with_role
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

BOY_NIK = "1371021503240001"  # a boy born 15 March 2024, registered in Padang Timur
GIRL_NIK = "1371025503240002"  # a girl born 15 March 2024 (day + 40)


def child_post(unit, **overrides) -> dict:
    """A valid child registration form."""
    data = {
        "unit": unit.pk,
        "name": "Budi Santoso",
        "sex": "1",
        "birth_date": "2024-03-15",
        "nik": BOY_NIK,
        "mother_name": "Rina",
        "has_kia_book": "on",
    }
    data.update(overrides)
    return data


def test_cadre_registers_a_child_at_her_posyandu(world, client_for):
    response = client_for(world.cadre).post(
        reverse("nutrition:child_new"), child_post(world.posyandu)
    )
    assert response.status_code == 302
    child = Child.objects.get()
    assert (child.name, child.unit, child.region.code) == ("Budi Santoso", world.posyandu, "13.71")
    assert AuditEvent.objects.filter(action="child.register", object_id=str(child.pk)).exists()


def test_duplicate_nik_is_a_field_error_naming_the_posyandu(world, client_for):
    # The midwife sees both posyandu of her puskesmas: the refusal may say where.
    make_child(world.other_posyandu, "Budi", sex=1, birth_date=dt.date(2024, 3, 15), nik=BOY_NIK)
    response = client_for(world.midwife).post(
        reverse("nutrition:child_new"), child_post(world.posyandu, name="Budi Lain")
    )
    assert response.status_code == 422
    assert "Melati" in str(response.context["form"].errors["nik"])
    assert Child.objects.count() == 1


def test_duplicate_name_birth_date_and_mother_is_a_field_error(world, client_for):
    make_child(
        world.other_posyandu,
        "Budi  SANTOSO",
        sex=1,
        birth_date=dt.date(2024, 3, 15),
        mother_name="rina",
    )
    response = client_for(world.midwife).post(
        reverse("nutrition:child_new"), child_post(world.posyandu, nik="")
    )
    assert response.status_code == 422
    assert "Melati" in str(response.context["form"].errors["name"])


def test_bad_nik_is_a_field_error_and_nothing_is_stored(world, client_for):
    response = client_for(world.cadre).post(
        reverse("nutrition:child_new"), child_post(world.posyandu, nik="12345")
    )
    assert response.status_code == 422
    # The page is Indonesian: so is the rule's message (it used to leak English).
    assert "NIK harus 16 digit." in str(response.context["form"].errors["nik"])
    # A girl's NIK (day + 40) on a boy is refused too.
    response = client_for(world.cadre).post(
        reverse("nutrition:child_new"), child_post(world.posyandu, nik=GIRL_NIK)
    )
    assert "nik" in response.context["form"].errors
    assert not Child.objects.exists()


def test_future_birth_date_is_refused(world, client_for):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(world.cadre).post(
        reverse("nutrition:child_new"),
        child_post(world.posyandu, nik="", birth_date=tomorrow.isoformat()),
    )
    assert response.status_code == 422
    assert "birth_date" in response.context["form"].errors


def test_posyandu_choice_offers_only_the_users_posyandu(world, client_for):
    response = client_for(world.cadre).get(reverse("nutrition:child_new"))
    assert list(response.context["form"].fields["unit"].queryset) == [world.posyandu]
    midwife_units = client_for(world.midwife).get(reverse("nutrition:child_new"))
    assert set(midwife_units.context["form"].fields["unit"].queryset) == {
        world.posyandu,
        world.other_posyandu,
    }


def test_posyandu_of_another_posyandu_or_region_is_refused(world, client_for):
    for unit in (world.other_posyandu, world.agam_posyandu):
        response = client_for(world.cadre).post(reverse("nutrition:child_new"), child_post(unit))
        assert response.status_code == 422
        assert "unit" in response.context["form"].errors
    assert not Child.objects.exists()


def test_child_new_preselects_the_posyandu_and_returns_to_the_session(world, client_for):
    client = client_for(world.cadre)
    session = f"/gizi/sesi/{world.posyandu.pk}/2026-06/"
    page = client.get(reverse("nutrition:child_new"), {"unit": world.posyandu.pk, "next": session})
    assert page.context["form"]["unit"].value() == str(world.posyandu.pk)
    response = client.post(
        reverse("nutrition:child_new"), {**child_post(world.posyandu), "next": session}
    )
    assert response.status_code == 302
    assert response["Location"] == session


def test_children_list_searches_by_name_and_nik_and_filters_by_posyandu(world, client_for):
    make_child(world.posyandu, "Budi", sex=1, birth_date=dt.date(2024, 3, 15), nik=BOY_NIK)
    make_child(world.posyandu, "Siti")
    make_child(world.other_posyandu, "Ani")
    client = client_for(world.officer)
    url = reverse("nutrition:children")

    def names(params):
        return sorted(c.name for c, _nik in client.get(url, params).context["rows"])

    assert names({}) == ["Ani", "Budi", "Siti"]
    assert names({"q": "sit"}) == ["Siti"]
    assert names({"q": BOY_NIK[:8]}) == ["Budi"]
    assert names({"unit": world.other_posyandu.pk}) == ["Ani"]


def test_cadre_cannot_see_other_posyandu_children(world, client_for):
    make_child(world.posyandu, "Siti")
    other = make_child(world.other_posyandu, "Ani")
    client = client_for(world.cadre)
    rows = client.get(reverse("nutrition:children")).context["rows"]
    assert [c.name for c, _nik in rows] == ["Siti"]
    assert client.get(reverse("nutrition:child_edit", args=[other.pk])).status_code == 404


def test_agam_officer_gets_404_on_padang_children(world, client_for):
    child = make_child(world.posyandu, "Siti")
    client = client_for(world.agam_officer)
    assert client.get(reverse("nutrition:child_edit", args=[child.pk])).status_code == 404
    assert client.get(reverse("nutrition:children")).context["rows"] == []


def test_region_admin_and_nobody_get_404_on_the_registers(world, client_for, nobody):
    child = make_child(world.posyandu, "Siti")
    for user in (world.region_admin, nobody):
        client = client_for(user)
        for url in (
            reverse("nutrition:children"),
            reverse("nutrition:mothers"),
            reverse("nutrition:child_new"),
            reverse("nutrition:child_edit", args=[child.pk]),
            reverse("nutrition:girls"),
        ):
            assert client.get(url).status_code == 404, (user, url)


def test_registers_are_404_where_nutrition_is_not_live(client_for):
    make_commitment("13.72", "ayo-ceting", Stage.ADAPTING)
    officer = user_with_role("petugas_gizi_dinkes", "13.72")
    for name in ("nutrition:children", "nutrition:mothers", "nutrition:child_new"):
        assert client_for(officer).get(reverse(name)).status_code == 404


def test_nik_is_masked_without_view_personal(world, client_for, monkeypatch):
    make_child(world.posyandu, "Budi", sex=1, birth_date=dt.date(2024, 3, 15), nik=BOY_NIK)
    page = client_for(world.cadre).get(reverse("nutrition:children")).content.decode()
    assert BOY_NIK in page
    # A role with the register but without personal data sees the masked NIK only.
    from replika.core import roles
    from replika.nutrition import permissions as p

    role = roles.get_role("kader_posyandu")
    monkeypatch.setattr(role, "permissions", set(p.FIELD) - {p.VIEW_PERSONAL})
    page = client_for(world.cadre).get(reverse("nutrition:children")).content.decode()
    assert BOY_NIK not in page
    assert "1371********0001" in page
    # Nor can such a user confirm a NIK by searching for it.
    found = client_for(world.cadre).get(reverse("nutrition:children"), {"q": BOY_NIK})
    assert found.context["rows"] == []


def test_edit_without_view_personal_hides_and_keeps_the_nik(world, client_for, monkeypatch):
    child = make_child(world.posyandu, "Budi", sex=1, birth_date=dt.date(2024, 3, 15), nik=BOY_NIK)
    from replika.core import roles
    from replika.nutrition import permissions as p

    monkeypatch.setattr(
        roles.get_role("kader_posyandu"), "permissions", set(p.FIELD) - {p.VIEW_PERSONAL}
    )
    client = client_for(world.cadre)
    url = reverse("nutrition:child_edit", args=[child.pk])
    assert BOY_NIK not in client.get(url).content.decode()
    data = {
        "unit": world.posyandu.pk,
        "name": "Budi Putra",
        "sex": "1",
        "birth_date": "2024-03-15",
        "active": "on",
        "has_kia_book": "on",
    }
    assert client.post(url, data).status_code == 302
    child.refresh_from_db()
    assert (child.name, child.nik) == ("Budi Putra", BOY_NIK)


def test_edit_moves_a_child_and_refuses_a_duplicate(world, client_for):
    budi = make_child(world.posyandu, "Budi", sex=1, birth_date=dt.date(2024, 3, 15), nik=BOY_NIK)
    siti = make_child(world.posyandu, "Siti")
    client = client_for(world.midwife)
    base = {
        "name": "Siti",
        "sex": "2",
        "birth_date": siti.birth_date.isoformat(),
        "mother_name": "Ibu Siti",
        "active": "on",
        "has_kia_book": "on",
    }
    url = reverse("nutrition:child_edit", args=[siti.pk])
    # Renamed into Budi (same name, birth date and mother): refused, naming Budi's posyandu.
    twin = {
        **base,
        "name": "budi",
        "sex": "1",
        "birth_date": "2024-03-15",
        "mother_name": "Ibu Budi",
        "unit": world.other_posyandu.pk,
    }
    response = client.post(url, twin)
    assert response.status_code == 422
    assert "Mawar" in str(response.context["form"].errors["name"])
    assert client.post(url, {**base, "unit": world.other_posyandu.pk}).status_code == 302
    siti.refresh_from_db()
    budi.refresh_from_db()
    assert siti.unit == world.other_posyandu
    assert siti.nik == ""


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_register_lists_run_a_bounded_number_of_queries(world, client_for):
    from replika.nutrition.services.pregnancy import girl_register, pregnancy_open

    client = client_for(world.officer)
    counts: dict[str, list[int]] = {"children": [], "mothers": [], "girls": []}
    for total in (3, 25):
        while Child.objects.count() < total:
            n = Child.objects.count()
            make_child(world.posyandu, f"Anak {n}")
            mother = mother_register(actor=None, unit=world.posyandu, name=f"Ibu {n}")
            pregnancy_open(actor=None, mother=mother)
            girl_register(
                actor=None, unit=world.posyandu, name=f"Remaja {n}", birth_date=dt.date(2012, 1, 1)
            )
        for name in counts:
            counts[name].append(_queries(client, reverse(f"nutrition:{name}")))
    for name, (few, many) in counts.items():
        assert few == many, (name, few, many)


def test_mother_page_shows_pregnancy_visits_with_region_thresholds(world, client_for):
    from replika.nutrition.services.pregnancy import pregnancy_open, pregnancy_visit_record

    mother = mother_register(actor=None, unit=world.posyandu, name="Rina")
    pregnancy = pregnancy_open(actor=None, mother=mother, last_period=dt.date(2026, 3, 1))
    today = timezone.localdate()
    pregnancy_visit_record(
        actor=None,
        pregnancy=pregnancy,
        visit_date=today - dt.timedelta(days=30),
        lila_cm=dt_decimal("23.0"),
        hb_g_dl=dt_decimal("12.0"),
        ttd_tablets=30,
    )
    pregnancy_visit_record(
        actor=None,
        pregnancy=pregnancy,
        visit_date=today,
        lila_cm=dt_decimal("24.0"),
        hb_g_dl=dt_decimal("10.5"),
        ttd_tablets=30,
    )
    response = client_for(world.midwife).get(reverse("nutrition:mother", args=[mother.pk]))
    card = response.context["cards"][0]
    assert (card.visit_count, card.visits_missing, card.ttd_total) == (2, 4, 60)
    assert [(r.kek, r.anaemia) for r in card.visits] == [(True, False), (False, True)]
    assert "2/6" in response.content.decode()


def test_mother_pages_and_pregnancy_forms(world, client_for):
    client = client_for(world.cadre)
    response = client.post(
        reverse("nutrition:mother_new"), {"unit": world.posyandu.pk, "name": "Rina"}
    )
    mother = Mother.objects.get()
    assert response["Location"] == reverse("nutrition:mother", args=[mother.pk])
    assert client.get(reverse("nutrition:mothers")).context["rows"][0][0] == mother
    response = client.post(
        reverse("nutrition:pregnancy_new", args=[mother.pk]), {"last_period": "2026-05-01"}
    )
    assert response.status_code == 302
    pregnancy = mother.pregnancies.get()
    assert pregnancy.due_date == dt.date(2027, 2, 5)
    url = reverse("nutrition:pregnancy_visit", args=[pregnancy.pk])
    bad = client.post(url, {"visit_date": "2026-04-01", "ttd_tablets": "0"})
    assert bad.status_code == 422
    assert "visit_date" in bad.context["form"].errors
    ok = client.post(
        url,
        {"visit_date": timezone.localdate().isoformat(), "lila_cm": "22.0", "ttd_tablets": "10"},
    )
    assert ok.status_code == 302
    assert pregnancy.visits.get().kek is True


def test_outsiders_get_404_on_a_mother(world, client_for, nobody):
    mother = mother_register(actor=None, unit=world.posyandu, name="Rina")
    for user in (world.other_cadre, world.agam_officer, world.region_admin, nobody):
        client = client_for(user)
        assert client.get(reverse("nutrition:mother", args=[mother.pk])).status_code == 404
        assert client.get(reverse("nutrition:pregnancy_new", args=[mother.pk])).status_code == 404


def test_girls_register_and_screening(world, client_for):
    client = client_for(world.cadre)
    response = client.post(
        reverse("nutrition:girl_new"),
        {"unit": world.posyandu.pk, "name": "Putri", "birth_date": "2012-05-04"},
    )
    assert response.status_code == 302
    girl = AdolescentGirl.objects.get()
    url = reverse("nutrition:girl_screening", args=[girl.pk])
    today = timezone.localdate().isoformat()
    assert (
        client.post(url, {"screened_on": today, "hb_g_dl": "11.2", "ttd_tablets": "4"}).status_code
        == 302
    )
    assert girl.screenings.get().anaemia is True
    rows = client.get(reverse("nutrition:girls")).context["rows"]
    assert rows[0][0].latest_screenings[0].hb_g_dl == dt_decimal("11.2")
    assert client_for(world.other_cadre).get(url).status_code == 404


def test_girls_pages_are_404_when_the_region_switched_screening_off(world, client_for):
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.settings = {"adolescent_screening": False}
    commitment.save()
    client = client_for(world.cadre)
    assert client.get(reverse("nutrition:girls")).status_code == 404
    assert client.get(reverse("nutrition:girl_new")).status_code == 404


def dt_decimal(text: str):
    from decimal import Decimal

    return Decimal(text)
