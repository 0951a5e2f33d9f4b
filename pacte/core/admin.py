from django.contrib import admin

from pacte.core.models import BackgroundTask


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(admin.ModelAdmin):
    """Read only: tasks are started and updated by the application."""

    list_display = ["created_at", "label", "kind", "status", "departement_code", "created_by"]
    list_filter = ["status", "kind", "departement_code"]
    list_select_related = ["created_by"]
    search_fields = ["label"]
    ordering = ["-created_at", "-id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
