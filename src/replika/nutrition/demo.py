"""Demo health units, nutrition accounts, and a year of a posyandu's measurements.

Posyandu Mawar (Kelurahan Andalas, Kota Padang) gets 40 made-up children followed for
twelve months, drawn around the WHO medians so that the dashboards show a plausible mix
(some stunted, a few wasted, a child whose weight stalls twice). Everything is demo data.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import services
from replika.core.demo import demo_user
from replika.core.models import Unit, Wilayah
from replika.core.roles import role_label
from replika.nutrition import rules, unit_kinds
from replika.nutrition.growth.lms import sd_line
from replika.nutrition.growth.tables import AGE_ROWS, MAX_AGE_DAYS, age_table
from replika.nutrition.models import Child, Measurement
from replika.nutrition.services.care import enrolment_start, referral_advance, referral_open
from replika.nutrition.services.measurements import measurement_record
from replika.nutrition.services.registers import child_register, mother_register
from replika.nutrition.services.summaries import summaries_rebuild

GIRLS = [
    "Aisyah",
    "Zahra",
    "Nabila",
    "Rahmi",
    "Salsabila",
    "Putri",
    "Annisa",
    "Syifa",
    "Kayla",
    "Naura",
    "Alya",
    "Fatimah",
    "Humaira",
    "Keisha",
    "Nayla",
    "Rania",
    "Sakinah",
    "Tiara",
    "Widya",
    "Yasmin",
]
BOYS = [
    "Rafif",
    "Fathan",
    "Arkan",
    "Zaki",
    "Farel",
    "Rizky",
    "Fadli",
    "Hafiz",
    "Ikhsan",
    "Rasyid",
    "Daffa",
    "Alif",
    "Bima",
    "Gibran",
    "Haikal",
    "Kenzo",
    "Naufal",
    "Reza",
    "Sultan",
    "Yusuf",
]
FAMILIES = [
    "Chaniago",
    "Piliang",
    "Tanjung",
    "Koto",
    "Sikumbang",
    "Jambak",
    "Caniago",
    "Melayu",
    "Guci",
    "Panyalai",
]
MOTHERS = [
    "Nurhayati",
    "Yusnimar",
    "Elvira",
    "Desi",
    "Rosmaini",
    "Fitri",
    "Yeni",
    "Wirda",
    "Mardiana",
    "Sri Wahyuni",
]
CHILDREN = 40
POSYANDU_DAY = 12


def _unit(kind: str, name: str, region: str, location: str, parent: Unit | None = None) -> Unit:
    """Find or create a demo unit."""
    existing = Unit.objects.filter(kind=kind, name=name, region__code=region).first()
    if existing is not None:
        return existing
    return services.unit_create(
        actor=None,
        kind=kind,
        name=name,
        region=Wilayah.objects.get(code=region),
        location=Wilayah.objects.get(code=location),
        parent=parent,
    )


def _value_at(indicator: str, sex: int, age_days: int, z: float) -> float:
    """The measurement that sits at ``z`` on a WHO age curve (inverse of the LMS z-score)."""
    table = age_table(indicator)
    i = (sex - 1) * AGE_ROWS + min(age_days, MAX_AGE_DAYS)
    row = slice(i, i + 1)
    return float(sd_line(table.l[row], table.m[row], table.s[row], z)[0])


def _months(count: int) -> list[dt.date]:
    """The first days of the last ``count`` complete-or-current months, oldest first."""
    month = rules.period_of(timezone.localdate())
    months = [month]
    for _month in range(count - 1):
        month = rules.previous_period(month)
        months.append(month)
    return months[::-1]


def _register_children(posyandu: Unit, rng: random.Random) -> list[tuple[Child, float, float]]:
    """Forty children with their mothers; returns (child, length z, weight z) tracks."""
    tracks = []
    first_month = _months(12)[0]
    for i in range(CHILDREN):
        sex = 1 if i % 2 == 0 else 2
        given = (BOYS if sex == 1 else GIRLS)[i // 2 % 20]
        family = FAMILIES[i % len(FAMILIES)]
        mother = mother_register(
            actor=None, unit=posyandu, name=f"{MOTHERS[i % len(MOTHERS)]} {family} {i + 1}"
        )
        birth = first_month - dt.timedelta(days=rng.randint(20, 1500))
        child = child_register(
            actor=None,
            unit=posyandu,
            name=f"{given} {family}",
            sex=sex,
            birth_date=birth,
            mother=mother,
            has_kia_book=rng.random() < 0.9,
        )
        # About a quarter stunted, as in Sumatera Barat's recent surveys; a few wasted.
        zlen = rng.gauss(-1.3, 1.0)
        zwfl = rng.gauss(-0.3, 0.9) if i % 13 else rng.uniform(-3.4, -2.2)
        tracks.append((child, zlen, zwfl))
    return tracks


def _record_year(tracks: list[tuple[Child, float, float]], rng: random.Random) -> int:
    """Twelve posyandu months; most children come most months."""
    recorded = 0
    for step, month in enumerate(_months(12)):
        visit = month.replace(day=POSYANDU_DAY)
        if visit > timezone.localdate():
            continue
        for child, zlen, zwfl in tracks:
            age = (visit - child.birth_date).days
            if age < 0 or age > 1826 or rng.random() > 0.86:
                continue
            length = _value_at("lhfa", child.sex, age, zlen + rng.gauss(0, 0.08))
            # A slow upward drift: most children gain at least the KBM most months.
            zwei = (zlen + zwfl) / 1.6 + 0.05 * step + rng.gauss(0, 0.08)
            weight = _value_at("wfa", child.sex, age, zwei)
            measurement_record(
                actor=None,
                child=child,
                visit_date=visit,
                weight=Decimal(f"{weight:.2f}"),
                lenhei=Decimal(f"{length:.1f}"),
                measure="l" if age < 731 else "h",
            )
            recorded += 1
    return recorded


def _follow_up(posyandu: Unit) -> None:
    """Refer the wasted children of the last session; enrol the severe ones in Rumah Gizi."""
    rumah_gizi = _unit(unit_kinds.RUMAH_GIZI, "Rumah Gizi Andalas (demo)", "13.71", "13.71.02.1007")
    last = Measurement.objects.filter(unit=posyandu).order_by("-period").first()
    if last is None:
        return
    wasted = Measurement.objects.filter(
        unit=posyandu, period=last.period, cat_zwfl__in=["gizi_buruk", "gizi_kurang"]
    ).select_related("child")
    for m in wasted:
        # Recording the year already referred the child (the follow-up of every measurement):
        # this returns that open referral, dated the day it was raised.
        referral = referral_open(
            actor=None, child=m.child, reason=m.cat_zwfl, measurement=m, on=m.visit_date
        )
        on = max(m.visit_date, referral.referred_on)
        referral_advance(
            actor=None,
            referral=referral,
            status="examined",
            on=on,
            note="Diperiksa dokter puskesmas (demo).",
        )
        if m.cat_zwfl == "gizi_buruk" or (m.zwfl is not None and m.zwfl < -2.5):
            enrolment_start(
                actor=None, child=m.child, rumah_gizi=rumah_gizi, enrolled_on=on, referral=referral
            )


def _year_of_data(posyandu: Unit, log: Any) -> None:
    """Fill the demo posyandu once (idempotent: skipped when it has children)."""
    if Child.objects.filter(unit=posyandu).exists():
        return
    rng = random.Random(2021)  # noqa: S311 — demo data, not security
    tracks = _register_children(posyandu, rng)
    measured = _record_year(tracks, rng)
    log(
        _("nutrition: %(children)d children, %(measurements)d measurements")
        % {"children": len(tracks), "measurements": measured}
    )
    _follow_up(posyandu)
    summaries_rebuild()


def run(log: Any) -> list[tuple[str, str]]:
    """Puskesmas, posyandu, the nutrition roles over them, and a year of data."""
    accounts: list[tuple[str, str]] = []
    # Puskesmas Andalas (Kecamatan Padang Timur) is where Ayo Ceting began in 2019.
    andalas = _unit(unit_kinds.PUSKESMAS, "Puskesmas Andalas", "13.71", "13.71.02.1007")
    mawar = _unit(unit_kinds.POSYANDU, "Posyandu Mawar (demo)", "13.71", "13.71.02.1007", andalas)
    agam_pkm = _unit(unit_kinds.PUSKESMAS, "Puskesmas Lubuk Basung (demo)", "13.06", "13.06.02")
    melati = _unit(unit_kinds.POSYANDU, "Posyandu Melati (demo)", "13.06", "13.06.02", agam_pkm)

    for username, name, role, unit in (
        ("kader.padang", "Kader Posyandu Mawar", "kader_posyandu", mawar),
        ("bidan.andalas", "Bidan Puskesmas Andalas", "petugas_puskesmas", andalas),
        ("kader.agam", "Kader Posyandu Melati", "kader_posyandu", melati),
    ):
        user = demo_user(username, name)
        services.membership_grant(actor=None, user=user, wilayah=unit.region, role=role, unit=unit)
        accounts.append((username, f"{role_label(role)} — {unit.name}"))
    for username, code in (("gizi.padang", "13.71"), ("gizi.agam", "13.06")):
        region = Wilayah.objects.get(code=code)
        user = demo_user(username, f"Petugas Gizi Dinkes {region.name}")
        services.membership_grant(actor=None, user=user, wilayah=region, role="petugas_gizi_dinkes")
        accounts.append((username, f"{role_label('petugas_gizi_dinkes')} — {region.name}"))
    _year_of_data(mawar, log)
    return accounts
