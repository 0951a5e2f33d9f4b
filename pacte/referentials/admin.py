from django.contrib import admin

from pacte.referentials.models import Barrier, ExitReason, RomeAppellation, RomeCode


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference data come from their loaders (keyed on official codes), not from hand edits here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RomeCode)
class RomeCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "label", "regulated", "executive"]
    search_fields = ["code", "label"]
    ordering = ["code"]


@admin.register(RomeAppellation)
class RomeAppellationAdmin(ReadOnlyAdmin):
    list_display = ["code_ogr", "label", "rome", "rarely_used"]
    list_select_related = ["rome"]
    search_fields = ["label", "rome__code"]
    autocomplete_fields = ["rome"]
    ordering = ["label", "code_ogr"]


@admin.register(Barrier)
class BarrierAdmin(ReadOnlyAdmin):
    list_display = ["label", "theme", "position", "is_active"]
    list_filter = ["theme", "is_active"]
    search_fields = ["code", "label"]
    ordering = ["theme", "position", "code"]


@admin.register(ExitReason)
class ExitReasonAdmin(ReadOnlyAdmin):
    list_display = ["label", "category", "position"]
    list_filter = ["category"]
    search_fields = ["code", "label"]
    ordering = ["category", "position", "code"]
