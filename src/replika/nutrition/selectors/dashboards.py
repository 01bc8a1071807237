"""Reads behind the nutrition dashboards and the public page.

Aggregates come only from the summary tables (the by-name lists of children needing action
are in ``selectors.actions``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from replika.core import access, disclosure, rounding
from replika.core.activation import (
    is_module_live,
    live_region_id_list,
    live_region_ids,
    modules_live_anywhere,
)
from replika.core.models import Unit, Wilayah
from replika.nutrition import rules, unit_kinds
from replika.nutrition.models import Measurement, NutritionSummary
from replika.nutrition.rules import prevalence
from replika.nutrition.services.summaries import COUNTS, POSYANDU_LEVEL, PUSKESMAS_LEVEL

MODULE = "nutrition"
PROVINCE_CODE = "13"
TREND_MONTHS = 12


@dataclass(frozen=True)
class Rate:
    """A share with its numerator and denominator kept, so pages can show both."""

    count: int
    total: int

    @property
    def percent(self) -> float | None:
        """The share in percent (half up, one decimal), None without a denominator."""
        return rounding.percent(self.count, self.total)

    def __str__(self) -> str:
        if self.percent is None:
            return "—"
        return _("%(percent)s %% (%(count)s of %(total)s)") % {
            "percent": rounding.percent_text(self.percent),
            "count": number_format(self.count, force_grouping=True),
            "total": number_format(self.total, force_grouping=True),
        }


@dataclass
class Figures:
    """The counts of one place and month, with the indicators pages show."""

    period: dt.date
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    present: bool = False
    refreshed_at: dt.datetime | None = None

    @classmethod
    def of(cls, row: NutritionSummary | None, period: dt.date) -> Figures:
        """Figures from a summary row (zeros when the month has none)."""
        if row is None:
            return cls(period=period)
        return cls(
            period=period,
            counts={c: getattr(row, c) for c in COUNTS},
            present=True,
            refreshed_at=row.refreshed_at,
        )

    def __getattr__(self, name: str) -> int:
        counts = self.__dict__.get("counts", {})
        if name in counts:
            return counts[name]
        raise AttributeError(name)

    @property
    def d_s(self) -> Rate:
        return Rate(self.counts["d_weighed"], self.counts["s_toddlers"])

    @property
    def k_s(self) -> Rate:
        return Rate(self.counts["k_with_book"], self.counts["s_toddlers"])

    @property
    def n_d(self) -> Rate:
        return Rate(self.counts["n_up"], self.counts["d_weighed"])

    @property
    def stunting(self) -> Rate:
        return Rate(self.counts["stunted"], self.counts["len_valid"])

    @property
    def severe_stunting(self) -> Rate:
        return Rate(self.counts["severely_stunted"], self.counts["len_valid"])

    @property
    def wasting(self) -> Rate:
        return Rate(self.counts["wasted"], self.counts["wfl_valid"])

    @property
    def underweight(self) -> Rate:
        return Rate(self.counts["underweight"], self.counts["wei_valid"])

    @property
    def overweight(self) -> Rate:
        return Rate(self.counts["overweight"], self.counts["wfl_valid"])


@dataclass(frozen=True)
class Place:
    """A place a dashboard shows: a region level (1-4), a puskesmas (5) or a posyandu (6)."""

    scope: str
    level: int
    name: str
    region: Wilayah | None = None
    wilayah: Wilayah | None = None
    unit: Unit | None = None

    @property
    def is_unit(self) -> bool:
        return self.unit is not None

    @property
    def reads_summaries_only(self) -> bool:
        """Province and kab/kota pages never touch raw rows (rule 8 of the house)."""
        return self.level <= Wilayah.REGION


@dataclass
class BreakdownRow:
    """One place one level below, with its figures and whether the user may drill in."""

    scope: str
    name: str
    figures: Figures
    link: bool


@dataclass
class Crumb:
    scope: str
    name: str
    link: bool


def code_within(path: str, code: str) -> Q:
    """Rows whose region at ``path`` is ``code`` or lies under it."""
    return Q(**{f"{path}__code": code}) | Q(**{f"{path}__code__startswith": f"{code}."})


def _placement(unit: Unit) -> Wilayah:
    return unit.location if unit.location_id and unit.location else unit.region


def parse_month(text: str) -> dt.date | None:
    """``YYYY-MM`` as the month's first day, None when it is not a month."""
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()  # noqa: DTZ007 — a date, no time
    except ValueError:
        return None


