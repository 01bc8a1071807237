"""Duplicate checks say where only inside the user's scope; outside they are vague, limited
and audited (page, API and import channels)."""

from __future__ import annotations

import datetime as dt

import pytest
from bench.eppgbm_sample import CHILD_HEADERS, to_csv
from django.core.cache import cache
from django.urls import reverse

from replika.core.models import AuditEvent
from replika.nutrition import importers
from replika.nutrition.models import Child, Mother
from replika.nutrition.services.duplicates import AUDIT_ACTION, OUTSIDE_PER_HOUR
from tests.factories import user_with_role
from tests.nutrition.factories import make_child

pytestmark = pytest.mark.django_db

PADANG_NIK = "1371021503240001"  # a boy born 15 March 2024, registered at Mawar (Padang)
MOTHER_NIK = "1371024505950003"  # a woman born 5 May 1995
VAGUE = "Kemungkinan sudah terdaftar di wilayah lain — hubungi puskesmas."
# What a refusal outside the user's scope must never show.
REVEALING = ("Mawar", "Melati", "Padang", "Andalas", "Budi Padang", "13.71")


@pytest.fixture(autouse=True)
def fresh_counters():
    """Each test starts with no duplicate answers counted (the cache outlives a test)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def padang_child(world) -> Child:
    """A Padang boy with a NIK, at posyandu Mawar."""
    return make_child(
        world.posyandu, "Budi Padang", sex=1, birth_date=dt.date(2024, 3, 15), nik=PADANG_NIK
    )


@pytest.fixture
def agam_cadre(world):
    """kader.agam: the cadre of a posyandu in Kabupaten Agam."""
    return user_with_role("kader_posyandu", "13.06", unit=world.agam_posyandu)


def child_post(unit, **overrides) -> dict:
    """A valid child registration form at ``unit``."""
    data = {
        "unit": unit.pk,
        "name": "Budi Agam",
        "sex": "1",
        "birth_date": "2024-03-15",
        "nik": PADANG_NIK,
        "mother_name": "Rina",
        "has_kia_book": "on",
    }
    data.update(overrides)
    return data


def assert_reveals_nothing(text: str) -> None:
    """The answer names no place, person or region of the other side."""
    for word in REVEALING:
        assert word not in text, word


def outside_events(user) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AUDIT_ACTION, actor=user))


def test_outsider_registering_a_padang_nik_hears_nothing_of_padang(
    world, padang_child, agam_cadre, client_for
):
    response = client_for(agam_cadre).post(
        reverse("nutrition:child_new"), child_post(world.agam_posyandu)
    )
    assert response.status_code == 422
    errors = str(response.context["form"].errors["nik"])
    assert VAGUE in errors
    assert_reveals_nothing(response.content.decode())
    assert Child.objects.count() == 1


def test_outside_duplicate_is_audited_without_the_nik(world, padang_child, agam_cadre, client_for):
    client_for(agam_cadre).post(reverse("nutrition:child_new"), child_post(world.agam_posyandu))
    (event,) = outside_events(agam_cadre)
    assert event.changes["_"]["register"] == "child"
    assert event.changes["_"]["rate_limited"] is False
    assert PADANG_NIK not in str(event.changes) + event.object_repr
    assert event.changes["_"]["nik_hmac"]


def test_inside_the_scope_the_refusal_names_the_posyandu(world, padang_child, client_for):
    response = client_for(world.cadre).post(
        reverse("nutrition:child_new"), child_post(world.posyandu, name="Budi Lain")
    )
    assert response.status_code == 422
    assert "Sudah terdaftar di Mawar." in str(response.context["form"].errors["nik"])
    assert not outside_events(world.cadre)


def test_outside_duplicates_are_limited_per_user_and_hour(
    world, padang_child, agam_cadre, client_for
):
    client = client_for(agam_cadre)
    url = reverse("nutrition:child_new")
    for _ in range(OUTSIDE_PER_HOUR):
        assert client.post(url, child_post(world.agam_posyandu)).status_code == 422
    response = client.post(url, child_post(world.agam_posyandu))
    assert response.status_code == 429
    errors = str(response.context["form"].errors["nik"])
    assert "Terlalu banyak kemungkinan data ganda" in errors
    assert VAGUE not in errors
    assert_reveals_nothing(response.content.decode())
    assert len(outside_events(agam_cadre)) == OUTSIDE_PER_HOUR + 1
    assert outside_events(agam_cadre)[0].changes["_"]["rate_limited"] is True
    # The limit is the user's: another outsider still gets the vague answer.
    other = user_with_role("kader_posyandu", "13.06", unit=world.agam_posyandu)
    assert client_for(other).post(url, child_post(world.agam_posyandu)).status_code == 422


def test_outsider_registering_a_padang_mother_nik_hears_nothing_of_padang(
    world, agam_cadre, client_for
):
    Mother.objects.create(
        region=world.posyandu.region,
        unit=world.posyandu,
        name="Rina Padang",
        name_key="rina padang",
        nik=MOTHER_NIK,
        birth_date=dt.date(1995, 5, 5),
    )
    data = {"unit": world.agam_posyandu.pk, "name": "Rina Agam", "nik": MOTHER_NIK}
    response = client_for(agam_cadre).post(reverse("nutrition:mother_new"), data)
    assert response.status_code == 422
    assert VAGUE in str(response.context["form"].errors["nik"])
    assert "Ibu dengan NIK ini sudah terdaftar" not in response.content.decode()
    assert_reveals_nothing(response.content.decode())
    assert Mother.objects.count() == 1
    assert outside_events(agam_cadre)[0].changes["_"]["register"] == "mother"


def test_outsider_editing_a_child_into_a_padang_nik_hears_nothing_of_padang(
    world, padang_child, agam_cadre, client_for
):
    own = make_child(world.agam_posyandu, "Budi Agam", sex=1, birth_date=dt.date(2024, 3, 15))
    data = {
        "name": "Budi Agam",
        "sex": "1",
        "birth_date": "2024-03-15",
        "nik": PADANG_NIK,
        "mother_name": "Rina",
        "active": "on",
        "has_kia_book": "on",
        "unit": world.agam_posyandu.pk,
    }
    response = client_for(agam_cadre).post(reverse("nutrition:child_edit", args=[own.pk]), data)
    assert response.status_code == 422
    assert VAGUE in str(response.context["form"].errors["nik"])
    assert_reveals_nothing(response.content.decode())
    own.refresh_from_db()
    assert own.nik == ""
    assert len(outside_events(agam_cadre)) == 1


def test_outsider_importing_a_padang_nik_hears_nothing_of_padang(world, padang_child):
    row = [
        "",
        PADANG_NIK,
        "Budi Agam",
        "2024-03-15",
        "L",
        1,
        "3.1",
        "49.0",
        "",
        "Rina",
        "Jl. Contoh",
        "Posyandu Agam",
        "",
    ]
    result = importers.import_file(
        user=world.agam_officer,
        kind=importers.KIND_CHILDREN,
        file_type="csv",
        content=to_csv(CHILD_HEADERS, [row]),
    )
    assert result.created == 0
    (problem,) = result.problems
    assert problem.column.lower().startswith("nik")
    assert problem.reason in {
        VAGUE,
        "Possibly already registered in another area — contact the puskesmas.",
    }
    assert_reveals_nothing(problem.reason)
    assert len(outside_events(world.agam_officer)) == 1
    assert Child.objects.count() == 1


def test_outsider_recording_by_a_padang_nik_through_the_api_gets_the_unknown_answer(
    world, padang_child, client_for
):
    """The API: a NIK outside the scope answers exactly like a NIK nobody has."""
    client = client_for(world.agam_officer)
    url = "/api/v1/nutrition/measurements"

    def answer(nik: str) -> dict:
        item = {"nik": nik, "visit_date": "2025-01-10", "weight": 9.5}
        response = client.post(url, {"items": [item]}, content_type="application/json")
        assert response.status_code == 200
        return response.json()["results"][0]

    known, unknown = answer(PADANG_NIK), answer("1306021503240009")
    assert known == unknown
    assert known["ok"] is False
    assert_reveals_nothing(str(known))
