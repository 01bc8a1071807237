"""Demo learning places, Poltabes accounts, and a year of cases in the regions where it is live.

In each of (at most) three kab/kota where Poltabes is live the demo adds a parent school with
filial classes at an SKB, a PKBM and a regular school, then about sixty made-up children
found over the last year and moved through the workflow by the demo Disdik operator: most
verified and placed, some attending with monthly attendance (a few at risk again), some
completed, a few in the residu bin or closed. Everything is demo data.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import services
from replika.core.activation import live_region_ids
from replika.core.demo import demo_user
from replika.core.models import Unit, User, Wilayah
from replika.core.roles import role_label
from replika.schooling import unit_kinds
from replika.schooling.models import Case, EnrolmentFigure
from replika.schooling.services import cases as case_services
from replika.schooling.services import figures, followup, places, warnings
from replika.schooling.services.summaries import region_refresh

CHILDREN = 60
GIVEN_BOYS = [
    "Rafi",
    "Fikri",
    "Ilham",
    "Rizal",
    "Andika",
    "Yoga",
    "Reza",
    "Fauzan",
    "Hendra",
    "Arif",
]
GIVEN_GIRLS = [
    "Nadia",
    "Rahmi",
    "Fitri",
    "Sinta",
    "Aulia",
    "Dewi",
    "Intan",
    "Yulia",
    "Rani",
    "Putri",
]
FAMILIES = ["Chaniago", "Piliang", "Tanjung", "Koto", "Sikumbang", "Jambak", "Melayu", "Guci"]
REASONS = [
    "ekonomi",
    "bekerja",
    "ekonomi",
    "jarak",
    "tidak_berminat",
    "menikah",
    "sakit",
    "perundungan",
]


def _slug(region: Wilayah) -> str:
    return region.name.split(" ", 1)[-1].lower().replace(" ", "")


def _villages(region: Wilayah) -> list[Wilayah]:
    return list(
        Wilayah.objects.filter(
            level=Wilayah.VILLAGE, code__startswith=region.subtree_prefix
        ).order_by("code")[:8]
    )


def _place(
    actor: User,
    kind: str,
    name: str,
    location: Wilayah,
    capacity: dict[str, int],
    parent: Unit | None = None,
) -> Unit:
    """Find or create a demo learning place."""
    existing = Unit.objects.filter(
        kind=kind, name=name, region__code=location.region_code()
    ).first()
    if existing is not None:
        return existing
    return places.place_create(
        actor=actor, kind=kind, name=name, location=location, capacity=capacity, parent=parent
    )


def _nik(region: Wilayah, location: Wilayah, birth: dt.date, female: bool, serial: int) -> str:
    """A well-formed made-up NIK (province, kab/kota, kecamatan, birth date, serial)."""
    _p, kab, kec, _v = location.code.split(".")
    day = birth.day + (40 if female else 0)
    return f"13{kab}{kec}{day:02d}{birth.month:02d}{birth.year % 100:02d}{9000 + serial:04d}"


def _walk(
    case: Case, actor: User, rng: random.Random, sites: dict[str, Unit], today: dt.date
) -> None:
    """Move one case through the workflow on plausible dates (never in the future)."""
    day = case.reported_on
    fate = rng.random()

    def step(days: int) -> dt.date | None:
        nonlocal day
        nxt = day + dt.timedelta(days=days)
        if nxt > today:
            return None
        day = nxt
        return day

    if fate < 0.05:
        on = step(rng.randint(3, 15))
        if on:
            case_services.case_residu(
                actor=actor, case=case, on=on, note="Alamat tidak ditemukan (demo)."
            )
        return
    on = step(rng.randint(1, 10))
    if on is None:
        return
    case = case_services.case_verify(actor=actor, case=case, on=on)
    if fate < 0.1:
        reason = rng.choice(["moved_away", "refused"])
        close_on = step(rng.randint(2, 20))
        if close_on:
            case_services.case_close(
                actor=actor, case=case, reason=reason, on=close_on, note="Data demo."
            )
        return
    on = step(rng.randint(1, 7))
    if on is None or fate < 0.16:
        return
    pathway = case_services.pathway_of(case, on)
    route = "kesetaraan" if pathway == "kesetaraan" else rng.choice(["filial", "filial", "regular"])
    case = case_services.case_assess(actor=actor, case=case, route=route, on=on)
    on = step(rng.randint(3, 30))
    if on is None or fate < 0.22:
        return
    if route == "regular":
        place = sites["sd"] if case.target_level == "SD" else sites["regular"]
    else:
        place = sites[route if route != "kesetaraan" else "pkbm"]
    try:
        case = case_services.case_place(actor=actor, case=case, place=place, on=on)
    except ValidationError:
        # A full place (or one without the child's level) leaves the child waiting, as in life.
        return
    followup.support_give(actor=actor, case=case, item="seragam", quantity=1, given_on=on)
    if rng.random() < 0.7:
        followup.support_give(actor=actor, case=case, item="sepatu", quantity=1, given_on=on)
    month = on.replace(day=1)
    weak = fate > 0.9
    while month < today.replace(day=1):
        school_days = 22
        present = rng.randint(8, 14) if weak and month.month % 3 == 0 else rng.randint(17, 22)
        followup.attendance_record(
            actor=actor, case=case, month=month, school_days=school_days, days_present=present
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    case.refresh_from_db()
    last = case.events.order_by("-on").values_list("on", flat=True).first() or day
    done_on = min(today, last + dt.timedelta(days=rng.randint(0, 20)))
    long_enough = case.placed_on is not None and (done_on - case.placed_on).days >= 150
    if long_enough and case.status == "attending" and fate < 0.45:
        case_services.case_complete(
            actor=actor, case=case, on=done_on, certificate="Rapor kenaikan kelas (demo)"
        )


def _year_of_cases(region: Wilayah, actor: User, sites: dict[str, Unit], log: Any) -> None:
    """About sixty children found over the last year, moved through the workflow."""
    rng = random.Random(int(region.code.replace(".", "")))  # noqa: S311 - demo data
    today = timezone.localdate()
    villages = _villages(region)
    for i in range(CHILDREN):
        female = i % 2 == 1
        given = (GIVEN_GIRLS if female else GIVEN_BOYS)[i // 2 % 10]
        family = FAMILIES[i % len(FAMILIES)]
        location = villages[i % len(villages)]
        reported = today - dt.timedelta(days=rng.randint(20, 360))
        age = rng.choice([8, 10, 12, 13, 14, 15, 16, 17, 18, 20, 23, 24])
        birth = reported - dt.timedelta(days=age * 365 + rng.randint(10, 300))
        ats = rng.choice(["do", "do", "ltm", "never"]) if age < 20 else "do"
        last_level = "" if ats == "never" else ("SD" if age < 14 else "SMP" if age < 17 else "SMA")
        if ats == "ltm" and last_level == "SMA":
            last_level = "SMP"
        child = case_services.ChildIn(
            location=location,
            name=f"{given} {family} {i + 1}",
            sex=2 if female else 1,
            birth_date=birth,
            ats_type=ats,
            reason=REASONS[i % len(REASONS)],
            source=rng.choice(["survey", "survey", "school", "citizen", "ats"]),
            nik=_nik(region, location, birth, female, i) if i % 3 else "",
            guardian_name=f"Wali {family} {i + 1}",
            guardian_phone=f"0812{rng.randint(10_000_000, 99_999_999)}",
            rt=str(rng.randint(1, 9)).zfill(3),
            rw=str(rng.randint(1, 5)).zfill(3),
            last_level=last_level,
            dtks=rng.random() < 0.5,
            kip=rng.random() < 0.3,
            pkh=rng.random() < 0.3,
            reported_on=reported,
        )
        case = case_services.case_report(actor=actor, child=child)
        _walk(case, actor, rng, sites, today)
    log(
        _("schooling: %(cases)d demo cases in %(region)s")
        % {"cases": CHILDREN, "region": region.name}
    )


def _figures(region: Wilayah, actor: User) -> None:
    """Made-up population and enrolment figures of the last complete year."""
    if EnrolmentFigure.objects.filter(wilayah=region).exists():
        return
    year = timezone.localdate().year - 1
    base = (region.population or 400_000) // 100
    for level, share in (("SD", 11), ("SMP", 5), ("SM", 5)):
        population = base * share
        figures.figure_save(
            actor=actor,
            wilayah=region,
            year=year,
            level=level,
            counts={
                "population": population,
                "pupils_at_level": population * 104 // 100,
                "pupils_at_level_of_age": population * 93 // 100,
                "of_age_in_school": population * 96 // 100,
                "left": population * 2 // 100,
                "ever_enrolled": population * 98 // 100,
            },
        )


def run(log: Any) -> list[tuple[str, str]]:
    """Accounts and a year of Poltabes in up to three regions where it is live."""
    accounts: list[tuple[str, str]] = []
    regions = Wilayah.objects.filter(pk__in=live_region_ids("schooling")).order_by("code")[:3]
    for region in regions:
        slug = _slug(region)
        villages = _villages(region)
        if not villages:
            continue
        disdik = demo_user(f"disdik.{slug}", f"Operator Disdik {region.name}")
        services.membership_grant(actor=None, user=disdik, wilayah=region, role="operator_disdik")
        accounts.append((f"disdik.{slug}", f"{role_label('operator_disdik')} — {region.name}"))
        home = villages[0]
        school = _place(
            disdik, unit_kinds.SEKOLAH, f"SMP Negeri 1 {home.name} (demo)", home, {"SMP": 40}
        )
        sd = _place(
            disdik, unit_kinds.SEKOLAH, f"SD Negeri 05 {home.name} (demo)", home, {"SD": 40}
        )
        sites = {
            "regular": school,
            "sd": sd,
            "filial": _place(
                disdik,
                unit_kinds.FILIAL,
                f"Kelas Filial SKB {home.name} (demo)",
                villages[1 % len(villages)],
                {"SD": 15, "SMP": 20, "SMA": 15},
                parent=sd,
            ),
            "pkbm": _place(
                disdik,
                unit_kinds.PKBM,
                f"PKBM Harapan {home.name} (demo)",
                villages[2 % len(villages)],
                {"PAKET_A": 10, "PAKET_B": 15, "PAKET_C": 20},
            ),
        }
        satuan = demo_user(f"satuan.{slug}", f"Operator Kelas Filial {region.name}")
        services.membership_grant(
            actor=None, user=satuan, wilayah=region, role="operator_satuan", unit=sites["filial"]
        )
        accounts.append(
            (f"satuan.{slug}", f"{role_label('operator_satuan')} — {sites['filial'].name}")
        )
        district = home.parent
        if district is None:
            continue
        pendata = demo_user(f"pendata.{slug}", f"Pendata Kecamatan {district.name}")
        services.membership_grant(actor=None, user=pendata, wilayah=district, role="pendata")
        accounts.append(
            (
                f"pendata.{slug}",
                f"{role_label('pendata')} — " + _("Kecamatan %(name)s") % {"name": district.name},
            )
        )
        if not Case.objects.filter(region=region).exists():
            _year_of_cases(region, disdik, sites, log)
            warnings.warning_report(
                actor=satuan,
                school=sites["filial"],
                name="Siswa Berisiko (demo)",
                sex=1,
                birth_date=timezone.localdate() - dt.timedelta(days=13 * 365),
                level="SMP",
                grade=7,
                attendance=Decimal("58"),
                repeated_grades=1,
                dtks=True,
            )
        _figures(region, disdik)
        region_refresh(region)
    return accounts
