"""The case register: a child out of school, its timeline, attendance, support and warnings."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.audit import FieldClasses
from replika.core.models import Unit, User, Wilayah
from replika.core.tenancy import Tenant
from replika.schooling.models.base import MODULE, Level, SchoolLevel, Sex, through
from replika.schooling.permissions import VIEW_PERSONAL, VIEW_REGISTER
from replika.schooling.rules import CaseStatus, CloseReason


class AtsType(models.TextChoices):
    NEVER = "never", _("Never enrolled")
    DROPOUT = "do", _("Dropped out (DO)")
    LTM = "ltm", _("Finished a level, did not continue (LTM)")


class Source(models.TextChoices):
    SURVEY = "survey", _("Field survey")
    SCHOOL = "school", _("School report")
    CITIZEN = "citizen", _("Citizen report")
    ATS = "ats", _("Kemendikbud ATS list")
    SIPBM = "sipbm", _("SIPBM")
    P3KE = "p3ke", _("P3KE/DTKS import")


class Status(models.TextChoices):
    REPORTED = CaseStatus.REPORTED.value, _("Reported")
    VERIFIED = CaseStatus.VERIFIED.value, _("Verified")
    ASSESSED = CaseStatus.ASSESSED.value, _("Assessed")
    PLACED = CaseStatus.PLACED.value, _("Placed")
    ATTENDING = CaseStatus.ATTENDING.value, _("Attending")
    COMPLETED = CaseStatus.COMPLETED.value, _("Completed")
    CLOSED = CaseStatus.CLOSED.value, _("Closed")


class CloseWhy(models.TextChoices):
    MOVED_AWAY = CloseReason.MOVED_AWAY.value, _("Moved away")
    REFUSED = CloseReason.REFUSED.value, _("Refused")
    OVER_AGE = CloseReason.OVER_AGE.value, _("Over age")
    NOT_FOUND = CloseReason.NOT_FOUND.value, _("Not found")


class Route(models.TextChoices):
    FILIAL = "filial", _("Filial class")
    REGULAR = "regular", _("Back to a regular school")
    KESETARAAN = "kesetaraan", _("Equivalency package (Paket A/B/C)")


# Cases whose child is placed somewhere (a place is then required).
WITH_PLACE = (Status.PLACED, Status.ATTENDING, Status.COMPLETED)


class Case(models.Model):
    """One child out of school, from the report to completion (or closing)."""

    region = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    location = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", verbose_name=_("nagari/kelurahan")
    )
    place = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("learning place"),
    )
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    no_kk = models.CharField(_("family card number"), max_length=16, blank=True)
    nisn = models.CharField(_("NISN"), max_length=10, blank=True)
    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False)
    sex = models.PositiveSmallIntegerField(_("sex"), choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    guardian_name = models.CharField(_("guardian's name"), max_length=120, blank=True)
    guardian_key = models.CharField(max_length=120, editable=False, blank=True)
    guardian_phone = models.CharField(_("guardian's phone"), max_length=20, blank=True)
    ats_type = models.CharField(_("out-of-school type"), max_length=5, choices=AtsType.choices)
    last_school_npsn = models.CharField(_("last school (NPSN)"), max_length=8, blank=True)
    last_level = models.CharField(
        _("last level"), max_length=4, choices=SchoolLevel.choices, blank=True
    )
    last_grade = models.PositiveSmallIntegerField(_("last grade"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=30)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    dtks = models.BooleanField(_("in DTKS"), default=False)
    kip = models.BooleanField(_("holds KIP"), default=False)
    pkh = models.BooleanField(_("receives PKH"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REPORTED
    )
    residu = models.BooleanField(_("cannot be located (residu)"), default=False)
    school_checked_on = models.DateField(_("checked by the school on"), null=True, blank=True)
    route = models.CharField(_("route"), max_length=10, choices=Route.choices, blank=True)
    target_level = models.CharField(
        _("level to place at"), max_length=8, choices=Level.choices, blank=True
    )
    at_risk = models.BooleanField(_("at risk of dropping out again"), default=False)
    times_at_risk = models.PositiveSmallIntegerField(default=0)
    close_reason = models.CharField(
        _("reason for closing"), max_length=12, choices=CloseWhy.choices, blank=True
    )
    certificate = models.CharField(_("certificate"), max_length=120, blank=True)
    next_level = models.CharField(
        _("continues at"), max_length=8, choices=Level.choices, blank=True
    )
    reported_on = models.DateField(_("reported on"))
    verified_on = models.DateField(null=True, blank=True)
    assessed_on = models.DateField(null=True, blank=True)
    placed_on = models.DateField(null=True, blank=True)
    attending_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    import_run = models.ForeignKey(
        "core.ImportRun",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        # Indexed with the id below: an import chunk finds the cases it just created.
        db_index=False,
    )
    # The id the field survey's outbox gave the report on the phone: a report sent again
    # (offline, then the answer lost) finds its case instead of writing a second one.
    entry_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    tenant = Tenant(region="region", location="location", unit_path="place__path", module=MODULE)

    personal_fields: ClassVar = ("nik", "no_kk", "nisn", "guardian_phone", "address", "rt", "rw")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=(
            "nik",
            "no_kk",
            "nisn",
            "name",
            "name_key",
            "sex",
            "birth_date",
            "address",
            "rt",
            "rw",
            "guardian_name",
            "guardian_key",
            "guardian_phone",
        ),
        health=("reason", "dtks", "kip", "pkh"),
    )

    class Meta:
        ordering: ClassVar = ["-reported_on", "pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["nik"], condition=~models.Q(nik=""), name="schooling_case_nik_unique"
            ),
            # Without a NIK, one child per name, birth date and guardian in a region.
            models.UniqueConstraint(
                fields=["region", "name_key", "birth_date", "guardian_key"],
                condition=models.Q(nik=""),
                name="schooling_case_without_nik_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="schooling_case_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=[s.value for s in WITH_PLACE])
                | models.Q(place__isnull=False),
                name="schooling_case_placed_has_place",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=Status.CLOSED) | ~models.Q(close_reason=""),
                name="schooling_case_closed_has_reason",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["region", "status"]),
            # Name first: an import looks a chunk's names up with one probe each, whatever
            # the table's statistics (stale while it grows) say about its regions.
            models.Index(fields=["name_key", "birth_date"], name="schooling_case_name_idx"),
            models.Index(fields=["no_kk"]),
            # An import's chunk finds the cases it created: this run's, above an id.
            models.Index(fields=["import_run", "id"], name="schooling_case_run_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class EventKind(models.TextChoices):
    STATUS = "status", _("Status")
    RESIDU = "residu", _("Residu")
    RISK = "risk", _("At risk")
    ATTENDANCE = "attendance", _("Attendance")
    SUPPORT = "support", _("Support")
    EDIT = "edit", _("Corrected")
    IMPORT = "import", _("Corrected by an import")


# Events whose note lists the case fields changed (codes, shown with their labels).
CORRECTIONS = (EventKind.EDIT, EventKind.IMPORT)


class CaseEvent(models.Model):
    """One dated, attributed step on a child's timeline."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant = through("case")

    class Meta:
        ordering: ClassVar = ["on", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.on}"

    def changed_labels(self) -> str:
        """A correction's changed fields by their labels, in the reader's language.

        The note keeps field codes, not labels, so that the timeline reads in whichever
        language the page is served, and never holds the values (a NIK, a phone)."""
        if self.kind not in CORRECTIONS:
            return self.note
        return ", ".join(field_label(code.strip()) for code in self.note.split(","))


