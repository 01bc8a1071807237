"""Demo of SIP Banget in three regions: registries, a year of monthly reports, events.

Kota Payakumbuh, Kabupaten Pesisir Selatan and Kabupaten Solok Selatan (where the
replication demo pilots the module) get a few dozen operators each with twelve months of
reports drawn around plausible seasons (school holidays, Lebaran, year end); some operators
file late and some not at all. Attractions and villages are real places; every business
marked "(demo)", every figure, event and account is made up (``is_demo``).
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import services as core_services
from replika.core.activation import is_module_live
from replika.core.demo import demo_user
from replika.core.models import Wilayah
from replika.core.roles import role_label
from replika.tourism import rules
from replika.tourism.models import (
    Event,
    MonthlyReport,
    MonthRelease,
    Place,
    Product,
    VillageAssessment,
)
from replika.tourism.services.events import event_moderate, event_submit, village_assess
from replika.tourism.services.registry import place_create, product_add
from replika.tourism.services.releases import month_publish
from replika.tourism.services.reports import report_file
from replika.tourism.settings_schema import settings_for

# (region, kind, name, location, extra fields)
PLACES: list[tuple[str, str, str, str, dict[str, Any]]] = [
    # Kota Payakumbuh
    (
        "13.76",
        "dtw",
        "Ngalau Indah",
        "13.76.02.1002",
        {
            "category": "Wisata alam",
            "latitude": -0.2107,
            "longitude": 100.6113,
            "ticket_domestic": 10000,
            "ticket_foreign": 20000,
            "opening_hours": "08.00–17.00",
            "facilities": "Parkir, musala, toilet, pemandu gua",
            "description": "Gua kapur dengan stalaktit di perbukitan utara kota.",
        },
    ),
    (
        "13.76",
        "dtw",
        "Taman Wisata Ampangan",
        "13.76.03.1001",
        {
            "category": "Wisata buatan",
            "latitude": -0.2380,
            "longitude": 100.6470,
            "ticket_domestic": 5000,
            "themes": ["Wisata keluarga"],
            "description": "Taman tepi Batang Agam dengan jalur sepeda dan kolam.",
        },
    ),
    (
        "13.76",
        "dtw",
        "Batang Agam Riverside",
        "13.76.01.1002",
        {
            "category": "Wisata kuliner",
            "latitude": -0.2262,
            "longitude": 100.6307,
            "themes": ["Wisata keluarga"],
        },
    ),
    (
        "13.76",
        "desa_wisata",
        "Kampung Wisata Kubu Gadang",
        "13.76.01.1003",
        {
            "category": "Wisata budaya dan sejarah",
            "latitude": -0.2298,
            "longitude": 100.6269,
            "pokdarwis": "Pokdarwis Kubu Gadang",
            "homestays": 22,
            "description": "Silek, randai dan rumah gadang; tamu menginap di rumah warga.",
        },
    ),
    (
        "13.76",
        "akomodasi",
        "Hotel Bukik Gadang (demo)",
        "13.76.01.1004",
        {"star_class": 3, "rooms": 64, "beds": 110, "licence_nib": "9120001234567"},
    ),
    (
        "13.76",
        "akomodasi",
        "Hotel Ngalau (demo)",
        "13.76.02.1002",
        {"star_class": 2, "rooms": 40, "beds": 70},
    ),
    (
        "13.76",
        "akomodasi",
        "Wisma Batang Agam (demo)",
        "13.76.01.1002",
        {"star_class": 0, "rooms": 18, "beds": 30},
    ),
    (
        "13.76",
        "akomodasi",
        "Homestay Rumah Gadang (demo)",
        "13.76.01.1003",
        {"star_class": 0, "rooms": 6, "beds": 12},
    ),
    ("13.76", "restoran", "Rumah Makan Galamai (demo)", "13.76.01.1004", {}),
    ("13.76", "pelaku_ekraf", "Galamai Mak Etek (demo)", "13.76.03.1005", {"subsector": "Kuliner"}),
    ("13.76", "pelaku_ekraf", "Tenun Kubu Gadang (demo)", "13.76.01.1003", {"subsector": "Kriya"}),
    ("13.76", "biro_perjalanan", "Harau Tour & Travel (demo)", "13.76.01.1004", {}),
    # Kabupaten Pesisir Selatan
    (
        "13.01",
        "dtw",
        "Kawasan Mandeh",
        "13.01.07.2010",
        {
            "category": "Wisata alam",
            "latitude": -1.2194,
            "longitude": 100.3999,
            "ticket_domestic": 5000,
            "description": "Teluk dan pulau-pulau kecil; snorkeling.",
        },
    ),
    (
        "13.01",
        "dtw",
        "Jembatan Akar",
        "13.01.06",
        {
            "category": "Wisata alam",
            "latitude": -1.2437,
            "longitude": 100.5216,
            "ticket_domestic": 5000,
        },
    ),
    (
        "13.01",
        "dtw",
        "Bukit Langkisau",
        "13.01.05.2001",
        {
            "category": "Wisata alam",
            "latitude": -1.3487,
            "longitude": 100.5603,
            "ticket_domestic": 5000,
            "description": "Landasan paralayang di atas Painan.",
        },
    ),
    (
        "13.01",
        "dtw",
        "Pantai Carocok Painan",
        "13.01.05.2001",
        {
            "category": "Wisata alam",
            "latitude": -1.3456,
            "longitude": 100.5516,
            "ticket_domestic": 5000,
            "themes": ["Wisata keluarga"],
        },
    ),
    (
        "13.01",
        "dtw",
        "Masjid Raya Painan",
        "13.01.05.2001",
        {"category": "Wisata religi", "latitude": -1.3508, "longitude": 100.5734},
    ),
    (
        "13.01",
        "desa_wisata",
        "Nagari Wisata Sungai Pinang",
        "13.01.07.2002",
        {
            "category": "Wisata alam",
            "latitude": -1.1733,
            "longitude": 100.3793,
            "pokdarwis": "Pokdarwis Sungai Pinang",
            "homestays": 15,
        },
    ),
    (
        "13.01",
        "akomodasi",
        "Mandeh Bay Resort (demo)",
        "13.01.07.2010",
        {"star_class": 3, "rooms": 48, "beds": 90},
    ),
    (
        "13.01",
        "akomodasi",
        "Hotel Painan Indah (demo)",
        "13.01.05.2001",
        {"star_class": 1, "rooms": 30, "beds": 52},
    ),
    (
        "13.01",
        "akomodasi",
        "Carocok Inn (demo)",
        "13.01.05.2001",
        {"star_class": 0, "rooms": 20, "beds": 34},
    ),
    (
        "13.01",
        "akomodasi",
        "Homestay Sungai Pinang (demo)",
        "13.01.07.2002",
        {"star_class": 0, "rooms": 8, "beds": 16},
    ),
    ("13.01", "restoran", "Rumah Makan Pangek Painan (demo)", "13.01.05.2001", {}),
    ("13.01", "pelaku_ekraf", "Sulaman Painan (demo)", "13.01.05.2003", {"subsector": "Fesyen"}),
    # Kabupaten Solok Selatan
    (
        "13.11",
        "dtw",
        "Kawasan Saribu Rumah Gadang",
        "13.11.02.2002",
        {
            "category": "Wisata budaya dan sejarah",
            "latitude": -1.4639,
            "longitude": 101.0463,
            "description": "Deretan rumah gadang di Nagari Koto Baru.",
        },
    ),
    (
        "13.11",
        "dtw",
        "Air Terjun Sarasah Taruntang",
        "13.11.06",
        {
            "category": "Wisata alam",
            "latitude": -1.4300,
            "longitude": 101.0950,
            "ticket_domestic": 5000,
        },
    ),
    (
        "13.11",
        "dtw",
        "Kebun Teh Liki",
        "13.11.01.2001",
        {
            "category": "Agrowisata",
            "latitude": -1.2600,
            "longitude": 101.2520,
            "themes": ["Agrowisata"],
        },
    ),
    (
        "13.11",
        "dtw",
        "Pemandian Air Panas Sapan Maluluang",
        "13.11.06",
        {
            "category": "Wisata alam",
            "latitude": -1.5100,
            "longitude": 101.0810,
            "ticket_domestic": 10000,
        },
    ),
    (
        "13.11",
        "desa_wisata",
        "Nagari Wisata Koto Baru",
        "13.11.02.2002",
        {
            "category": "Wisata budaya dan sejarah",
            "latitude": -1.4655,
            "longitude": 101.0450,
            "pokdarwis": "Pokdarwis Saribu Rumah Gadang",
            "homestays": 30,
        },
    ),
    (
        "13.11",
        "akomodasi",
        "Hotel Muara Labuh (demo)",
        "13.11.02.2005",
        {"star_class": 1, "rooms": 28, "beds": 46},
    ),
    (
        "13.11",
        "akomodasi",
        "Homestay Rumah Gadang Koto Baru (demo)",
        "13.11.02.2002",
        {"star_class": 0, "rooms": 10, "beds": 20},
    ),
    (
        "13.11",
        "akomodasi",
        "Wisma Sangir (demo)",
        "13.11.01.2001",
        {"star_class": 0, "rooms": 14, "beds": 22},
    ),
    (
        "13.11",
        "pelaku_ekraf",
        "Kopi Solok Radjo Liki (demo)",
        "13.11.01.2001",
        {"subsector": "Kuliner"},
    ),
]
PRODUCTS = [
    ("Galamai Mak Etek (demo)", "produk", "Galamai 500 g", 45000),
    ("Galamai Mak Etek (demo)", "produk", "Kipang pulut", 20000),
    ("Tenun Kubu Gadang (demo)", "produk", "Kain tenun songket Kubu Gadang", 850000),
    ("Kampung Wisata Kubu Gadang", "paket", "Paket silek dan randai 2 hari 1 malam", 450000),
    ("Nagari Wisata Sungai Pinang", "paket", "Paket hopping island Mandeh", 250000),
    ("Nagari Wisata Koto Baru", "paket", "Menginap di rumah gadang", 300000),
    ("Sulaman Painan (demo)", "produk", "Selendang sulaman benang emas", 600000),
    ("Kopi Solok Radjo Liki (demo)", "produk", "Kopi arabika Solok Radjo 250 g", 85000),
    ("Harau Tour & Travel (demo)", "paket", "Tur Lembah Harau dan Kelok Sembilan", 375000),
]
# Visitors a month in an ordinary month, per attraction or village.
BASE_VISITORS = {
    "Ngalau Indah": 4200,
    "Taman Wisata Ampangan": 6500,
    "Batang Agam Riverside": 9000,
    "Kampung Wisata Kubu Gadang": 1400,
    "Kawasan Mandeh": 15000,
    "Jembatan Akar": 3200,
    "Bukit Langkisau": 2600,
    "Pantai Carocok Painan": 21000,
    "Masjid Raya Painan": 2500,
    "Nagari Wisata Sungai Pinang": 1800,
    "Kawasan Saribu Rumah Gadang": 5200,
    "Air Terjun Sarasah Taruntang": 1500,
    "Kebun Teh Liki": 2100,
    "Pemandian Air Panas Sapan Maluluang": 3300,
    "Nagari Wisata Koto Baru": 1900,
}
# How reliably each operator reports: most do, a few often forget, two never do.
RELIABILITY = [0.95, 0.9, 0.85, 0.75, 0.6, 0.45, 0.0]
# The demo operator of Ngalau Indah has last month still to file (the phone walk-through).
OPEN_LAST_MONTH = {"Ngalau Indah"}
MONTHS = 12


def _season(period: dt.date) -> float:
    """Visitors relative to an ordinary month: school holidays, Lebaran, year end."""
    return {1: 1.1, 3: 0.8, 4: 1.6, 6: 1.4, 7: 1.5, 12: 1.7}.get(period.month, 1.0)


def _places(log: Any) -> dict[str, Place]:
    """The demo registry (idempotent: an existing entry is kept as it is)."""
    found: dict[str, Place] = {}
    since = timezone.localdate().replace(day=1) - dt.timedelta(days=31 * (MONTHS + 2))
    created = 0
    for region_code, kind, name, location, extra in PLACES:
        region = Wilayah.objects.get(code=region_code)
        place = Place.objects.filter(region=region, kind=kind, name=name).first()
        if place is None:
            config = settings_for(region)
            data = dict(extra)
            if data.get("category") and data["category"] not in config.categories:
                data.pop("category")
            data["themes"] = [t for t in data.get("themes", []) if t in config.themes]
            if data.get("subsector") and data["subsector"] not in config.subsectors:
                data.pop("subsector")
            place = place_create(
                actor=None,
                region=region,
                kind=kind,
                location=Wilayah.objects.get(code=location),
                name=name,
                operating_since=since,
                phone="0812" + str(zlib.crc32(name.encode()) % 10**8).zfill(8),
                is_demo=True,
                **data,
            )
            created += 1
        found[name] = place
    log(_("tourism: %(created)d registry entries created") % {"created": created})
    return found


def _accommodation_figures(place: Place, period: dt.date, rng: random.Random) -> dict:
    days = rules.days_in_month(period)
    rooms, beds = place.rooms or 1, place.beds or 1
    base = {0: 0.32, 1: 0.42, 2: 0.5, 3: 0.58}.get(place.star_class or 0, 0.5)
    occupancy = min(0.97, base * _season(period) * rng.uniform(0.85, 1.15))
    sold = int(rooms * days * occupancy)
    nights = min(int(sold * rng.uniform(1.3, 1.8)), beds * days)
    foreign_share = rng.uniform(0.0, 0.06)
    nights_foreign = int(nights * foreign_share)
    nights_domestic = nights - nights_foreign
    guests_domestic = max(0, int(nights_domestic / rng.uniform(1.3, 2.2)))
    guests_foreign = int(nights_foreign / rng.uniform(1.8, 3.2)) if nights_foreign else 0
    return {
        "rooms": rooms,
        "beds": beds,
        "days": days,
        "rooms_sold": sold,
        "guests_domestic": guests_domestic,
        "guests_foreign": guests_foreign,
        "nights_domestic": nights_domestic,
        "nights_foreign": nights_foreign,
    }


def _visitor_figures(place: Place, period: dt.date, rng: random.Random) -> dict:
    visitors = int(BASE_VISITORS.get(place.name, 1500) * _season(period) * rng.uniform(0.8, 1.2))
    foreign = int(visitors * rng.uniform(0.0, 0.03))
    ticket = place.ticket_domestic or 0
    return {
        "visitors_domestic": visitors - foreign,
        "visitors_foreign": foreign,
        "ticket_revenue": (visitors - foreign) * ticket + foreign * (place.ticket_foreign or ticket)
        if ticket
        else None,
    }


def _reports(places: dict[str, Place], log: Any) -> None:
    """Twelve months of reports, each filed on time, late or never (idempotent)."""
    today = timezone.localdate()
    rng = random.Random(2025)  # noqa: S311 — demo data, not security
    last = rules.period_of(today.replace(day=1) - dt.timedelta(days=1))
    periods = [last]
    for _month in range(MONTHS - 1):
        periods.append(rules.period_of(periods[-1] - dt.timedelta(days=1)))
    filed = 0
    reporting = [p for p in places.values() if p.kind in ("akomodasi", "dtw", "desa_wisata")]
    for index, place in enumerate(sorted(reporting, key=lambda p: p.name)):
        reliability = RELIABILITY[index % len(RELIABILITY)]
        due_day = settings_for(place.region).report_due_day
        done = set(MonthlyReport.objects.filter(place=place).values_list("period", flat=True))
        for period in sorted(periods):
            # Every draw is made whether or not the month exists, so a second run makes the
            # same choices and adds nothing.
            files = rng.random() <= reliability
            late = rng.random() < 0.25
            due_on = rules.report_due_date(period, due_day)
            filed_on = (
                due_on + dt.timedelta(days=rng.randint(1, 25))
                if late
                else (rules.next_period(period) + dt.timedelta(days=rng.randint(0, due_on.day - 1)))
            )
            figures = (
                _accommodation_figures(place, period, rng)
                if place.kind == "akomodasi"
                else _visitor_figures(place, period, rng)
            )
            if place.name in OPEN_LAST_MONTH and period == last:
                continue
            if period in done or not files or filed_on > today:
                continue  # filed already, never filed, or not filed yet (pending/missing)
            report_file(
                actor=None,
                place=place,
                period=period,
                figures=figures,
                today=filed_on,
                is_demo=True,
            )
            filed += 1
    log(_("tourism: %(filed)d monthly reports filed") % {"filed": filed})


def _publish(places: dict[str, Place], dinas: dict[str, Any], log: Any) -> None:
    """Each office has published every month but the last (still provisional); Payakumbuh
    corrected one hotel's month after publishing and re-published it (angka diperbaiki)."""
    today = timezone.localdate()
    last = rules.period_of(today.replace(day=1) - dt.timedelta(days=1))
    periods = [rules.period_of(last - dt.timedelta(days=1))]  # newest first, last excluded
    while len(periods) < MONTHS - 1:
        periods.append(rules.period_of(periods[-1] - dt.timedelta(days=1)))
    published = 0
    for code, user in dinas.items():
        region = Wilayah.objects.get(code=code)
        if not is_module_live("tourism", region):
            continue  # a region still preparing the module publishes nothing yet
        done = set(MonthRelease.objects.filter(region=region).values_list("period", flat=True))
        for period in sorted(set(periods) - done):
            month_publish(actor=user, region=region, period=period)
            published += 1
    hotel = places["Hotel Ngalau (demo)"]
    corrected = periods[0]
    report = MonthlyReport.objects.filter(place=hotel, period=corrected).first()
    release = MonthRelease.objects.filter(region=hotel.region, period=corrected).first()
    if report is not None and release is not None and release.version == 1 and not release.changes:
        figures = {
            name: getattr(report, name)
            for name in ("rooms", "beds", "days", "guests_domestic", "guests_foreign")
        }
        figures |= {
            "rooms_sold": min(report.rooms * report.days, report.rooms_sold + 40),
            "nights_domestic": report.nights_domestic + 60,
            "nights_foreign": report.nights_foreign,
        }
        report_file(
            actor=dinas["13.76"],
            place=hotel,
            period=corrected,
            figures=figures,
            reason="Kamar rombongan belum tercatat (demo).",
        )
        month_publish(
            actor=dinas["13.76"],
            region=hotel.region,
            period=corrected,
            note="Laporan Hotel Ngalau dikoreksi: kamar rombongan ditambahkan (demo).",
        )
    log(_("tourism: %(published)d months published") % {"published": published})


