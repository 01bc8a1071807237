"""Public figures: small cells withheld at every level, nothing below the kecamatan, cached
until the next summary refresh, never carrying a signed-in visitor's name, and dated."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from replika.nutrition.models import NutritionSummary
from replika.nutrition.services.measurements import mark_dirty
from replika.nutrition.services.summaries import summaries_rebuild, summaries_refresh
from replika.replication.models import Stage
from tests.factories import make_commitment, region, user_with_role
from tests.nutrition.test_summaries import FEB, Place, add_child, add_measurement

pytestmark = pytest.mark.django_db

API = "/api/v1/nutrition/prevalence"
PUBLIC = reverse("nutrition:public")
OCTOBER = dt.date(2026, 10, 1)
# The reproduction: a kelurahan where 3 of 32 measured children were wasted.
SMALL = {
    "s_toddlers": 40,
    "k_with_book": 36,
    "d_weighed": 34,
    "n_up": 25,
    "len_valid": 32,
    "stunted": 6,
    "severely_stunted": 2,
    "wei_valid": 33,
    "underweight": 4,
    "wfl_valid": 32,
    "wasted": 3,
    "overweight": 1,
}


def summary(code: str, level: int, period: dt.date = OCTOBER, **counts: int) -> NutritionSummary:
    """A stored summary row of a region (written directly: these tests read, not compute)."""
    place = region(code)
    kab = region(".".join(code.split(".")[:2])) if level > 1 else None
    return NutritionSummary.objects.create(
        scope=code, scope_level=level, region=kab, wilayah=place, period=period, **counts
    )


@pytest.fixture
def padang_live(db):
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)


@pytest.fixture
def small_area(padang_live):
    """Every level from the province down to the kelurahan holds the same small counts."""
    for code, level in (("13", 1), ("13.71", 2), ("13.71.02", 3), ("13.71.02.1007", 4)):
        summary(code, level, **SMALL)


def prevalence(client: Client, wilayah: str, period: str = "2026-10"):
    return client.get(API, {"wilayah": wilayah, "period": period})


# --- small cells and levels ------------------------------------------------------------------


def test_the_kelurahan_repro_no_longer_gives_exact_small_counts(small_area, client):
    response = prevalence(client, "13.71.02.1007")
    assert response.status_code == 422
    body = response.json()
    assert "wasting" not in body
    assert "kecamatan" in str(body)
    assert "13.71.02" in str(body)


@pytest.mark.parametrize("code", ["13", "13.71", "13.71.02"])
def test_province_kab_kota_and_kecamatan_answer_with_small_cells_withheld(small_area, client, code):
    response = prevalence(client, code)
    assert response.status_code == 200
    body = response.json()
    assert body["min_cell"] == 10
    assert body["wasting"] == {
        "count": None,
        "denominator": 32,
        "percent": None,
        "suppressed": True,
    }
    assert body["overweight"]["count"] is None
    assert body["underweight"]["count"] is None
    # 6 stunted of 32 is small too; 25 of 34 growing well is not.
    assert body["stunting"]["count"] is None
    assert body["skdn"]["n"] == 25
    assert body["skdn"]["n_d"] == 73.5
    assert body["skdn"]["suppressed"] is False


def test_a_small_denominator_withholds_the_rate(padang_live, client):
    summary("13.71.02", 3, len_valid=8, stunted=0, s_toddlers=9, d_weighed=9, k_with_book=9)
    body = prevalence(client, "13.71.02").json()
    assert body["stunting"] == {
        "count": None,
        "denominator": None,
        "percent": None,
        "suppressed": True,
    }
    assert body["skdn"]["s"] is None
    assert body["skdn"]["d_s"] is None
    assert body["skdn"]["suppressed"] is True


def test_the_minimum_is_a_setting(small_area, client, settings):
    settings.REPLIKA_PUBLIC_MIN_CELL = 3
    body = prevalence(client, "13.71.02").json()
    assert body["min_cell"] == 3
    assert body["wasting"] == {"count": 3, "denominator": 32, "percent": 9.4, "suppressed": False}
    assert body["overweight"]["count"] is None


def test_the_openapi_schema_says_numbers_may_be_withheld(client):
    schema = client.get("/api/v1/openapi.json").json()
    rate = schema["components"]["schemas"]["Rate"]
    assert "suppressed" in rate["properties"]
    assert "suppressed" in rate["required"]
    count = rate["properties"]["count"]
    assert {"type": "null"} in count.get("anyOf", [])
    assert "kecamatan" in str(schema["paths"][API]["get"])


def test_the_public_page_shows_less_than_ten_for_small_cells(small_area):
    content = Client().get(PUBLIC, {"bulan": "2026-10"}).content.decode()
    assert "&lt; 10" in content
    # 3 wasted of 32 measured and 6 stunted: neither exact count is on the page.
    assert "(3 " not in content
    assert "(6 " not in content
    assert "32" in content


# --- cache -----------------------------------------------------------------------------------


def test_the_second_api_request_is_served_from_the_cache(
    small_area, client, django_assert_num_queries
):
    first = prevalence(client, "13.71").json()
    with django_assert_num_queries(0):
        second = prevalence(client, "13.71").json()
    assert second == first


def test_the_cache_is_keyed_by_the_full_query(small_area, client):
    summary("13.71.02", 3, period=dt.date(2026, 9, 1), **{**SMALL, "wasted": 12})
    assert prevalence(client, "13.71.02")["Content-Type"] == "application/json; charset=utf-8"
    september = prevalence(client, "13.71.02", "2026-09").json()
    assert september["wasting"]["count"] == 12
    assert prevalence(client, "13.71").json()["wilayah"] == "13.71"


def test_the_second_public_page_is_served_from_the_cache(small_area, django_assert_num_queries):
    first = Client().get(PUBLIC, {"bulan": "2026-10"})
    with django_assert_num_queries(0):
        second = Client().get(PUBLIC, {"bulan": "2026-10"})
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", second.content) == token.sub(b"", first.content)
    assert "public" in second["Cache-Control"]


def test_a_refresh_changes_the_answer(
    padang_live, client, settings, django_capture_on_commit_callbacks
):
    settings.REPLIKA_PUBLIC_MIN_CELL = 1
    place = Place()
    summaries_rebuild()
    before = prevalence(client, "13.71", "2025-02").json()
    # A new wasted child, not yet summarised: the cached answer stays.
    add_measurement(add_child(place.a, "Anak Baru"), FEB, "N", zwfl=-2.5)
    mark_dirty(place.a.pk, FEB)
    assert prevalence(client, "13.71", "2025-02").json() == before
    with django_capture_on_commit_callbacks(execute=True):
        summaries_refresh()
    after = prevalence(client, "13.71", "2025-02").json()
    assert after["wasting"]["count"] == (before["wasting"]["count"] or 0) + 1


def test_a_signed_in_name_never_reaches_an_anonymous_visitor(small_area, client_for):
    officer = user_with_role("admin_daerah", "13.71", full_name="Rahmawati Sutan Pamenan")
    signed_in = client_for(officer).get(PUBLIC, {"bulan": "2026-10"})
    assert "Rahmawati Sutan Pamenan" in signed_in.content.decode()
    assert "private" in signed_in["Cache-Control"]
    assert "public" not in signed_in["Cache-Control"]
    anonymous = Client().get(PUBLIC, {"bulan": "2026-10"})
    assert "Rahmawati" not in anonymous.content.decode()
    # And the other way round: a page cached for the crowd is not served to the officer.
    again = client_for(officer).get(PUBLIC, {"bulan": "2026-10"})
    assert "Rahmawati Sutan Pamenan" in again.content.decode()
    assert "Rahmawati" not in Client().get(PUBLIC, {"bulan": "2026-10"}).content.decode()


# --- freshness -------------------------------------------------------------------------------


def test_the_public_page_says_how_fresh_its_numbers_are(small_area):
    NutritionSummary.objects.filter(scope="13.71").update(
        refreshed_at=timezone.now() - dt.timedelta(minutes=5, seconds=30)
    )
    content = Client().get(PUBLIC, {"bulan": "2026-10"}).content.decode().replace("\xa0", " ")
    assert "diperbarui 5 menit lalu" in content
    english = Client().get(PUBLIC, {"bulan": "2026-10"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "updated 5 minutes ago" in english.content.decode().replace("\xa0", " ")


def test_the_dashboard_says_how_fresh_its_numbers_are(small_area, client_for):
    NutritionSummary.objects.filter(scope="13.71").update(
        refreshed_at=timezone.now() - dt.timedelta(minutes=5, seconds=30)
    )
    officer = user_with_role("admin_daerah", "13.71")
    response = client_for(officer).get(
        reverse("nutrition:dashboard"),
        {"tempat": "13.71", "bulan": "2026-10"},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    assert "diperbarui 5 menit lalu" in response.content.decode().replace("\xa0", " ")


def test_a_cached_page_carries_each_visitor_their_own_csrf_token(small_area):
    first, second = Client(), Client()
    one = first.get(PUBLIC, {"bulan": "2026-10"})
    two = second.get(PUBLIC, {"bulan": "2026-10"})
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    mine, theirs = token.search(one.content.decode()), token.search(two.content.decode())
    assert mine and theirs
    assert mine.group(1) != theirs.group(1)
    # The language switch on the cached copy works with the visitor's own cookie.
    switch = Client(enforce_csrf_checks=True)
    page = switch.get(PUBLIC, {"bulan": "2026-10"}).content.decode()
    answer = switch.post(
        "/i18n/setlang/",
        {"csrfmiddlewaretoken": token.search(page).group(1), "language": "en", "next": PUBLIC},
    )
    assert answer.status_code == 302
