"""Education writes: articles, pregnant-women classes with attendance, WhatsApp links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import Unit, User, Wilayah, snapshot
from replika.nutrition import unit_kinds
from replika.nutrition.models import (
    Article,
    ClassAttendance,
    FacilityProfile,
    Mother,
    PregnancyClass,
)
from replika.nutrition.services.checks import update_audited


@transaction.atomic
def article_save(
    *,
    actor: User | None,
    article: Article | None = None,
    region: Wilayah | None,
    title: str,
    body: str,
    audience: str = "",
    published: bool = False,
) -> Article:
    """Create or update an article; province-wide when ``region`` is None."""
    title, body = " ".join(title.split()), body.strip()
    if not title:
        raise ValidationError({"title": _("Enter a title.")})
    if not body:
        raise ValidationError({"body": _("Write the text of the article.")})
    if region is not None and region.level != Wilayah.REGION:
        raise ValidationError({"region": _("Choose a regency or city.")})
    before = snapshot(article) if article is not None else {}
    article = article or Article(region=region, author=actor if actor and actor.pk else None)
    article.title, article.body, article.audience = title, body, audience.strip()
    article.published = published
    # The first publication date stays when an article is corrected later.
    if published and article.published_on is None:
        article.published_on = timezone.localdate()
    article.save()
    audit.record(actor=actor, action="article.save", instance=article, before=before)
    return article


@transaction.atomic
def pregnancy_class_create(
    *,
    actor: User | None,
    unit: Unit,
    held_on: dt.date,
    topic: str,
    facilitator: str = "",
    online: bool = False,
) -> PregnancyClass:
    """Schedule a session of a puskesmas's pregnant-women class."""
    if unit.kind != unit_kinds.PUSKESMAS:
        raise ValidationError({"unit": _("Choose a puskesmas.")})
    topic = " ".join(topic.split())
    if not topic:
        raise ValidationError({"topic": _("Enter the topic.")})
    session = PregnancyClass.objects.create(
        region_id=unit.region_id,
        location_id=unit.location_id,
        unit=unit,
        held_on=held_on,
        topic=topic,
        facilitator=facilitator.strip(),
        online=online,
        created_by=actor if actor and actor.pk else None,
    )
    audit.record(actor=actor, action="pregnancy_class.create", instance=session)
    return session


def _in_area(session: PregnancyClass, mother: Mother) -> bool:
    """Whether a mother is registered at a posyandu under the class's puskesmas."""
    return mother.unit.path.startswith(session.unit.path)


@transaction.atomic
def class_attendance_set(
    *, actor: User | None, session: PregnancyClass, mothers: Iterable[Mother]
) -> set[int]:
    """Record exactly which mothers attended a session (re-saving replaces the list)."""
    chosen = {m.pk: m for m in mothers}
    outside = [m.name for m in chosen.values() if not _in_area(session, m)]
    if outside:
        raise ValidationError(
            {"mothers": _("Not in this puskesmas area: %(names)s.") % {"names": ", ".join(outside)}}
        )
    present = set(session.attendance.values_list("mother_id", flat=True))
    session.attendance.exclude(mother_id__in=chosen).delete()
    ClassAttendance.objects.bulk_create(
        [ClassAttendance(session=session, mother_id=pk) for pk in chosen if pk not in present]
    )
    audit.record(
        actor=actor,
        action="pregnancy_class.attendance",
        instance=session,
        before={"attendance": sorted(present)},
        after={"attendance": sorted(chosen)},
    )
    return set(chosen)


@transaction.atomic
def facility_profile_save(*, actor: User | None, unit: Unit, whatsapp_url: str) -> FacilityProfile:
    """Publish (or clear) the WhatsApp group link of a posyandu or puskesmas."""
    if unit.kind not in {unit_kinds.POSYANDU, unit_kinds.PUSKESMAS}:
        raise ValidationError({"unit": _("Choose a posyandu or a puskesmas.")})
    profile, _created = FacilityProfile.objects.get_or_create(unit=unit)
    return update_audited(
        profile,
        actor=actor,
        action="facility_profile.save",
        clean=True,
        whatsapp_url=whatsapp_url.strip(),
    )
