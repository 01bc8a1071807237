"""Pregnancies, antenatal visits (KEK, anaemia, iron tablets), adolescent girls' screening."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from replika.core import audit
from replika.core.models import Unit, User, Wilayah, snapshot
from replika.nutrition import rules
from replika.nutrition.models import (
    AdolescentGirl,
    AdolescentScreening,
    Mother,
    Pregnancy,
    PregnancyStatus,
    PregnancyVisit,
    Referral,
)
from replika.nutrition.models.care import OPEN_STATUSES
from replika.nutrition.rules import adolescent, alerts
from replika.nutrition.services.care import new_referral, referrals_store
from replika.nutrition.services.checks import (
    WomanRegister,
    check_not_future,
    check_range,
    register_woman,
)
from replika.nutrition.services.duplicates import duplicates_refused
from replika.nutrition.services.followup import referrals_open
from replika.nutrition.settings_schema import settings_for


def thresholds(region: Wilayah | None) -> tuple[Decimal, Decimal]:
    """The region's KEK (LiLA cm) and anaemia-in-pregnancy (Hb g/dL) thresholds."""
    settings = settings_for(region)
    return Decimal(str(settings.kek_lila_cm)), Decimal(str(settings.anaemia_hb_g_dl))


@transaction.atomic
def pregnancy_open(
    *,
    actor: User | None,
    mother: Mother,
    last_period: dt.date | None = None,
    due_date: dt.date | None = None,
    gravida: int | None = None,
) -> Pregnancy:
    """Start following a mother's pregnancy; she may have only one ongoing pregnancy."""
    if mother.pregnancies.filter(status=PregnancyStatus.ACTIVE).exists():
        raise ValidationError({"last_period": _("This mother already has an ongoing pregnancy.")})
    check_not_future("last_period", last_period)
    if last_period is not None and due_date is None:
        # Naegele's rule: the expected delivery is 280 days after the last period.
        due_date = last_period + dt.timedelta(days=280)
    if last_period is not None and due_date is not None and due_date <= last_period:
        raise ValidationError({"due_date": _("The delivery date must follow the last period.")})
    pregnancy = Pregnancy.objects.create(
        region_id=mother.region_id,
        location_id=mother.location_id,
        unit_id=mother.unit_id,
        created_by=actor,
        mother=mother,
        last_period=last_period,
        due_date=due_date,
        gravida=gravida,
    )
    audit.record(actor=actor, action="pregnancy.open", instance=pregnancy)
    return pregnancy


@transaction.atomic
def pregnancy_visit_record(
    *,
    actor: User | None,
    pregnancy: Pregnancy,
    visit_date: dt.date,
    weight: Decimal | None = None,
    lila_cm: Decimal | None = None,
    hb_g_dl: Decimal | None = None,
    ttd_tablets: int = 0,
) -> PregnancyVisit:
    """Record an antenatal visit (again on the same day = update); KEK/anaemia raise alerts."""
    check_not_future("visit_date", visit_date)
    if pregnancy.last_period is not None and visit_date < pregnancy.last_period:
        raise ValidationError({"visit_date": _("The visit is before the pregnancy began.")})
    check_range("mother_weight", weight, "weight")
    check_range("lila_cm", lila_cm)
    check_range("hb_g_dl", hb_g_dl)
    kek_below, hb_below = thresholds(pregnancy.region)
    values = {
        "weight": weight,
        "lila_cm": lila_cm,
        "hb_g_dl": hb_g_dl,
        "ttd_tablets": ttd_tablets,
        "kek": rules.is_kek(lila_cm, kek_below),
        "anaemia": rules.is_anaemic(hb_g_dl, hb_below),
        "recorded_by": actor if actor is not None and actor.pk else None,
    }
    existing = PregnancyVisit.objects.filter(pregnancy=pregnancy, visit_date=visit_date).first()
    before = snapshot(existing) if existing else {}
    visit, _created = PregnancyVisit.objects.update_or_create(
        pregnancy=pregnancy, visit_date=visit_date, defaults=values
    )
    audit.record(actor=actor, action="pregnancy.visit", instance=visit, before=before)
    referrals_open(
        actor=actor,
        reasons=alerts.pregnancy_alerts(kek=visit.kek, anaemia=visit.anaemia),
        pregnancy=pregnancy,
    )
    return visit


