"""URLs of the positions module; each area of pages keeps its own patterns."""

from replika.positions.views import anjab, library, reports, structure

app_name = "positions"

urlpatterns = [
    *structure.urlpatterns,
    *library.urlpatterns,
    *reports.urlpatterns,
    *anjab.urlpatterns,
]