def _unit_place(user: Any, pk: str, perm: str) -> Place:
    """A posyandu or puskesmas the user may see (404 otherwise)."""
    qs = Unit.objects.select_related("region", "location", "parent").filter(
        kind__in=(unit_kinds.POSYANDU, unit_kinds.PUSKESMAS)
    )
    unit = access.get_for_user(qs, user, pk, perm)
    if not is_module_live(MODULE, unit.region):
        raise Http404
    level = POSYANDU_LEVEL if unit.kind == unit_kinds.POSYANDU else PUSKESMAS_LEVEL
    return Place(
        scope=f"u{unit.pk}",
        level=level,
        name=unit.name,
        region=unit.region,
        wilayah=_placement(unit),
        unit=unit,
    )


def _wilayah_place(user: Any, code: str, perm: str) -> Place:
    """A province, kab/kota, kecamatan or nagari/kelurahan the user may see (404 otherwise)."""
    wilayah = access.own_wilayah(user, code) or Wilayah.objects.filter(code=code).first()
    if wilayah is None:
        raise Http404
    access.require_in(user, perm, wilayah)
    if wilayah.level == Wilayah.PROVINCE:
        if MODULE not in modules_live_anywhere():
            raise Http404
        return Place(scope=code, level=1, name=wilayah.name, wilayah=wilayah)
    region = wilayah if wilayah.level == Wilayah.REGION else None
    if region is None:
        region = Wilayah.objects.get(code=wilayah.region_code())
    if not is_module_live(MODULE, region):
        raise Http404
    return Place(scope=code, level=wilayah.level, name=wilayah.name, region=region, wilayah=wilayah)


def place_for(user: Any, scope: str, perm: str) -> Place:
    """The place named by ``scope`` if the user may see it with ``perm``; else 404."""
    if scope.startswith("u"):
        return _unit_place(user, scope[1:], perm)
    return _wilayah_place(user, scope, perm)


def default_scope(user: Any, membership: Any, perm: str) -> str | None:
    """The user's own place: a cadre's posyandu, an officer's puskesmas or kab/kota, …"""
    grants = access.grants(user, perm)
    if not grants:
        return None
    chosen = next(
        (
            g
            for g in grants
            if membership is not None
            and g.wilayah_id == membership.wilayah_id
            and g.unit_id == membership.unit_id
        ),
        grants[0],
    )
    if chosen.unit_id is not None:
        return f"u{chosen.unit_id}"
    return chosen.wilayah_code


def may_see(user: Any, perm: str, wilayah: Wilayah, unit: Unit | None = None) -> bool:
    """Whether a drill-down link to a place would open for the user (no query: grants cached)."""
    return access.can_in(user, perm, wilayah, unit)


def may_see_place(user: Any, perm: str, place: Place) -> bool:
    """Whether the user holds ``perm`` over the whole place (e.g. to list its children)."""
    if place.wilayah is None:
        return False
    return may_see(user, perm, place.wilayah, place.unit)


def figures(place: Place, period: dt.date) -> Figures:
    """The place's figures for one month."""
    row = NutritionSummary.objects.filter(scope=place.scope, period=period).first()
    return Figures.of(row, period)


def latest_period(place: Place) -> dt.date | None:
    """The latest month with a summary of the place."""
    return (
        NutritionSummary.objects.filter(scope=place.scope)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )


def periods_of(place: Place, limit: int = 36) -> list[dt.date]:
    """Months with a summary of the place, newest first (for the month selector)."""
    return list(
        NutritionSummary.objects.filter(scope=place.scope)
        .order_by("-period")
        .values_list("period", flat=True)[:limit]
    )


def months_back(period: dt.date, count: int) -> list[dt.date]:
    """``count`` months ending with ``period``, oldest first."""
    months = [period]
    while len(months) < count:
        months.append(rules.previous_period(months[-1]))
    return months[::-1]


def trend(place: Place, period: dt.date, months: int = TREND_MONTHS) -> list[Figures]:
    """The place's figures for the last ``months`` months (zeros where there is none)."""
    span = months_back(period, months)
    rows = {
        r.period: r
        for r in NutritionSummary.objects.filter(
            scope=place.scope, period__gte=span[0], period__lte=period
        )
    }
    return [Figures.of(rows.get(p), p) for p in span]


def _rows_by_scope(qs: QuerySet[NutritionSummary]) -> dict[str, NutritionSummary]:
    return {row.scope: row for row in qs}


