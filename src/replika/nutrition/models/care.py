"""Follow-up: referrals to the puskesmas and the Rumah Gizi (community nutrition house)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from replika.core.audit import FieldClasses
from replika.core.models import Unit, User
from replika.nutrition.models.base import Placed, through
from replika.nutrition.models.measurements import Measurement
from replika.nutrition.models.registers import AdolescentGirl, Child, Pregnancy
from replika.nutrition.permissions import VIEW_PERSONAL, VIEW_REGISTER


class ReferralReason(models.TextChoices):
    TWO_T = "two_t", _("Weight did not go up twice (2T)")
    SEVERE_WASTING = "gizi_buruk", _("Gizi buruk (severe acute malnutrition)")
    WASTING = "gizi_kurang", _("Gizi kurang (moderate acute malnutrition)")
    BELOW_RED_LINE = "bgm", _("Below the red line (weight-for-age < −3)")
    NEWLY_STUNTED = "stunting_baru", _("Newly stunted")
    KEK = "kek", _("Chronic energy deficiency in pregnancy (KEK)")
    ANAEMIA = "anemia_hamil", _("Anaemia in pregnancy")
    KEK_GIRL = "kek_remaja", _("Chronic energy deficiency of an adolescent girl (KEK)")
    ANAEMIA_GIRL = "anemia_remaja", _("Anaemia of an adolescent girl")
    OTHER = "lainnya", _("Other")


class ReferralStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    EXAMINED = "examined", _("Examined")
    TREATED = "treated", _("Treated")
    RUMAH_GIZI = "rumah_gizi", _("Enrolled in Rumah Gizi")
    RECOVERED = "recovered", _("Recovered")
    IN_CARE = "in_care", _("Still in care")
    CLOSED = "closed", _("Closed")


# The statuses of a referral still being followed (the follow-up rules' OPEN, as stored).
OPEN_STATUSES = (
    ReferralStatus.REFERRED,
    ReferralStatus.EXAMINED,
    ReferralStatus.TREATED,
    ReferralStatus.RUMAH_GIZI,
    ReferralStatus.IN_CARE,
)


class Referral(Placed):
    """A child, a pregnant woman or an adolescent girl referred to the puskesmas, followed
    until recovery. One referral per visit: ``reason`` is its most urgent reason, ``reasons``
    lists every reason the visit raised."""

    child = models.ForeignKey(
        Child, on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    pregnancy = models.ForeignKey(
        Pregnancy, on_delete=models.CASCADE, null=True, blank=True, related_name="referrals"
    )
    girl = models.ForeignKey(
        AdolescentGirl,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="referrals",
    )
    measurement = models.ForeignKey(
        Measurement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReferralReason.choices)
    # Every reason of the visit, comma-separated codes, the most urgent first.
    reasons = models.CharField(_("reasons"), max_length=160, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.REFERRED
    )
    referred_on = models.DateField(_("referred on"), default=timezone.localdate)
    puskesmas = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("child", "pregnancy", "girl", "measurement"),
        health=("reason", "reasons", "notes"),
    )

    class Meta:
        ordering: ClassVar = ["-referred_on", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes: ClassVar = [models.Index(fields=["region", "status"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(child__isnull=False)
                | models.Q(pregnancy__isnull=False)
                | models.Q(girl__isnull=False),
                name="nutrition_referral_has_a_person",
            ),
            # One open referral per person and reason (the follow-up reuses the open one).
            models.UniqueConstraint(
                fields=["child", "reason"],
                condition=models.Q(child__isnull=False, status__in=OPEN_STATUSES),
                name="nutrition_one_open_referral_per_child",
            ),
            models.UniqueConstraint(
                fields=["pregnancy", "reason"],
                condition=models.Q(pregnancy__isnull=False, status__in=OPEN_STATUSES),
                name="nutrition_one_open_referral_per_pregnancy",
            ),
            models.UniqueConstraint(
                fields=["girl", "reason"],
                condition=models.Q(girl__isnull=False, status__in=OPEN_STATUSES),
                name="nutrition_one_open_referral_per_girl",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_reason_display()}"

    @property
    def person(self) -> Child | Pregnancy | AdolescentGirl | None:
        """Whoever is referred."""
        return self.child or self.pregnancy or self.girl

    @property
    def reason_codes(self) -> tuple[str, ...]:
        """Every reason of the referral (the main one alone for older rows)."""
        return tuple(code for code in self.reasons.split(",") if code) or (self.reason,)

    @property
    def reason_labels(self) -> list[str]:
        """The translated labels of every reason, the most urgent first."""
        labels = dict(ReferralReason.choices)
        return [str(labels.get(code, code)) for code in self.reason_codes]


class ReferralEvent(models.Model):
    """One step of a referral: its new status, when, by whom, with a note."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    on = models.DateField(default=timezone.localdate)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    tenant = through("referral")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("referral",),
        health=("note",),
    )

    class Meta:
        ordering: ClassVar = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id} → {self.status}"


