"""Registers: children, mothers and pregnancies, adolescent girls, facility profiles."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.audit import FieldClasses
from replika.core.models import Unit, User
from replika.nutrition.models.base import Placed, through
from replika.nutrition.permissions import VIEW_PERSONAL, VIEW_REGISTER


class Sex(models.IntegerChoices):
    MALE = 1, _("Boy")
    FEMALE = 2, _("Girl")


class FacilityProfile(models.Model):
    """What a posyandu or puskesmas publishes about itself."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="nutrition_profile")
    whatsapp_url = models.URLField(_("WhatsApp group link"), blank=True)
    meeting_day = models.PositiveSmallIntegerField(
        _("posyandu day of the month"), null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)

    def __str__(self) -> str:
        return str(self.unit)


class Mother(Placed):
    """A mother (or pregnant woman) known to a posyandu."""

    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    no_kk = models.CharField(_("family card number"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False, db_index=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    personal_fields: ClassVar = ("nik", "no_kk", "phone", "address")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("nik", "no_kk", "name", "name_key", "birth_date", "phone", "address"),
    )

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("mother")
        verbose_name_plural = _("mothers")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["nik"], condition=~models.Q(nik=""), name="nutrition_mother_nik_unique"
            ),
            # Without a NIK, one mother per name and birth date at a posyandu (parallel
            # registrations of the same woman must not make two).
            models.UniqueConstraint(
                fields=["unit", "name_key", "birth_date"],
                condition=models.Q(nik=""),
                name="nutrition_mother_without_nik_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Child(Placed):
    """A child under five registered at a posyandu (the e-PPGBM base fields)."""

    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    no_kk = models.CharField(_("family card number"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False)
    sex = models.PositiveSmallIntegerField(_("sex"), choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    birth_order = models.PositiveSmallIntegerField(_("child number"), null=True, blank=True)
    birth_weight = models.DecimalField(
        _("birth weight (kg)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    birth_length = models.DecimalField(
        _("birth length (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    mother = models.ForeignKey(
        Mother, on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    mother_name = models.CharField(_("mother's name"), max_length=120, blank=True)
    mother_key = models.CharField(max_length=120, editable=False, blank=True)
    mother_nik = models.CharField(_("mother's NIK"), max_length=16, blank=True)
    father_nik = models.CharField(_("father's NIK"), max_length=16, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    has_kia_book = models.BooleanField(_("has a KIA/KMS book"), default=True)
    active = models.BooleanField(_("active"), default=True)
    exit_reason = models.CharField(_("reason for leaving"), max_length=120, blank=True)
    # The import that last created or changed this child (none when registered by hand).
    import_run = models.ForeignKey(
        "core.ImportRun",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    personal_fields: ClassVar = ("nik", "no_kk", "mother_nik", "father_nik", "address")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=(
            "nik",
            "no_kk",
            "name",
            "name_key",
            "sex",
            "birth_date",
            "birth_order",
            "mother",
            "mother_name",
            "mother_key",
            "mother_nik",
            "father_nik",
            "address",
        ),
        health=("birth_weight", "birth_length", "exit_reason"),
    )

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["nik"], condition=~models.Q(nik=""), name="nutrition_child_nik_unique"
            ),
            # Without a NIK, one child per name, birth date and mother's name at a posyandu.
            models.UniqueConstraint(
                fields=["unit", "name_key", "birth_date", "mother_key"],
                condition=models.Q(nik=""),
                name="nutrition_child_without_nik_unique",
            ),
        ]
        indexes: ClassVar = [
            # Duplicate detection without NIK: same name, birth date and mother in a region.
            models.Index(fields=["region", "name_key", "birth_date"]),
            models.Index(fields=["unit", "active"]),
        ]

    def __str__(self) -> str:
        return self.name


class PregnancyStatus(models.TextChoices):
    ACTIVE = "active", _("Pregnant")
    DELIVERED = "delivered", _("Delivered")
    ENDED = "ended", _("Ended otherwise")


class Pregnancy(Placed):
    """One pregnancy, followed through antenatal visits."""

    mother = models.ForeignKey(Mother, on_delete=models.CASCADE, related_name="pregnancies")
    last_period = models.DateField(_("first day of last period (HPHT)"), null=True, blank=True)
    due_date = models.DateField(_("expected delivery date"), null=True, blank=True)
    gravida = models.PositiveSmallIntegerField(_("pregnancy number"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PregnancyStatus.choices, default=PregnancyStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("mother",),
        health=("last_period", "due_date", "gravida", "status", "ended_on"),
    )

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("pregnancy")
        verbose_name_plural = _("pregnancies")

    def __str__(self) -> str:
        return f"{self.mother} ({self.get_status_display()})"


class PregnancyVisit(models.Model):
    """An antenatal visit: LiLA (KEK), haemoglobin (anaemia), iron tablets (TTD)."""

    pregnancy = models.ForeignKey(Pregnancy, on_delete=models.CASCADE, related_name="visits")
    visit_date = models.DateField(_("visit date"))
    weight = models.DecimalField(
        _("weight (kg)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    lila_cm = models.DecimalField(
        _("upper-arm circumference, LiLA (cm)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    hb_g_dl = models.DecimalField(
        _("haemoglobin (g/dL)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    ttd_tablets = models.PositiveSmallIntegerField(_("iron tablets given"), default=0)
    kek = models.BooleanField(_("KEK"), default=False)
    anaemia = models.BooleanField(_("anaemia"), default=False)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    tenant = through("pregnancy")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("pregnancy",),
        health=("weight", "lila_cm", "hb_g_dl", "ttd_tablets", "kek", "anaemia"),
    )

    class Meta:
        ordering: ClassVar = ["visit_date"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["pregnancy", "visit_date"], name="nutrition_one_visit_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pregnancy} {self.visit_date}"


class AdolescentGirl(Placed):
    """An adolescent girl followed for iron tablets and anaemia screening."""

    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=120)
    name_key = models.CharField(max_length=120, editable=False)
    birth_date = models.DateField(_("birth date"))
    school = models.CharField(_("school"), max_length=160, blank=True)

    personal_fields: ClassVar = ("nik",)

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("nik", "name", "name_key", "birth_date", "school"),
    )

    class Meta:
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["nik"], condition=~models.Q(nik=""), name="nutrition_girl_nik_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class AdolescentScreening(models.Model):
    """One screening of an adolescent girl: haemoglobin and weekly iron tablets."""

    girl = models.ForeignKey(AdolescentGirl, on_delete=models.CASCADE, related_name="screenings")
    screened_on = models.DateField(_("date"))
    hb_g_dl = models.DecimalField(
        _("haemoglobin (g/dL)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    anaemia = models.BooleanField(_("anaemia"), default=False)
    ttd_tablets = models.PositiveSmallIntegerField(_("iron tablets given"), default=0)
    weight = models.DecimalField(
        _("weight (kg)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    height = models.DecimalField(
        _("height (cm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    lila_cm = models.DecimalField(
        _("upper-arm circumference, LiLA (cm)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
    )
    kek = models.BooleanField(_("KEK"), default=False)
    age_months = models.PositiveSmallIntegerField(_("age (months)"), null=True, blank=True)
    # WHO Growth Reference 2007: BMI-for-age (IMT/U) and height-for-age (TB/U) with the
    # Permenkes 2/2020 categories for 5-18 years.
    zbfa = models.FloatField(null=True, blank=True)
    zhfa = models.FloatField(null=True, blank=True)
    cat_zbfa = models.CharField(max_length=20, blank=True, default="")
    cat_zhfa = models.CharField(max_length=20, blank=True, default="")

    tenant = through("girl")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("girl",),
        health=(
            "hb_g_dl",
            "anaemia",
            "ttd_tablets",
            "weight",
            "height",
            "lila_cm",
            "kek",
            "age_months",
            "zbfa",
            "zhfa",
            "cat_zbfa",
            "cat_zhfa",
        ),
    )

    class Meta:
        ordering: ClassVar = ["screened_on"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["girl", "screened_on"], name="nutrition_one_screening_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.girl} {self.screened_on}"
