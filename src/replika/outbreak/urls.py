"""URLs of the outbreak module; each area of pages keeps its own patterns."""

from django.urls import path

from replika.outbreak.views import (
    cases,
    contacts,
    dashboards,
    home,
    imports,
    logistics,
    population,
    skdr,
)

app_name = "outbreak"

urlpatterns = [
    path("", home.home, name="home"),
    *cases.urlpatterns,
    *contacts.urlpatterns,
    *skdr.urlpatterns,
    *logistics.urlpatterns,
    *dashboards.urlpatterns,
    *imports.urlpatterns,
    *population.urlpatterns,
]
