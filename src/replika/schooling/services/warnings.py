"""Early warning: schools report enrolled pupils at risk; a pupil who drops out becomes a case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import Unit, User, snapshot
from replika.schooling import unit_kinds
from replika.schooling.models import (
    AtsType,
    Case,
    EarlyWarning,
    SchoolLevel,
    Sex,
    Source,
    WarningStatus,
)
from replika.schooling.rules import identity, placement, warning
from replika.schooling.services.cases import ChildIn, case_report
from replika.schooling.services.common import conflict_error, save_new, today
from replika.schooling.settings_schema import settings_for


@transaction.atomic
def warning_report(
    *,
    actor: User | None,
    school: Unit,
    name: str,
    sex: int,
    birth_date: dt.date,
    level: str,
    grade: int,
    attendance: Decimal | None,
    repeated_grades: int = 0,
    nisn: str = "",
    dtks: bool = False,
    kip: bool = False,
    pkh: bool = False,
    works_or_married: bool = False,
    note: str = "",
) -> EarlyWarning:
    """Report an enrolled pupil at risk; the score and risk level come from the pure rule."""
    errors: dict[str, str] = {}
    name = " ".join(name.split())
    if school.kind not in unit_kinds.PLACE_KINDS:
        errors["school"] = _("Choose a school.")
    if not name:
        errors["name"] = _("Enter the pupil's name.")
    if sex not in Sex.values:
        errors["sex"] = _("Choose boy or girl.")
    if birth_date > today():
        errors["birth_date"] = _("The birth date cannot be in the future.")
    if level not in SchoolLevel.values:
        errors["level"] = _("Choose SD, SMP or SMA.")
    elif placement.grade_problem(level, grade):
        errors["grade"] = _("This grade does not belong to the level.")
    if attendance is not None and not Decimal(0) <= attendance <= Decimal(100):
        errors["attendance"] = _("Attendance is a percentage between 0 and 100.")
    if not 0 <= repeated_grades <= 6:
        errors["repeated_grades"] = _("Between 0 and 6 grades.")
    if nisn and not (len(nisn) == 10 and nisn.isdigit()):
        errors["nisn"] = _("The NISN must be 10 digits.")
    if errors:
        raise ValidationError(errors)
    score = warning.warning_score(
        attendance=None if attendance is None else float(attendance),
        threshold=settings_for(school.region).attendance_threshold,
        repeated_grades=repeated_grades,
        poverty_flags=int(dtks) + int(kip) + int(pkh),
        works_or_married=works_or_married,
    )
    row = EarlyWarning(
        region_id=school.region_id,
        location_id=school.location_id,
        school=school,
        name=name,
        name_key=identity.name_key(name),
        nisn=nisn,
        sex=sex,
        birth_date=birth_date,
        level=level,
        grade=grade,
        attendance=attendance,
        repeated_grades=repeated_grades,
        dtks=dtks,
        kip=kip,
        pkh=pkh,
        works_or_married=works_or_married,
        score=score,
        risk=warning.warning_level(score),
        reported_on=today(),
        note=" ".join(note.split())[:255],
        created_by=actor if actor is not None and actor.pk else None,
    )
    if EarlyWarning.objects.filter(
        school=school, name_key=row.name_key, birth_date=birth_date, status=WarningStatus.OPEN
    ).exists():
        raise ValidationError({"name": _("This pupil already has an open warning.")})
    try:
        save_new(row)
    except ValidationError:
        raise conflict_error() from None
    audit.record(actor=actor, action="schooling.warning.report", instance=row)
    return row


@transaction.atomic
def warning_decide(
    *, actor: User | None, warning_row: EarlyWarning, status: str, note: str = ""
) -> EarlyWarning:
    """Follow up, resolve, or record that the pupil dropped out — which opens a case."""
    row = EarlyWarning.objects.select_for_update().get(pk=warning_row.pk)
    if row.status in (WarningStatus.DROPPED, WarningStatus.RESOLVED):
        raise ValidationError(_("This warning is already closed."))
    if status not in WarningStatus.values or status == WarningStatus.OPEN:
        raise ValidationError({"status": _("Choose what happened.")})
    before = snapshot(row)
    if status == WarningStatus.DROPPED:
        row.case = _case_from(actor, row)
    row.status = status
    if note:
        row.note = " ".join(note.split())[:255]
    row.save()
    audit.record(actor=actor, action="schooling.warning.decide", instance=row, before=before)
    return row


def _case_from(actor: User | None, row: EarlyWarning) -> Case:
    """The case of a pupil who dropped out, reported (and checked) by the school."""
    if row.school.location is None:
        raise ValidationError(_("The school has no nagari/kelurahan: set it first."))
    reasons = [code for code, _label in settings_for(row.region).reason_choices()]
    reason = "lainnya" if "lainnya" in reasons else reasons[-1]
    profile = getattr(row.school, "schooling_profile", None)
    return case_report(
        actor=actor,
        child=ChildIn(
            location=row.school.location,
            name=row.name,
            sex=row.sex,
            birth_date=row.birth_date,
            ats_type=AtsType.DROPOUT,
            reason=reason,
            source=Source.SCHOOL,
            nisn=row.nisn,
            last_school_npsn=profile.npsn if profile is not None else "",
            last_level=row.level,
            last_grade=row.grade,
            dtks=row.dtks,
            kip=row.kip,
            pkh=row.pkh,
        ),
    )
