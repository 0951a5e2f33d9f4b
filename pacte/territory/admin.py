from django.contrib import admin

from pacte.territory.models import Commune, Departement, Epci, Site, Territory


class ReadOnlyAdmin(admin.ModelAdmin):
    """Reference data come from their loaders (keyed on official codes), not from hand edits here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Departement)
class DepartementAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "region_code"]
    search_fields = ["code", "name"]
    ordering = ["code"]


@admin.register(Epci)
class EpciAdmin(ReadOnlyAdmin):
    list_display = ["siren", "name", "kind"]
    search_fields = ["siren", "name"]
    ordering = ["name"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    fields = ["name", "commune", "address", "phone"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Territory)
class TerritoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "departement", "is_demo"]
    list_filter = ["departement", "is_demo"]
    search_fields = ["name", "code"]
    ordering = ["departement", "name"]
    inlines = [SiteInline]


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["insee_code", "name", "departement", "epci", "territory", "population"]
    list_filter = ["departement"]
    list_select_related = ["departement", "epci", "territory"]
    search_fields = ["insee_code", "name"]
    autocomplete_fields = ["epci", "territory"]
    ordering = ["name", "insee_code"]


@admin.register(Site)
class SiteAdmin(ReadOnlyAdmin):
    list_display = ["name", "territory", "commune", "phone"]
    list_filter = ["territory__departement"]
    list_select_related = ["territory", "commune"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["commune", "territory"]
    ordering = ["territory", "name"]