def _events(places: dict[str, Place], dinas: dict[str, Any], log: Any) -> None:
    if Event.objects.filter(is_demo=True).exists():
        return
    today = timezone.localdate()
    plan = [
        (
            "13.76",
            "Kampung Wisata Kubu Gadang",
            "Festival Silek dan Randai Kubu Gadang",
            20,
            2,
            "approve",
        ),
        ("13.76", "Taman Wisata Ampangan", "Pacu Itiak Payakumbuh", 45, 1, "approve"),
        ("13.76", "Batang Agam Riverside", "Pasar Malam Kuliner Batang Agam", 12, 3, None),
        ("13.01", "Kawasan Mandeh", "Mandeh Fishing Tournament", 30, 2, "approve"),
        ("13.01", "Bukit Langkisau", "Festival Paralayang Langkisau", 60, 3, "approve"),
        ("13.01", "Pantai Carocok Painan", "Konser Musik Pantai", 25, 1, "reject"),
        ("13.11", "Kawasan Saribu Rumah Gadang", "Festival Saribu Rumah Gadang", 35, 3, "approve"),
        ("13.11", "Kebun Teh Liki", "Fun Run Kebun Teh Liki", 15, 1, None),
    ]
    for region, place_name, title, in_days, length, decision in plan:
        start = today + dt.timedelta(days=in_days)
        place = places[place_name]
        event = event_submit(
            actor=None,
            region=place.region,
            title=title,
            starts_on=start,
            ends_on=start + dt.timedelta(days=length - 1),
            venue=place.name,
            place=place,
            description="Acara demo.",
            is_demo=True,
        )
        if decision is not None:
            event_moderate(
                actor=dinas[region],
                event=event,
                approve=decision == "approve",
                note="" if decision == "approve" else "Tanggal bentrok dengan acara lain (demo).",
            )
    log(_("tourism: %(events)d events") % {"events": len(plan)})