def field_label(name: str) -> str:
    """A case field's label in the reader's language (the name itself if there is none)."""
    try:
        found = Case._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(found, "verbose_name", name))


class Attendance(models.Model):
    """A placed child's attendance in one month (one row per child and month)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attendance")
    place = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    school_days = models.PositiveSmallIntegerField(_("school days"))
    days_present = models.PositiveSmallIntegerField(_("days present"))
    stopped_coming = models.BooleanField(_("stopped coming"), default=False)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    at_risk = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    tenant = through("case")

    class Meta:
        ordering: ClassVar = ["-month"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["case", "month"], name="schooling_attendance_unique"),
            models.CheckConstraint(
                condition=models.Q(days_present__lte=models.F("school_days")),
                name="schooling_attendance_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.month:%Y-%m}"


class SupportGiven(models.Model):
    """An item of the support catalogue given to a child."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="support")
    place = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True)
    item = models.CharField(_("item"), max_length=30)
    item_label = models.CharField(max_length=120)
    quantity = models.PositiveSmallIntegerField(_("quantity"))
    unit_cost = models.DecimalField(_("cost per unit (Rp)"), max_digits=12, decimal_places=0)
    cost = models.DecimalField(_("cost (Rp)"), max_digits=14, decimal_places=0)
    given_on = models.DateField(_("given on"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant = through("case")

    class Meta:
        ordering: ClassVar = ["-given_on", "pk"]
        verbose_name = _("support given")
        verbose_name_plural = _("support given")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="schooling_support_quantity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_label} × {self.quantity}"


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FOLLOWED = "followed", _("Followed up")
    DROPPED = "dropped", _("Dropped out (case opened)")
    RESOLVED = "resolved", _("Back on track")


class EarlyWarning(models.Model):
    """An enrolled pupil a school reports as at risk of dropping out."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    school = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("pupil's name"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False)
    nisn = models.CharField(_("NISN"), max_length=10, blank=True)
    sex = models.PositiveSmallIntegerField(_("sex"), choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    level = models.CharField(_("level"), max_length=4, choices=SchoolLevel.choices)
    grade = models.PositiveSmallIntegerField(_("grade"))
    attendance = models.DecimalField(
        _("attendance (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    repeated_grades = models.PositiveSmallIntegerField(_("grades repeated"), default=0)
    dtks = models.BooleanField(_("in DTKS"), default=False)
    kip = models.BooleanField(_("holds KIP"), default=False)
    pkh = models.BooleanField(_("receives PKH"), default=False)
    works_or_married = models.BooleanField(_("works or is married"), default=False)
    score = models.PositiveSmallIntegerField(default=0)
    risk = models.CharField(_("risk"), max_length=6)
    status = models.CharField(
        _("status"), max_length=10, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    reported_on = models.DateField(_("reported on"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    tenant = Tenant(region="region", location="location", unit_path="school__path", module=MODULE)

    personal_fields: ClassVar = ("nisn",)
    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("name", "name_key", "nisn", "sex", "birth_date"),
        health=("dtks", "kip", "pkh", "works_or_married"),
    )

    class Meta:
        ordering: ClassVar = ["-score", "-reported_on", "pk"]
        verbose_name = _("early warning")
        verbose_name_plural = _("early warnings")
        constraints: ClassVar = [
            # One open warning per pupil at a school.
            models.UniqueConstraint(
                fields=["school", "name_key", "birth_date"],
                condition=models.Q(status="open"),
                name="schooling_warning_open_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name
