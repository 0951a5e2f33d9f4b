from django.contrib import admin

from pacte.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_type", "object_label", "departement_code", "ip"]
    list_filter = ["action", "object_type", "departement_code", "at"]
    search_fields = ["actor_label", "object_label", "object_id", "action", "ip"]
    date_hierarchy = "at"
    list_select_related = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