def _wilayah_breakdown(user: Any, perm: str, place: Place, period: dt.date) -> list[BreakdownRow]:
    """The regions one level below a region, each with its figures."""
    children = list(Wilayah.objects.filter(parent_id=place.wilayah.pk if place.wilayah else None))
    summaries = _rows_by_scope(
        NutritionSummary.objects.filter(
            period=period, scope__in=[w.code for w in children], scope_level=place.level + 1
        )
    )
    live: set[int] = set()
    if place.level == Wilayah.PROVINCE:
        live = set(live_region_id_list(MODULE))
    return [
        BreakdownRow(
            scope=w.code,
            name=w.name,
            figures=Figures.of(summaries.get(w.code), period),
            link=(place.level != Wilayah.PROVINCE or w.pk in live) and may_see(user, perm, w),
        )
        for w in children
    ]


def _unit_rows(user: Any, perm: str, qs: QuerySet[NutritionSummary]) -> list[BreakdownRow]:
    """Breakdown rows of puskesmas or posyandu summaries."""
    rows = qs.select_related("unit", "unit__region", "unit__location").order_by("unit__name")
    return [
        BreakdownRow(
            scope=row.scope,
            name=row.unit.name if row.unit else row.scope,
            figures=Figures.of(row, row.period),
            link=row.unit is not None and may_see(user, perm, _placement(row.unit), row.unit),
        )
        for row in rows
    ]


def breakdown(user: Any, perm: str, place: Place, period: dt.date) -> dict[str, list[BreakdownRow]]:
    """The level below the place, as named tables: regions, puskesmas, posyandu."""
    tables: dict[str, list[BreakdownRow]] = {}
    month = NutritionSummary.objects.filter(period=period)
    if place.level == POSYANDU_LEVEL:
        return tables
    if place.level == PUSKESMAS_LEVEL:
        tables["posyandu"] = _unit_rows(
            user, perm, month.filter(scope_level=POSYANDU_LEVEL, unit__parent=place.unit)
        )
        return tables
    if place.level < Wilayah.VILLAGE:
        tables["regions"] = _wilayah_breakdown(user, perm, place, period)
    if place.level == Wilayah.DISTRICT:
        tables["puskesmas"] = _unit_rows(
            user,
            perm,
            month.filter(scope_level=PUSKESMAS_LEVEL).filter(code_within("wilayah", place.scope)),
        )
    if place.level >= Wilayah.REGION:
        # Posyandu placed directly on this region (the only level below a nagari/kelurahan).
        direct = _unit_rows(
            user, perm, month.filter(scope_level=POSYANDU_LEVEL, wilayah=place.wilayah)
        )
        if direct or place.level == Wilayah.VILLAGE:
            tables["posyandu"] = direct
    return tables


def crumbs(user: Any, perm: str, place: Place) -> list[Crumb]:
    """The places above this one, linked where the user may open them."""
    chain: list[Crumb] = []
    anchor = place.wilayah
    if anchor is None:
        return chain
    parent = place.unit.parent if place.unit is not None else None
    if parent is not None and place.level == POSYANDU_LEVEL:
        # The posyandu's own placement stands in for its puskesmas' (no extra query).
        chain.append(Crumb(f"u{parent.pk}", parent.name, may_see(user, perm, anchor, parent)))
    codes = anchor.ancestor_codes()
    if place.unit is None:
        codes = codes[:-1]
    found = {w.code: w for w in Wilayah.objects.filter(code__in=codes)}
    above = [
        Crumb(code, found[code].name, may_see(user, perm, found[code]))
        for code in codes
        if code in found
    ]
    return above + chain


# --- the public page -------------------------------------------------------------------------


def public_periods(before: dt.date) -> list[dt.date]:
    """Complete months (before ``before``) with kab/kota summaries where nutrition is live."""
    return list(
        NutritionSummary.objects.filter(
            scope_level=Wilayah.REGION, period__lt=before, region_id__in=live_region_ids(MODULE)
        )
        .order_by("-period")
        .values_list("period", flat=True)
        .distinct()[:24]
    )


