"""Published statistics: what the public, Satu Data and the KPIs see, and the release board.

Public figures are read from the published versions (frozen at publication), never from the
live reports: a late report changes the office's provisional figures at once and the public
ones only when the office re-publishes the month.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F

from replika.core.access import scoped
from replika.core.models import Wilayah
from replika.tourism import rules
from replika.tourism.models import MonthRelease, ReleaseVersion
from replika.tourism.permissions import VIEW_STATISTICS
from replika.tourism.rules.releases import PROVISIONAL, public_label
from replika.tourism.selectors import statistics as stats
from replika.tourism.selectors.compliance import compliance_counts


def current_versions(
    regions: list[Wilayah], periods: list[dt.date]
) -> dict[tuple[int, dt.date], ReleaseVersion]:
    """The public version of each (region, month) published, in one query."""
    rows = ReleaseVersion.objects.filter(
        release__region_id__in=[r.pk for r in regions],
        release__period__in=periods,
        version=F("release__version"),
    ).select_related("release")
    return {(row.release.region_id, row.release.period): row for row in rows}


def _part(version: ReleaseVersion, district: Wilayah | None) -> dict[str, Any] | None:
    if district is None:
        return version.figures["region"]
    return version.figures["districts"].get(district.code)


@dataclass
class Published:
    """A place's published sums of one month over the regions that published it."""

    sums: dict[str, int]
    filed: int
    obliged: int
    versions: list[ReleaseVersion]

    @property
    def published(self) -> bool:
        return bool(self.versions)


def published_sums(
    regions: list[Wilayah], district: Wilayah | None, periods: list[dt.date]
) -> dict[dt.date, Published]:
    """Each month's published sums (zeros and no versions where nothing is published)."""
    found = current_versions(regions, periods)
    result: dict[dt.date, Published] = {}
    for period in periods:
        total = Published(sums={key: 0 for key in stats.SUMS}, filed=0, obliged=0, versions=[])
        for region in regions:
            version = found.get((region.pk, period))
            if version is None:
                continue
            total.versions.append(version)
            part = _part(version, district)
            if part is None:  # a kecamatan with no report and nobody obliged
                continue
            for key in stats.SUMS:
                total.sums[key] += int(part["sums"].get(key, 0))
            total.filed += part["compliance"][0]
            total.obliged += part["compliance"][1]
        result[period] = total
    return result


def release_info(versions: list[ReleaseVersion], regions: int) -> dict[str, Any]:
    """How the public should read a figure: published, corrected, when, and the notes."""
    latest = max(versions, key=lambda v: v.published_at, default=None)
    corrected = [v for v in versions if v.version > 1]
    return {
        "status": public_label(
            status="published" if versions else None,
            version=max((v.version for v in versions), default=0),
        ),
        "published_on": latest.published_at.date() if latest else None,
        "regions_published": len(versions),
        "regions": regions,
        "notes": [v.note for v in corrected if v.note],
    }


def _with_provisional(
    found: Published, regions: list[Wilayah], district: Wilayah | None, period: dt.date
) -> int:
    """Add the live sums of the regions that have not published ``period``; how many there were.

    Like BPS's "angka sementara": a month nobody has published yet is shown from the reports
    filed so far, labelled provisional, rather than as a blank; a published region's part
    stays frozen at its publication.
    """
    done = {version.release.region_id for version in found.versions}
    pending = [region for region in regions if region.pk not in done]
    if not pending:
        return 0
    live = stats.sums_by_period(pending, district, [period])[period]
    for key in stats.SUMS:
        found.sums[key] += live[key]
    filed, obliged = compliance_counts(pending, period, district)
    found.filed += filed
    found.obliged += obliged
    return len(pending)


