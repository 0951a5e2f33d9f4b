from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from pacte.organizations.models import LoginAttempt, Membership, Organization, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization", "user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "departement", "territory", "siret", "is_active"]
    list_filter = ["departement", "kind", "is_active"]
    list_select_related = ["departement", "territory"]
    search_fields = ["name", "siret"]
    autocomplete_fields = ["territory", "commune", "parent"]
    readonly_fields = ["uuid", "created_at"]
    ordering = ["name", "id"]
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    readonly_fields = ["uuid", "last_login", "date_joined", "deactivated_at", "anonymised_at"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["uuid", "email", "password"]}),
        ("Identité", {"fields": ["first_name", "last_name", "phone"]}),
        ("Accès", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "deactivated_at", "anonymised_at"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = []


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organization", "is_active", "created_at"]
    list_filter = ["role", "is_active", "organization__departement"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__email", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    ordering = ["organization__name", "role", "id"]


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    """Read only: the trace of logins is evidence for the security review."""

    list_display = ["at", "email", "ip", "succeeded"]
    list_filter = ["succeeded"]
    search_fields = ["email", "ip"]
    ordering = ["-at", "-id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
