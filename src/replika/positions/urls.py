"""URLs of the positions module; each area of pages keeps its own patterns."""

from replika.positions.views import anjab, imports, library, reports, structure

app_name = "positions"

urlpatterns = [
    *structure.urlpatterns,
    *library.urlpatterns,
    *reports.urlpatterns,
    *imports.urlpatterns,
    *anjab.urlpatterns,
]
