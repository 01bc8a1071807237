"""The schooling test world and factories: Padang Pariaman with Poltabes live, Solok as the
outsider region (also live), places with seats, and one user of every role."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import factory
from django.utils import timezone

from replika.replication.models import Stage
from replika.schooling import unit_kinds
from replika.schooling.models import (
    Attendance,
    Case,
    CaseEvent,
    EarlyWarning,
    EnrolmentFigure,
    PlaceCapacity,
    SupportGiven,
)
from replika.schooling.services import places
from replika.schooling.services.cases import ChildIn, case_report
from tests.factories import make_commitment, region, user_with_role

HOME = "13.05"  # Kabupaten Padang Pariaman
NAGARI = "13.05.01.2001"  # Lubuk Alung, Kecamatan Lubuak Aluang
NAGARI_2 = "13.05.01.2002"
OTHER_DISTRICT_NAGARI = "13.05.02.2001"
OUTSIDE = "13.02"  # Kabupaten Solok
OUTSIDE_NAGARI = "13.02.03.2001"


def today() -> dt.date:
    return timezone.localdate()


def born(years: int, days: int = 40) -> dt.date:
    """A birth date ``years`` (and ``days``) before today."""
    t = today()
    return t.replace(year=t.year - years) - dt.timedelta(days=days)


def child(location: str = NAGARI, **kw: Any) -> ChildIn:
    """A found child's fields (valid by default)."""
    fields: dict[str, Any] = {
        "location": region(location),
        "name": "Rafi Chaniago",
        "sex": 1,
        "birth_date": born(13),
        "ats_type": "do",
        "reason": "ekonomi",
        "source": "survey",
        "guardian_name": "Yusnimar",
        "last_level": "SMP",
        "last_grade": 7,
    }
    fields.update(kw)
    return ChildIn(**fields)


def report(actor: Any = None, location: str = NAGARI, **kw: Any) -> Case:
    """A reported case through the service."""
    return case_report(actor=actor, child=child(location, **kw))


def place(
    kind: str = unit_kinds.FILIAL, location: str = NAGARI, capacity: dict | None = None, **kw: Any
):
    """A learning place through the service (a filial class gets a parent school)."""
    if kind == unit_kinds.FILIAL and "parent" not in kw:
        kw["parent"] = places.place_create(
            actor=None,
            kind=unit_kinds.SEKOLAH,
            name=f"SMP Induk {location}",
            location=region(location),
            capacity={"SMP": 30},
        )
    default = (
        {"SMP": 2, "SD": 5} if kind in (unit_kinds.FILIAL, unit_kinds.SEKOLAH) else {"PAKET_B": 3}
    )
    return places.place_create(
        actor=None,
        kind=kind,
        name=kw.pop("name", f"{kind} {location} {PlaceCapacity.objects.count()}"),
        location=region(location),
        capacity=capacity or default,
        **kw,
    )


def world() -> SimpleNamespace:
    """Poltabes live in Padang Pariaman and Solok; a user of every role."""
    make_commitment(HOME, "poltabes", Stage.LAUNCHED)
    make_commitment(OUTSIDE, "poltabes", Stage.PILOTING)
    filial = place()
    w = SimpleNamespace(
        region=region(HOME),
        filial=filial,
        parent_school=filial.parent,
        pkbm=place(unit_kinds.PKBM, NAGARI_2),
        disdik=user_with_role("operator_disdik", HOME),
        pendata=user_with_role("pendata", "13.05.01"),
        satuan=user_with_role("operator_satuan", HOME, unit=filial),
        admin=user_with_role("admin_daerah", HOME),
        outsider=user_with_role("operator_disdik", OUTSIDE),
        outside_pendata=user_with_role("pendata", "13.02.03"),
    )
    return w


# --- factory_boy factories, one per model (rows written directly, for reads) -------------------


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    region = factory.LazyFunction(lambda: region(HOME))
    location = factory.LazyFunction(lambda: region(NAGARI))
    name = factory.Sequence(lambda n: f"Anak {n}")
    name_key = factory.LazyAttribute(lambda o: o.name.lower())
    sex = 1
    birth_date = factory.LazyFunction(lambda: born(12))
    ats_type = "do"
    reason = "ekonomi"
    source = "survey"
    reported_on = factory.LazyFunction(today)


class CaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory)
    kind = "status"
    to_status = "reported"
    on = factory.LazyFunction(today)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    case = factory.SubFactory(CaseFactory)
    month = factory.LazyFunction(lambda: today().replace(day=1))
    school_days = 20
    days_present = 18


class SupportGivenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportGiven

    case = factory.SubFactory(CaseFactory)
    item = "seragam"
    item_label = "Seragam sekolah"
    quantity = 1
    unit_cost = 150000
    cost = 150000
    given_on = factory.LazyFunction(today)


class EarlyWarningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EarlyWarning

    region = factory.LazyFunction(lambda: region(HOME))
    name = factory.Sequence(lambda n: f"Siswa {n}")
    name_key = factory.LazyAttribute(lambda o: o.name.lower())
    sex = 2
    birth_date = factory.LazyFunction(lambda: born(13))
    level = "SMP"
    grade = 7
    risk = "low"
    reported_on = factory.LazyFunction(today)


class EnrolmentFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnrolmentFigure

    region = factory.LazyFunction(lambda: region(HOME))
    wilayah = factory.LazyFunction(lambda: region(HOME))
    year = 2025
    level = "SD"
    population = 10000
    pupils_at_level = 10500
    pupils_at_level_of_age = 9400
    of_age_in_school = 9700
    left = 60
    ever_enrolled = 3000
