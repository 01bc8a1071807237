"""Django admin for nutrition: the education content and the summaries, nothing personal.

Children, mothers, measurements and referrals stay out of the admin: personal and health
data is read only through the pages, where every read goes through ``core.access`` and the
audit history (house rule 7).
"""

from django.contrib import admin

from replika.nutrition.models import Article, FacilityProfile, NutritionSummary


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "audience", "published", "published_on")
    list_filter = ("published", "region")


@admin.register(FacilityProfile)
class FacilityProfileAdmin(admin.ModelAdmin):
    list_display = ("unit", "whatsapp_url")


@admin.register(NutritionSummary)
class NutritionSummaryAdmin(admin.ModelAdmin):
    """Read-only: summaries are recomputed from the measurements, never typed in."""

    list_display = ("scope", "period", "s_toddlers", "d_weighed", "stunted", "len_valid")
    list_filter = ("scope_level", "period")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