@dataclass(frozen=True)
class PublicRow:
    """One kab/kota on the public page: its indicators with small cells withheld."""

    code: str
    name: str
    stunting: disclosure.PublicRate
    wasting: disclosure.PublicRate
    underweight: disclosure.PublicRate
    overweight: disclosure.PublicRate
    d_s: disclosure.PublicRate

    @classmethod
    def of(cls, wilayah: Wilayah, figures: Figures) -> PublicRow:
        """The public view of a place's figures (no count below the minimum cell)."""

        def shown(rate: Rate) -> disclosure.PublicRate:
            return disclosure.public_rate(rate.count, rate.total)

        return cls(
            code=wilayah.code,
            name=wilayah.name,
            stunting=shown(figures.stunting),
            wasting=shown(figures.wasting),
            underweight=shown(figures.underweight),
            overweight=shown(figures.overweight),
            d_s=shown(figures.d_s),
        )


@dataclass(frozen=True)
class PublicTable:
    """The public page's figures for one month and when they were last refreshed."""

    rows: list[PublicRow]
    refreshed_at: dt.datetime | None


def public_table(period: dt.date) -> PublicTable:
    """Each live kab/kota's figures for one month, small cells withheld (no person, no desa)."""
    summaries = (
        NutritionSummary.objects.filter(
            scope_level=Wilayah.REGION, period=period, region_id__in=live_region_ids(MODULE)
        )
        .select_related("wilayah")
        .order_by("scope")
    )
    rows: list[PublicRow] = []
    refreshed: dt.datetime | None = None
    for row in summaries:
        if row.wilayah is None:
            continue
        rows.append(PublicRow.of(row.wilayah, Figures.of(row, period)))
        refreshed = max(refreshed, row.refreshed_at) if refreshed else row.refreshed_at
    return PublicTable(rows=rows, refreshed_at=refreshed)


def public_wilayah(code: str) -> Wilayah | None:
    """A region, kecamatan or nagari/kelurahan where Ayo Ceting is live (the province if it
    is live anywhere); None for anything else."""
    wilayah = Wilayah.objects.filter(code=code).first()
    if wilayah is None:
        return None
    if wilayah.level == Wilayah.PROVINCE:
        live = MODULE in modules_live_anywhere()
    else:
        region = Wilayah.objects.filter(code=".".join(code.split(".")[:2])).first()
        live = is_module_live(MODULE, region)
    return wilayah if live else None


def summary_row(scope: str, period: dt.date) -> NutritionSummary | None:
    """The stored summary of a place and month, if it was computed."""
    return NutritionSummary.objects.filter(scope=scope, period=period).first()


def empty_summary(scope: str, period: dt.date) -> NutritionSummary:
    """An unsaved all-zero summary (a month not computed yet)."""
    return NutritionSummary(scope=scope, period=period)


# --- period prevalence (latest valid measurement per child in a period) -----------------------

# The longest period a prevalence is computed over (a year of monthly weighings).
MAX_PERIOD_MONTHS = 12


@dataclass(frozen=True)
class PeriodFigures:
    """Prevalence over a period: each child once, on its latest valid measurement."""

    start: dt.date
    end: dt.date
    counts: prevalence.PeriodCounts

    @property
    def stunting(self) -> Rate:
        return Rate(self.counts.stunted, self.counts.len_valid)

    @property
    def wasting(self) -> Rate:
        return Rate(self.counts.wasted, self.counts.wfl_valid)

    @property
    def underweight(self) -> Rate:
        return Rate(self.counts.underweight, self.counts.wei_valid)

    @property
    def overweight(self) -> Rate:
        return Rate(self.counts.overweight, self.counts.wfl_valid)


def _measurements_in(place: Place) -> QuerySet[Measurement]:
    """The measurements of a place (the place was reached through ``place_for``)."""
    rows = Measurement.objects.all()
    if place.unit is not None:
        return rows.filter(Q(unit=place.unit) | Q(unit__parent=place.unit))
    wilayah = place.wilayah
    if wilayah is None or wilayah.level == Wilayah.PROVINCE:
        return rows.filter(region_id__in=live_region_ids(MODULE))
    if wilayah.level == Wilayah.REGION:
        return rows.filter(region=wilayah)
    return rows.filter(code_within("location", wilayah.code))


def period_figures(place: Place, start: dt.date, end: dt.date) -> PeriodFigures:
    """Stunting, wasting, underweight and overweight of a place over months ``start``-``end``,
    each child counted once on its latest valid measurement (children under five)."""
    rows = (
        _measurements_in(place)
        .filter(period__gte=start, period__lte=end)
        .values_list(*prevalence.Row._fields)
        .order_by()
    )
    counts = prevalence.period_prevalence(prevalence.Row(*row) for row in rows.iterator(2000))
    return PeriodFigures(start=start, end=end, counts=counts)


