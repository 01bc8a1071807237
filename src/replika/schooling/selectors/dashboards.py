"""Dashboard reads: summary rows (never the raw cases), BPS indicators, public figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, QuerySet, Sum

from replika.core import disclosure
from replika.core.access import regions_for, scoped
from replika.core.activation import live_region_ids
from replika.core.models import Wilayah
from replika.schooling import rules
from replika.schooling.models import EnrolmentFigure, SchoolingSummary
from replika.schooling.models.base import Level
from replika.schooling.models.cases import AtsType
from replika.schooling.permissions import VIEW_DASHBOARD
from replika.schooling.rules import warning
from replika.schooling.services.summaries import METRICS
from replika.schooling.settings_schema import settings_for


@dataclass
class Counts:
    """The metrics of one line of a dashboard."""

    label: str
    code: str = ""
    values: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METRICS, 0))
    median_days: float | None = None

    def add(self, row: SchoolingSummary) -> None:
        for key in METRICS:
            self.values[key] += getattr(row, key)

    @property
    def placed_share(self) -> float | None:
        """Share of found children placed (or further), in percent."""
        found = self.values["found"]
        return None if not found else round(100.0 * self.values["placed"] / found, 1)

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)


def dashboard_regions(user: Any) -> QuerySet[Wilayah]:
    """The kab/kota whose dashboards the user may see, where Poltabes is live."""
    return regions_for(user, VIEW_DASHBOARD).filter(pk__in=live_region_ids("schooling"))


def years_of(user: Any) -> list[int]:
    """The years with cases in the user's dashboards, the latest first."""
    rows = scoped(SchoolingSummary.objects.filter(level=Wilayah.REGION), user, VIEW_DASHBOARD)
    return sorted(set(rows.values_list("year", flat=True)), reverse=True)


def _rows(user: Any, year: int | None) -> QuerySet[SchoolingSummary]:
    rows = scoped(SchoolingSummary.objects.all(), user, VIEW_DASHBOARD)
    return rows if year is None else rows.filter(year=year)


@dataclass
class Dashboard:
    """What a dashboard page shows for one area and year."""

    area: Wilayah
    year: int | None
    total: Counts
    areas: list[Counts]
    reasons: list[Counts]
    ages: list[Counts]
    levels: list[Counts]
    ats: list[Counts]
    progress: dict[str, Any]
    indicators: list[dict[str, Any]]


def dashboard(user: Any, area: Wilayah, year: int | None) -> Dashboard:
    """The dashboard of the province, a kab/kota or a kecamatan (rows the user may see)."""
    rows = _rows(user, year)
    if area.level == Wilayah.PROVINCE:
        totals = rows.filter(level=Wilayah.REGION, dimension="all")
        breakdown = totals
        regional = rows.filter(level=Wilayah.REGION)
    elif area.level == Wilayah.REGION:
        totals = rows.filter(wilayah=area, dimension="all")
        breakdown = rows.filter(region=area, level=Wilayah.DISTRICT, dimension="all")
        regional = rows.filter(wilayah=area)
    else:
        totals = rows.filter(wilayah=area, dimension="all")
        breakdown = rows.filter(wilayah__parent=area, dimension="all")
        regional = rows.none()
    total = Counts(label=area.name, code=area.code)
    medians = []
    for row in totals.select_related("wilayah"):
        total.add(row)
        if row.median_days is not None:
            medians.append((row.median_days, row.placed))
    if len(medians) == 1:
        total.median_days = medians[0][0]
    areas = _summed(breakdown, ("wilayah__code", "wilayah__name"))
    reason_labels = dict(
        settings_for(area if area.level == Wilayah.REGION else None).reason_choices()
    )
    dims = _summed(regional.exclude(dimension="all"), ("dimension", "key"))

    def lines(dimension: str, labels: dict[str, str] | None = None) -> list[Counts]:
        found = [c for c in dims if c.code.startswith(dimension + ":")]
        for line in found:
            line.code = line.code.split(":", 1)[1]
            line.label = (labels or {}).get(line.code, line.code)
        return sorted(found, key=lambda c: c.code)

    return Dashboard(
        area=area,
        year=year,
        total=total,
        areas=areas,
        reasons=lines("reason", reason_labels),
        ages=sorted(lines("age"), key=lambda c: int(c.code)),
        levels=lines("level", {code: str(label) for code, label in Level.choices}),
        ats=lines("ats", {code: str(label) for code, label in AtsType.choices}),
        progress=progress_to_zero(user, area),
        indicators=indicators(user, area, year),
    )


def _summed(rows: QuerySet[SchoolingSummary], keys: tuple[str, str]) -> list[Counts]:
    """Rows summed in the database per (code, label) pair of columns; a line made of one
    row keeps that row's median days (medians of several rows cannot be combined)."""
    grouped = rows.values(*keys).annotate(
        **{f"sum_{m}": Sum(m) for m in METRICS},
        parts=Count("pk"),
        median=Max("median_days"),
    )
    found = []
    for g in grouped:
        first, second = g[keys[0]], g[keys[1]]
        code, label = (f"{first}:{second}", second) if keys[0] == "dimension" else (first, second)
        line = Counts(label=label, code=code)
        line.values = {m: g[f"sum_{m}"] or 0 for m in METRICS}
        line.median_days = g["median"] if g["parts"] == 1 else None
        found.append(line)
    return sorted(found, key=lambda c: c.code)


