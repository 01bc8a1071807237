"""Open data: daily and weekly counts per disease and place, no personal data, small cells
suppressed (core.disclosure), never below the kecamatan."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from replika.core import disclosure
from replika.core.models import Wilayah
from replika.outbreak.rules import catalogue, epi_week
from replika.outbreak.selectors.dashboards import figures

MAX_DAYS = 731
COLUMNS = ("new_cases", "recovered", "deaths", "tests", "positives")


def parse_query(
    *, disease: str, wilayah: str, first: dt.date | None, last: dt.date | None, today: dt.date
) -> tuple[str, Wilayah, dt.date, dt.date]:
    """Check an open-data question; a refusal names the parameter."""
    if catalogue.template(disease) is None:
        raise ValidationError({"disease": _("Unknown disease code.")})
    place = Wilayah.objects.filter(code=wilayah or "13").first()
    if place is None or not place.code.startswith("13"):
        raise ValidationError({"wilayah": _("Unknown region code.")})
    if not disclosure.public_level_allowed(place.level):
        raise ValidationError({"wilayah": _("Public figures go no lower than the kecamatan.")})
    last = last or today
    first = first or last - dt.timedelta(days=27)
    if first > last:
        raise ValidationError({"from": _("The start must not be after the end.")})
    if (last - first).days >= MAX_DAYS:
        raise ValidationError({"from": _("Ask for at most two years at a time.")})
    return disease, place, first, last


def _cells(values: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in COLUMNS:
        shown = disclosure.public_count(values[key])
        out[key] = shown.value
    out["suppressed"] = [key for key in COLUMNS if out[key] is None]
    return out


def open_data(
    *, disease: str, place: Wilayah, first: dt.date, last: dt.date, system: str = "mmwr"
) -> dict[str, Any]:
    """Daily and weekly rows for a place and period (province: the live regions' total)."""
    fig = figures(None if place.level == Wilayah.PROVINCE else place, disease, first, last)
    daily = []
    weekly: dict[tuple[int, int], dict[str, int]] = {}
    for i, day in enumerate(fig.days):
        values = {
            "new_cases": fig.new[i],
            "recovered": fig.recovered[i],
            "deaths": fig.deaths[i],
            "tests": fig.tests[i],
            "positives": fig.positives[i],
        }
        daily.append({"date": day.isoformat(), **_cells(values)})
        week = weekly.setdefault(epi_week(day, system), dict.fromkeys(COLUMNS, 0))
        for key in COLUMNS:
            week[key] += values[key]
    return {
        "disease": disease,
        "wilayah": place.code,
        "wilayah_name": place.name,
        "level": place.level,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "min_cell": disclosure.min_cell(),
        "week_system": system,
        "cumulative": disclosure.public_count(fig.cumulative).value,
        "daily": daily,
        "weekly": [
            {"year": y, "week": w, **_cells(values)} for (y, w), values in sorted(weekly.items())
        ],
    }


def csv_rows(data: dict[str, Any]) -> list[list[Any]]:
    """The daily rows as CSV cells (suppressed cells written as "<min")."""
    floor = f"<{data['min_cell']}"
    rows = []
    for row in data["daily"]:
        rows.append(
            [data["disease"], data["wilayah"], row["date"]]
            + [floor if row[key] is None else row[key] for key in COLUMNS]
        )
    return rows


CSV_HEADER = ["disease", "wilayah", "date", *COLUMNS]
