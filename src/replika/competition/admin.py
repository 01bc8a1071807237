"""Django admin for the competition (read-mostly; writes belong to the pages and services)."""

from django.contrib import admin

from replika.competition.models import Assignment, Call, Evaluator, PanelScore, Proposal


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "stage", "is_published")
    list_filter = ("stage", "year")


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "call", "region", "status", "admin_check", "final_rank")
    list_filter = ("call", "status", "admin_check")
    readonly_fields = ("evaluation_score", "evaluation_rank", "final_score", "final_rank")


@admin.register(Evaluator)
class EvaluatorAdmin(admin.ModelAdmin):
    list_display = ("user", "home_region", "institution")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("proposal", "evaluator", "evaluator_region", "completed_at")


@admin.register(PanelScore)
class PanelScoreAdmin(admin.ModelAdmin):
    list_display = ("proposal", "panelist", "value")
