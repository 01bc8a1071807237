"""Summary tables: hand-counted posyandu-months, roll-ups, incremental refresh, rebuild."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from replika.core import jobs
from replika.core.models import Job, JobStatus, Unit
from replika.nutrition import unit_kinds
from replika.nutrition.models import (
    Child,
    DirtySummary,
    Measurement,
    NutritionSummary,
    Referral,
    ReferralStatus,
    RumahGiziEnrolment,
)
from replika.nutrition.services.measurements import mark_dirty, measurement_record
from replika.nutrition.services.summaries import (
    COUNTS,
    summaries_rebuild,
    summaries_refresh,
)
from replika.nutrition.tasks import refresh_summaries_job
from tests.factories import UserFactory, make_unit, region

pytestmark = pytest.mark.django_db

JAN = dt.date(2025, 1, 1)
FEB = dt.date(2025, 2, 1)
BORN = dt.date(2023, 6, 1)


def add_child(unit: Unit, name: str, born: dt.date = BORN, **kwargs) -> Child:
    """A child registered at a posyandu (created directly: these tests count, not validate)."""
    return Child.objects.create(
        region=unit.region,
        location=unit.location,
        unit=unit,
        name=name,
        name_key=name.lower(),
        sex=kwargs.pop("sex", 2),
        birth_date=born,
        **kwargs,
    )


def add_measurement(child: Child, period: dt.date, growth: str = "N", **values) -> Measurement:
    """A measurement with hand-chosen z-scores and flags."""
    defaults = {
        "weight": Decimal("10.0"),
        "lenhei": Decimal("80.0"),
        "zlen": 0.0,
        "zwei": 0.0,
        "zwfl": 0.0,
    }
    defaults.update(values)
    return Measurement.objects.create(
        child=child,
        region=child.region,
        location=child.location,
        unit=child.unit,
        period=period,
        visit_date=period + dt.timedelta(days=9),
        age_days=(period + dt.timedelta(days=9) - child.birth_date).days,
        growth=growth,
        **defaults,
    )


class Place:
    """A small hand-built area of Kota Padang: one puskesmas, two posyandu (A and B)."""

    def __init__(self) -> None:
        self.puskesmas = make_unit(unit_kinds.PUSKESMAS, "13.71", "13.71.02.1007", name="Andalas")
        self.a = make_unit(unit_kinds.POSYANDU, "13.71", "13.71.02.1007", self.puskesmas, "Mawar")
        self.b = make_unit(unit_kinds.POSYANDU, "13.71", "13.71.02.1001", self.puskesmas, "Melati")
        self.rumah_gizi = make_unit(unit_kinds.RUMAH_GIZI, "13.71", "13.71.02.1007")
        self.a1 = add_child(self.a, "Anak Satu")
        self.a2 = add_child(self.a, "Anak Dua")
        self.a3 = add_child(self.a, "Anak Tiga")
        self.a4 = add_child(self.a, "Anak Empat", has_kia_book=False)
        add_child(self.a, "Sudah Pindah", active=False)
        add_child(self.a, "Sudah Besar", born=dt.date(2019, 1, 1))
        self.b1 = add_child(self.b, "Bunga Satu")
        self.b2 = add_child(self.b, "Bunga Dua")
        # January: a1 did not gain (T), a3 gained (N).
        add_measurement(self.a1, JAN, "T")
        add_measurement(self.a3, JAN, "N")
        # February, posyandu A.
        self.m_a1 = add_measurement(self.a1, FEB, "T", zlen=-2.5, zwei=-2.1, zwfl=-1.0)
        add_measurement(self.a2, FEB, "N", zlen=-3.5, zwei=-1.0, zwfl=-3.2)
        add_measurement(self.a3, FEB, "T", zlen=-7.0, flen=True, zwei=0.0, zwfl=2.5)
        add_measurement(self.a4, FEB, "B", zlen=0.0, zwei=None, zwfl=None, oedema=True)
        # February, posyandu B.
        add_measurement(self.b1, FEB, "N", zlen=-2.2, zwei=-0.5, zwfl=-0.5)
        self.care()

    def care(self) -> None:
        """a1 referred (open), a2 referred and in the Rumah Gizi, a3's referral closed."""
        place = {"region": self.a.region, "location": self.a.location, "unit": self.a}
        Referral.objects.create(**place, child=self.a1, reason="two_t", referred_on=FEB)
        Referral.objects.create(
            **place,
            child=self.a2,
            reason="gizi_buruk",
            status=ReferralStatus.RUMAH_GIZI,
            referred_on=JAN,
        )
        Referral.objects.create(
            **place, child=self.a3, reason="other", status=ReferralStatus.CLOSED, referred_on=JAN
        )
        RumahGiziEnrolment.objects.create(
            **place, child=self.a2, rumah_gizi=self.rumah_gizi, enrolled_on=JAN
        )

    def mark_all(self) -> None:
        for unit in (self.a, self.b):
            for period in (JAN, FEB):
                mark_dirty(unit.pk, period)


