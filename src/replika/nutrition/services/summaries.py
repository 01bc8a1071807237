"""Monthly summary tables, refreshed incrementally the DHIS2 way.

A posyandu-month is recomputed from its measurements and registered children (grouped
queries, one month at a time); every level above it is the sum of the level below:
posyandu → puskesmas (the posyandu unit's parent), and posyandu → nagari/kelurahan (the
unit's location) → kecamatan → kab/kota → province. Only the ancestors of what changed
are re-summed, so a refresh after a posyandu session touches a handful of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.utils import timezone

from replika.core import cache as public_cache
from replika.core.models import Unit, Wilayah
from replika.nutrition import rules, unit_kinds
from replika.nutrition.models import (
    Child,
    DirtySummary,
    Measurement,
    NutritionSummary,
    Referral,
    ReferralStatus,
    RumahGiziEnrolment,
    RumahGiziStatus,
)

PROVINCE_LEVEL = 1
# The public cache namespace whose version a refresh bumps (pages and API key on it).
CACHE_NAMESPACE = "nutrition"
PUSKESMAS_LEVEL = 5
POSYANDU_LEVEL = 6
COUNTS = (
    "s_toddlers",
    "k_with_book",
    "d_weighed",
    "n_up",
    "t_not_up",
    "two_t",
    "len_valid",
    "stunted",
    "severely_stunted",
    "wei_valid",
    "underweight",
    "wfl_valid",
    "wasted",
    "severely_wasted",
    "overweight",
    "in_care",
)
CLOSED_REFERRAL = (ReferralStatus.RECOVERED, ReferralStatus.CLOSED)

Counts = dict[str, int]


@dataclass
class RefreshResult:
    """What one refresh recomputed: posyandu-months and the roll-up rows rewritten."""

    posyandu_months: int = 0
    scopes: set[tuple[str, dt.date]] = field(default_factory=set)

    @property
    def rows(self) -> int:
        """Number of summary rows written."""
        return len(self.scopes)


def unit_scope(unit_id: int) -> str:
    """The summary scope of a posyandu or puskesmas."""
    return f"u{unit_id}"


def month_end(period: dt.date) -> dt.date:
    """The last day of the month starting at ``period``."""
    return rules.next_period(period) - dt.timedelta(days=1)


def _measurement_counts(period: dt.date, unit_ids: list[int] | None) -> dict[int, Counts]:
    """SKDN and prevalence counts of one month's measurements, grouped by posyandu."""
    # D and the prevalence count the children S counts (one age rule, on the birth date).
    born_after, born_by = rules.under_five_births(period)
    qs = Measurement.objects.filter(
        period=period, child__birth_date__gt=born_after, child__birth_date__lte=born_by
    )
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
    t_last_month = Measurement.objects.filter(
        child_id=OuterRef("child_id"), period=rules.previous_period(period), growth="T"
    )
    len_ok = Q(zlen__isnull=False, flen=False)
    wei_ok = Q(zwei__isnull=False, fwei=False)
    wfl_ok = Q(zwfl__isnull=False, fwfl=False)
    rows = (
        qs.order_by()
        .values("unit_id")
        .annotate(
            d_weighed=Count("pk", filter=Q(weight__isnull=False)),
            n_up=Count("pk", filter=Q(growth="N")),
            t_not_up=Count("pk", filter=Q(growth="T")),
            two_t=Count("pk", filter=Q(growth="T") & Q(Exists(t_last_month))),
            len_valid=Count("pk", filter=len_ok),
            stunted=Count("pk", filter=len_ok & Q(zlen__lt=-2)),
            severely_stunted=Count("pk", filter=len_ok & Q(zlen__lt=-3)),
            wei_valid=Count("pk", filter=wei_ok),
            underweight=Count("pk", filter=wei_ok & Q(zwei__lt=-2)),
            wfl_valid=Count("pk", filter=wfl_ok),
            wasted=Count("pk", filter=wfl_ok & Q(zwfl__lt=-2)),
            severely_wasted=Count("pk", filter=wfl_ok & Q(zwfl__lt=-3)),
            overweight=Count("pk", filter=wfl_ok & Q(zwfl__gt=2)),
        )
    )
    return _by_unit(rows)


def _by_unit(rows: Iterable[Any]) -> dict[int, Counts]:
    """Grouped rows keyed by their posyandu id, the counts as plain ints."""
    return {
        row["unit_id"]: {k: int(v or 0) for k, v in row.items() if k != "unit_id"} for row in rows
    }


