from django.contrib import admin

from pacte.referentials.models import Barrier, ExitReason, RomeAppellation, RomeCode


@admin.register(RomeCode)
class RomeCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "regulated", "executive"]
    search_fields = ["code", "label"]
    ordering = ["code"]


@admin.register(RomeAppellation)
class RomeAppellationAdmin(admin.ModelAdmin):
    list_display = ["code_ogr", "label", "rome", "rarely_used"]
    list_select_related = ["rome"]
    search_fields = ["label", "rome__code"]
    autocomplete_fields = ["rome"]
    ordering = ["label", "code_ogr"]


@admin.register(Barrier)
class BarrierAdmin(admin.ModelAdmin):
    list_display = ["label", "theme", "position", "is_active"]
    list_filter = ["theme", "is_active"]
    search_fields = ["code", "label"]
    ordering = ["theme", "position", "code"]


@admin.register(ExitReason)
class ExitReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "category", "position"]
    list_filter = ["category"]
    search_fields = ["code", "label"]
    ordering = ["category", "position", "code"]