def counts(scope: str, period: dt.date = FEB) -> dict[str, int]:
    row = NutritionSummary.objects.get(scope=scope, period=period)
    return {name: getattr(row, name) for name in COUNTS}


def total(*scopes: str, period: dt.date = FEB) -> dict[str, int]:
    rows = [counts(s, period) for s in scopes]
    return {name: sum(r[name] for r in rows) for name in COUNTS}


@pytest.fixture
def place() -> Place:
    return Place()


def test_posyandu_month_counts_match_a_hand_count(place):
    place.mark_all()
    summaries_refresh()
    assert counts(f"u{place.a.pk}") == {
        "s_toddlers": 4,  # a1-a4: the inactive child and the six-year-old do not count
        "k_with_book": 3,
        "d_weighed": 4,
        "n_up": 1,
        "t_not_up": 2,
        "two_t": 1,  # a1: T in January and in February
        "len_valid": 3,  # a3's length-for-age is flagged
        "stunted": 2,
        "severely_stunted": 1,
        "wei_valid": 3,  # a4 has oedema: no weight z-scores
        "underweight": 1,
        "wfl_valid": 3,
        "wasted": 1,
        "severely_wasted": 1,
        "overweight": 1,
        "in_care": 2,  # a1 referred, a2 referred and enrolled (one child); a3 closed
    }


def test_flagged_length_is_left_out_of_the_stunting_denominator(place):
    place.mark_all()
    summaries_refresh()
    row = NutritionSummary.objects.get(scope=f"u{place.a.pk}", period=FEB)
    # a3's z = -7 is implausible: counting it would make 3 of 4 stunted instead of 2 of 3.
    assert (row.stunted, row.len_valid) == (2, 3)


def test_each_level_is_the_sum_of_the_level_below(place):
    place.mark_all()
    summaries_refresh()
    a, b = f"u{place.a.pk}", f"u{place.b.pk}"
    assert counts(f"u{place.puskesmas.pk}") == total(a, b)
    assert counts("13.71.02.1007") == counts(a)
    assert counts("13.71.02.1001") == counts(b)
    assert counts("13.71.02") == total("13.71.02.1007", "13.71.02.1001")
    assert counts("13.71") == counts("13.71.02")
    assert counts("13") == counts("13.71")
    assert counts("13")["s_toddlers"] == 6
    assert NutritionSummary.objects.get(scope="13.71.02", period=FEB).region == region("13.71")


def test_a_posyandu_without_location_rolls_up_into_its_kab_kota(place):
    loose = make_unit(unit_kinds.POSYANDU, "13.71", None, None, "Tanpa Lokasi")
    add_measurement(add_child(loose, "Tanpa Tempat"), FEB, "B", zlen=-2.5)
    place.mark_all()
    mark_dirty(loose.pk, FEB)
    summaries_refresh()
    assert counts("13.71") == total("13.71.02", f"u{loose.pk}")


def test_changing_one_measurement_rewrites_only_its_ancestors(place):
    other = make_unit(unit_kinds.POSYANDU, "13.71", "13.71.01.1001", None, "Kenanga")
    add_measurement(add_child(other, "Lain"), FEB, "N")
    place.mark_all()
    mark_dirty(other.pk, FEB)
    summaries_refresh()
    assert not DirtySummary.objects.exists()
    before = dict(NutritionSummary.objects.values_list("scope", "refreshed_at").filter(period=FEB))

    child = place.a4
    measurement_record(
        actor=None,
        child=child,
        visit_date=dt.date(2025, 2, 12),
        weight=Decimal("9.5"),
        lenhei=Decimal("70.0"),
        measure="l",
    )
    result = summaries_refresh()

    expected = {f"u{place.a.pk}", f"u{place.puskesmas.pk}", "13.71.02.1007", "13.71.02"}
    expected |= {"13.71", "13"}
    assert {scope for scope, period in result.scopes} == expected
    after = dict(NutritionSummary.objects.values_list("scope", "refreshed_at").filter(period=FEB))
    changed = {scope for scope in after if after[scope] != before.get(scope)}
    assert changed == expected
    assert counts("13.71") == total("13.71.02", "13.71.01")


def test_refresh_recounts_2t_of_the_following_month(place):
    place.mark_all()
    summaries_refresh()
    assert counts(f"u{place.a.pk}")["two_t"] == 1
    # January of a1 corrected to N: February's T is no longer the second in a row.
    Measurement.objects.filter(child=place.a1, period=JAN).update(growth="N")
    mark_dirty(place.a.pk, JAN)
    summaries_refresh()
    assert counts(f"u{place.a.pk}")["two_t"] == 0
    assert counts("13")["two_t"] == 0


def test_full_rebuild_equals_the_incremental_refresh(place):
    place.mark_all()
    summaries_refresh()
    incremental = {
        (s.scope, s.period): {n: getattr(s, n) for n in COUNTS}
        for s in NutritionSummary.objects.all()
    }
    result = summaries_rebuild()
    rebuilt = {
        (s.scope, s.period): {n: getattr(s, n) for n in COUNTS}
        for s in NutritionSummary.objects.all()
    }
    assert rebuilt == incremental
    assert result.posyandu_months == 4