def _children_counts(period: dt.date, unit_ids: list[int] | None) -> dict[int, Counts]:
    """S (children of the area under five by ``rules.under_five_births``) and K, grouped by
    posyandu; a child weighed at a posyandu this month counts in its S even when it has
    since left or moved, so that D is always a subset of S."""
    born_after, born_by = rules.under_five_births(period)
    qs = Child.objects.filter(active=True, birth_date__gt=born_after, birth_date__lte=born_by)
    weighed_elsewhere = (
        Measurement.objects.filter(
            period=period,
            weight__isnull=False,
            child__birth_date__gt=born_after,
            child__birth_date__lte=born_by,
        )
        .exclude(child__active=True, child__unit_id=F("unit_id"))
        .order_by()
        .values("unit_id")
        .annotate(extra=Count("pk"))
    )
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=unit_ids)
        weighed_elsewhere = weighed_elsewhere.filter(unit_id__in=unit_ids)
    rows = (
        qs.order_by()
        .values("unit_id")
        .annotate(s_toddlers=Count("pk"), k_with_book=Count("pk", filter=Q(has_kia_book=True)))
    )
    counts = _by_unit(rows)
    for row in weighed_elsewhere:
        unit = counts.setdefault(row["unit_id"], {"s_toddlers": 0, "k_with_book": 0})
        unit["s_toddlers"] += int(row["extra"])
    return counts


def _in_care_counts(period: dt.date, unit_ids: list[int] | None) -> dict[int, Counts]:
    """Children with an open referral or an active Rumah Gizi enrolment at the month's end."""
    end = month_end(period)
    referrals = Referral.objects.filter(child__isnull=False, referred_on__lte=end).exclude(
        status__in=CLOSED_REFERRAL
    )
    enrolments = RumahGiziEnrolment.objects.filter(enrolled_on__lte=end).filter(
        Q(status=RumahGiziStatus.ACTIVE) | Q(ended_on__gt=end)
    )
    if unit_ids is not None:
        referrals = referrals.filter(unit_id__in=unit_ids)
        enrolments = enrolments.filter(unit_id__in=unit_ids)
    # A child both referred and enrolled is one child in care, not two.
    children: dict[int, set[int]] = defaultdict(set)
    for qs in (referrals, enrolments):
        for unit_id, child_id in qs.order_by().values_list("unit_id", "child_id").distinct():
            children[unit_id].add(child_id)
    return {unit_id: {"in_care": len(ids)} for unit_id, ids in children.items()}


def posyandu_counts(period: dt.date, unit_ids: list[int] | None = None) -> dict[int, Counts]:
    """Every count of one month for the given posyandu (all of them when None)."""
    merged: dict[int, Counts] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for part in (
        _measurement_counts(period, unit_ids),
        _children_counts(period, unit_ids),
        _in_care_counts(period, unit_ids),
    ):
        for unit_id, counts in part.items():
            merged[unit_id].update(counts)
    if unit_ids is not None:
        # A posyandu-month left with nothing still gets its (zero) row rewritten.
        for unit_id in unit_ids:
            merged.setdefault(unit_id, dict.fromkeys(COUNTS, 0))
    return dict(merged)


def _placement(unit: Unit) -> Wilayah:
    """The deepest region a posyandu sits in: its location, else its kab/kota."""
    if unit.location_id and unit.location is not None:
        return unit.location
    return unit.region


def _write(rows: list[NutritionSummary], result: RefreshResult) -> None:
    """Upsert summary rows by (scope, period) on SQLite and PostgreSQL alike."""
    now = timezone.now()
    for row in rows:
        row.refreshed_at = now
        result.scopes.add((row.scope, row.period))
    NutritionSummary.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["scope", "period"],
        update_fields=[*COUNTS, "scope_level", "region", "wilayah", "unit", "refreshed_at"],
    )


