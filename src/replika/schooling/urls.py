"""URLs of the schooling module; each area of pages keeps its own patterns."""

from replika.schooling.views import cases, corrections, dashboards, imports, places

app_name = "schooling"

urlpatterns = [
    # Before the case pages: their ``kasus/<pk>/<step>/`` would take ``koreksi`` as a step.
    *corrections.urlpatterns,
    *cases.urlpatterns,
    *places.urlpatterns,
    *dashboards.urlpatterns,
    *imports.urlpatterns,
]
