"""Monthly posyandu measurements with their WHO z-scores and Permenkes categories."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from replika.core.audit import FieldClasses
from replika.nutrition.models.base import Placed, through
from replika.nutrition.models.registers import Child
from replika.nutrition.permissions import VIEW_PERSONAL, VIEW_REGISTER

# The columns computed from the WHO growth assessment: z-scores, flags and categories.
ZSCORE_FIELDS = (
    "zlen",
    "zwei",
    "zwfl",
    "zbmi",
    "zhc",
    "zac",
    "flen",
    "fwei",
    "fwfl",
    "fbmi",
    "cat_zlen",
    "cat_zwei",
    "cat_zwfl",
    "cat_zbmi",
)


class Measure(models.TextChoices):
    LYING = "l", _("lying (length)")
    STANDING = "h", _("standing (height)")
    UNKNOWN = "", _("not known")


class Growth(models.TextChoices):
    """SKDN growth against the minimum monthly weight gain (KBM)."""

    UP = "N", _("N — gained enough")
    NOT_UP = "T", _("T — did not gain enough")
    NEW = "B", _("B — first weighing")
    MISSED = "O", _("O — not weighed last month")
    UNKNOWN = "", _("unknown")


class Source(models.TextChoices):
    SESSION = "session", _("posyandu session")
    IMPORT = "import", _("import")
    API = "api", _("API")
    RUMAH_GIZI = "rumah_gizi", _("Rumah Gizi weighing")


class Measurement(Placed):
    """One child's measurement in one month; saving the month again updates it.

    ``period`` is the first day of the month. Region, location and unit are copied from
    the child at measurement time, so monthly summaries group without joins.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="measurements")
    period = models.DateField(_("month"))
    visit_date = models.DateField(_("measured on"))
    age_days = models.PositiveIntegerField(_("age (days)"))
    weight = models.DecimalField(
        _("weight (kg)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    lenhei = models.DecimalField(
        _("length/height (cm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    measure = models.CharField(
        _("position"), max_length=1, choices=Measure.choices, blank=True, default=""
    )
    oedema = models.BooleanField(_("oedema"), default=False)
    headc = models.DecimalField(
        _("head circumference (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    armc = models.DecimalField(
        _("arm circumference (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    zlen = models.FloatField(null=True, blank=True)
    zwei = models.FloatField(null=True, blank=True)
    zwfl = models.FloatField(null=True, blank=True)
    zbmi = models.FloatField(null=True, blank=True)
    zhc = models.FloatField(null=True, blank=True)
    zac = models.FloatField(null=True, blank=True)
    flen = models.BooleanField(default=False)
    fwei = models.BooleanField(default=False)
    fwfl = models.BooleanField(default=False)
    fbmi = models.BooleanField(default=False)
    cat_zlen = models.CharField(max_length=20, blank=True)
    cat_zwei = models.CharField(max_length=20, blank=True)
    cat_zwfl = models.CharField(max_length=20, blank=True)
    cat_zbmi = models.CharField(max_length=20, blank=True)
    # Gizi buruk / gizi kurang on every criterion (rules.acute) and the criteria that hold:
    # "bbtb" (weight-for-length/height z), "lila" (arm circumference), "edema" (oedema).
    cat_acute = models.CharField(_("acute malnutrition"), max_length=20, blank=True, default="")
    acute_reasons = models.CharField(_("because of"), max_length=40, blank=True, default="")
    growth = models.CharField(
        _("growth"), max_length=1, choices=Growth.choices, blank=True, default=""
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.SESSION
    )
    # Codes of the plausibility findings (rules.plausibility) the writer confirmed, with when:
    # an unusual value against the child's history is stored only with this confirmation.
    # A database default too: bulk writers that name their columns need not know this one.
    plausibility = models.CharField(
        _("confirmed unusual values"), max_length=120, blank=True, default="", db_default=""
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # The import that last created or changed this row (none when typed in or sent by API).
    import_run = models.ForeignKey(
        "core.ImportRun",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("child",),
        health=(
            "age_days",
            "weight",
            "lenhei",
            "measure",
            "oedema",
            "headc",
            "armc",
            *ZSCORE_FIELDS,
            "cat_acute",
            "acute_reasons",
            "growth",
            "plausibility",
        ),
    )

    class Meta:
        ordering: ClassVar = ["child", "period"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["child", "period"], name="nutrition_one_per_month")
        ]
        indexes: ClassVar = [
            models.Index(fields=["unit", "period"]),
            models.Index(fields=["region", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.period:%Y-%m}"

    @property
    def acute_reasons_list(self) -> list[str]:
        """The criteria of the gizi buruk / gizi kurang category ("bbtb", "lila", "edema")."""
        return [code for code in self.acute_reasons.split(",") if code]


class SessionEntry(models.Model):
    """One entry written from the session page, by the id the page made for it.

    The page's outbox may send an entry again (the answer was lost, the sync ran twice):
    the unique key makes the second sending find the first instead of writing again.
    """

    key = models.UUIDField(unique=True)
    measurement = models.ForeignKey(Measurement, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    tenant = through("measurement")

    privacy: ClassVar = FieldClasses(
        read=VIEW_REGISTER,
        personal=VIEW_PERSONAL,
        identifying=("measurement",),
    )

    class Meta:
        verbose_name = _("session entry")
        verbose_name_plural = _("session entries")

    def __str__(self) -> str:
        return str(self.key)