class RumahGiziStatus(models.TextChoices):
    ACTIVE = "active", _("In the programme")
    GRADUATED = "graduated", _("Graduated")
    EXITED = "exited", _("Left")


class RumahGiziEnrolment(Placed):
    """A child fed and followed at a Rumah Gizi until weight-for-length is back to normal."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="enrolments")
    referral = models.ForeignKey(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolments"
    )
    rumah_gizi = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Rumah Gizi")
    )
    enrolled_on = models.DateField(_("enrolled on"))
    status = models.CharField(
        _("status"), max_length=10, choices=RumahGiziStatus.choices, default=RumahGiziStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    exit_reason = models.CharField(_("reason for leaving"), max_length=200, blank=True)
    # The criteria the child was admitted on ("bbtb", "lila", "edema"): discharge is judged
    # on them (rules.followup.discharge_ready).
    admitted_on = models.CharField(_("admitted on"), max_length=40, blank=True, default="")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("child", "referral"),
        health=("exit_reason",),
    )

    class Meta:
        ordering: ClassVar = ["-enrolled_on"]
        verbose_name = _("Rumah Gizi enrolment")
        verbose_name_plural = _("Rumah Gizi enrolments")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(status="active"),
                name="nutrition_one_active_enrolment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.child} @ {self.rumah_gizi}"


class FeedingDay(models.Model):
    """A day the child received supplementary feeding (PMT) at the Rumah Gizi."""

    enrolment = models.ForeignKey(
        RumahGiziEnrolment, on_delete=models.CASCADE, related_name="feeding_days"
    )
    day = models.DateField(_("day"))
    menu = models.CharField(_("menu"), max_length=200, blank=True)

    tenant = through("enrolment")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("enrolment",),
        health=("menu",),
    )

    class Meta:
        ordering: ClassVar = ["day"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["enrolment", "day"], name="nutrition_one_feeding_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.day}"


class WeeklyWeight(models.Model):
    """A weekly weighing at the Rumah Gizi, with its weight-for-length/height z-score."""

    enrolment = models.ForeignKey(
        RumahGiziEnrolment, on_delete=models.CASCADE, related_name="weights"
    )
    measured_on = models.DateField(_("measured on"))
    weight = models.DecimalField(_("weight (kg)"), max_digits=5, decimal_places=2)
    lenhei = models.DecimalField(_("length/height (cm)"), max_digits=5, decimal_places=1)
    armc = models.DecimalField(
        _("arm circumference (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    oedema = models.BooleanField(_("oedema"), default=False)
    zwfl = models.FloatField(null=True, blank=True)

    tenant = through("enrolment")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("enrolment",),
        health=("weight", "lenhei", "armc", "oedema", "zwfl"),
    )

    class Meta:
        ordering: ClassVar = ["measured_on"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["enrolment", "measured_on"], name="nutrition_one_weighing_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.measured_on}"
