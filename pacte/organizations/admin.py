"""The platform's view of organisations, accounts, memberships and second-factor devices: read only.
Their writes are services that write the audit log (web pages, commands); the ones the platform needs
here, deactivating accounts, withdrawing memberships and revoking tokens, are admin actions that call
those services."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from pacte.core.errors import DomainError
from pacte.organizations import services
from pacte.organizations.models import ApiToken, LoginAttempt, Membership, Organization, User


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "organization", "role", "is_active"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "departement", "territory", "siret", "is_active"]
    list_filter = ["departement", "kind", "is_active"]
    list_select_related = ["departement", "territory"]
    search_fields = ["name", "siret"]
    ordering = ["name", "id"]
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(ReadOnlyAdmin, BaseUserAdmin):
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser", "memberships__role"]
    search_fields = ["email", "first_name", "last_name"]
    ordering = ["email"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["uuid", "email"]}),
        ("Identité", {"fields": ["first_name", "last_name", "phone"]}),
        ("Accès", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined", "deactivated_at", "anonymised_at"]}),
    ]
    filter_horizontal = []
    actions = ["deactivate"]

    @admin.action(description="Désactiver les comptes choisis")
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset.filter(is_active=True):
            try:
                services.deactivate_user(actor=request.user, user=user)
            except DomainError as error:
                self.message_user(request, f"{user.email} : {error.message}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, f"{done} compte(s) désactivé(s).", messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "organization", "is_active", "created_at"]
    list_filter = ["role", "is_active", "organization__departement"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__email", "organization__name"]
    ordering = ["organization__name", "role", "id"]
    actions = ["revoke"]

    @admin.action(description="Retirer les habilitations choisies")
    def revoke(self, request, queryset):
        memberships = list(queryset.filter(is_active=True).select_related("user", "organization"))
        for membership in memberships:
            services.revoke_membership(actor=request.user, membership=membership)
        self.message_user(request, f"{len(memberships)} habilitation(s) retirée(s).", messages.SUCCESS)


@admin.register(LoginAttempt)
class LoginAttemptAdmin(ReadOnlyAdmin):
    """Read only: the trace of logins is evidence for the security review."""

    list_display = ["at", "email", "ip", "channel", "succeeded", "blocked"]
    list_filter = ["succeeded", "blocked", "channel"]
    search_fields = ["email", "ip"]
    ordering = ["-at", "-id"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Only a prefix of each token is known; revoking calls the service, which writes the log."""

    list_display = [
        "prefix",
        "user",
        "label",
        "otp_verified",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["otp_verified", "revoked_at"]
    list_select_related = ["user"]
    search_fields = ["user__email", "prefix", "label"]
    ordering = ["-created_at", "-id"]
    actions = ["revoke"]

    @admin.action(description="Révoquer les jetons choisis")
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True).select_related("user"))
        for token in tokens:
            services.revoke_token(token=token, actor=request.user, request=request)
        self.message_user(request, f"{len(tokens)} jeton(s) révoqué(s).", messages.SUCCESS)


# Roles are memberships, not groups; and the library's device admin writes devices and shows their
# secret: devices are enrolled from an invitation (services.confirm_device).
admin.site.unregister(Group)
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(ReadOnlyAdmin):
    """Who has a second factor, never its key."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    list_select_related = ["user"]
    search_fields = ["user__email", "name"]
    ordering = ["user__email", "id"]
    fields = list_display + ["throttling_failure_count", "throttling_failure_timestamp"]
