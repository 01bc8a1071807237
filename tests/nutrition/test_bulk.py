"""The vectorised measurement upsert: z-scores equal assess(), SKDN growth, counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from replika.nutrition import rules
from replika.nutrition.growth import assess
from replika.nutrition.models import DirtySummary, Measurement
from replika.nutrition.services import bulk
from replika.nutrition.services.measurements import ZFIELDS
from replika.nutrition.services.registers import child_register
from tests.factories import make_commitment, make_unit


def random_items(n: int, seed: int = 5) -> list[bulk.MeasurementIn]:
    """Measurements of made-up children, some lying, standing, oedema or missing values."""
    rng = np.random.default_rng(seed)
    items = []
    for i in range(n):
        birth = dt.date(2020, 1, 1) + dt.timedelta(days=int(rng.integers(0, 1800)))
        visit = birth + dt.timedelta(days=int(rng.integers(0, 1900)))
        age = (visit - birth).days
        length = 50 + 60 * (age / 1826) ** 0.6 * float(rng.normal(1, 0.08))
        weight = 3.3 + 14 * (age / 1826) ** 0.7 * float(rng.normal(1, 0.15))
        child = bulk.ChildRef(i, 1, 1, None, int(rng.integers(1, 3)), birth)
        items.append(
            bulk.MeasurementIn(
                child=child,
                visit_date=visit,
                weight=None if i % 17 == 0 else Decimal(f"{weight:.2f}"),
                lenhei=None if i % 13 == 0 else Decimal(f"{length:.1f}"),
                measure=["", "l", "h"][i % 3],
                oedema=i % 29 == 0,
                headc=Decimal("45.0") if i % 5 == 0 else None,
                armc=Decimal("14.5") if i % 7 == 0 else None,
            )
        )
    return items


def as_float(value):
    return None if value is None else float(value)


def test_vectorised_zscores_equal_assess_row_by_row():
    items = random_items(600)
    columns = bulk.zscore_columns(items)
    for index, item in enumerate(items):
        expected = assess(
            sex=item.child.sex,
            age_days=(item.visit_date - item.child.birth_date).days,
            weight=as_float(item.weight),
            lenhei=as_float(item.lenhei),
            measure=item.measure,
            oedema="y" if item.oedema else "n",
            headc=as_float(item.headc),
            armc=as_float(item.armc),
        )
        got = {field: columns[field][index] for field in ZFIELDS}
        assert got == {field: getattr(expected, field) for field in ZFIELDS}, index


def test_zscore_columns_are_plain_python_values():
    columns = bulk.zscore_columns(random_items(20))
    assert all(type(v) in {float, type(None)} for v in columns["zlen"])
    assert all(type(v) is bool for v in columns["flen"])
    assert all(type(v) is str for v in columns["cat_zlen"])
    assert bulk.zscore_columns([]) == {key: [] for key in columns}


@pytest.mark.django_db
def test_upsert_counts_growth_like_rules_and_marks_dirty():
    make_commitment("13.71")
    posyandu = make_unit("posyandu", "13.71", "13.71.02.1007", name="Mawar")
    child = child_register(
        actor=None, unit=posyandu, name="Anak", sex=1, birth_date=dt.date(2024, 1, 5)
    )
    ref = bulk.ChildRef(
        child.pk, posyandu.pk, child.region_id, child.location_id, 1, child.birth_date
    )

    def item(month: int, weight: str) -> bulk.MeasurementIn:
        return bulk.MeasurementIn(ref, dt.date(2025, month, 10), Decimal(weight), Decimal("75.0"))

    counts = bulk.measurements_upsert(
        actor=None, items=[item(1, "9.00"), item(2, "9.50"), item(4, "9.60")]
    )
    assert (counts.created, counts.updated, counts.unchanged) == (3, 0, 0)
    growth = dict(Measurement.objects.values_list("period__month", "growth"))
    assert growth == {1: "B", 2: "N", 4: "O"}
    age = (dt.date(2025, 2, 10) - child.birth_date).days
    assert growth[2] == rules.growth_code(9.5, 9.0, age, weighed_last_month=True)
    # March arrives late: April becomes T (gained 100 g < 200 g KBM at 14 months).
    counts = bulk.measurements_upsert(actor=None, items=[item(3, "9.50"), item(2, "9.50")])
    assert (counts.created, counts.updated, counts.unchanged) == (1, 0, 1)
    assert Measurement.objects.get(period__month=4).growth == "T"
    months = DirtySummary.objects.filter(unit=posyandu, period__year=2025)
    assert sorted(months.values_list("period__month", flat=True)) == [1, 2, 3, 4]
