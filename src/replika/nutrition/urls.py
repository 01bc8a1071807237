"""URLs of the nutrition module; each area of pages keeps its own patterns."""

from django.urls import path

from replika.nutrition.views import (
    calculator,
    care,
    child,
    dashboards,
    education,
    imports,
    registers,
    session,
)

app_name = "nutrition"

urlpatterns = [
    path("kalkulator/", calculator.calculator, name="calculator"),
    *registers.urlpatterns,
    *session.urlpatterns,
    *care.urlpatterns,
    *dashboards.urlpatterns,
    *imports.urlpatterns,
    *child.urlpatterns,
    *education.urlpatterns,
]
