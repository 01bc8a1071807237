"""URLs of the tourism module; each area of pages keeps its own patterns."""

from django.urls import path

from replika.tourism.views import events, imports, public, registry, reports, statistics

app_name = "tourism"

urlpatterns = [
    path("", reports.home, name="home"),
    *registry.urlpatterns,
    *reports.urlpatterns,
    *statistics.urlpatterns,
    *events.urlpatterns,
    *imports.urlpatterns,
    *public.urlpatterns,
]