def progress_to_zero(user: Any, area: Wilayah) -> dict[str, Any]:
    """Children still out of school against the starting count (all years of cases)."""
    rows = _rows(user, None).filter(dimension="all")
    if area.level == Wilayah.PROVINCE:
        rows = rows.filter(level=Wilayah.REGION)
    else:
        rows = rows.filter(wilayah=area)
    sums = rows.aggregate(found=Sum("found"), waiting=Sum("waiting"), residu=Sum("residu"))
    found = sums["found"] or 0
    remaining = sums["waiting"] or 0
    baseline = found
    if area.level == Wilayah.REGION:
        baseline = settings_for(area).baseline_out_of_school or found
    return {
        "baseline": baseline,
        "remaining": remaining,
        "returned": max(baseline - remaining, 0),
        "percent": warning.progress_to_zero(baseline=baseline, remaining=remaining),
    }


def indicators(user: Any, area: Wilayah, year: int | None) -> list[dict[str, Any]]:
    """APK, APM, APS and the dropout rate per band from the figures the region entered."""
    figures = scoped(EnrolmentFigure.objects.all(), user, VIEW_DASHBOARD)
    if year is not None:
        figures = figures.filter(year=year)
    if area.level == Wilayah.PROVINCE:
        figures = figures.filter(wilayah__level=Wilayah.REGION)
    else:
        figures = figures.filter(wilayah=area)
    sums: dict[tuple[int, str], dict[str, int]] = {}
    for f in figures:
        target = sums.setdefault((f.year, f.level), defaultdict(int))
        for key in (
            "population",
            "pupils_at_level",
            "pupils_at_level_of_age",
            "of_age_in_school",
            "left",
            "ever_enrolled",
        ):
            target[key] += getattr(f, key)
    lines = []
    for (fig_year, level), c in sorted(sums.items(), reverse=True):
        rates = rules.enrolment_rates(
            population=c["population"],
            pupils_at_level=c["pupils_at_level"],
            pupils_at_level_of_age=c["pupils_at_level_of_age"],
            of_age_in_school=c["of_age_in_school"],
        )
        lines.append(
            {
                "year": fig_year,
                "level": level,
                **rates,
                "dropout": rules.dropout_rate(left=c["left"], ever_enrolled=c["ever_enrolled"]),
                "population": c["population"],
            }
        )
    return lines


# --- public figures -------------------------------------------------------------------------


def public_area(code: str) -> Wilayah | None:
    """A region where Poltabes is live (the province, a kab/kota or a kecamatan), if any."""
    area = Wilayah.objects.filter(code=code).first()
    if area is None:
        return None
    if area.level == Wilayah.PROVINCE:
        return area
    region_code = area.region_code()
    live = Wilayah.objects.filter(code=region_code, pk__in=live_region_ids("schooling"))
    return area if live.exists() else None


def public_summary(area: Wilayah, year: int | None) -> dict[str, Any]:
    """Counts anyone may read, small cells withheld (the caller refuses levels below 3)."""
    rows = SchoolingSummary.objects.filter(
        region_id__in=live_region_ids("schooling"), dimension="all"
    )
    if year is not None:
        rows = rows.filter(year=year)
    if area.level == Wilayah.PROVINCE:
        rows = rows.filter(level=Wilayah.REGION)
    else:
        rows = rows.filter(wilayah=area)
    sums = rows.aggregate(**{key: Sum(key) for key in METRICS})
    counts = {key: sums[key] or 0 for key in METRICS}
    all_years = SchoolingSummary.objects.filter(
        region_id__in=live_region_ids("schooling"), dimension="all"
    )
    all_years = (
        all_years.filter(level=Wilayah.REGION)
        if area.level == Wilayah.PROVINCE
        else all_years.filter(wilayah=area)
    )
    overall = all_years.aggregate(found=Sum("found"), waiting=Sum("waiting"))
    found_all, waiting_all = overall["found"] or 0, overall["waiting"] or 0
    return {
        "area": area,
        "year": year,
        "counts": {
            key: disclosure.public_count(counts[key])
            for key in ("found", "placed", "attending", "completed", "redropped", "waiting")
        },
        "placed_share": disclosure.public_rate(counts["placed"], counts["found"]),
        "still_out": disclosure.public_count(waiting_all),
        "progress": disclosure.public_rate(max(found_all - waiting_all, 0), found_all),
    }


def public_regions() -> QuerySet[Wilayah]:
    """The kab/kota where Poltabes is live (the public page's choices)."""
    return Wilayah.objects.filter(pk__in=live_region_ids("schooling")).order_by("code")
