"""The growth calculator page (nothing is stored)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from replika.core.decorators import module_page
from replika.nutrition.forms.calculator import MeasurementForm
from replika.nutrition.growth import GrowthAssessment, assess
from replika.nutrition.permissions import USE_CALCULATOR


def _assessment(form: MeasurementForm) -> tuple[int, GrowthAssessment]:
    """WHO z-scores and Permenkes categories for the form's measurement."""
    data = form.cleaned_data
    age_days = (data["visit_date"] - data["birth_date"]).days

    def num(key: str) -> float | None:
        value = data.get(key)
        return None if value is None else float(value)

    return age_days, assess(
        sex=int(data["sex"]),
        age_days=age_days,
        weight=num("weight"),
        lenhei=num("lenhei"),
        measure=data.get("measure") or "",
        oedema="y" if data.get("oedema") else "n",
        headc=num("headc"),
        armc=num("armc"),
    )


@module_page("nutrition", USE_CALCULATOR)
def calculator(request: HttpRequest) -> HttpResponse:
    """Growth calculator: z-scores and categories appear as the cadre types (htmx)."""
    form = MeasurementForm(request.POST or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        context["age_days"], context["result"] = _assessment(form)
    template = (
        "nutrition/_calculator_result.html"
        if request.headers.get("HX-Request")
        else "nutrition/calculator.html"
    )
    status = 422 if request.method == "POST" and not form.is_valid() else 200
    return render(request, template, context, status=status)
