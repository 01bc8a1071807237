"""Pregnancies, antenatal visits (KEK and anaemia by the region's thresholds), girls' screening."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from replika.core.models import AuditEvent
from replika.nutrition.models import AdolescentScreening, PregnancyVisit
from replika.nutrition.services.pregnancy import (
    girl_register,
    pregnancy_open,
    pregnancy_visit_record,
    screening_record,
    thresholds,
)
from replika.nutrition.services.registers import mother_register
from replika.replication.models import Stage
from tests.factories import make_commitment, region

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def pregnancy(world):
    mother = mother_register(actor=None, unit=world.posyandu, name="Rina")
    return pregnancy_open(actor=None, mother=mother, last_period=TODAY() - dt.timedelta(days=120))


def visit(pregnancy, days_ago: int = 0, **values) -> PregnancyVisit:
    return pregnancy_visit_record(
        actor=None, pregnancy=pregnancy, visit_date=TODAY() - dt.timedelta(days=days_ago), **values
    )


@pytest.mark.parametrize(
    ("lila", "hb", "kek", "anaemia"),
    [
        ("23.4", "10.9", True, True),
        ("23.5", "11.0", False, False),
        (None, None, False, False),
    ],
)
def test_national_thresholds_for_kek_and_anaemia(pregnancy, lila, hb, kek, anaemia):
    v = visit(
        pregnancy,
        lila_cm=Decimal(lila) if lila else None,
        hb_g_dl=Decimal(hb) if hb else None,
    )
    assert (v.kek, v.anaemia) == (kek, anaemia)


def test_region_settings_move_the_thresholds(world, pregnancy):
    commitment = make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    commitment.settings = {"kek_lila_cm": 24.0, "anaemia_hb_g_dl": 11.5}
    commitment.save()
    assert thresholds(region("13.71")) == (Decimal("24.0"), Decimal("11.5"))
    v = visit(pregnancy, lila_cm=Decimal("23.8"), hb_g_dl=Decimal("11.2"))
    assert (v.kek, v.anaemia) == (True, True)


def test_a_visit_on_the_same_day_updates_it(pregnancy):
    visit(pregnancy, lila_cm=Decimal("22.0"), ttd_tablets=30)
    v = visit(pregnancy, lila_cm=Decimal("24.0"), ttd_tablets=30)
    assert PregnancyVisit.objects.count() == 1
    assert v.kek is False
    assert AuditEvent.objects.filter(action="pregnancy.visit").count() == 2


def test_kek_at_a_visit_opens_a_referral_where_follow_up_exists(pregnancy):
    pytest.importorskip("replika.nutrition.services.care")
    from replika.nutrition.models import Referral

    visit(pregnancy, days_ago=7, lila_cm=Decimal("22.0"))
    visit(pregnancy, lila_cm=Decimal("22.5"), hb_g_dl=Decimal("10.0"))
    reasons = sorted(Referral.objects.filter(pregnancy=pregnancy).values_list("reason", flat=True))
    assert reasons == ["anemia_hamil", "kek"]  # one open referral per reason


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"days_ago": -1}, "visit_date"),
        ({"days_ago": 200}, "visit_date"),  # before the last period
        ({"lila_cm": Decimal("5")}, "lila_cm"),
        ({"hb_g_dl": Decimal("25")}, "hb_g_dl"),
    ],
)
def test_bad_visits_are_refused_per_field(pregnancy, values, field):
    with pytest.raises(ValidationError) as caught:
        visit(pregnancy, **values)
    assert field in caught.value.error_dict
    assert not PregnancyVisit.objects.exists()


def test_a_mother_has_one_ongoing_pregnancy_and_a_computed_due_date(pregnancy):
    assert pregnancy.due_date == pregnancy.last_period + dt.timedelta(days=280)
    with pytest.raises(ValidationError):
        pregnancy_open(actor=None, mother=pregnancy.mother)


def test_girl_nik_must_be_a_girls_and_unique(world):
    born = dt.date(2012, 5, 4)
    with pytest.raises(ValidationError) as caught:
        girl_register(
            actor=None, unit=world.posyandu, name="Putri", birth_date=born, nik="1371020405120001"
        )  # a boy's day digits
    assert "nik" in caught.value.error_dict
    girl_register(
        actor=None, unit=world.posyandu, name="Putri", birth_date=born, nik="1371024405120001"
    )
    with pytest.raises(ValidationError):
        girl_register(
            actor=None, unit=world.posyandu, name="Putri B", birth_date=born, nik="1371024405120001"
        )


def test_girl_screening_anaemia_below_12_and_same_day_updates(world):
    girl = girl_register(
        actor=None, unit=world.posyandu, name="Putri", birth_date=dt.date(2012, 5, 4)
    )
    s = screening_record(actor=None, girl=girl, screened_on=TODAY(), hb_g_dl=Decimal("11.9"))
    assert s.anaemia is True
    s = screening_record(
        actor=None, girl=girl, screened_on=TODAY(), hb_g_dl=Decimal("12.0"), ttd_tablets=4
    )
    assert (s.anaemia, s.ttd_tablets, AdolescentScreening.objects.count()) == (False, 4, 1)


def test_girls_are_registered_at_a_posyandu_only(world):
    with pytest.raises(ValidationError) as caught:
        girl_register(
            actor=None, unit=world.puskesmas, name="Putri", birth_date=dt.date(2012, 5, 4)
        )
    assert "unit" in caught.value.error_dict
