"""Monthly reports: filing, corrections with history, filing on behalf, and reminders."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from replika.core import audit, cache
from replika.core.access import grants
from replika.core.activation import live_region_ids
from replika.core.models import Membership, User, Wilayah
from replika.tourism import rules
from replika.tourism.models import (
    MonthlyReport,
    Place,
    PlaceKind,
    Reminder,
    ReminderKind,
    ReportKind,
    ReportRevision,
)
from replika.tourism.permissions import FILE_ON_BEHALF, FILE_REPORT
from replika.tourism.services.messages import refuse
from replika.tourism.services.releases import release_mark_changed
from replika.tourism.settings_schema import settings_for

log = logging.getLogger("replika.tourism")

ACCOMMODATION_FIGURES = (
    "rooms",
    "beds",
    "days",
    "rooms_sold",
    "guests_domestic",
    "guests_foreign",
    "nights_domestic",
    "nights_foreign",
)
ATTRACTION_FIGURES = ("visitors_domestic", "visitors_foreign", "ticket_revenue")
PUBLIC_NAMESPACE = "tourism"


def report_kind(place: Place) -> str | None:
    """Which monthly form an entry files (None: restaurants, agents, ekraf file none)."""
    if place.kind == PlaceKind.ACCOMMODATION:
        return ReportKind.ACCOMMODATION
    if place.kind in (PlaceKind.ATTRACTION, PlaceKind.VILLAGE):
        return ReportKind.ATTRACTION
    return None


def figures_of(report: MonthlyReport) -> dict[str, Any]:
    """The figures of a report, as stored in a revision."""
    names = ACCOMMODATION_FIGURES if report.kind == ReportKind.ACCOMMODATION else ATTRACTION_FIGURES
    values = {name: getattr(report, name) for name in names}
    if isinstance(values.get("ticket_revenue"), Decimal):
        values["ticket_revenue"] = int(values["ticket_revenue"])
    return values


def files_own(actor: User | None, place: Place) -> bool:
    """Whether the actor files as the entry's own operator (a role held at its unit)."""
    if actor is None:
        return False
    return any(
        g.unit_path is not None and place.unit.path.startswith(g.unit_path)
        for g in grants(actor, FILE_REPORT)
    )


def _may_file(actor: User | None, place: Place) -> bool:
    """The actor's right to file for this entry; returns whether it is on behalf."""
    if actor is None:  # demo data and imports run by the system
        return False
    if files_own(actor, place):
        return False
    for grant in grants(actor, FILE_ON_BEHALF):
        if grant.unit_path is None and (
            grant.level == Wilayah.PROVINCE
            or place.region.code == grant.wilayah_code
            or place.region.code.startswith(grant.wilayah_code + ".")
        ):
            return True
    raise ValidationError({"__all__": _("You may not file reports for this entry.")})


def _figures(kind: str, place: Place, period: dt.date, data: dict[str, Any]) -> dict[str, Any]:
    """The report's figures with blanks filled as the paper form does."""
    if kind == ReportKind.ACCOMMODATION:
        figures = {name: data.get(name) for name in ACCOMMODATION_FIGURES}
        if figures["rooms"] is None:
            figures["rooms"] = place.rooms
        if figures["beds"] is None:
            figures["beds"] = place.beds
        if figures["days"] is None:
            figures["days"] = rules.days_in_month(period)
        for origin in ("guests_foreign", "nights_foreign"):
            if figures[origin] is None:
                figures[origin] = 0
        return figures
    figures = {name: data.get(name) for name in ATTRACTION_FIGURES}
    if figures["visitors_foreign"] is None:
        figures["visitors_foreign"] = 0
    return figures


def _problems(kind: str, figures: dict[str, Any], period: dt.date, today: dt.date) -> list:
    if kind == ReportKind.ACCOMMODATION:
        return rules.accommodation_report_problems(figures, period=period, today=today)
    return rules.attraction_report_problems(figures, period=period, today=today)


def _bump_public() -> None:
    transaction.on_commit(lambda: cache.bump(PUBLIC_NAMESPACE))


