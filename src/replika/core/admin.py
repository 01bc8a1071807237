from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from replika.core.models import ApiToken, AuditEvent, Job, Membership, Unit, User, Wilayah
from replika.core.unit_kinds import unit_kind_choices


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("wilayah", "unit")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = (MembershipInline,)
    list_display = ("username", "full_name", "email", "is_active", "last_login")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Replika", {"fields": ("full_name", "phone", "preferred_language")}),
    )


@admin.register(Wilayah)
class WilayahAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "level", "population")
    list_filter = ("level", "kind")
    search_fields = ("code", "name")
    readonly_fields = ("parent",)


class UnitAdminForm(forms.ModelForm):
    # The kinds come from the modules' registrations, not from the column.
    kind = forms.ChoiceField(choices=unit_kind_choices)

    class Meta:
        model = Unit
        fields = ("kind", "code", "name", "region", "location", "parent", "active")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    form = UnitAdminForm
    list_display = ("name", "kind", "region", "location", "parent", "active")
    list_filter = ("kind", "region")
    search_fields = ("name", "code")
    autocomplete_fields = ("region", "location", "parent")
    readonly_fields = ("path",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "model", "object_id", "region")
    list_filter = ("action", "model")
    search_fields = ("object_id", "object_repr")
    readonly_fields = tuple(f.name for f in AuditEvent._meta.fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("kind", "owner", "status", "done", "total", "created_at")
    list_filter = ("status", "kind")
