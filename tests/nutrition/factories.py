"""Factories for every nutrition model (factory_boy), and the Kota Padang test world.

Rows that the programme derives (name keys, places copied from the posyandu, z-scores) are
derived here the same way, so a factory row looks like one the services write. Measurements
go through the recording service: their z-scores and growth codes come from the engine.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import factory
from django.utils import timezone

from replika.core.models import Unit
from replika.nutrition import rules, unit_kinds
from replika.nutrition.models import (
    AdolescentGirl,
    AdolescentScreening,
    Article,
    Child,
    ClassAttendance,
    DirtySummary,
    FacilityProfile,
    FeedingDay,
    Measurement,
    Mother,
    NutritionSummary,
    Pregnancy,
    PregnancyClass,
    PregnancyVisit,
    Referral,
    ReferralEvent,
    RumahGiziEnrolment,
    SessionEntry,
    WeeklyWeight,
)
from replika.nutrition.services.measurements import measurement_record
from replika.nutrition.services.registers import child_register
from replika.replication.models import Stage
from tests.factories import make_commitment, make_unit, region, user_with_role


def days_ago(days: int) -> dt.date:
    """A day in the past, counted from today."""
    return timezone.localdate() - dt.timedelta(days=days)


class UnitFactory(factory.django.DjangoModelFactory):
    """A facility registered through core's service (its tree path is set there)."""

    class Meta:
        model = Unit

    kind = unit_kinds.POSYANDU
    region_code = "13.71"
    location_code = "13.71.02.1007"
    parent = None
    name = factory.Sequence(lambda n: f"Posyandu {n}")

    @classmethod
    def _create(cls, model_class: type[Unit], *args: Any, **kwargs: Any) -> Unit:
        return make_unit(
            kwargs["kind"],
            kwargs["region_code"],
            kwargs["location_code"],
            parent=kwargs["parent"],
            name=kwargs["name"],
        )


class PlacedFactory(factory.django.DjangoModelFactory):
    """A register row placed at a posyandu: region and location follow the posyandu."""

    class Meta:
        abstract = True

    unit = factory.SubFactory(UnitFactory)
    region = factory.LazyAttribute(lambda row: row.unit.region)
    location = factory.LazyAttribute(lambda row: row.unit.location)


class MotherFactory(PlacedFactory):
    class Meta:
        model = Mother

    name = factory.Sequence(lambda n: f"Ibu {n}")
    name_key = factory.LazyAttribute(lambda row: rules.name_key(row.name))
    birth_date = dt.date(1995, 5, 20)


class ChildFactory(PlacedFactory):
    class Meta:
        model = Child

    name = factory.Sequence(lambda n: f"Anak {n}")
    name_key = factory.LazyAttribute(lambda row: rules.name_key(row.name))
    sex = 2
    birth_date = factory.LazyFunction(lambda: days_ago(400))
    mother_name = factory.LazyAttribute(lambda row: f"Ibu {row.name}")
    mother_key = factory.LazyAttribute(lambda row: rules.name_key(row.mother_name))


class MeasurementFactory(factory.django.DjangoModelFactory):
    """A month's measurement, recorded through the service (z-scores, growth, dirty marks)."""

    class Meta:
        model = Measurement

    child = factory.SubFactory(ChildFactory)
    visit_date = factory.LazyFunction(timezone.localdate)
    weight: Any = Decimal("9.0")
    lenhei: Any = Decimal("75.0")
    measure = "l"

    @classmethod
    def _create(cls, model_class: type[Measurement], *args: Any, **kwargs: Any) -> Measurement:
        return measurement_record(actor=kwargs.pop("actor", None), **kwargs)


class SessionEntryFactory(factory.django.DjangoModelFactory):
    """The id of an entry the session page wrote (its measurement, made through the service)."""

    class Meta:
        model = SessionEntry

    key = factory.LazyFunction(uuid.uuid4)
    measurement = factory.SubFactory(MeasurementFactory)


class PregnancyFactory(PlacedFactory):
    class Meta:
        model = Pregnancy

    mother = factory.SubFactory(MotherFactory)
    unit = factory.LazyAttribute(lambda row: row.mother.unit)
    last_period = factory.LazyFunction(lambda: days_ago(120))
    due_date = factory.LazyAttribute(lambda row: row.last_period + dt.timedelta(days=280))


class PregnancyVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PregnancyVisit

    pregnancy = factory.SubFactory(PregnancyFactory)
    visit_date = factory.LazyFunction(timezone.localdate)
    weight = Decimal("58.50")
    lila_cm = Decimal("25.0")
    hb_g_dl = Decimal("11.5")


class AdolescentGirlFactory(PlacedFactory):
    class Meta:
        model = AdolescentGirl

    name = factory.Sequence(lambda n: f"Remaja {n}")
    name_key = factory.LazyAttribute(lambda row: rules.name_key(row.name))
    birth_date = dt.date(2011, 8, 17)


class AdolescentScreeningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdolescentScreening

    girl = factory.SubFactory(AdolescentGirlFactory)
    screened_on = factory.LazyFunction(timezone.localdate)
    hb_g_dl = Decimal("12.5")


class FacilityProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacilityProfile

    unit = factory.SubFactory(UnitFactory)
    whatsapp_url = "https://chat.whatsapp.com/contoh"


class ReferralFactory(PlacedFactory):
    class Meta:
        model = Referral

    child = factory.SubFactory(ChildFactory)
    unit = factory.LazyAttribute(lambda row: row.child.unit)
    reason = "two_t"
    referred_on = factory.LazyFunction(timezone.localdate)


class ReferralEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralEvent

    referral = factory.SubFactory(ReferralFactory)
    status = "referred"
    on = factory.LazyFunction(timezone.localdate)


class RumahGiziEnrolmentFactory(PlacedFactory):
    class Meta:
        model = RumahGiziEnrolment

    child = factory.SubFactory(ChildFactory)
    unit = factory.LazyAttribute(lambda row: row.child.unit)
    rumah_gizi = factory.SubFactory(
        UnitFactory, kind=unit_kinds.RUMAH_GIZI, name=factory.Sequence(lambda n: f"RG {n}")
    )
    enrolled_on = factory.LazyFunction(lambda: days_ago(14))


class FeedingDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedingDay

    enrolment = factory.SubFactory(RumahGiziEnrolmentFactory)
    day = factory.LazyFunction(timezone.localdate)
    menu = "Bubur kacang hijau"


class WeeklyWeightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyWeight

    enrolment = factory.SubFactory(RumahGiziEnrolmentFactory)
    measured_on = factory.LazyFunction(timezone.localdate)
    weight = Decimal("8.10")
    lenhei = Decimal("76.0")
    zwfl = -1.5


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    region = factory.LazyFunction(lambda: region("13.71"))
    title = factory.Sequence(lambda n: f"Makanan bergizi {n}")
    body = "Isi piringku: setengah sayur dan buah."
    published = True
    published_on = factory.LazyFunction(timezone.localdate)


class PregnancyClassFactory(PlacedFactory):
    class Meta:
        model = PregnancyClass

    unit = factory.SubFactory(
        UnitFactory, kind=unit_kinds.PUSKESMAS, name=factory.Sequence(lambda n: f"Puskesmas {n}")
    )
    held_on = factory.LazyFunction(timezone.localdate)
    topic = "Gizi ibu hamil"


class ClassAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassAttendance

    session = factory.SubFactory(PregnancyClassFactory)
    mother = factory.SubFactory(MotherFactory)


class NutritionSummaryFactory(factory.django.DjangoModelFactory):
    """A posyandu-month summary row (scope level 6)."""

    class Meta:
        model = NutritionSummary

    unit = factory.SubFactory(UnitFactory)
    region = factory.LazyAttribute(lambda row: row.unit.region)
    scope = factory.LazyAttribute(lambda row: f"u{row.unit.pk}")
    scope_level = 6
    period = factory.LazyFunction(lambda: rules.period_of(timezone.localdate()))


class DirtySummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirtySummary

    unit = factory.SubFactory(UnitFactory)
    period = factory.LazyFunction(lambda: rules.period_of(timezone.localdate()))


def make_child(
    unit: Unit, name: str = "Siti Aisyah", days_old: int = 400, sex: int = 2, **kw: Any
) -> Child:
    """A child registered at a posyandu through the service, ``days_old`` days old today."""
    return child_register(
        actor=None,
        unit=unit,
        name=name,
        sex=sex,
        birth_date=kw.pop("birth_date", None) or days_ago(days_old),
        mother_name=kw.pop("mother_name", f"Ibu {name}"),
        **kw,
    )


def padang_world() -> SimpleNamespace:
    """Kota Padang with Ayo Ceting live: a puskesmas, two posyandu, staff and outsiders.

    The owner is the cadre of posyandu Mawar, the member the midwife of its puskesmas, the
    outsider the nutrition officer of Kabupaten Agam (where Ayo Ceting is live too).
    """
    make_commitment("13.71", "ayo-ceting", Stage.LAUNCHED)
    make_commitment("13.06", "ayo-ceting", Stage.LAUNCHED)
    puskesmas = UnitFactory(
        kind=unit_kinds.PUSKESMAS, location_code="13.71.02", name="Puskesmas Andalas"
    )
    posyandu = UnitFactory(parent=puskesmas, name="Mawar")
    other = UnitFactory(parent=puskesmas, name="Melati")
    agam_posyandu = UnitFactory(region_code="13.06", location_code="13.06.02", name="Posyandu Agam")
    return SimpleNamespace(
        puskesmas=puskesmas,
        posyandu=posyandu,
        other_posyandu=other,
        agam_posyandu=agam_posyandu,
        cadre=user_with_role("kader_posyandu", "13.71", unit=posyandu),
        other_cadre=user_with_role("kader_posyandu", "13.71", unit=other),
        midwife=user_with_role("petugas_puskesmas", "13.71", unit=puskesmas),
        officer=user_with_role("petugas_gizi_dinkes", "13.71"),
        agam_officer=user_with_role("petugas_gizi_dinkes", "13.06"),
        region_admin=user_with_role("admin_daerah", "13.71"),
    )
