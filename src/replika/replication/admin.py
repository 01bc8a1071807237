from django.contrib import admin

from replika.replication.models import Commitment, Innovation


@admin.register(Innovation)
class InnovationAdmin(admin.ModelAdmin):
    list_display = ("acronym", "name", "origin_region", "award", "award_year", "module_code")


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ("region", "innovation", "stage", "stage_since", "signed_on", "is_demo")
    list_filter = ("stage", "innovation", "is_demo")
    autocomplete_fields = ("region",)
