"""Factories for the outbreak models and the Kota Padang Panjang test world.

Rows the services derive (case codes, follow-up days, summaries) are made through the
services, so a factory row looks like one the module writes.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import factory
from django.utils import timezone

from replika.outbreak import unit_kinds
from replika.outbreak.models import (
    Alert,
    Case,
    Cluster,
    Contact,
    DailyCount,
    Disease,
    FollowUp,
    Item,
    LabTest,
    LogisticsRequest,
    RequestLine,
    Stock,
    WeeklyReport,
)
from replika.outbreak.services.cases import case_report
from replika.outbreak.services.catalogue import disease_adopt
from replika.outbreak.services.contacts import contact_add
from replika.replication.models import Stage
from tests.factories import make_commitment, make_unit, region, user_with_role

# A NIK of Kota Padang Panjang for a woman born 17 August 1990 (day + 40 for women).
NIK_WOMAN = "1374015708900001"
NIK_MAN = "1374011503850002"


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


class DiseaseFactory(factory.django.DjangoModelFactory):
    """A disease adopted from the province list through the service."""

    class Meta:
        model = Disease

    region = factory.LazyFunction(lambda: region("13.74"))
    code = "covid19"

    @classmethod
    def _create(cls, model_class: type[Disease], *args: Any, **kwargs: Any) -> Disease:
        return disease_adopt(actor=None, region=kwargs["region"], code=kwargs["code"])


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case._meta.get_field("unit").related_model

    kind = unit_kinds.PUSKESMAS
    region_code = "13.74"
    location_code = "13.74.01.1001"
    name = factory.Sequence(lambda n: f"Puskesmas Uji {n}")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        return make_unit(
            kwargs["kind"], kwargs["region_code"], kwargs["location_code"], name=kwargs["name"]
        )


class CaseFactory(factory.django.DjangoModelFactory):
    """A case reported through the service (pending verification)."""

    class Meta:
        model = Case

    unit = factory.SubFactory(UnitFactory)
    disease = factory.LazyAttribute(
        lambda o: disease_adopt(actor=None, region=o.unit.region, code="covid19")
    )
    name = factory.Sequence(lambda n: f"Pasien {n}")
    sex = "P"
    classification = "konfirmasi"
    reported_on = factory.LazyFunction(lambda: days_ago(2))
    onset_date = factory.LazyFunction(lambda: days_ago(4))
    nik = ""

    @classmethod
    def _create(cls, model_class: type[Case], *args: Any, **kwargs: Any) -> Case:
        disease = kwargs.pop("disease")
        if disease.nik_required and not kwargs.get("nik"):
            kwargs["nik"] = _nik(Case.objects.count() + 1)
        return case_report(actor=kwargs.pop("actor", None), disease=disease, **kwargs)


def _nik(n: int) -> str:
    """A plausible Padang Panjang NIK (born 15 March 1985), unique by ``n``."""
    return f"13740115038{n:05d}"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Kontak {n}")
    exposure_date = factory.LazyFunction(lambda: days_ago(3))
    exposure_type = "household"

    @classmethod
    def _create(cls, model_class: type[Contact], *args: Any, **kwargs: Any) -> Contact:
        return contact_add(actor=None, **kwargs)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp
        django_get_or_create = ("contact", "day")

    contact = factory.SubFactory(ContactFactory)
    day = factory.LazyAttribute(lambda o: o.contact.exposure_date + dt.timedelta(days=1))


class LabTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabTest

    case = factory.SubFactory(CaseFactory)
    specimen_type = "swab nasofaring"
    specimen_date = factory.LazyFunction(lambda: days_ago(2))
    method = "PCR"


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    disease = factory.SubFactory(DiseaseFactory)
    region = factory.LazyAttribute(lambda o: o.disease.region)
    name = factory.Sequence(lambda n: f"Klaster {n}")
    opened_on = factory.LazyFunction(lambda: days_ago(5))


class WeeklyReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WeeklyReport

    unit = factory.SubFactory(UnitFactory)
    region = factory.LazyAttribute(lambda o: o.unit.region)
    disease = factory.LazyAttribute(
        lambda o: disease_adopt(actor=None, region=o.unit.region, code="dbd")
    )
    year = 2025
    week = 10
    cases = 3


class AlertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alert

    disease = factory.SubFactory(DiseaseFactory)
    region = factory.LazyAttribute(lambda o: o.disease.region)
    kind = "klb"
    year = 2025
    week = 10
    count = 9
    codes = factory.LazyFunction(lambda: ["rule_3"])


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ITEM-{n}")
    name = factory.Sequence(lambda n: f"Barang {n}")
    uom = "box"


class StockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stock

    warehouse = factory.SubFactory(
        UnitFactory, kind=unit_kinds.WAREHOUSE, name=factory.Sequence(lambda n: f"Gudang {n}")
    )
    region = factory.LazyAttribute(lambda o: o.warehouse.region)
    item = factory.SubFactory(ItemFactory)
    quantity = 100


class LogisticsRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogisticsRequest

    unit = factory.SubFactory(UnitFactory)
    region = factory.LazyAttribute(lambda o: o.unit.region)
    applicant = "Kepala Puskesmas"
    letter_number = factory.Sequence(lambda n: f"440/{n}/PKM/2026")


class RequestLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequestLine

    request = factory.SubFactory(LogisticsRequestFactory)
    item = factory.SubFactory(ItemFactory)
    quantity = 10


class DailyCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyCount

    region = factory.LazyFunction(lambda: region("13.74"))
    disease_code = "covid19"
    day = factory.LazyFunction(lambda: days_ago(1))
    new_cases = 12


def outbreak_world() -> SimpleNamespace:
    """Kota Padang Panjang and Kota Bukittinggi with Pikobar live; staff of every role.

    The owner is the officer of Puskesmas Ganting (Padang Panjang Timur), the member the
    Dinas surveillance officer of Padang Panjang, the outsider Bukittinggi's surveillance
    officer (Pikobar is live there too).
    """
    make_commitment("13.74", "pikobar", Stage.LAUNCHED)
    make_commitment("13.75", "pikobar", Stage.LAUNCHED)
    covid = disease_adopt(actor=None, region=region("13.74"), code="covid19")
    dbd = disease_adopt(actor=None, region=region("13.74"), code="dbd")
    bkt_covid = disease_adopt(actor=None, region=region("13.75"), code="covid19")
    puskesmas = make_unit(unit_kinds.PUSKESMAS, "13.74", "13.74.01.1001", name="Puskesmas Ganting")
    other = make_unit(unit_kinds.PUSKESMAS, "13.74", "13.74.02.1002", name="Puskesmas Koto Katik")
    hospital = make_unit(unit_kinds.HOSPITAL, "13.74", "13.74.02.1006", name="RSUD Padang Panjang")
    warehouse = make_unit(
        unit_kinds.WAREHOUSE, "13.74", "13.74.02.1006", name="Gudang Farmasi Padang Panjang"
    )
    bkt_puskesmas = make_unit(
        unit_kinds.PUSKESMAS, "13.75", "13.75.01.1001", name="Puskesmas Tarok"
    )
    return SimpleNamespace(
        covid=covid,
        dbd=dbd,
        bkt_covid=bkt_covid,
        puskesmas=puskesmas,
        other_puskesmas=other,
        hospital=hospital,
        warehouse=warehouse,
        bkt_puskesmas=bkt_puskesmas,
        officer=user_with_role("petugas_faskes", "13.74", unit=puskesmas),
        other_officer=user_with_role("petugas_faskes", "13.74", unit=other),
        surveillance=user_with_role("surveilans_dinkes", "13.74"),
        tracer=user_with_role("tracer", "13.74.01"),
        other_tracer=user_with_role("tracer", "13.74.02"),
        province=user_with_role("surveilans_provinsi", "13"),
        bkt_surveillance=user_with_role("surveilans_dinkes", "13.75"),
        bkt_officer=user_with_role("petugas_faskes", "13.75", unit=bkt_puskesmas),
        region_admin=user_with_role("admin_daerah", "13.74"),
    )


def report(world: SimpleNamespace, **kwargs: Any) -> Case:
    """A COVID-19 case reported at Puskesmas Ganting (pending verification)."""
    values: dict[str, Any] = {
        "actor": world.officer,
        "unit": world.puskesmas,
        "disease": world.covid,
        "name": "Siti Rahmah",
        "sex": "P",
        "classification": "konfirmasi",
        "nik": NIK_WOMAN,
        "birth_date": dt.date(1990, 8, 17),
        "reported_on": days_ago(2),
        "onset_date": days_ago(4),
        "location": region("13.74.01.1001"),
    }
    values.update(kwargs)
    return case_report(**values)


def report_man(world: SimpleNamespace, **kwargs: Any) -> Case:
    """A second person's COVID-19 case at the same puskesmas (a man, NIK_MAN)."""
    person = {"nik": NIK_MAN, "name": "Budi", "sex": "L", "birth_date": dt.date(1985, 3, 15)}
    return report(world, **{**person, **kwargs})