def test_management_command_rebuilds_everything(place, capsys):
    call_command("refresh_nutrition_summaries", "--all")
    assert NutritionSummary.objects.filter(scope="13", period=FEB).exists()
    assert "posyandu-months recomputed" in capsys.readouterr().out


def test_management_command_without_all_refreshes_only_dirty_months(place):
    mark_dirty(place.b.pk, FEB)
    call_command("refresh_nutrition_summaries")
    assert NutritionSummary.objects.filter(scope=f"u{place.b.pk}").count() == 1
    assert not NutritionSummary.objects.filter(scope=f"u{place.a.pk}").exists()


def test_background_job_refreshes_and_reports_done(place, django_capture_on_commit_callbacks):
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(owner=owner, kind="nutrition.summaries", task=refresh_summaries_job)
    job = Job.objects.get(pk=job.pk)
    assert job.status == JobStatus.DONE
    assert job.result["posyandu_months"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start(
            owner=owner, kind="nutrition.summaries", task=refresh_summaries_job, full=True
        )
    assert Job.objects.get(pk=job.pk).result["posyandu_months"] == 4


def _generator():
    """The bench generator, loaded from its file (bench/ is not a package)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "synthetic_province.py"
    spec = importlib.util.spec_from_file_location("synthetic_province", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_synthetic_province_at_a_tiny_size_is_consistent():
    from replika.core.activation import live_region_ids
    from replika.nutrition.growth import assess

    generator = _generator()
    last = dt.date(2025, 6, 1)
    report = generator.generate(
        children=300, months=3, seed=7, last_month=last, log=lambda line: None
    )
    assert Child.objects.count() == 300
    assert report["measurements"] == Measurement.objects.count()
    # About 88 % attendance of children under five over 3 months.
    assert 300 * 3 * 0.6 < report["measurements"] <= 300 * 3
    assert live_region_ids("nutrition").count() == 19
    posyandu = Unit.objects.filter(kind=unit_kinds.POSYANDU).select_related("parent")
    assert posyandu.count() > 1000
    assert all(u.path == f"{u.parent_id}/{u.pk}/" for u in posyandu)
    assert all(u.parent.path == f"{u.parent_id}/" for u in posyandu[:50])
    # Stored z-scores are the engine's, and growth codes follow the months.
    for m in Measurement.objects.select_related("child").order_by("?")[:20]:
        expected = assess(
            sex=m.child.sex,
            age_days=m.age_days,
            weight=float(m.weight),
            lenhei=float(m.lenhei),
            measure=m.measure,
        )
        assert m.zlen == expected.zlen and m.zwfl == expected.zwfl and m.flen == expected.flen
        assert m.age_days == (m.visit_date - m.child.birth_date).days
        assert m.unit_id == m.child.unit_id
    assert Measurement.objects.filter(period=dt.date(2025, 4, 1), growth__in="NTO").count() == 0
    # Summaries: the province is every measurement of the month; roll-ups add up.
    for period in (dt.date(2025, 4, 1), dt.date(2025, 5, 1), last):
        province = counts("13", period)
        assert province["d_weighed"] == Measurement.objects.filter(period=period).count()
        regions = NutritionSummary.objects.filter(scope_level=2, period=period)
        assert sum(r.d_weighed for r in regions) == province["d_weighed"]
        assert sum(r.stunted for r in regions) == province["stunted"]
    assert 0.1 < counts("13", last)["stunted"] / counts("13", last)["len_valid"] < 0.45


def test_registering_a_child_refreshes_this_month_without_a_mark(place):
    from django.utils import timezone

    from replika.nutrition import rules

    place.mark_all()
    summaries_refresh()
    this_month = rules.period_of(timezone.localdate())
    add_child(place.b, "Baru Lahir", born=timezone.localdate() - dt.timedelta(days=3))
    result = summaries_refresh()
    assert (f"u{place.b.pk}", this_month) in result.scopes
    assert f"u{place.a.pk}" not in {scope for scope, _ in result.scopes}
    assert counts(f"u{place.b.pk}", this_month)["s_toddlers"] == 3  # b1, b2 and the newborn
    assert counts("13.71.02", this_month) == counts(f"u{place.b.pk}", this_month)
    assert not summaries_refresh().scopes  # nothing changed since


def test_data_recorded_on_a_puskesmas_unit_does_not_overwrite_its_roll_up(place):
    add_measurement(add_child(place.puskesmas, "Di Puskesmas"), FEB, "N")
    place.mark_all()
    mark_dirty(place.puskesmas.pk, FEB)
    summaries_refresh()
    row = NutritionSummary.objects.get(scope=f"u{place.puskesmas.pk}", period=FEB)
    assert row.scope_level == 5
    assert counts(f"u{place.puskesmas.pk}") == total(f"u{place.a.pk}", f"u{place.b.pk}")
