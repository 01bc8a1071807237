"""URLs of the schooling module; each area of pages keeps its own patterns."""

from replika.schooling.views import cases, dashboards, imports, places

app_name = "schooling"

urlpatterns = [
    *cases.urlpatterns,
    *places.urlpatterns,
    *dashboards.urlpatterns,
    *imports.urlpatterns,
]