def period_months(start: dt.date, end: dt.date) -> int:
    """How many months the period spans (both ends included)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def public_period_figures(wilayah: Wilayah, start: dt.date, end: dt.date) -> PeriodFigures:
    """Period prevalence of a public place (province, kab/kota or kecamatan) where the
    programme is live; the caller suppresses small cells."""
    level = wilayah.level
    region = None if level == Wilayah.PROVINCE else wilayah if level == Wilayah.REGION else None
    place = Place(
        scope=wilayah.code, level=level, name=wilayah.name, region=region, wilayah=wilayah
    )
    return period_figures(place, start, end)


# Stunting prevalence classes of public-health significance (WHO/UNICEF 2018: very low
# < 2.5 %, low < 10 %, medium < 20 %, high < 30 %, very high from 30 %), the map's colours.
STUNTING_CLASSES: tuple[float, ...] = (2.5, 10.0, 20.0, 30.0)


def stunting_class(percent: float | None) -> str:
    """The map bucket of a public stunting rate: ``s0``..``s4``, or ``none`` when withheld."""
    if percent is None:
        return "none"
    return f"s{sum(1 for bound in STUNTING_CLASSES if percent >= bound)}"


@dataclass(frozen=True)
class PublicArea:
    """A live kab/kota (or one of its kecamatan) on the public page, with or without data."""

    code: str
    name: str
    row: PublicRow | None

    @property
    def bucket(self) -> str:
        return stunting_class(self.row.stunting.percent if self.row else None)


@dataclass(frozen=True)
class PublicOverview:
    """Everything the public stunting page shows for one month."""

    period: dt.date | None
    areas: list[PublicArea]
    total: PublicRow | None
    refreshed_at: dt.datetime | None
    level: int


def _summed(rows: list[NutritionSummary], period: dt.date) -> Figures:
    """The figures of several places added up (counts add; rates follow)."""
    figures = Figures(period=period, present=bool(rows))
    for row in rows:
        for name in COUNTS:
            figures.counts[name] += getattr(row, name)
    return figures


def public_overview(period: dt.date | None, level: int = Wilayah.REGION) -> PublicOverview:
    """Every kab/kota where Ayo Ceting is live (or their kecamatan), its month's figures
    with small cells withheld, and the province total of those regions."""
    if not disclosure.public_level_allowed(level) or level < Wilayah.REGION:
        raise ValueError("public figures go from the kab/kota down to the kecamatan only")
    live_ids = live_region_ids(MODULE)
    places = Wilayah.objects.filter(level=level).order_by("code")
    places = (
        places.filter(pk__in=live_ids)
        if level == Wilayah.REGION
        else places.filter(parent__in=Wilayah.objects.filter(pk__in=live_ids))
    )
    rows = (
        list(
            NutritionSummary.objects.filter(
                scope_level__in=(Wilayah.REGION, level), period=period, region_id__in=live_ids
            ).select_related("wilayah")
        )
        if period
        else []
    )
    by_scope = {row.scope: row for row in rows if row.scope_level == level}
    areas = []
    for place in places:
        found = by_scope.get(place.code)
        areas.append(
            PublicArea(
                code=place.code,
                name=place.name,
                row=PublicRow.of(place, Figures.of(found, found.period))
                if found and period
                else None,
            )
        )
    regions = [row for row in rows if row.scope_level == Wilayah.REGION]
    total = None
    if regions and period:
        province = Wilayah.objects.filter(code=PROVINCE_CODE).first()
        if province is not None:
            total = PublicRow.of(province, _summed(regions, period))
    refreshed = max((row.refreshed_at for row in rows), default=None)
    return PublicOverview(
        period=period, areas=areas, total=total, refreshed_at=refreshed, level=level
    )


def public_trend(periods: list[dt.date]) -> list[tuple[dt.date, disclosure.PublicRate]]:
    """The province's stunting rate (live regions added up) per month, oldest first."""
    live_ids = live_region_ids(MODULE)
    by_period: dict[dt.date, list[NutritionSummary]] = {}
    for row in NutritionSummary.objects.filter(
        scope_level=Wilayah.REGION, period__in=periods, region_id__in=live_ids
    ):
        by_period.setdefault(row.period, []).append(row)
    trend = []
    for period in sorted(periods):
        figures = _summed(by_period.get(period, []), period)
        trend.append(
            (period, disclosure.public_rate(figures.stunting.count, figures.stunting.total))
        )
    return trend
