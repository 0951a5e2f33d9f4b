from django.contrib import admin

from pacte.territory.models import Commune, Departement, Epci, Site, Territory


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region_code"]
    search_fields = ["code", "name"]
    ordering = ["code"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["siren", "name", "kind"]
    search_fields = ["siren", "name"]
    ordering = ["name"]


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    autocomplete_fields = ["commune"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "departement", "is_demo"]
    list_filter = ["departement", "is_demo"]
    search_fields = ["name", "code"]
    ordering = ["departement", "name"]
    inlines = [SiteInline]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee_code", "name", "departement", "epci", "territory", "population"]
    list_filter = ["departement"]
    list_select_related = ["departement", "epci", "territory"]
    search_fields = ["insee_code", "name"]
    autocomplete_fields = ["epci", "territory"]
    ordering = ["name", "insee_code"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "territory", "commune", "phone"]
    list_filter = ["territory__departement"]
    list_select_related = ["territory", "commune"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["commune", "territory"]
    ordering = ["territory", "name"]
