"""Cases with their classification history, lab tests and transfers; clusters."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.audit import FieldClasses
from replika.core.models import Unit, User, Wilayah
from replika.outbreak.models.base import PLACED, REGIONAL, through
from replika.outbreak.models.catalogue import Disease
from replika.outbreak.permissions import VIEW_CASE, VIEW_PERSONAL
from replika.outbreak.rules import catalogue as lifecycle


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class CaseStatus(models.TextChoices):
    DRAFT = lifecycle.DRAFT, _("Draft")
    PENDING = lifecycle.PENDING, _("Pending verification")
    VERIFIED = lifecycle.VERIFIED, _("Verified")
    DECLINED = lifecycle.DECLINED, _("Declined")


class Outcome(models.TextChoices):
    OPEN = lifecycle.OPEN, _("Under care")
    RECOVERED = lifecycle.RECOVERED, _("Recovered / isolation ended")
    DIED = lifecycle.DIED, _("Died")
    DISCARDED = lifecycle.DISCARDED, _("Discarded")


class PlaceOfCare(models.TextChoices):
    HOME = "rumah", _("Home isolation")
    HOSPITAL = "rs", _("Hospital")
    FACILITY = "faskes", _("Isolation facility")
    NONE = "", _("Not in care")


class Cluster(models.Model):
    """A group of linked cases (a household, an office, a school, an event)."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    disease = models.ForeignKey(Disease, on_delete=models.PROTECT, related_name="clusters")
    name = models.CharField(_("name"), max_length=120)
    setting = models.CharField(_("setting"), max_length=60, blank=True)
    opened_on = models.DateField(_("opened on"))
    notes = models.TextField(_("notes"), blank=True)

    tenant = REGIONAL

    class Meta:
        ordering: ClassVar = ["-opened_on", "name"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["region", "disease", "name"], name="outbreak_cluster_name_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    """A person reported with a disease at a facility (Pikobar's Case)."""

    region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The kecamatan of the address: the map and the public figures go no lower.
    district = models.ForeignKey(
        Wilayah, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    disease = models.ForeignKey(Disease, on_delete=models.PROTECT, related_name="cases")
    disease_code = models.CharField(max_length=20, editable=False)
    code = models.CharField(_("case code"), max_length=40, unique=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=120)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    occupation = models.CharField(_("occupation"), max_length=80, blank=True)
    reported_on = models.DateField(_("report date"))
    onset_date = models.DateField(_("symptom onset"), null=True, blank=True)
    symptoms = models.CharField(_("symptoms"), max_length=255, blank=True)
    symptoms_end = models.DateField(_("symptoms ended"), null=True, blank=True)
    comorbidities = models.CharField(_("comorbidities"), max_length=255, blank=True)
    exposure = models.CharField(_("exposure / travel history"), max_length=255, blank=True)
    place_of_care = models.CharField(
        _("place of care"), max_length=10, choices=PlaceOfCare.choices, blank=True
    )
    classification = models.CharField(_("classification"), max_length=30)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(_("reason declined"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, blank=True)
    outcome_date = models.DateField(_("outcome date"), null=True, blank=True)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases"
    )
    # The contact this case was before it fell ill (the chain of transmission).
    source_contact = models.OneToOneField(
        "outbreak.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="as_case",
    )
    import_run = models.ForeignKey(
        "core.ImportRun", null=True, blank=True, editable=False, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    tenant = PLACED
    personal_fields: ClassVar = ("nik", "phone", "address", "birth_date")
    privacy: ClassVar = FieldClasses(
        read=VIEW_CASE,
        personal=VIEW_PERSONAL,
        identifying=("nik", "name", "birth_date", "phone", "address", "occupation"),
        health=("symptoms", "comorbidities", "exposure", "onset_date", "symptoms_end"),
    )

    class Meta:
        ordering: ClassVar = ["-reported_on", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes: ClassVar = [
            models.Index(fields=["region", "disease_code", "status"]),
            models.Index(fields=["unit", "status"]),
        ]
        constraints: ClassVar = [
            # One open case per person and disease in the whole province (a re-infection is
            # a new case once the first has an outcome).
            models.UniqueConstraint(
                fields=["disease_code", "nik"],
                condition=~models.Q(nik="") & models.Q(outcome="") & ~models.Q(status="declined"),
                name="outbreak_case_open_once_per_nik",
            ),
            models.CheckConstraint(
                condition=models.Q(onset_date__isnull=True)
                | models.Q(symptoms_end__isnull=True)
                | models.Q(symptoms_end__gte=models.F("onset_date")),
                name="outbreak_case_symptoms_end_after_onset",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_counted(self) -> bool:
        """Whether the case counts in the figures (verified, with a counted classification)."""
        return self.status == CaseStatus.VERIFIED and self.classification in self.disease.counted


class ClassificationChange(models.Model):
    """One step of a case's classification history (Pikobar's History)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")
    classification = models.CharField(max_length=30)
    on = models.DateField()
    note = models.CharField(max_length=255, blank=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    tenant = through("case")

    class Meta:
        ordering: ClassVar = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.classification}"


class TestResult(models.TextChoices):
    PENDING = "pending", _("Waiting for result")
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")
    INVALID = "invalid", _("Invalid")


class LabTest(models.Model):
    """A specimen and its result (Go.Data's labResult)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tests")
    specimen_type = models.CharField(_("specimen"), max_length=40)
    specimen_date = models.DateField(_("specimen date"))
    lab = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    method = models.CharField(_("method"), max_length=40)
    result_date = models.DateField(_("result date"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=TestResult.choices, default=TestResult.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    tenant = through("case")

    class Meta:
        ordering: ClassVar = ["specimen_date", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(result_date__isnull=True)
                | models.Q(result_date__gte=models.F("specimen_date")),
                name="outbreak_labtest_result_after_specimen",
            )
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.specimen_date}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Pending transfer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class CaseTransfer(models.Model):
    """A case offered by one facility (or region) to another, with a comment.

    The case stays where it is (and who may see it does not change) until the receiving
    side accepts; a declined transfer leaves it where it was.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    from_region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    to_region = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    comment = models.CharField(_("comment"), max_length=255)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TransferStatus.choices,
        default=TransferStatus.PENDING,
        db_index=True,
    )
    answer = models.CharField(_("answer"), max_length=255, blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    tenant = through("case")

    class Meta:
        ordering: ClassVar = ["at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="pending"),
                name="outbreak_one_pending_transfer_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_unit_id} → {self.to_unit_id}"
