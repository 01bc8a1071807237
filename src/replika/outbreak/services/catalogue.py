"""A region adopts diseases from the province list and adapts them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from replika.core.models import User, Wilayah
from replika.outbreak.models import Case, ClassificationChange, Disease
from replika.outbreak.rules import catalogue
from replika.outbreak.services.common import create_audited, save_audited

ADAPTABLE = (
    "name",
    "contact_before",
    "contact_after",
    "follow_up_days",
    "isolation_days",
    "symptom_free_days",
    "skdr_code",
    "weekly_threshold",
    "nik_required",
    "active",
    "classifications",
)
_LIMITS = {
    "contact_before": 30,
    "contact_after": 60,
    "follow_up_days": 60,
    "isolation_days": 60,
    "symptom_free_days": 30,
}


@transaction.atomic
def disease_adopt(*, actor: User | None, region: Wilayah, code: str) -> Disease:
    """Copy a disease of the province list into a region's catalogue (again: the same row)."""
    found = Disease.objects.filter(region=region, code=code).first()
    if found is not None:
        return found
    entry = catalogue.template(code)
    if entry is None:
        raise ValidationError({"code": _("This disease is not on the province list.")})
    if region.level != Wilayah.REGION:
        raise ValidationError({"region": _("Choose a regency or city.")})
    disease = Disease(
        region=region,
        code=entry.code,
        name=entry.name,
        classifications=[list(pair) for pair in entry.classifications],
        counted=list(entry.counted),
        contact_before=entry.contact_before,
        contact_after=entry.contact_after,
        follow_up_days=entry.follow_up_days,
        isolation_days=entry.isolation_days,
        symptom_free_days=entry.symptom_free_days,
        skdr_code=entry.skdr_code,
        weekly_threshold=entry.weekly_threshold,
        nik_required=entry.nik_required,
        serial_interval=list(entry.serial_interval),
    )
    create_audited(disease, actor=actor, action="outbreak.disease.adopt")
    return disease


@transaction.atomic
def disease_adapt(*, actor: User | None, disease: Disease, **changes: Any) -> Disease:
    """Change what a region may adapt of a disease (windows, follow-up, threshold, NIK)."""
    unknown = set(changes) - set(ADAPTABLE)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("This field cannot be changed.")})
    for key, high in _LIMITS.items():
        value = changes.get(key)
        if value is not None and not 0 <= int(value) <= high:
            raise ValidationError(
                {key: _("Enter a number of days from 0 to %(high)s.") % {"high": high}}
            )
    if "name" in changes and not str(changes["name"]).strip():
        raise ValidationError({"name": _("Enter the disease's name.")})
    if "classifications" in changes:
        changes["classifications"], changes["counted"] = _classifications(
            disease, list(changes["classifications"])
        )
    save_audited(disease, actor=actor, action="outbreak.disease.adapt", **changes)
    return disease


def _classifications(disease: Disease, codes: list[str]) -> tuple[list[list[str]], list[str]]:
    """The classifications a region keeps, chosen from the province list of the disease, in
    the province's order, with the ones that count as cases; none in use may be dropped."""
    entry = catalogue.template(disease.code)
    province = (
        [list(pair) for pair in entry.classifications]
        if entry
        else [list(pair) for pair in disease.classifications]
    )
    province_counted = list(entry.counted) if entry else list(disease.counted)
    known = {code for code, _label in province}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            {
                "classifications": _("%(code)s is not on the province list for this disease.")
                % {"code": unknown[0]}
            }
        )
    if not codes:
        raise ValidationError({"classifications": _("Keep at least one classification.")})
    labels = dict(disease.classifications)
    kept = [[code, labels.get(code, label)] for code, label in province if code in codes]
    counted = [code for code in province_counted if code in codes]
    if not counted:
        names = ", ".join(label for code, label in province if code in province_counted)
        raise ValidationError(
            {
                "classifications": _(
                    "Keep at least one classification that counts as a case (%(names)s)."
                )
                % {"names": names}
            }
        )
    dropped = set(disease.classification_codes) - set(codes)
    if dropped:
        in_use = set(
            Case.objects.filter(disease=disease, classification__in=dropped).values_list(
                "classification", flat=True
            )
        ) | set(
            ClassificationChange.objects.filter(
                case__disease=disease, classification__in=dropped
            ).values_list("classification", flat=True)
        )
        if in_use:
            names = ", ".join(disease.classification_label(code) for code in sorted(in_use))
            raise ValidationError(
                {
                    "classifications": _(
                        "%(names)s cannot be dropped: cases of this region use it."
                    )
                    % {"names": names}
                }
            )
    return kept, counted
