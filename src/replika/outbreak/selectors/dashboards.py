"""Dashboard figures from the daily summaries: counts, means, incidence, positivity, Rt,
the epi curve by week and the map."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db.models import QuerySet, Sum

from replika.core.activation import live_region_ids
from replika.core.models import Wilayah
from replika.outbreak.models import DailyCount, KecamatanPopulation
from replika.outbreak.rules import (
    catalogue,
    epi_week,
    epi_week_start,
    incidence_per_100k,
    mapping,
    moving_mean,
    positivity_rate,
)
from replika.outbreak.rules.rtband import rt_band

DATA = Path(__file__).resolve().parent.parent / "data"
SUMS = ("new_cases", "recovered", "deaths", "tests", "positives")


@dataclass
class Figures:
    """What a dashboard (or the open data) shows for one place, disease and period."""

    place: Wilayah | None
    disease_code: str
    first: dt.date
    last: dt.date
    days: list[dt.date] = field(default_factory=list)
    new: list[int] = field(default_factory=list)
    recovered: list[int] = field(default_factory=list)
    deaths: list[int] = field(default_factory=list)
    tests: list[int] = field(default_factory=list)
    positives: list[int] = field(default_factory=list)
    before: dict[str, int] = field(default_factory=dict)  # totals before ``first``

    @property
    def total_new(self) -> int:
        return sum(self.new)

    @property
    def total_recovered(self) -> int:
        return sum(self.recovered)

    @property
    def total_deaths(self) -> int:
        return sum(self.deaths)

    @property
    def total_tests(self) -> int:
        return sum(self.tests)

    @property
    def total_positives(self) -> int:
        return sum(self.positives)

    @property
    def cumulative(self) -> int:
        return self.before.get("new_cases", 0) + self.total_new

    @property
    def active(self) -> int:
        ended = (
            self.before.get("recovered", 0)
            + self.before.get("deaths", 0)
            + sum(self.recovered)
            + sum(self.deaths)
        )
        return max(0, self.cumulative - ended)

    @property
    def mean7(self) -> list[float | None]:
        return moving_mean(self.new, window=7) if self.new else []

    @property
    def last_mean7(self) -> float | None:
        means = self.mean7
        return means[-1] if means else None

    def incidence(self) -> float | None:
        """New cases of the period per 100,000 inhabitants (None without a population)."""
        population = getattr(self.place, "population", None) if self.place else None
        if not population:
            return None
        return incidence_per_100k(self.total_new, population)

    def positivity(self) -> float | None:
        return positivity_rate(sum(self.positives), sum(self.tests))


def _period_rows(qs: QuerySet[DailyCount], first: dt.date, last: dt.date) -> Figures:
    figures = Figures(place=None, disease_code="", first=first, last=last)
    per_day: dict[dt.date, dict[str, Any]] = {
        row["day"]: dict(row)
        for row in qs.filter(day__gte=first, day__lte=last)
        .values("day")
        .annotate(**{k: Sum(k) for k in SUMS})
    }
    day = first
    while day <= last:
        row: dict[str, Any] = per_day.get(day, {})
        figures.days.append(day)
        figures.new.append(row.get("new_cases") or 0)
        figures.recovered.append(row.get("recovered") or 0)
        figures.deaths.append(row.get("deaths") or 0)
        figures.tests.append(row.get("tests") or 0)
        figures.positives.append(row.get("positives") or 0)
        day += dt.timedelta(days=1)
    earlier = qs.filter(day__lt=first).aggregate(**{k: Sum(k) for k in SUMS})
    figures.before = {k: v or 0 for k, v in earlier.items()}
    return figures


def rows_for(place: Wilayah | None, disease_code: str) -> QuerySet[DailyCount]:
    """The summary rows of a place: the province (None), a kab/kota or a kecamatan."""
    qs = DailyCount.objects.filter(
        disease_code=disease_code, region_id__in=live_region_ids("outbreak")
    )
    if place is None or place.level == Wilayah.PROVINCE:
        return qs.filter(district__isnull=True)
    if place.level == Wilayah.REGION:
        return qs.filter(region=place, district__isnull=True)
    return qs.filter(district=place)


def figures(place: Wilayah | None, disease_code: str, first: dt.date, last: dt.date) -> Figures:
    """Daily series and totals of a place between two days (both included)."""
    result = _period_rows(rows_for(place, disease_code), first, last)
    result.place = place
    result.disease_code = disease_code
    return result


def tail(fig: Figures, first: dt.date) -> Figures:
    """The same figures from ``first`` on (the days before fold into ``before``)."""
    cut = fig.days.index(first) if first in fig.days else 0
    before = dict(fig.before)
    for key, series in (
        ("new_cases", fig.new),
        ("recovered", fig.recovered),
        ("deaths", fig.deaths),
        ("tests", fig.tests),
        ("positives", fig.positives),
    ):
        before[key] = before.get(key, 0) + sum(series[:cut])
    return Figures(
        place=fig.place,
        disease_code=fig.disease_code,
        first=first,
        last=fig.last,
        days=fig.days[cut:],
        new=fig.new[cut:],
        recovered=fig.recovered[cut:],
        deaths=fig.deaths[cut:],
        tests=fig.tests[cut:],
        positives=fig.positives[cut:],
        before=before,
    )


def serial_interval(disease_code: str) -> tuple[float, ...]:
    entry = catalogue.template(disease_code)
    return entry.serial_interval if entry is not None else ()


def rt_series(fig: Figures, *, window: int = 7) -> list[dict[str, Any]]:
    """Rt (posterior mean) and its 95 % interval per day; None where not estimable."""
    si = serial_interval(fig.disease_code)
    if not si or len(fig.new) <= window:
        return []
    out = []
    for day, estimate in zip(fig.days, rt_band(fig.new, si, window=window), strict=True):
        mean, low, high = estimate if estimate is not None else (None, None, None)
        out.append(
            {
                "day": day,
                "rt": None if mean is None else round(mean, 2),
                "low": None if low is None else round(low, 2),
                "high": None if high is None else round(high, 2),
            }
        )
    return out


def epi_curve(fig: Figures, system: str = "mmwr") -> list[dict[str, Any]]:
    """New cases and deaths per epidemiological week."""
    weeks: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for day, new, dead in zip(fig.days, fig.new, fig.deaths, strict=True):
        key = epi_week(day, system)
        weeks[key][0] += new
        weeks[key][1] += dead
    return [
        {
            "year": year,
            "week": week,
            "start": epi_week_start(year, week, system),
            "cases": values[0],
            "deaths": values[1],
        }
        for (year, week), values in sorted(weeks.items())
    ]


@functools.cache
def _boundaries(level: str) -> list[dict[str, Any]]:
    with (DATA / f"boundaries_sumbar_{level}.geojson").open(encoding="utf-8") as handle:
        return list(json.load(handle)["features"])


@functools.cache
def _drawn(level: str, prefix: str) -> tuple[dict[str, str], float, float]:
    features = [f for f in _boundaries(level) if str(f["properties"]["kode"]).startswith(prefix)]
    return mapping.svg_paths(features)


def map_areas(
    place: Wilayah | None, disease_code: str, first: dt.date, last: dt.date
) -> dict[str, Any]:
    """The choropleth: per kab/kota (province view) or per kecamatan (kab/kota view), the
    period's new cases, incidence per 100,000 where the population is known, and a class."""
    if place is None or place.level == Wilayah.PROVINCE:
        level, prefix, key = "kabkota", "13", "region_id"
        rows = DailyCount.objects.filter(district__isnull=True)
    else:
        region = place if place.level == Wilayah.REGION else place.parent
        if region is None:
            return {"areas": [], "width": 0, "height": 0, "breaks": []}
        level, prefix, key = "kecamatan", f"{region.code}.", "district_id"
        rows = DailyCount.objects.filter(region=region, district__isnull=False)
    rows = rows.filter(
        disease_code=disease_code,
        day__gte=first,
        day__lte=last,
        region_id__in=live_region_ids("outbreak"),
    )
    counts = {r[key]: r["n"] for r in rows.values(key).annotate(n=Sum("new_cases"))}
    paths, width, height = _drawn(level, prefix)
    places = {w.code: w for w in Wilayah.objects.filter(code__in=list(paths))}
    # Kab/kota populations come with the region data; kecamatan ones only from the region.
    people = (
        kecamatan_populations(prefix.rstrip("."), last.year)
        if level == "kecamatan"
        else {w.pk: w.population for w in places.values() if w.population}
    )
    areas = []
    for code, path in sorted(paths.items()):
        wilayah = places.get(code)
        if wilayah is None:
            continue
        cases = counts.get(wilayah.pk, 0)
        population = people.get(wilayah.pk)
        rate = incidence_per_100k(cases, population) if population else None
        areas.append(
            {"code": code, "name": wilayah.name, "cases": cases, "rate": rate, "path": path}
        )
    # One scale for the whole map: rates only when every area has its population (a rate
    # and a count on one scale would compare nothing), counts otherwise — and the map says
    # which it shows.
    by_rate = bool(areas) and all(a["rate"] is not None for a in areas)
    values = [a["rate"] if by_rate else float(a["cases"]) for a in areas]
    classes, breaks = mapping.choropleth_classes(values)
    for area, klass in zip(areas, classes, strict=True):
        area["klass"] = klass
    return {
        "areas": areas,
        "width": width,
        "height": height,
        "breaks": breaks,
        "by_rate": by_rate,
        "level": level,
        "year": last.year,
    }


def kecamatan_populations(region_code: str, year: int) -> dict[int, int]:
    """Each kecamatan's population (by kecamatan id) of ``year``, or of the latest earlier year
    entered: populations change slowly, and last year's figure beats colouring by counts."""
    rows = (
        KecamatanPopulation.objects.filter(region__code=region_code, year__lte=year)
        .order_by("kecamatan_id", "year")
        .values_list("kecamatan_id", "population")
    )
    # Ordered by year, so the latest year's figure is the one that stays.
    return dict(rows)
