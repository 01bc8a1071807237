"""Demo facilities, Pikobar accounts, and a COVID-19 wave and a dengue season in two regions.

Kota Padang Panjang (which chose Pikobar in November 2021) and Kota Bukittinggi get made-up
cases over the last four months, contacts followed day by day, SKDR weekly reports, a
cluster, and logistics requests. Every name, NIK and number here is demo data.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import services as core_services
from replika.core.demo import demo_user
from replika.core.models import Unit, Wilayah
from replika.core.roles import role_label
from replika.outbreak import unit_kinds
from replika.outbreak.models import Case, ContactStatus, FollowUpResult, Item
from replika.outbreak.rules import epi_week
from replika.outbreak.services import cases as case_services
from replika.outbreak.services import catalogue, logistics, skdr, summaries
from replika.outbreak.services import contacts as contact_services
from replika.outbreak.services import population as population_services

DAYS = 120
FIRST_NAMES = [
    "Rahmat",
    "Fitri",
    "Yusuf",
    "Desi",
    "Hendra",
    "Rina",
    "Afrizal",
    "Mega",
    "Zulkifli",
    "Sari",
    "Irwan",
    "Lusi",
    "Fauzan",
    "Nofriza",
    "Rizal",
    "Yuli",
    "Andri",
    "Wati",
    "Syafril",
    "Elvi",
    "Budi",
    "Nurul",
    "Dedi",
    "Yeni",
]
FAMILIES = ["Chaniago", "Piliang", "Tanjung", "Koto", "Sikumbang", "Jambak", "Melayu", "Guci"]
SYMPTOMS = ["demam, batuk", "batuk, pilek", "demam, anosmia", "sesak napas", "nyeri tenggorokan"]


def _unit(kind: str, name: str, region: str, location: str) -> Unit:
    found = Unit.objects.filter(name=name, region__code=region).first()
    if found is not None:
        return found
    return core_services.unit_create(
        actor=None,
        kind=kind,
        name=name,
        region=Wilayah.objects.get(code=region),
        location=Wilayah.objects.get(code=location),
    )


def _nik(rng: random.Random, kecamatan: str, born: dt.date, female: bool, seq: int) -> str:
    day = born.day + (40 if female else 0)
    return f"{kecamatan.replace('.', '')}{day:02d}{born.month:02d}{born.year % 100:02d}{seq:04d}"


def _wave(day: int, peak: int, height: float, width: float) -> float:
    """Expected daily cases on a bell-shaped wave."""
    return height * math.exp(-((day - peak) ** 2) / (2 * width**2))


class _Region:
    """One demo region: its facilities, people and places."""

    def __init__(
        self, code: str, facilities: list[Unit], places: list[Wilayah], rng: random.Random
    ):
        self.code = code
        self.facilities = facilities
        self.places = places
        self.rng = rng
        self.seq = 0

    def person(self) -> dict[str, Any]:
        rng = self.rng
        self.seq += 1
        female = rng.random() < 0.5
        born = dt.date(rng.randint(1950, 2015), rng.randint(1, 12), rng.randint(1, 28))
        place = rng.choice(self.places)
        return {
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILIES)}",
            "sex": "P" if female else "L",
            "birth_date": born,
            "nik": _nik(
                rng, place.parent.code if place.parent else self.code, born, female, self.seq
            ),
            "location": place,
            "phone": f"08{rng.randint(1000000000, 9999999999)}",
        }


def _covid_wave(
    region: _Region, disease: Any, verifier: Any, officer: Any, height: float
) -> list[Case]:
    """A COVID-19 wave: cases verified, tests, outcomes; a few still pending."""
    rng, today = region.rng, timezone.localdate()
    cases: list[Case] = []
    for offset in range(DAYS, 0, -1):
        expected = _wave(DAYS - offset, 60, height, 14) + 0.3
        for _n in range(int(expected + rng.random())):
            reported = today - dt.timedelta(days=offset)
            onset = reported - dt.timedelta(days=rng.randint(1, 3))
            person = region.person()
            case = case_services.case_report(
                actor=officer,
                unit=rng.choice(region.facilities),
                disease=disease,
                classification="konfirmasi",
                reported_on=reported,
                onset_date=onset,
                symptoms=rng.choice(SYMPTOMS),
                place_of_care="rumah" if rng.random() < 0.85 else "rs",
                **person,
            )
            case_services.labtest_record(
                actor=officer,
                case=case,
                specimen_type="swab nasofaring",
                specimen_date=onset + dt.timedelta(days=1),
                method="PCR",
                result="positive",
                result_date=min(reported, today),
            )
            if offset > 2 or rng.random() < 0.5:
                case_services.case_verify(actor=verifier, case=case)
            end = onset + dt.timedelta(days=13)
            if end < today and case.status == "verified":
                died = rng.random() < 0.02
                case_services.case_close(
                    actor=officer,
                    case=case,
                    outcome="died" if died else "recovered",
                    on=end,
                    symptoms_end=None if died else onset + dt.timedelta(days=7),
                )
            cases.append(case)
    log_negative_tests(region, disease, officer)
    return cases


def log_negative_tests(region: _Region, disease: Any, officer: Any) -> None:
    """Suspects tested negative and discarded (they count in test positivity)."""
    rng, today = region.rng, timezone.localdate()
    for offset in range(DAYS, 0, -3):
        reported = today - dt.timedelta(days=offset)
        case = case_services.case_report(
            actor=officer,
            unit=rng.choice(region.facilities),
            disease=disease,
            classification="suspek",
            reported_on=reported,
            onset_date=reported,
            symptoms=rng.choice(SYMPTOMS),
            **region.person(),
        )
        case_services.labtest_record(
            actor=officer,
            case=case,
            specimen_type="swab nasofaring",
            specimen_date=reported,
            method="PCR",
            result="negative",
            result_date=reported,
        )
        case_services.case_close(actor=officer, case=case, outcome="discarded", on=reported)


def _contacts(region: _Region, cases: list[Case], officer: Any, tracer: Any) -> None:
    """Contacts of the recent cases, followed day by day; some lost, one becomes a case."""
    rng, today = region.rng, timezone.localdate()
    recent = [c for c in cases if c.reported_on >= today - dt.timedelta(days=20)]
    converted = 0
    for case in recent[:40]:
        for _n in range(rng.randint(1, 3)):
            person = region.person()
            exposure = max(case.onset_date or case.reported_on, today - dt.timedelta(days=16))
            contact = contact_services.contact_add(
                actor=officer,
                case=case,
                name=person["name"],
                nik=person["nik"],
                phone=person["phone"],
                location=person["location"],
                relationship=rng.choice(["keluarga serumah", "rekan kerja", "tetangga"]),
                exposure_date=exposure,
                exposure_type=rng.choice(["household", "work", "other"]),
                place=rng.choice(["rumah", "kantor", "pasar"]),
                duration_minutes=rng.choice([30, 60, 240]),
            )
            lost = rng.random() < 0.08
            for entry in contact.follow_ups.filter(day__lt=today).order_by("day"):
                contact.refresh_from_db()
                if contact.status != ContactStatus.FOLLOWING:
                    break
                result = FollowUpResult.NOT_REACHED if lost else FollowUpResult.SEEN
                contact_services.follow_up_record(actor=tracer, follow_up=entry, result=result)
            contact.refresh_from_db()
            if contact.status == ContactStatus.FOLLOWING and converted < 3 and rng.random() < 0.1:
                contact_services.contact_to_case(
                    actor=officer,
                    contact=contact,
                    classification="suspek",
                    sex=person["sex"],
                    birth_date=person["birth_date"],
                    onset_date=today - dt.timedelta(days=1),
                    symptoms="demam",
                )
                converted += 1


def _dengue(region: _Region, disease: Any, verifier: Any, officer: Any) -> None:
    """A dengue season: weekly SKDR counts from every puskesmas and case-based reports."""
    rng, today = region.rng, timezone.localdate()
    for weeks_back in range(DAYS // 7, 0, -1):
        day = today - dt.timedelta(weeks=weeks_back)
        year, week = epi_week(day)
        for unit in region.facilities:
            count = max(0, int(_wave(DAYS // 7 - weeks_back, 10, 7, 3) + rng.randint(-1, 2)))
            skdr.weekly_report_submit(
                actor=officer,
                unit=unit,
                disease=disease,
                year=year,
                week=week,
                cases=count,
                deaths=0,
                visits=count + rng.randint(150, 300),
            )
        for _n in range(int(_wave(DAYS // 7 - weeks_back, 10, 5, 3))):
            person = region.person()
            person["nik"] = ""
            reported = day + dt.timedelta(days=rng.randint(0, 6))
            if reported > today:
                continue
            case = case_services.case_report(
                actor=officer,
                unit=rng.choice(region.facilities),
                disease=disease,
                classification=rng.choice(["dd", "dbd", "dbd", "sss"]),
                reported_on=reported,
                onset_date=reported - dt.timedelta(days=3),
                symptoms="demam tinggi, ruam, trombosit turun",
                **person,
            )
            case_services.case_verify(actor=verifier, case=case)


def _cluster(cases: list[Case], disease: Any, verifier: Any) -> None:
    """A market cluster with the first cases of the wave's peak."""
    peak = [c for c in cases if c.status == "verified"][len(cases) // 2 : len(cases) // 2 + 6]
    if not peak:
        return
    cluster = case_services.cluster_create(
        actor=verifier,
        disease=disease,
        name="Klaster Pasar (demo)",
        setting="pasar",
        opened_on=peak[0].reported_on,
    )
    for case in peak:
        case_services.case_link_cluster(actor=verifier, case=case, cluster=cluster)


def _logistics(facility: Unit, warehouse: Unit, officer: Any, verifier: Any) -> None:
    items = {i.code: i for i in Item.objects.all()}
    for code, quantity in (("MASKER-BEDAH", 500), ("RDT-AG", 300), ("NS1", 200), ("ABATE", 50)):
        logistics.stock_set(
            actor=verifier, warehouse=warehouse, item=items[code], quantity=quantity
        )
    first = logistics.request_submit(
        actor=officer,
        unit=facility,
        applicant="Kepala Puskesmas (demo)",
        letter_number=f"440/{facility.pk}/PKM/2026",
        lines=[
            logistics.LineIn(item=items["MASKER-BEDAH"], quantity=100, usage="Poli ISPA"),
            logistics.LineIn(
                item=items["MASKER-N95"], quantity=20, usage="Ruang isolasi", priority="tinggi"
            ),
        ],
    )
    logistics.request_verify(actor=verifier, request=first)
    logistics.request_approve(actor=verifier, request=first, warehouse=warehouse)
    lines = list(first.lines.order_by("pk"))
    logistics.request_realise(
        actor=verifier,
        request=first,
        sent=[
            logistics.RealisedIn(line_id=lines[0].pk, item=items["MASKER-BEDAH"], quantity=100),
            # No N95 in stock: surgical masks sent instead (a substitution).
            logistics.RealisedIn(line_id=lines[1].pk, item=items["MASKER-BEDAH"], quantity=40),
        ],
    )
    logistics.request_receive(actor=officer, request=first)
    logistics.request_submit(
        actor=officer,
        unit=facility,
        applicant="Kepala Puskesmas (demo)",
        letter_number=f"440/{facility.pk}/PKM-DBD/2026",
        lines=[
            logistics.LineIn(
                item=items["NS1"], quantity=50, usage="Skrining DBD", priority="tinggi"
            ),
            logistics.LineIn(item=items["ABATE"], quantity=10, usage="PSN"),
        ],
    )


@dataclass(frozen=True)
class DemoRegion:
    """A demo region: its facilities (kind, name, nagari/kelurahan), warehouse, tracer area."""

    code: str
    slug: str
    facilities: tuple[tuple[str, str, str], ...]
    warehouse: str
    tracer_area: str
    height: float  # peak daily COVID-19 cases of the wave


REGIONS = (
    DemoRegion(
        code="13.74",
        slug="padangpanjang",
        facilities=(
            (unit_kinds.PUSKESMAS, "Puskesmas Gunung (demo)", "13.74.01.1001"),
            (unit_kinds.PUSKESMAS, "Puskesmas Kebun Sikolos (demo)", "13.74.02.1002"),
            (unit_kinds.HOSPITAL, "RSUD Padang Panjang (demo)", "13.74.02.1006"),
        ),
        warehouse="Gudang Farmasi Padang Panjang (demo)",
        tracer_area="13.74.01",
        height=9.0,
    ),
    DemoRegion(
        code="13.75",
        slug="bukittinggi",
        facilities=(
            (unit_kinds.PUSKESMAS, "Puskesmas Tigo Baleh (demo)", "13.75.03.1001"),
            (unit_kinds.PUSKESMAS, "Puskesmas Guguak Panjang (demo)", "13.75.01.1001"),
        ),
        warehouse="Gudang Farmasi Bukittinggi (demo)",
        tracer_area="13.75.01",
        height=6.0,
    ),
)


# DEMO FIGURES, not BPS data: the city's total from the region data (63.895) split between
# its two kecamatan so the demo map can show incidence per 100,000. A real region enters or
# pastes its own figures on the kecamatan population page.
DEMO_KECAMATAN_POPULATION = {"13.74": {"13.74.01": 33_400, "13.74.02": 30_495}}


def run(log: Any) -> list[tuple[str, str]]:
    """Facilities, the Pikobar roles over them, and four months of outbreak data."""
    accounts: list[tuple[str, str]] = []
    province = Wilayah.objects.get(code="13")
    user = demo_user("surveilans.provinsi", "Surveilans Dinkes Provinsi Sumatera Barat")
    core_services.membership_grant(
        actor=None, user=user, wilayah=province, role="surveilans_provinsi"
    )
    accounts.append(
        ("surveilans.provinsi", f"{role_label('surveilans_provinsi')} — {province.name}")
    )
    for seed, spec in enumerate(REGIONS):
        code = spec.code
        region = Wilayah.objects.get(code=code)
        slug = spec.slug
        facilities = [_unit(kind, name, code, place) for kind, name, place in spec.facilities]
        warehouse = _unit(unit_kinds.WAREHOUSE, spec.warehouse, code, spec.facilities[0][2])
        officer = demo_user(f"faskes.{slug}", f"Petugas {facilities[0].name}")
        core_services.membership_grant(
            actor=None, user=officer, wilayah=region, role="petugas_faskes", unit=facilities[0]
        )
        verifier = demo_user(f"surveilans.{slug}", f"Surveilans Dinkes {region.name}")
        core_services.membership_grant(
            actor=None, user=verifier, wilayah=region, role="surveilans_dinkes"
        )
        area = Wilayah.objects.get(code=spec.tracer_area)
        tracer = demo_user(f"tracer.{slug}", f"Tracer {area.name}")
        core_services.membership_grant(actor=None, user=tracer, wilayah=area, role="tracer")
        accounts += [
            (f"faskes.{slug}", f"{role_label('petugas_faskes')} — {facilities[0].name}"),
            (f"surveilans.{slug}", f"{role_label('surveilans_dinkes')} — {region.name}"),
            (
                f"tracer.{slug}",
                f"{role_label('tracer')} — " + _("Kecamatan %(name)s") % {"name": area.name},
            ),
        ]
        covid = catalogue.disease_adopt(actor=verifier, region=region, code="covid19")
        dbd = catalogue.disease_adopt(actor=verifier, region=region, code="dbd")
        catalogue.disease_adopt(actor=verifier, region=region, code="campak")
        if code in DEMO_KECAMATAN_POPULATION:
            population_services.population_save(
                actor=verifier,
                region=region,
                year=timezone.localdate().year,
                values=DEMO_KECAMATAN_POPULATION[code],
            )
        if Case.objects.filter(Q(unit__in=facilities)).exists():
            continue  # idempotent: the data is there already
        rng = random.Random(2021 + seed)  # noqa: S311 — demo data, not security
        places = list(
            Wilayah.objects.filter(level=4, code__startswith=code + ".").select_related("parent")
        )
        world = _Region(code, facilities, places, rng)
        # The wave's daily figures are recomputed once at its end, not after every case.
        with summaries.refreshed_once():
            cases = _covid_wave(world, covid, verifier, officer, spec.height)
            _contacts(world, cases, officer, tracer)
            _cluster(cases, covid, verifier)
        _dengue(world, dbd, verifier, officer)
        _logistics(facilities[0], warehouse, officer, verifier)
        log(
            _("outbreak: %(region)s: %(cases)d COVID-19 cases, a dengue season, logistics")
            % {"region": region.name, "cases": len(cases)}
        )
    return accounts