@duplicates_refused
@transaction.atomic
def girl_register(
    *,
    actor: User | None,
    unit: Unit,
    name: str,
    birth_date: dt.date,
    nik: str = "",
    school: str = "",
) -> AdolescentGirl:
    """Register an adolescent girl for iron tablets and anaemia screening."""
    register = WomanRegister(
        model=AdolescentGirl,
        action="girl.register",
        no_name=_("Enter the name."),
        code="girl",
    )
    girl: AdolescentGirl = register_woman(
        register, actor=actor, unit=unit, name=name, nik=nik, birth_date=birth_date, school=school
    )
    return girl


def _cutoffs(region: Wilayah | None) -> adolescent.AnaemiaCutoffs:
    """The region's anaemia cut-offs by age (WHO's unless the region adapted them)."""
    settings = settings_for(region)
    return adolescent.AnaemiaCutoffs(
        age_5_11=settings.anaemia_hb_5_11,
        age_12_14=settings.anaemia_hb_12_14,
        age_15_plus=settings.anaemia_hb_15_plus,
    )


@transaction.atomic
def screening_record(
    *,
    actor: User | None,
    girl: AdolescentGirl,
    screened_on: dt.date,
    hb_g_dl: Decimal | None = None,
    ttd_tablets: int = 0,
    weight: Decimal | None = None,
    height: Decimal | None = None,
    lila_cm: Decimal | None = None,
) -> AdolescentScreening:
    """Record a girl's screening (again on the same day = update): IMT/U and TB/U on the
    WHO 2007 reference, KEK on LiLA and anaemia on the Hb cut-off of her age, each with the
    region's thresholds."""
    check_not_future("screened_on", screened_on)
    if screened_on < girl.birth_date:
        raise ValidationError({"screened_on": _("The girl was not born yet on this date.")})
    check_range("hb_g_dl", hb_g_dl)
    check_range("girl_weight", weight, "weight")
    check_range("girl_height", height, "height")
    check_range("lila_cm", lila_cm)
    age_days = rules.age_in_days(girl.birth_date, screened_on)
    growth = adolescent.growth_5_18(
        sex=2,
        age_days=age_days,
        weight=None if weight is None else float(weight),
        height=None if height is None else float(height),
    )
    settings = settings_for(girl.region)
    existing = AdolescentScreening.objects.filter(girl=girl, screened_on=screened_on).first()
    before = snapshot(existing) if existing else {}
    screening, _created = AdolescentScreening.objects.update_or_create(
        girl=girl,
        screened_on=screened_on,
        defaults={
            "hb_g_dl": hb_g_dl,
            "ttd_tablets": ttd_tablets,
            "anaemia": adolescent.is_anaemic(hb_g_dl, age_days, _cutoffs(girl.region)),
            "weight": weight,
            "height": height,
            "lila_cm": lila_cm,
            "kek": adolescent.is_kek(lila_cm, settings.kek_lila_cm),
            "age_months": growth.age_months,
            "zbfa": growth.zbfa,
            "zhfa": growth.zhfa,
            "cat_zbfa": growth.cat_zbfa,
            "cat_zhfa": growth.cat_zhfa,
        },
    )
    audit.record(actor=actor, action="girl.screening", instance=screening, before=before)
    return screening


@transaction.atomic
def girl_refer(*, actor: User | None, girl: AdolescentGirl) -> Referral:
    """Refer an anaemic or KEK girl to the puskesmas: one referral listing the reasons of her
    latest screening (an open referral for them is returned, not doubled)."""
    latest = girl.screenings.order_by("-screened_on").first()
    reasons = alerts.girl_alerts(
        kek=bool(latest and latest.kek), anaemia=bool(latest and latest.anaemia)
    )
    if not reasons:
        raise ValidationError(
            {"girl": _("Only a girl whose latest screening found anaemia or KEK is referred.")}
        )
    list(AdolescentGirl.objects.select_for_update().filter(pk=girl.pk).values_list("pk"))
    open_rows = Referral.objects.filter(girl=girl, status__in=OPEN_STATUSES)
    covered = {code for r in open_rows for code in r.reason_codes}
    fresh = [r for r in reasons if r not in covered]
    if not fresh:
        return open_rows.order_by("pk").first()  # type: ignore[return-value]
    taken = {r.reason for r in open_rows}
    main = next(r for r in fresh if r not in taken)
    referral = new_referral(
        actor=actor, person=girl, reason=main, on=timezone.localdate(), notes=""
    )
    referral.reasons = ",".join([main, *(r for r in reasons if r != main)])
    return referrals_store(actor=actor, referrals=[referral])[0]
