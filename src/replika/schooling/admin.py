"""Django admin registrations of the schooling module (read mostly; writes go through services)."""

from django.contrib import admin
from django.http import HttpRequest

from replika.schooling.models import Case, EarlyWarning, EnrolmentFigure, PlaceCapacity


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("pk", "region", "location", "status", "reported_on", "placed_on")
    list_filter = ("status", "source", "ats_type")
    # Names and NIKs are personal data: the admin lists cases by number, not by name.
    readonly_fields = tuple(f.name for f in Case._meta.fields)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


admin.site.register(PlaceCapacity)
admin.site.register(EnrolmentFigure)


@admin.register(EarlyWarning)
class EarlyWarningAdmin(admin.ModelAdmin):
    list_display = ("pk", "school", "risk", "status", "reported_on")
    readonly_fields = tuple(f.name for f in EarlyWarning._meta.fields)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
