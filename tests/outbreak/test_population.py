"""Kecamatan populations: the pasted-rows rule, the service, the page, and the map they feed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from replika.core.models import AuditEvent
from replika.outbreak.models import DailyCount, KecamatanPopulation
from replika.outbreak.rules import population as rules
from replika.outbreak.selectors.dashboards import map_areas
from replika.outbreak.services.population import population_save
from tests.factories import region

CODES = {"13.74.01", "13.74.02"}
URL = "/wabah/penduduk-kecamatan/"


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


# The pure rule ---------------------------------------------------------------------------


def test_pasted_rows_are_read_with_a_header_either_separator_and_indonesian_thousands():
    values, problems = rules.read_population_rows(
        "kode;penduduk\n13.74.01;33.400\n\n13.74.02; 30495\n", CODES
    )
    assert values == {"13.74.01": 33_400, "13.74.02": 30_495}
    assert problems == []
    values, problems = rules.read_population_rows("13.74.01,33400", CODES)
    assert values == {"13.74.01": 33_400} and problems == []


def test_every_bad_row_is_named_with_its_line_and_nothing_of_it_is_kept():
    values, problems = rules.read_population_rows(
        "13.74.01;33400\n13.75.01;1000\n13.74.02;-5\n13.74.01;1\n13.74.02\n13.74.02;0\n",
        CODES,
    )
    assert values == {"13.74.01": 33_400}
    assert [(p.row, p.problem) for p in problems] == [
        (2, rules.UNKNOWN_CODE),
        (3, rules.BAD_NUMBER),
        (4, rules.REPEATED),
        (5, rules.BAD_FORMAT),
        (6, rules.BAD_NUMBER),
    ]


def test_a_population_is_a_whole_number_from_1_to_the_ceiling():
    assert rules.population_value("12.345") == 12_345
    assert rules.population_value(str(rules.MAX_POPULATION)) == rules.MAX_POPULATION
    for bad in ("", "0", "12,5", "abc", str(rules.MAX_POPULATION + 1), "1e5"):
        assert rules.population_value(bad) is None, bad


# The service -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_audits_each_change_and_skips_unchanged_figures(world):
    year = 2026
    values = {"13.74.01": 33_400, "13.74.02": 30_495}
    assert (
        population_save(actor=world.surveillance, region=region("13.74"), year=year, values=values)
        == 2
    )
    again = {"13.74.01": 33_400, "13.74.02": 30_500}
    assert (
        population_save(actor=world.surveillance, region=region("13.74"), year=year, values=again)
        == 1
    )
    rows = dict(KecamatanPopulation.objects.values_list("kecamatan__code", "population"))
    assert rows == again
    events = AuditEvent.objects.filter(action="outbreak.population.set")
    assert events.count() == 3
    assert events.latest("pk").changes["population"] == [30_495, 30_500]


@pytest.mark.django_db
def test_the_service_refuses_another_regions_kecamatan_and_outsiders(world):
    with pytest.raises(ValidationError):
        population_save(
            actor=world.surveillance, region=region("13.74"), year=2026, values={"13.75.01": 9}
        )
    with pytest.raises(Http404):
        population_save(
            actor=world.bkt_surveillance,
            region=region("13.74"),
            year=2026,
            values={"13.74.01": 9},
        )
    with pytest.raises(Http404):
        population_save(
            actor=world.tracer, region=region("13.74"), year=2026, values={"13.74.01": 9}
        )
    assert not KecamatanPopulation.objects.exists()


# The page --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_officer_types_or_pastes_populations_and_sees_them_again(world):
    officer = client_of(world.surveillance)
    page = officer.get(URL)
    assert page.status_code == 200
    assert "Padang Panjang Timur" in page.content.decode()
    saved = officer.post(
        URL + "?wilayah=13.74", {"year": 2025, "k_13_74_01": "33400", "rows": "13.74.02;30.495"}
    )
    assert saved.status_code == 302
    assert KecamatanPopulation.objects.filter(year=2025).count() == 2
    shown = officer.get(URL, {"wilayah": "13.74", "tahun": 2025}).content.decode()
    assert 'value="30495"' in shown and "2 of 2 kecamatan entered" in shown


@pytest.mark.django_db
def test_bad_input_is_answered_per_field_and_per_row_and_stores_nothing(world):
    officer = client_of(world.surveillance)
    cases = [
        ({"year": "1850", "k_13_74_01": "100"}, "year"),
        ({"year": "abc", "k_13_74_01": "100"}, "year"),
        ({"year": "2026", "k_13_74_01": "-4"}, "k_13_74_01"),
        ({"year": "2026", "k_13_74_01": "12.5x"}, "k_13_74_01"),
        ({"year": "2026", "k_13_74_01": "99999999"}, "k_13_74_01"),
        ({"year": "2026", "rows": "13.75.01;500\n13.74.02;lots"}, "rows"),
    ]
    for body, field in cases:
        response = officer.post(URL, body)
        assert response.status_code == 422, body
        assert field in response.context["form"].errors, body
    rows = officer.post(URL, {"year": "2026", "rows": "13.75.01;500\n13.74.02;lots"})
    errors = rows.context["form"].errors["rows"]
    assert errors == [
        "Row 1: 13.75.01 is not a kecamatan code of this region.",
        "Row 2: lots is not a population (a whole number from 1).",
    ]
    empty = officer.post(URL, {"year": "2026"})
    assert empty.status_code == 422 and empty.context["form"].non_field_errors()
    # A year out of range in the address shows this year rather than failing.
    assert officer.get(URL, {"tahun": "abc"}).status_code == 200
    assert not KecamatanPopulation.objects.exists()


@pytest.mark.django_db
def test_outsiders_neither_see_nor_change_padang_panjangs_populations(world):
    population_save(actor=None, region=region("13.74"), year=2026, values={"13.74.01": 33_400})
    bukittinggi = client_of(world.bkt_surveillance)
    assert bukittinggi.get(URL, {"wilayah": "13.74"}).status_code == 404
    assert (
        bukittinggi.post(URL + "?wilayah=13.74", {"year": 2026, "k_13_74_01": 1}).status_code == 404
    )
    own = bukittinggi.get(URL).content.decode()
    assert "Padang Panjang" not in own and "33400" not in own
    for who in (world.tracer, world.officer):
        assert client_of(who).get(URL).status_code in (403, 404)
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302
    assert KecamatanPopulation.objects.get().population == 33_400


# The map ---------------------------------------------------------------------------------


def _cases(world, kecamatan: str, day: dt.date, n: int) -> None:
    DailyCount.objects.create(
        region=region("13.74"),
        district=region(kecamatan),
        disease_code="covid19",
        day=day,
        new_cases=n,
    )


@pytest.mark.django_db
def test_the_kecamatan_map_colours_by_incidence_only_when_every_kecamatan_has_a_population(world):
    today = timezone.localdate()
    _cases(world, "13.74.01", today, 20)
    _cases(world, "13.74.02", today, 5)
    place = region("13.74")
    counts = map_areas(place, "covid19", today, today)
    assert counts["by_rate"] is False and counts["level"] == "kecamatan"
    population_save(actor=None, region=place, year=today.year - 1, values={"13.74.01": 40_000})
    assert map_areas(place, "covid19", today, today)["by_rate"] is False
    # Last year's figure stands in for this year's until this year's is entered.
    population_save(actor=None, region=place, year=today.year, values={"13.74.02": 10_000})
    rates = map_areas(place, "covid19", today, today)
    assert rates["by_rate"] is True
    by_code = {a["code"]: a for a in rates["areas"]}
    assert by_code["13.74.01"]["rate"] == 50.0 and by_code["13.74.02"]["rate"] == 50.0
    page = client_of(world.surveillance).get(
        reverse("outbreak:dashboard"), {"disease": "covid19", "wilayah": "13.74"}
    )
    assert "Incidence per 100,000 by kecamatan" in page.content.decode()


@pytest.mark.django_db
def test_the_public_map_withholds_the_rate_of_a_small_count(world):
    today = timezone.localdate()
    _cases(world, "13.74.01", today, 1)
    _cases(world, "13.74.02", today, 40)
    population_save(
        actor=None,
        region=region("13.74"),
        year=today.year,
        values={"13.74.01": 33_400, "13.74.02": 30_495},
    )
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(
        reverse("outbreak:public"), {"disease": "covid19", "wilayah": "13.74"}
    )
    areas = {a["code"]: a for a in page.context["map"]["areas"]}
    assert areas["13.74.01"]["rate"] is None and areas["13.74.01"]["klass"] is None
    assert areas["13.74.02"]["rate"] is not None
