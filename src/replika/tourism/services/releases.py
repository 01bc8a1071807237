"""Publishing a region's month of statistics, and marking it revised when a report changes."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit, cache
from replika.core.access import can_in
from replika.core.activation import is_module_live
from replika.core.models import User, Wilayah
from replika.tourism import rules
from replika.tourism.models import MonthRelease, ReleaseStatus, ReleaseVersion
from replika.tourism.permissions import PUBLISH_STATISTICS
from replika.tourism.rules.releases import publish_problem
from replika.tourism.selectors.statistics import snapshot

PUBLIC_NAMESPACE = "tourism"


def _problem_message(code: str) -> tuple[str, str]:
    """The field and the message of a ``publish_problem`` code."""
    return {
        "period_not_over": ("periode", _("A month can be published once it has ended.")),
        "nothing_changed": (
            "periode",
            _("This month is published and no report changed since: nothing to re-publish."),
        ),
        "note_required": (
            "note",
            _("Say what was corrected: the public sees the note with the corrected figures."),
        ),
    }[code]


@transaction.atomic
def month_publish(
    *,
    actor: User | None,
    region: Wilayah,
    period: dt.date,
    note: str = "",
    today: dt.date | None = None,
) -> MonthRelease:
    """Publish (or re-publish) a region's month: its current figures become the public's.

    The figures are frozen in a new version (who, when, the note); the public caches are
    refreshed after the commit. ``actor`` None is the system (demo data).
    """
    today = today or timezone.localdate()
    if actor is not None and not can_in(actor, PUBLISH_STATISTICS, region):
        raise ValidationError({"wilayah": _("You may not publish the statistics of this region.")})
    if region.level != Wilayah.REGION or not is_module_live("tourism", region):
        raise ValidationError({"wilayah": _("SIP Banget does not run in this region.")})
    period = rules.period_of(period)
    release = MonthRelease.objects.select_for_update().filter(region=region, period=period).first()
    problem = publish_problem(
        period=period, today=today, status=release.status if release else None, note=note
    )
    if problem is not None:
        field, message = _problem_message(problem)
        raise ValidationError({field: message})
    now = timezone.now()
    before = {"version": release.version, "status": release.status} if release else {}
    if release is None:
        release = MonthRelease(
            region=region,
            period=period,
            status=ReleaseStatus.PUBLISHED,
            published_at=now,
            published_by=actor,
        )
        try:
            with transaction.atomic():
                release.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"periode": _("This month was published at the same moment.")}
            ) from exc
    else:
        release.version += 1
        release.status = ReleaseStatus.PUBLISHED
        release.published_at = now
        release.published_by = actor
        release.changes = 0
        release.changed_at = None
        release.save()
    ReleaseVersion.objects.create(
        release=release,
        version=release.version,
        published_at=now,
        published_by=actor,
        note=note.strip()[:500],
        figures=snapshot(region, period),
    )
    audit.record(
        actor=actor,
        action="tourism.statistics.publish",
        instance=release,
        before=before,
        after={"version": release.version, "status": release.status},
        extra={"note": note.strip()[:500]} if note.strip() else None,
    )
    transaction.on_commit(lambda: cache.bump(PUBLIC_NAMESPACE))
    return release


def release_mark_changed(*, region_id: int, period: dt.date) -> None:
    """A report of a published month was filed or corrected: the month needs a re-publish."""
    MonthRelease.objects.filter(region_id=region_id, period=period).update(
        status=ReleaseStatus.REVISED, changes=F("changes") + 1, changed_at=timezone.now()
    )