@transaction.atomic
def report_file(
    *,
    actor: User | None,
    place: Place,
    period: dt.date,
    figures: dict[str, Any],
    reason: str = "",
    today: dt.date | None = None,
    is_demo: bool = False,
) -> MonthlyReport:
    """File (or correct) an entry's report for a month; a correction keeps the old figures.

    The operator files their own; the tourism office files on behalf, which the report
    records. Every problem is answered on its field and nothing is written.
    """
    today = today or timezone.localdate()
    kind = report_kind(place)
    if kind is None:
        raise ValidationError({"__all__": _("This kind of entry files no monthly report.")})
    on_behalf = _may_file(actor, place)
    period = rules.period_of(period)
    values = _figures(kind, place, period, figures)
    problems = _problems(kind, values, period, today)
    refuse(problems)
    if values.get("ticket_revenue") is not None:
        values["ticket_revenue"] = Decimal(str(values["ticket_revenue"]))
    existing = MonthlyReport.objects.select_for_update().filter(place=place, period=period).first()
    if existing is None:
        report = MonthlyReport(
            place=place,
            region_id=place.region_id,
            district_id=place.district_id,
            kind=kind,
            period=period,
            filed_on=today,
            filed_by=actor,
            on_behalf=on_behalf,
            is_demo=is_demo,
            **values,
        )
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:
            raise ValidationError(
                {"period": _("This month was filed at the same moment; open it to correct it.")}
            ) from exc
        audit.record(
            actor=actor,
            action="tourism.report.file",
            instance=report,
            extra={"on_behalf": on_behalf} if on_behalf else None,
        )
        release_mark_changed(region_id=report.region_id, period=period)
        _bump_public()
        return report
    old = figures_of(existing)
    ReportRevision.objects.create(
        report=existing,
        version=existing.version,
        figures=old,
        changed_by=actor,
        on_behalf=on_behalf,
        reason=reason.strip()[:255],
    )
    for name, value in values.items():
        setattr(existing, name, value)
    existing.version += 1
    existing.updated_at = timezone.now()
    existing.save()
    audit.record(
        actor=actor,
        action="tourism.report.correct",
        instance=existing,
        before=old,
        after=figures_of(existing),
        extra={"version": existing.version, "on_behalf": on_behalf},
    )
    release_mark_changed(region_id=existing.region_id, period=period)
    _bump_public()
    return existing


def whatsapp_link(place: Place, period: dt.date, due_on: dt.date) -> str:
    """A wa.me link with the reminder as its message, or '' when the entry has no phone."""
    digits = "".join(ch for ch in place.phone if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if len(digits) < 9:
        return ""
    return f"https://wa.me/{digits}?text={quote(reminder_text(place, period, due_on))}"


def reminder_text(place: Place, period: dt.date, due_on: dt.date) -> str:
    """The reminder an operator receives, by e-mail or WhatsApp."""
    return _(
        "%(place)s: the visitor report for %(month)s is due on %(due)s. "
        "Please file it in %(service)s."
    ) % {
        "place": place.name,
        "month": date_format(period, "F Y"),
        "due": date_format(due_on, "j F Y"),
        "service": settings_for(place.region).display_name,
    }


def _operator_emails(place: Place) -> list[str]:
    """E-mail addresses of the people holding a role at the entry's unit."""
    members = Membership.objects.filter(unit_id=place.unit_id).select_related("user")
    return sorted({m.user.email for m in members if m.user.email and m.user.is_active})


def _send(place: Place, period: dt.date, due_on: dt.date, kind: str) -> bool:
    """Send one reminder once (the unique row is the claim); False when already sent."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(place=place, period=period, kind=kind)
    except IntegrityError:
        return False
    emails = _operator_emails(place)
    if emails:
        link = getattr(settings, "REPLIKA_BASE_URL", "") + reverse(
            "tourism:report_file", args=[place.pk, period.strftime("%Y-%m")]
        )
        send_mail(
            subject=_("Monthly tourism report reminder"),
            message=reminder_text(place, period, due_on) + "\n\n" + link,
            from_email=None,
            recipient_list=emails,
            fail_silently=True,
        )
    Reminder.objects.filter(pk=reminder.pk).update(recipients=len(emails))
    return True


def reminders_send(*, today: dt.date | None = None) -> int:
    """Remind obliged operators of last month's report: before the due date and after it.

    Runs from the scheduler; each (entry, month, kind) is sent once however often it runs.
    """
    from replika.tourism.selectors.compliance import filed_place_ids, obliged_places

    today = today or timezone.localdate()
    period = rules.period_of(today.replace(day=1) - dt.timedelta(days=1))
    sent = 0
    for region in Wilayah.objects.filter(id__in=live_region_ids("tourism")):
        config = settings_for(region)
        due_on = rules.report_due_date(period, config.report_due_day)
        if today > due_on:
            kind = ReminderKind.OVERDUE
        elif (due_on - today).days <= config.reminder_days_before:
            kind = ReminderKind.DUE_SOON
        else:
            continue
        places = obliged_places(region, period)
        filed = filed_place_ids(places, period)
        for place in places.select_related("region", "unit"):
            if place.pk not in filed and _send(place, period, due_on, kind):
                sent += 1
    log.info("tourism reminders sent", extra={"count": sent})
    return sent


def reminders_send_now(
    *, actor: User, places: list[Place], period: dt.date, today: dt.date | None = None
) -> int:
    """The office reminds the entries it chose that have not filed the month (once a kind)."""
    today = today or timezone.localdate()
    sent = 0
    for place in places:
        due_on = rules.report_due_date(period, settings_for(place.region).report_due_day)
        kind = ReminderKind.OVERDUE if today > due_on else ReminderKind.DUE_SOON
        if _send(place, period, due_on, kind):
            sent += 1
            audit.record(
                actor=actor,
                action="tourism.reminder.send",
                instance=place,
                before={},
                after={},
                extra={"period": period.isoformat(), "kind": kind},
            )
    return sent
