"""What a session row shows, prepared in Python: a 120-child page renders 720 inputs.

Bound fields, widget rendering and per-row template includes cost about a millisecond a
row; the plain values prepared here are written out by ``session_html``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.formats import get_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from replika.nutrition.forms.session import SessionRowForm
from replika.nutrition.selectors import session as sel

INPUTS = ("weight", "lenhei", "armc", "headc")
Z_SHOWN = (("zwei", "fwei", "cat_zwei"), ("zlen", "flen", "cat_zlen"), ("zwfl", "fwfl", "cat_zwfl"))

# The Permenkes category badges (as nutrition/_category.html shows them).
CATEGORY_BADGES: dict[str, tuple[str, Promise]] = {
    "sangat_pendek": ("cat-bad", _("severely stunted")),
    "pendek": ("cat-warn", _("stunted")),
    "tinggi": ("", _("tall")),
    "sangat_kurang": ("cat-bad", _("severely underweight")),
    "kurang": ("cat-warn", _("underweight")),
    "risiko_lebih": ("cat-warn", _("risk of overweight")),
    "gizi_buruk": ("cat-bad", _("severely wasted")),
    "gizi_kurang": ("cat-warn", _("wasted")),
    "gizi_baik": ("cat-ok", _("good nutritional status")),
    "risiko_gizi_lebih": ("cat-warn", _("possible risk of overweight")),
    "gizi_lebih": ("cat-warn", _("overweight")),
    "obesitas": ("cat-bad", _("obese")),
    "normal": ("cat-ok", _("normal")),
}
Z_LABELS = {"zwei": _("W/A"), "zlen": _("L/A"), "zwfl": _("W/L")}
TRENDS = {"N": "↑", "T": "↓"}


class Numbers:
    """Numbers written with the active language's decimal separator (read once a page)."""

    def __init__(self) -> None:
        self.separator = str(get_format("DECIMAL_SEPARATOR"))

    def __call__(self, value: Decimal | float | None) -> str:
        if value is None:
            return ""
        return str(value).replace(".", self.separator)


def _inputs(
    row: sel.SessionRow, form: SessionRowForm | None, number: Numbers
) -> dict[str, dict[str, Any]]:
    """Each input's name, id, shown value and error flag."""
    prefix = f"c{row.child.pk}"
    m = row.measurement
    shown: dict[str, Any] = {}
    for name in (*INPUTS, "measure", "oedema"):
        html_name = f"{prefix}-{name}"
        if form is not None and form.is_bound:
            raw = form.data.get(html_name, "")
            value: Any = bool(raw) if name == "oedema" else raw
            error = name in form.errors
        elif m is not None:
            stored = getattr(m, name)
            value = number(stored) if name in INPUTS else stored
            error = False
        else:
            # Under two years a child is measured lying, from two years standing (WHO).
            default = "l" if row.age_days < 731 else "h"
            value = default if name == "measure" else (False if name == "oedema" else "")
            error = False
        shown[name] = {"name": html_name, "id": f"id_{html_name}", "value": value, "error": error}
    return shown


def _errors(form: SessionRowForm | None) -> list[str]:
    """The row's errors, each with the label of its field."""
    if form is None or not form.errors:
        return []
    lines: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        lines.extend(f"{label}: {e}" if label else str(e) for e in errors)
    return lines


def _result(row: sel.SessionRow) -> dict[str, Any] | None:
    """The saved month's growth, z-scores with their categories and the flags."""
    m = row.measurement
    if m is None:
        return None
    scores = []
    for z, flag, category in Z_SHOWN:
        value = getattr(m, z)
        css, label = CATEGORY_BADGES.get(getattr(m, category), ("", ""))
        scores.append(
            {
                "label": Z_LABELS[z],
                "value": "—" if value is None else formats.localize(value),
                "flag": getattr(m, flag),
                "css": css,
                "category": label,
            }
        )
    return {
        "growth": m.growth,
        "scores": scores,
        "flagged": m.flen or m.fwei or m.fwfl or m.fbmi,
        "confirmed": m.confirmed_at is not None,
    }


def row_display(
    row: sel.SessionRow, form: SessionRowForm | None, number: Numbers
) -> dict[str, Any]:
    """Everything one row shows, as plain values."""
    prev = row.previous
    return {
        "pk": row.child.pk,
        "name": row.child.name,
        "key": row.child.name_key,
        "age": ngettext("%(n)s month", "%(n)s months", row.age_months) % {"n": row.age_months},
        "female": row.child.sex == 2,
        "prev": None
        if prev is None
        else {
            "weight": number(prev.weight),
            "growth": prev.growth,
            "trend": TRENDS.get(prev.growth, "•"),
            "month": formats.date_format(prev.period, "M"),
        },
        "todo": "0" if row.measured else "1",
        "followup": "1" if row.needs_followup else "0",
        "inputs": _inputs(row, form, number),
        "errors": _errors(form),
        "result": _result(row),
        "open_more": False,
    }


def with_more_open(display: dict[str, Any]) -> dict[str, Any]:
    """Open the row's "more" box when it holds a value or an error."""
    inputs = display["inputs"]
    display["open_more"] = any(
        inputs[name]["value"] or inputs[name]["error"] for name in ("armc", "headc", "oedema")
    )
    return display