def published_statistics(wilayah: Wilayah, period: dt.date) -> dict[str, Any]:
    """The public figures of a place's month, with their release facts.

    Published regions count with their frozen figures, the others with their provisional
    ones (the status then says "provisional"); last year's month, for the changes, likewise.
    """
    regions, district = stats.scope(wilayah)
    before = rules.same_period_last_year(period)
    found = published_sums(regions, district, [period, before])
    now, then = found[period], found[before]
    pending = _with_provisional(now, regions, district, period)
    _with_provisional(then, regions, district, before)
    compliance = {
        "filed": now.filed,
        "obliged": now.obliged,
        "percent": rules.compliance(filed=now.filed, obliged=now.obliged),
    }
    result = stats.assemble(wilayah, period, now.sums, then.sums, compliance)
    result["release"] = release_info(now.versions, len(regions))
    if pending:
        result["release"]["status"] = PROVISIONAL
    return result


def latest_published_period(wilayah: Wilayah, before: dt.date) -> dt.date | None:
    """The latest month up to ``before`` published by any region the place covers."""
    regions, _district = stats.scope(wilayah)
    return (
        MonthRelease.objects.filter(region__in=regions, period__lte=before)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )


def releases_of(user: Any, region: Wilayah, periods: list[dt.date]) -> dict[dt.date, MonthRelease]:
    """The releases of a region's months the user may see, by month."""
    qs = scoped(
        MonthRelease.objects.filter(region=region, period__in=periods), user, VIEW_STATISTICS
    )
    return {r.period: r for r in qs.select_related("published_by")}


def history_of(user: Any, release: MonthRelease) -> list[ReleaseVersion]:
    """Every publication of a month, newest first: who, when and why."""
    qs = scoped(ReleaseVersion.objects.filter(release=release), user, VIEW_STATISTICS)
    return list(qs.select_related("published_by").order_by("-version"))


def publish_regions(user: Any) -> list[Wilayah]:
    """The live kab/kota whose statistics the user may publish."""
    from replika.core.access import regions_for
    from replika.tourism.permissions import PUBLISH_STATISTICS

    live = {r.pk for r in stats.live_regions()}
    return [r for r in regions_for(user, PUBLISH_STATISTICS).order_by("code") if r.pk in live]


def state_of(user: Any, wilayah: Wilayah, periods: list[dt.date]) -> dict[dt.date, dict[str, Any]]:
    """How far each month of a place is published, for the signed-in statistics page.

    ``label``: "provisional" (nothing published: angka sementara), "published", "revised"
    (a report changed since: a re-publish is due) or "partial" (the province, when some
    regions published and others not yet).
    """
    regions, _district = stats.scope(wilayah)
    qs = scoped(
        MonthRelease.objects.filter(region__in=regions, period__in=periods),
        user,
        VIEW_STATISTICS,
    )
    by_period: dict[dt.date, list[MonthRelease]] = {p: [] for p in periods}
    for release in qs.select_related("published_by", "region"):
        by_period[release.period].append(release)
    result: dict[dt.date, dict[str, Any]] = {}
    for period, found in by_period.items():
        if not found:
            label = "provisional"
        elif any(r.status == "revised" for r in found):
            label = "revised"
        elif len(found) < len(regions):
            label = "partial"
        else:
            label = "published"
        result[period] = {
            "label": label,
            "release": found[0] if len(regions) == 1 and found else None,
            "published": len(found),
            "regions": len(regions),
        }
    return result


@dataclass
class BoardMonth:
    period: dt.date
    filed: int
    obliged: int
    percent: float | None
    release: MonthRelease | None
    history: list[ReleaseVersion]


def board(user: Any, region: Wilayah, months: list[dt.date]) -> list[BoardMonth]:
    """A region's months, newest first: compliance so far, publication state and history."""
    from replika.tourism.selectors.compliance import trend

    compliance = {row["period"]: row for row in trend([region], months[0], len(months))}
    releases = releases_of(user, region, months)
    rows = []
    for period in months:
        release = releases.get(period)
        row = compliance[period]
        rows.append(
            BoardMonth(
                period=period,
                filed=row["filed"],
                obliged=row["obliged"],
                percent=row["percent"],
                release=release,
                history=history_of(user, release) if release else [],
            )
        )
    return rows