def _refresh_posyandu(
    period: dt.date, units: dict[int, Unit], unit_ids: list[int] | None, result: RefreshResult
) -> None:
    """Recompute the posyandu rows of one month."""
    counts = posyandu_counts(period, unit_ids)
    missing = [uid for uid in counts if uid not in units]
    units.update(Unit.objects.select_related("region", "location").in_bulk(missing))
    rows = [
        NutritionSummary(
            scope=unit_scope(uid),
            scope_level=POSYANDU_LEVEL,
            region_id=units[uid].region_id,
            wilayah=_placement(units[uid]),
            unit_id=uid,
            period=period,
            **values,
        )
        for uid, values in counts.items()
        # A puskesmas' own scope is the roll-up of its posyandu: rows recorded directly on
        # a puskesmas unit would overwrite it, so only posyandu-like units are leaves.
        if uid in units and units[uid].kind != unit_kinds.PUSKESMAS
    ]
    result.posyandu_months += len(rows)
    _write(rows, result)


def _sum_rows(qs: Any, key: str) -> dict[Any, Counts]:
    """Counts summed per ``key`` over summary rows."""
    rows = qs.order_by().values(key).annotate(**{c: Sum(c) for c in COUNTS})
    return {row.pop(key): {c: int(row[c] or 0) for c in COUNTS} for row in rows}


def _add(total: Counts, part: Counts) -> None:
    for name in COUNTS:
        total[name] += part[name]


def _refresh_puskesmas(period: dt.date, parent_ids: set[int], result: RefreshResult) -> None:
    """Re-sum the puskesmas rows from their posyandu rows."""
    if not parent_ids:
        return
    below = NutritionSummary.objects.filter(
        period=period, scope_level=POSYANDU_LEVEL, unit__parent_id__in=parent_ids
    )
    sums = _sum_rows(below, "unit__parent_id")
    parents = Unit.objects.select_related("region", "location").in_bulk(list(parent_ids))
    rows = [
        NutritionSummary(
            scope=unit_scope(pid),
            scope_level=PUSKESMAS_LEVEL,
            region_id=unit.region_id,
            wilayah=_placement(unit),
            unit_id=pid,
            period=period,
            **sums.get(pid, dict.fromkeys(COUNTS, 0)),
        )
        for pid, unit in parents.items()
    ]
    _write(rows, result)


def _refresh_wilayah(period: dt.date, level: int, codes: set[str], result: RefreshResult) -> None:
    """Re-sum region rows of one level: the regions one level below plus posyandu placed here."""
    if not codes:
        return
    places = {w.code: w for w in Wilayah.objects.filter(code__in=codes, level=level)}
    region_ids = _region_ids()
    totals = {code: dict.fromkeys(COUNTS, 0) for code in places}
    parts = [
        _sum_rows(
            NutritionSummary.objects.filter(
                period=period, scope_level=POSYANDU_LEVEL, wilayah__code__in=codes
            ),
            "wilayah__code",
        )
    ]
    if level < Wilayah.VILLAGE:
        parts.append(
            _sum_rows(
                NutritionSummary.objects.filter(
                    period=period, scope_level=level + 1, wilayah__parent__code__in=codes
                ),
                "wilayah__parent__code",
            )
        )
    for part in parts:
        for code, counts in part.items():
            if code in totals:
                _add(totals[code], counts)
    rows = [
        NutritionSummary(
            scope=code,
            scope_level=level,
            region_id=region_ids.get(place.region_code() or ""),
            wilayah=place,
            period=period,
            **totals[code],
        )
        for code, place in places.items()
    ]
    _write(rows, result)


def _region_ids() -> dict[str, int]:
    """Ids of the kab/kota by code (19 rows), to stamp ``region`` on roll-up rows."""
    return dict(Wilayah.objects.filter(level=Wilayah.REGION).values_list("code", "pk"))


def _roll_up(period: dt.date, units: Iterable[Unit], result: RefreshResult) -> None:
    """Re-sum every ancestor of the given posyandu for one month, bottom-up."""
    parent_ids: set[int] = set()
    codes_by_level: dict[int, set[str]] = defaultdict(set)
    for unit in units:
        if unit.parent_id:
            parent_ids.add(unit.parent_id)
        for code in _placement(unit).ancestor_codes():
            codes_by_level[code.count(".") + 1].add(code)
    _refresh_puskesmas(period, parent_ids, result)
    for level in (Wilayah.VILLAGE, Wilayah.DISTRICT, Wilayah.REGION, Wilayah.PROVINCE):
        _refresh_wilayah(period, level, codes_by_level[level], result)


def _units(unit_ids: Iterable[int]) -> dict[int, Unit]:
    """Posyandu units by id, with the regions their roll-ups need."""
    return Unit.objects.select_related("region", "location").in_bulk(list(unit_ids))


