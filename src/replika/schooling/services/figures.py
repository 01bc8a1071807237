"""Population and enrolment figures a region enters (or imports) for the BPS indicators."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import User, Wilayah, snapshot
from replika.schooling import rules
from replika.schooling.models import BANDS, EnrolmentFigure

COUNT_FIELDS = (
    "population",
    "pupils_at_level",
    "pupils_at_level_of_age",
    "of_age_in_school",
    "left",
    "ever_enrolled",
)
MAX_COUNT = 10_000_000


def _check(counts: dict[str, int]) -> None:
    """Refuse counts that contradict the BPS definitions, on the field at fault."""
    for key in COUNT_FIELDS:
        if not 0 <= counts[key] <= MAX_COUNT:
            raise ValidationError({key: _("Enter a whole number from 0 to 10,000,000.")})
    try:
        rules.enrolment_rates(
            population=counts["population"],
            pupils_at_level=counts["pupils_at_level"],
            pupils_at_level_of_age=counts["pupils_at_level_of_age"],
            of_age_in_school=counts["of_age_in_school"],
        )
    except ValueError as exc:
        field = str(exc).split(" ", 1)[0]
        key = field if field in COUNT_FIELDS else "pupils_at_level_of_age"
        raise ValidationError(
            {key: _("These counts contradict each other: %(why)s") % {"why": str(exc)}}
        ) from None
    if counts["left"] > counts["ever_enrolled"]:
        raise ValidationError({"left": _("Those who left cannot outnumber those ever enrolled.")})


@transaction.atomic
def figure_save(
    *, actor: User | None, wilayah: Wilayah, year: int, level: str, counts: dict[str, int]
) -> EnrolmentFigure:
    """Store (or correct) one band's figures for a kab/kota or kecamatan and year."""
    errors: dict[str, str] = {}
    if wilayah.level not in (Wilayah.REGION, Wilayah.DISTRICT):
        errors["wilayah"] = _("Choose a regency/city or a district.")
    if not 2000 <= year <= 2100:
        errors["year"] = _("Enter a year from 2000 to 2100.")
    if level not in {code for code, _band in BANDS}:
        errors["level"] = _("Choose SD, SMP or SM.")
    if errors:
        raise ValidationError(errors)
    _check(counts)
    region = wilayah if wilayah.level == Wilayah.REGION else wilayah.parent
    if region is None:
        raise ValidationError({"wilayah": _("Choose a regency/city or a district.")})
    existing = EnrolmentFigure.objects.filter(wilayah=wilayah, year=year, level=level).first()
    before = snapshot(existing) if existing is not None else {}
    row, _created = EnrolmentFigure.objects.update_or_create(
        wilayah=wilayah,
        year=year,
        level=level,
        defaults={
            "region": region,
            **counts,
            "updated_by": actor if actor is not None and actor.pk else None,
        },
    )
    audit.record(actor=actor, action="schooling.figure.save", instance=row, before=before)
    return row
