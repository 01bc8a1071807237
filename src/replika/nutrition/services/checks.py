"""Checks every nutrition service shares: rule codes turned into translated field errors.

The pure rules answer with codes (``nik_length``, out of a limit's range, …); this is the
one place where those codes become messages, in the language of the page being served.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from replika.core.models import Unit
from replika.nutrition import rules, unit_kinds
from replika.nutrition.rules import limits
from replika.nutrition.rules import monitoring as m

NIK_MESSAGES: dict[str, Promise] = {
    m.NIK_LENGTH: gettext_lazy("The NIK must be 16 digits."),
    m.NIK_PROVINCE: gettext_lazy("Digits 1-2 of the NIK are not a province code."),
    m.NIK_BIRTH_DIGITS: gettext_lazy("Digits 7-12 of the NIK are not a birth date."),
    m.NIK_BIRTH_DATE: gettext_lazy("The birth date in the NIK differs from the birth date."),
    m.NIK_SEX: gettext_lazy("The sex digit of the NIK differs from the sex."),
    m.NIK_SERIAL: gettext_lazy("Digits 13-16 of the NIK cannot be 0000."),
}

# What each limited value is called in a message (a context: "Weight" is also a score's).
LIMIT_NAMES: dict[str, Promise] = {
    "weight": pgettext_lazy("measured value", "Weight"),
    "lenhei": pgettext_lazy("measured value", "Length/height"),
    "headc": pgettext_lazy("measured value", "Head circumference"),
    "armc": pgettext_lazy("measured value", "Upper-arm circumference"),
    "birth_weight": pgettext_lazy("measured value", "Birth weight"),
    "birth_length": pgettext_lazy("measured value", "Birth length"),
    "mother_weight": pgettext_lazy("measured value", "Weight"),
    "lila_cm": pgettext_lazy("measured value", "LiLA"),
    "hb_g_dl": pgettext_lazy("measured value", "Haemoglobin"),
}


def nik_message(code: str) -> str:
    """The translated message of a NIK rule code."""
    return str(NIK_MESSAGES[code])


def check_nik(field: str, nik: str, birth_date: dt.date | None, female: bool | None) -> None:
    """Refuse an invalid NIK on ``field`` (an empty NIK is allowed: many have none yet)."""
    if not nik:
        return
    code = rules.nik_code(nik, birth_date, female)
    if code:
        raise ValidationError({field: nik_message(code)})


def range_message(key: str) -> str:
    """The translated message of a value outside its plausible range."""
    bounds = limits.limit(key)
    return _("%(name)s must be between %(low)s and %(high)s %(unit)s.") % {
        "name": LIMIT_NAMES[key],
        "low": number_format(bounds.low),
        "high": number_format(bounds.high),
        "unit": bounds.unit,
    }


def check_range(key: str, value: Decimal | float | None, field: str | None = None) -> None:
    """Refuse a value outside its plausible range, on ``field`` (the key by default)."""
    if limits.out_of_range(key, value):
        raise ValidationError({field or key: range_message(key)})


def require_posyandu(unit: Unit) -> Unit:
    """Children, mothers and girls are registered at a posyandu."""
    if unit.kind != unit_kinds.POSYANDU:
        raise ValidationError({"unit": _("Choose a posyandu.")})
    return unit
