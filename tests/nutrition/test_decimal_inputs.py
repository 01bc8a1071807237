"""Every numeric input of the nutrition forms accepts "12,4" and "12.4" and shows "12,4"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from replika.core.forms import LocalizedDecimalField
from replika.nutrition.forms import calculator, care, registers, session
from replika.nutrition.models import Child

# (form, field, a plausible value as typed with a comma, the number it is)
NUMERIC_FIELDS = [
    (session.SessionRowForm, "weight", "9,45", "9.45"),
    (session.SessionRowForm, "lenhei", "78,5", "78.5"),
    (session.SessionRowForm, "headc", "45,2", "45.2"),
    (session.SessionRowForm, "armc", "13,4", "13.4"),
    (registers.ChildForm, "birth_weight", "3,15", "3.15"),
    (registers.ChildForm, "birth_length", "49,5", "49.5"),
    (registers.ChildEditForm, "birth_weight", "2,95", "2.95"),
    (registers.ChildEditForm, "birth_length", "48,5", "48.5"),
    (registers.VisitForm, "weight", "58,5", "58.5"),
    (registers.VisitForm, "lila_cm", "23,4", "23.4"),
    (registers.VisitForm, "hb_g_dl", "10,8", "10.8"),
    (registers.ScreeningForm, "hb_g_dl", "11,9", "11.9"),
    (registers.ScreeningForm, "weight", "41,35", "41.35"),
    (registers.ScreeningForm, "height", "152,5", "152.5"),
    (registers.ScreeningForm, "lila_cm", "22,8", "22.8"),
    (care.WeeklyWeightForm, "weight", "7,35", "7.35"),
    (care.WeeklyWeightForm, "lenhei", "71,5", "71.5"),
    (care.WeeklyWeightForm, "armc", "11,4", "11.4"),
    (calculator.MeasurementForm, "weight", "12,4", "12.4"),
    (calculator.MeasurementForm, "lenhei", "86,3", "86.3"),
    (calculator.MeasurementForm, "headc", "47,1", "47.1"),
    (calculator.MeasurementForm, "armc", "14,2", "14.2"),
]


def test_every_decimal_field_of_the_nutrition_forms_is_listed_here():
    forms_ = {
        session.SessionRowForm,
        registers.ChildForm,
        registers.ChildEditForm,
        registers.VisitForm,
        registers.ScreeningForm,
        care.WeeklyWeightForm,
        calculator.MeasurementForm,
    }
    for module in (session, registers, care, calculator):
        for name in dir(module):
            form = getattr(module, name)
            fields = getattr(form, "base_fields", {})
            if any(isinstance(f, LocalizedDecimalField) for f in fields.values()):
                forms_.add(form)
    listed = {(form, name) for form, name, _comma, _number in NUMERIC_FIELDS}
    found = {
        (form, name)
        for form in forms_
        for name, f in form.base_fields.items()
        if isinstance(f, LocalizedDecimalField)
    }
    assert found == listed


@pytest.mark.parametrize(
    ("form", "name", "comma", "number"),
    NUMERIC_FIELDS,
    ids=[f"{f.__name__}.{n}" for f, n, _c, _v in NUMERIC_FIELDS],
)
def test_numeric_field_accepts_comma_and_point_and_shows_the_local_separator(
    form, name, comma, number
):
    field = form.base_fields[name]
    assert isinstance(field, LocalizedDecimalField)
    assert field.clean(comma) == field.clean(comma.replace(",", ".")) == Decimal(number)
    with translation.override("id"):
        assert field.widget.format_value(Decimal(number)) == comma
        assert field.widget.attrs["inputmode"] == "decimal"
    with translation.override("en"):
        assert field.widget.format_value(Decimal(number)) == number


@pytest.mark.django_db
def test_child_registration_page_stores_a_birth_weight_typed_with_a_comma(world, client_for):
    response = client_for(world.officer).post(
        "/gizi/anak/baru/",
        {
            "unit": world.posyandu.pk,
            "name": "Putri Ananda",
            "sex": "2",
            "birth_date": (timezone.localdate() - dt.timedelta(days=200)).isoformat(),
            "mother_name": "Ibu Putri",
            "birth_weight": "3,15",
            "birth_length": "49,5",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    child = Child.objects.get(name="Putri Ananda")
    assert (child.birth_weight, child.birth_length) == (Decimal("3.15"), Decimal("49.5"))