def _with_following_months(pairs: Iterable[tuple[int, dt.date]]) -> set[tuple[int, dt.date]]:
    """The pairs plus the month after each that has measurements (its 2T count may change)."""
    pairs = set(pairs)
    following = {(unit_id, rules.next_period(period)) for unit_id, period in pairs} - pairs
    if not following:
        return pairs
    measured = set(
        Measurement.objects.filter(
            unit_id__in={u for u, _ in following}, period__in={p for _, p in following}
        )
        .order_by()
        .values_list("unit_id", "period")
        .distinct()
    )
    return pairs | (following & measured)


def refresh_months(pairs: Iterable[tuple[int, dt.date]], result: RefreshResult) -> None:
    """Recompute the given posyandu-months and re-sum their ancestors."""
    by_period: dict[dt.date, set[int]] = defaultdict(set)
    for unit_id, period in _with_following_months(pairs):
        by_period[period].add(unit_id)
    units = _units({uid for ids in by_period.values() for uid in ids})
    for period, unit_ids in sorted(by_period.items()):
        _refresh_posyandu(period, units, sorted(unit_ids), result)
        _roll_up(period, [units[u] for u in unit_ids if u in units], result)


def _register_changes() -> set[tuple[int, dt.date]]:
    """This month of every posyandu whose children or follow-up changed since the last refresh.

    Registering a child changes S and K, a referral or Rumah Gizi change changes in_care;
    those services do not mark summaries dirty, so the refresh looks for them itself.
    """
    since = NutritionSummary.objects.aggregate(last=Max("refreshed_at"))["last"]
    if since is None:
        return set()
    current = rules.period_of(timezone.localdate())
    changed: set[tuple[int, dt.date]] = set()
    for model in (Child, Referral, RumahGiziEnrolment):
        units = model.objects.filter(updated_at__gt=since).order_by().values_list("unit_id")
        changed |= {(unit_id, current) for (unit_id,) in units.distinct()}
    return changed


def _public_figures_changed() -> None:
    """Orphan the cached public pages and API answers, now and again once the refresh commits.

    The bump now keeps this process from serving old figures; the bump after the commit
    discards anything another request cached from the old rows while we were still writing.
    """
    public_cache.bump(CACHE_NAMESPACE)
    transaction.on_commit(lambda: public_cache.bump(CACHE_NAMESPACE))


@transaction.atomic
def summaries_refresh(*, actor: Any = None) -> RefreshResult:
    """Recompute the summaries of every posyandu-month marked dirty, then clear the marks."""
    started = timezone.now()
    marks = set(DirtySummary.objects.values_list("unit_id", "period"))
    marks |= _register_changes()
    result = RefreshResult()
    refresh_months(marks, result)
    # A mark written while we worked (marked_at after ``started``) stays for the next run.
    DirtySummary.objects.filter(marked_at__lte=started).delete()
    if result.rows:
        _public_figures_changed()
    return result


@transaction.atomic
def summaries_rebuild(*, actor: Any = None, progress: Any = None) -> RefreshResult:
    """Recompute every summary row from scratch (after an import or a change of units)."""
    started = timezone.now()
    NutritionSummary.objects.all().delete()
    periods = sorted(Measurement.objects.order_by().values_list("period", flat=True).distinct())
    result = RefreshResult()
    units: dict[int, Unit] = {}
    for done, period in enumerate(periods, start=1):
        _refresh_posyandu(period, units, None, result)
        posyandu_ids = NutritionSummary.objects.filter(
            period=period, scope_level=POSYANDU_LEVEL
        ).values_list("unit_id", flat=True)
        _roll_up(period, [units[u] for u in posyandu_ids if u in units], result)
        if progress is not None:
            progress(done, len(periods))
    DirtySummary.objects.filter(marked_at__lte=started).delete()
    _public_figures_changed()
    return result


# The two refresh tasks live in ``nutrition.tasks``. Jobs queued before they moved name
# this module in their stored task path, so the old names still resolve, lazily (the tasks
# module imports this one).
_MOVED_TASKS = frozenset({"refresh_summaries_job", "refresh_dirty_summaries"})


def __getattr__(name: str) -> Any:
    """Resolve a moved task's old path to the task in ``nutrition.tasks``."""
    if name in _MOVED_TASKS:
        from replika.nutrition import tasks

        return getattr(tasks, name)
    raise AttributeError(name)
