"""The nutrition API: batch measurements, a child's growth record, public prevalence.

The router is mounted here on a test NinjaAPI at the same path the module registry uses,
with the platform's error handlers, so these tests do not depend on the lead's wiring.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.urls import path
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from replika.core import api_base, services
from replika.nutrition.api import router
from replika.nutrition.models import Measurement, NutritionSummary
from replika.nutrition.services.registers import child_register
from tests.factories import make_commitment, make_unit, region, user_with_role

test_api = NinjaAPI(auth=api_base.AUTH, urls_namespace="test_nutrition")
for error, handler in (
    (NinjaValidationError, api_base.on_validation_error),
    (DjangoValidationError, api_base.on_django_validation_error),
    (Http404, api_base.on_not_found),
    (AuthenticationError, api_base.on_auth_error),
):
    test_api.add_exception_handler(error, handler)
test_api.add_router("/nutrition/", router)
urlpatterns = [path("api/v1/", test_api.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.nutrition.test_api")]


@pytest.fixture(autouse=True)
def english():
    """Assert the English source messages even once the Indonesian catalogue is filled in."""
    with translation.override("en"):
        yield


BASE = "/api/v1/nutrition"


def bearer(user) -> dict[str, str]:
    _token, secret = services.api_token_create(actor=user, name="field app")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "en"}


def assert_error_shape(body: dict) -> None:
    assert set(body) == {"detail", "errors"}
    for error in body["errors"]:
        assert set(error) == {"field", "message"}


@pytest.fixture
def padang():
    make_commitment("13.71")
    puskesmas = make_unit("puskesmas", "13.71", "13.71.02", name="Puskesmas Andalas")
    mawar = make_unit("posyandu", "13.71", "13.71.02.1007", parent=puskesmas, name="Mawar")
    child = child_register(
        actor=None,
        unit=mawar,
        name="Siti",
        sex=2,
        birth_date=dt.date(2024, 1, 15),
        nik="1371025501240001",
        mother_name="Rina",
    )
    cadre = user_with_role("kader_posyandu", "13.71", unit=mawar)
    return {"mawar": mawar, "puskesmas": puskesmas, "child": child, "cadre": cadre}


def post_batch(client, user, items):
    return client.post(
        f"{BASE}/measurements", {"items": items}, content_type="application/json", **bearer(user)
    )


# --- POST /measurements ----------------------------------------------------------------------


def test_batch_with_mixed_items_answers_per_item(client, padang):
    child = padang["child"]
    items = [
        {
            "child": child.pk,
            "visit_date": "2025-01-10",
            "weight": 8.1,
            "lenhei": 71.5,
            "measure": "l",
        },
        {"nik": child.nik, "visit_date": "2025-02-10", "weight": "8.4", "lenhei": "72.4"},
        {"child": child.pk, "visit_date": "2025-03-10", "weight": 900},
        {"child": child.pk, "visit_date": "10 Maret"},
        {"child": child.pk, "visit_date": "2025-04-10", "measure": "miring", "weight": 8},
        {"child": 999999, "visit_date": "2025-03-10", "weight": 8},
        {"child": child.pk, "visit_date": "2023-12-01", "weight": 3},
    ]
    response = post_batch(client, padang["cadre"], items)
    assert response.status_code == 200
    body = response.json()
    assert (body["created_or_updated"], body["failed"]) == (2, 5)
    ok = body["results"][0]
    assert ok["ok"] is True
    assert ok["measurement"]["period"] == "2025-01"
    assert ok["measurement"]["zscores"]["zlen"] is not None
    assert ok["measurement"]["categories"]["cat_zlen"]
    assert body["results"][1]["measurement"]["growth"] in {"N", "T"}
    errors = [r["errors"] for r in body["results"][2:]]
    assert errors == [
        [{"field": "weight", "message": "must be between 0.5 and 60"}],
        [{"field": "visit_date", "message": "not a date (use YYYY-MM-DD or DD/MM/YYYY)"}],
        [{"field": "measure", "message": "use terlentang or berdiri (L or H)"}],
        [{"field": "child", "message": "Not found."}],
        [{"field": "visit_date", "message": "The child was not born yet on this date."}],
    ]
    assert Measurement.objects.filter(child=child, source="api").count() == 2


def test_malformed_batch_is_422_in_the_one_error_shape(client, padang):
    response = client.post(
        f"{BASE}/measurements",
        {"items": [{"weight": 8}]},
        content_type="application/json",
        **bearer(padang["cadre"]),
    )
    assert response.status_code == 422
    assert_error_shape(response.json())
    response = client.post(
        f"{BASE}/measurements",
        "not json",
        content_type="application/json",
        **bearer(padang["cadre"]),
    )
    assert response.status_code in {400, 422}


def test_batch_needs_authentication(client, padang):
    response = client.post(f"{BASE}/measurements", {"items": []}, content_type="application/json")
    assert response.status_code == 401
    assert_error_shape(response.json())


def test_outsiders_items_fail_as_not_found(client, padang, nobody):
    other_posyandu = make_unit("posyandu", "13.71", "13.71.02.1007", name="Melati")
    other_cadre = user_with_role("kader_posyandu", "13.71", unit=other_posyandu)
    make_commitment("13.06")
    agam_officer = user_with_role("petugas_gizi_dinkes", "13.06")
    admin = user_with_role("admin_daerah", "13.71")  # dashboards only
    item = {"child": padang["child"].pk, "visit_date": "2025-01-10", "weight": 8}
    by_nik = {"nik": padang["child"].nik, "visit_date": "2025-01-10", "weight": 8}
    for outsider in (other_cadre, agam_officer, admin, nobody):
        body = post_batch(client, outsider, [item, by_nik]).json()
        assert [r["errors"] for r in body["results"]] == [
            [{"field": "child", "message": "Not found."}]
        ] * 2
    assert not Measurement.objects.exists()


# --- GET /children/{id} ----------------------------------------------------------------------


def test_child_record_shows_measurements_and_full_nik_to_the_cadre(client, padang):
    post_batch(
        client,
        padang["cadre"],
        [{"child": padang["child"].pk, "visit_date": "2025-01-10", "weight": 8.1, "lenhei": 71.5}],
    )
    response = client.get(f"{BASE}/children/{padang['child'].pk}", **bearer(padang["cadre"]))
    assert response.status_code == 200
    body = response.json()
    assert body["nik"] == "1371025501240001"
    assert body["posyandu"] == "Mawar"
    assert [m["period"] for m in body["measurements"]] == ["2025-01"]
    assert body["measurements"][0]["zscores"]["zwei"] is not None


def test_child_record_masks_nik_without_personal_data_permission(client, padang, monkeypatch):
    from replika.core import roles

    officer = user_with_role("petugas_puskesmas", "13.71", unit=padang["puskesmas"])
    real = roles.role_allows

    def without_personal(role, perm):
        return perm != "nutrition.view_personal" and real(role, perm)

    monkeypatch.setattr("replika.core.access.role_allows", without_personal)
    body = client.get(f"{BASE}/children/{padang['child'].pk}", **bearer(officer)).json()
    assert body["nik"] == "1371********0001"


def test_child_record_is_404_for_outsiders(client, padang, nobody):
    other_cadre = user_with_role(
        "kader_posyandu", "13.71", unit=make_unit("posyandu", "13.71", "13.71.02.1007")
    )
    make_commitment("13.06")
    agam_officer = user_with_role("petugas_gizi_dinkes", "13.06")
    admin = user_with_role("admin_daerah", "13.71")
    for outsider in (other_cadre, agam_officer, admin, nobody):
        response = client.get(f"{BASE}/children/{padang['child'].pk}", **bearer(outsider))
        assert response.status_code == 404
        assert_error_shape(response.json())


# --- GET /prevalence -------------------------------------------------------------------------


def test_prevalence_reads_the_summary_with_denominators(client, padang):
    NutritionSummary.objects.create(
        scope="13.71",
        scope_level=2,
        region=region("13.71"),
        wilayah=region("13.71"),
        period=dt.date(2025, 1, 1),
        s_toddlers=200,
        k_with_book=180,
        d_weighed=150,
        n_up=120,
        len_valid=140,
        stunted=21,
        wei_valid=150,
        underweight=15,
        wfl_valid=140,
        wasted=7,
        overweight=4,
    )
    response = client.get(f"{BASE}/prevalence", {"wilayah": "13.71", "period": "2025-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["computed"] is True
    assert body["min_cell"] == 10
    shown = {"suppressed": False}
    assert body["stunting"] == {"count": 21, "denominator": 140, "percent": 15.0, **shown}
    assert body["underweight"] == {"count": 15, "denominator": 150, "percent": 10.0, **shown}
    # Fewer than 10 wasted or overweight children: the count and the rate are withheld.
    withheld = {"count": None, "denominator": 140, "percent": None, "suppressed": True}
    assert body["wasting"] == withheld
    assert body["overweight"] == withheld
    assert body["skdn"] == {
        "s": 200,
        "k": 180,
        "d": 150,
        "n": 120,
        "d_s": 75.0,
        "n_d": 80.0,
        "suppressed": False,
    }


def test_prevalence_without_a_summary_answers_zeros(client, padang):
    body = client.get(f"{BASE}/prevalence", {"wilayah": "13.71.02", "period": "2025-02"}).json()
    assert body["computed"] is False
    assert body["stunting"] == {
        "count": None,
        "denominator": None,
        "percent": None,
        "suppressed": True,
    }
    assert body["skdn"]["s"] is None
    assert body["skdn"]["suppressed"] is True


def test_prevalence_is_404_where_nutrition_is_not_live_and_422_for_a_bad_month(client, padang):
    response = client.get(f"{BASE}/prevalence", {"wilayah": "13.06", "period": "2025-01"})
    assert response.status_code == 404
    assert_error_shape(response.json())
    assert (
        client.get(f"{BASE}/prevalence", {"wilayah": "99.99", "period": "2025-01"}).status_code
        == 404
    )
    response = client.get(f"{BASE}/prevalence", {"wilayah": "13.71", "period": "2025-13"})
    assert response.status_code == 422
    assert_error_shape(response.json())
