"""Plausibility against the child's own history: the rule, the service, every channel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from bench.eppgbm_sample import nik_for
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from replika.core import services as core_services
from replika.nutrition import importers
from replika.nutrition.models import Measurement, Referral
from replika.nutrition.rules import alerts
from replika.nutrition.rules import plausibility as p
from replika.nutrition.services.measurements import measurement_record
from tests.nutrition.factories import make_child

BORN = dt.date(2025, 1, 10)
MAY = dt.date(2026, 5, 15)
JUNE = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def obs(day: dt.date, age: int = 500, **values) -> p.Observation:
    return p.Observation(visit_date=day, age_days=age, **values)


# --- the pure rule ---------------------------------------------------------------------------


def codes(current: p.Observation, *history: p.Observation) -> list[str]:
    return [f.code for f in p.implausible(current, history)]


def test_no_history_means_nothing_to_contradict():
    assert codes(obs(JUNE, weight=3.0, lenhei=40.0)) == []


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        (78.0, 76.6, []),  # 1.4 cm less: measuring noise
        (78.0, 76.4, [p.LENGTH_DECREASE]),  # 1.6 cm less: a child does not shrink
        (78.0, 79.0, []),
    ],
)
def test_length_may_not_fall_by_more_than_one_and_a_half_cm(before, now, expected):
    current = obs(JUNE, lenhei=now, measure="l")
    assert codes(current, obs(MAY, lenhei=before, measure="l")) == expected


def test_lying_length_and_standing_height_are_compared_on_one_basis():
    # 86.0 lying at 23 months is 85.3 standing: 85.0 standing at 25 months is no shrinking.
    before = obs(MAY, age=700, lenhei=86.0, measure="l")
    assert codes(obs(JUNE, age=760, lenhei=85.0, measure="h"), before) == []
    # The same numbers both measured standing are a 1.0 cm drop (also fine); 84.0 is not.
    assert codes(obs(JUNE, age=760, lenhei=83.6, measure="h"), before) == [p.LENGTH_DECREASE]


@pytest.mark.parametrize(
    ("days", "before", "now", "expected"),
    [
        (30, 9.0, 10.0, []),  # 1 kg in a month: fast, possible
        (30, 9.0, 15.4, [p.WEIGHT_GAIN]),  # 6.4 kg in a month: more than catch-up growth
        (180, 9.0, 13.0, []),  # 4 kg in half a year
        (30, 10.0, 8.4, []),  # 16 % less, inside the 15 % + 0.3 kg tolerance
        (30, 10.0, 8.0, [p.WEIGHT_LOSS]),  # 20 % less
        (365, 10.0, 8.0, [p.WEIGHT_LOSS]),  # a child does not lose a fifth of itself either
    ],
)
def test_weight_change_is_judged_for_the_interval(days, before, now, expected):
    current = obs(MAY + dt.timedelta(days=days), weight=now)
    assert codes(current, obs(MAY, weight=before)) == expected


def test_z_score_jumping_by_more_than_three_is_held_on_its_field():
    before = obs(MAY, weight=9.0, zwei=-0.5, zlen=-3.2)
    found = p.implausible(obs(JUNE, weight=9.2, zwei=-0.4, zlen=0.1), [before])
    assert [(f.code, f.field) for f in found] == [(p.ZLEN_JUMP, "lenhei")]
    assert found[0].previous == before


def test_only_earlier_measurements_count():
    later = obs(JUNE, lenhei=90.0)
    assert codes(obs(MAY, lenhei=80.0), later) == []


def test_the_latest_earlier_value_is_compared():
    history = [obs(dt.date(2026, 3, 15), lenhei=70.0), obs(MAY, lenhei=80.0)]
    assert codes(obs(JUNE, lenhei=78.0), *history) == [p.LENGTH_DECREASE]


# --- the service ------------------------------------------------------------------------------


def weigh(child, day, weight, lenhei, confirmed=False):
    return measurement_record(
        actor=None,
        child=child,
        visit_date=day,
        weight=Decimal(weight),
        lenhei=Decimal(lenhei),
        measure="l",
        confirmed=confirmed,
    )


@pytest.mark.django_db
def test_service_holds_an_implausible_value_naming_field_and_reason(world):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    weigh(child, MAY, "9.5", "78.0")
    with pytest.raises(ValidationError) as held:
        weigh(child, JUNE, "9.6", "71.0")
    error = held.value.error_dict["lenhei"][0]
    assert error.code == "implausible"
    assert "1.5 cm" in error.messages[0] and "78" in error.messages[0]
    assert Measurement.objects.filter(child=child).count() == 1


@pytest.mark.django_db
def test_unconfirmed_value_opens_no_newly_stunted_referral_a_confirmed_one_does(world):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    weigh(child, MAY, "9.5", "78.0")
    with pytest.raises(ValidationError):
        weigh(child, JUNE, "9.6", "71.0")
    assert not Referral.objects.filter(child=child).exists()

    stored = weigh(child, JUNE, "9.6", "71.0", confirmed=True)
    assert stored.plausibility == "length_decrease"
    assert stored.confirmed_at is not None
    reasons = set(Referral.objects.filter(child=child).values_list("reason", flat=True))
    assert alerts.NEWLY_STUNTED in reasons


@pytest.mark.django_db
def test_a_confirmed_value_stays_confirmed_when_the_month_is_saved_again_unchanged(world):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    weigh(child, MAY, "9.5", "78.0")
    weigh(child, JUNE, "9.6", "71.0", confirmed=True)
    again = weigh(child, JUNE, "9.7", "71.0")  # only the weight changes
    assert again.confirmed_at is not None and "length_decrease" in again.plausibility
    with pytest.raises(ValidationError):
        weigh(child, JUNE, "9.7", "70.0")  # a new unusual length is asked again


@pytest.mark.django_db
def test_plausible_month_stores_no_confirmation(world):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    weigh(child, MAY, "9.5", "78.0")
    m = weigh(child, JUNE, "9.7", "78.6")
    assert (m.plausibility, m.confirmed_at) == ("", None)


# --- the channels -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_session_row_asks_the_question_and_saves_once_confirmed(world, client_for):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    weigh(child, MAY, "9.5", "78.0")
    client = client_for(world.cadre)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("nutrition:session_row", args=[world.posyandu.pk, "2026-06", child.pk])
    data = {"visit_date": JUNE.isoformat(), f"c{child.pk}-weight": "9,6"}
    data[f"c{child.pk}-lenhei"] = "71,0"
    data[f"c{child.pk}-measure"] = "l"
    response = client.post(url, data)
    assert response["X-Row-State"] == "held"
    html = response.content.decode()
    assert "data-confirm" in html and "a child does not shrink" in html
    assert Measurement.objects.filter(child=child).count() == 1

    response = client.post(url, {**data, f"c{child.pk}-confirm": "on"})
    assert response["X-Row-State"] == "saved"
    assert Measurement.objects.get(child=child, period=dt.date(2026, 6, 1)).confirmed_at


@pytest.mark.django_db
def test_api_reports_an_implausible_item_and_stores_it_only_when_confirmed(world, client):
    child = make_child(world.posyandu, "Ani", birth_date=BORN)
    weigh(child, MAY, "9.5", "78.0")
    _token, secret = core_services.api_token_create(actor=world.cadre, name="field app")
    item = {"child": child.pk, "visit_date": JUNE.isoformat(), "weight": 9.6, "lenhei": 71.0}
    item["measure"] = "l"

    def send(**extra):
        return client.post(
            "/api/v1/nutrition/measurements",
            {"items": [{**item, **extra}]},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
            HTTP_ACCEPT_LANGUAGE="en",
        ).json()

    answer = send()
    assert answer["failed"] == 1
    assert answer["results"][0]["errors"][0]["field"] == "lenhei"
    assert "shrink" in answer["results"][0]["errors"][0]["message"]
    assert Measurement.objects.filter(child=child).count() == 1
    answer = send(confirmed=True)
    assert answer["failed"] == 0
    assert Measurement.objects.get(child=child, period=dt.date(2026, 6, 1)).confirmed_at


@pytest.mark.django_db
def test_import_reports_implausible_rows_and_stores_the_others(world):
    nik = nik_for("137102", BORN, True, 7)
    child = make_child(world.posyandu, "Ani", birth_date=BORN, nik=nik)
    other_nik = nik_for("137102", BORN, True, 8)
    other = make_child(world.posyandu, "Budi", birth_date=BORN, nik=other_nik)
    weigh(child, MAY, "9.5", "78.0")
    weigh(other, MAY, "9.5", "78.0")
    content = (
        "nik,tgl_ukur,bb,tb\n"
        f"{nik},{JUNE.isoformat()},9.6,71.0\n"
        f"{other_nik},{JUNE.isoformat()},9.7,78.5\n"
    ).encode()
    result = importers.import_file(
        user=world.officer, kind=importers.KIND_MEASUREMENTS, file_type="csv", content=content
    )
    assert result.created == 1
    [problem] = result.problems
    assert (problem.row, problem.column) == (2, "tb")
    assert "shrink" in problem.reason
    assert not Measurement.objects.filter(child=child, period=dt.date(2026, 6, 1)).exists()
    assert Measurement.objects.filter(child=other, period=dt.date(2026, 6, 1)).exists()