def _villages(places: dict[str, Place]) -> None:
    scores = {
        "Kampung Wisata Kubu Gadang": [(70, 50, 40, 55, 45), (78, 62, 60, 66, 58)],
        "Nagari Wisata Sungai Pinang": [(65, 35, 30, 40, 35)],
        "Nagari Wisata Koto Baru": [(85, 55, 45, 60, 50), (88, 66, 62, 70, 60)],
    }
    today = timezone.localdate()
    for name, history in scores.items():
        village = places[name]
        if VillageAssessment.objects.filter(place=village).exists():
            continue
        for years_ago, values in zip(range(len(history), 0, -1), history, strict=True):
            village_assess(
                actor=None,
                place=village,
                scores=dict(zip(rules.AXES, values, strict=True)),
                assessed_on=today.replace(day=1) - dt.timedelta(days=365 * (years_ago - 1) + 30),
                notes="Penilaian mandiri (demo).",
            )


def _products(places: dict[str, Place]) -> None:
    for place_name, kind, name, price in PRODUCTS:
        place = places[place_name]
        if not Product.objects.filter(place=place, name=name).exists():
            product_add(actor=None, place=place, name=name, kind=kind, price=price)


def run(log: Any) -> list[tuple[str, str]]:
    """The tourism registries, reports, events, and an account for each tourism role."""
    accounts: list[tuple[str, str]] = []
    places = _places(log)
    dinas: dict[str, Any] = {}
    for username, code in (
        ("dispar.payakumbuh", "13.76"),
        ("dispar.pessel", "13.01"),
        ("dispar.solsel", "13.11"),
    ):
        region = Wilayah.objects.get(code=code)
        user = demo_user(username, f"Dinas Pariwisata {region.name}")
        core_services.membership_grant(
            actor=None, user=user, wilayah=region, role="operator_dispar"
        )
        dinas[code] = user
        accounts.append((username, f"{role_label('operator_dispar')} — {region.name}"))
    for username, full_name, role, place_name in (
        (
            "wisata.hotel",
            "Resepsionis Hotel Bukik Gadang",
            "operator_wisata",
            "Hotel Bukik Gadang (demo)",
        ),
        ("wisata.ngalau", "Pengelola Ngalau Indah", "operator_wisata", "Ngalau Indah"),
        (
            "wisata.mandeh",
            "Pengelola Mandeh Bay Resort",
            "operator_wisata",
            "Mandeh Bay Resort (demo)",
        ),
        (
            "desa.kubugadang",
            "Pokdarwis Kubu Gadang",
            "pengelola_desa_wisata",
            "Kampung Wisata Kubu Gadang",
        ),
    ):
        place = places[place_name]
        user = demo_user(username, full_name)
        core_services.membership_grant(
            actor=None, user=user, wilayah=place.region, role=role, unit=place.unit
        )
        accounts.append((username, f"{role_label(role)} — {place.name}"))
    _reports(places, log)
    _publish(places, dinas, log)
    _products(places)
    _villages(places)
    _events(places, dinas, log)
    return accounts
