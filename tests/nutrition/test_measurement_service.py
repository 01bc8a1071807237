"""Recording a monthly measurement: z-scores, SKDN growth, upsert, dirty summaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from replika.core.models import AuditEvent
from replika.nutrition import unit_kinds
from replika.nutrition.growth import assess
from replika.nutrition.models import DirtySummary, Measurement
from replika.nutrition.services.measurements import measurement_record
from replika.nutrition.services.registers import child_register
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

BIRTH = dt.date(2024, 1, 15)


@pytest.fixture
def posyandu():
    puskesmas = make_unit(unit_kinds.PUSKESMAS, "13.71", "13.71.02.1007")
    return make_unit(unit_kinds.POSYANDU, "13.71", "13.71.02.1007", puskesmas)


@pytest.fixture
def child(posyandu):
    return child_register(
        actor=None,
        unit=posyandu,
        name="Siti Rahma",
        sex=2,
        birth_date=BIRTH,
        mother_name="Nurhayati",
    )


def record(child, day, weight, lenhei=None, **kwargs):
    return measurement_record(
        actor=None,
        child=child,
        visit_date=day,
        weight=Decimal(weight) if weight is not None else None,
        lenhei=Decimal(lenhei) if lenhei is not None else None,
        measure=kwargs.pop("measure", "l"),
        **kwargs,
    )


def test_stored_zscores_equal_the_engine(child):
    m = record(child, dt.date(2025, 1, 20), "8.1", "72.0")
    expected = assess(
        sex=2,
        age_days=(dt.date(2025, 1, 20) - BIRTH).days,
        weight=8.1,
        lenhei=72.0,
        measure="l",
        oedema="n",
    )
    assert (m.zlen, m.zwei, m.zwfl, m.zbmi) == (
        expected.zlen,
        expected.zwei,
        expected.zwfl,
        expected.zbmi,
    )
    assert m.cat_zlen == expected.cat_zlen
    assert m.period == dt.date(2025, 1, 1)
    assert m.age_days == 371


def test_saving_the_same_month_twice_updates(child):
    record(child, dt.date(2025, 1, 5), "8.0")
    again = record(child, dt.date(2025, 1, 25), "8.2")
    assert Measurement.objects.filter(child=child).count() == 1
    assert again.weight == Decimal("8.20")
    assert again.visit_date == dt.date(2025, 1, 25)


def test_growth_codes_follow_the_kbm(child):
    # 12-13 months old: KBM is 200 g.
    first = record(child, dt.date(2025, 1, 20), "8.00")
    up = record(child, dt.date(2025, 2, 20), "8.20")
    flat = record(child, dt.date(2025, 3, 20), "8.30")
    assert (first.growth, up.growth, flat.growth) == ("B", "N", "T")


def test_a_missed_month_gives_o_not_n_or_t(child):
    record(child, dt.date(2025, 1, 20), "8.00")
    later = record(child, dt.date(2025, 3, 20), "9.00")
    assert later.growth == "O"


def test_a_late_entry_recomputes_the_next_months_growth(child):
    record(child, dt.date(2025, 1, 20), "8.00")
    march = record(child, dt.date(2025, 3, 20), "8.30")
    assert march.growth == "O"
    record(child, dt.date(2025, 2, 20), "8.25")  # entered late
    march.refresh_from_db()
    assert march.growth == "T"  # 50 g gain < 200 g KBM


def test_summaries_are_marked_dirty_for_the_posyandu_month(child, posyandu):
    record(child, dt.date(2025, 1, 20), "8.0")
    assert DirtySummary.objects.filter(unit=posyandu, period=dt.date(2025, 1, 1)).exists()


@pytest.mark.parametrize(
    ("day", "weight", "lenhei", "field"),
    [
        (dt.date(2999, 1, 1), "8", None, "visit_date"),
        (dt.date(2023, 12, 1), "8", None, "visit_date"),  # before birth
        (dt.date(2025, 1, 1), None, None, "weight"),
        (dt.date(2025, 1, 1), "0.1", None, "weight"),
        (dt.date(2025, 1, 1), "8", "300", "lenhei"),
    ],
)
def test_impossible_measurements_are_refused_by_field(child, day, weight, lenhei, field):
    with pytest.raises(ValidationError) as info:
        record(child, day, weight, lenhei)
    assert field in info.value.message_dict
    assert not Measurement.objects.exists()


def test_each_recording_is_audited(child):
    record(child, dt.date(2025, 1, 20), "8.0")
    record(child, dt.date(2025, 1, 21), "8.1")
    events = AuditEvent.objects.filter(action="measurement.record")
    assert events.count() == 2
    before, after = events.first().changes["weight"]
    assert (Decimal(before), Decimal(after)) == (Decimal("8.0"), Decimal("8.1"))
