"""Django admin for outbreak: the item catalogue and the read-only aggregates, nothing personal.

Cases, contacts and follow-up stay out of the admin: personal and health data is read only
through the pages, where every read goes through ``core.access`` and the audit history.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from replika.outbreak.models import Alert, DailyCount, Disease, Item


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "uom")
    search_fields = ("code", "name")


@admin.register(Disease)
class DiseaseAdmin(admin.ModelAdmin):
    """Read-only: a region adopts and adapts its diseases on its own page."""

    list_display = ("region", "code", "name", "follow_up_days", "weekly_threshold", "active")
    list_filter = ("code", "active")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DailyCount)
class DailyCountAdmin(admin.ModelAdmin):
    """Read-only: recomputed from the cases, never typed in."""

    list_display = ("region", "district", "disease_code", "day", "new_cases", "deaths")
    list_filter = ("disease_code",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("region", "disease", "kind", "year", "week", "count", "codes")
    list_filter = ("kind",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
