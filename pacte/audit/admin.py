from django.apps import apps
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList

from pacte.audit import registry
from pacte.audit.models import AuditEntry


def resolve_labels(entries):
    """What each entry is about, read now from its object (entries store ids, not names): one query
    per object type of the page. A removed object keeps the stored label, or its id."""
    wanted = {}
    for entry in entries:
        if entry.object_type and entry.object_id:
            wanted.setdefault(entry.object_type, set()).add(entry.object_id)
    found = {}
    for object_type, ids in wanted.items():
        try:
            model = apps.get_model(object_type)
        except (LookupError, ValueError):
            continue
        key = "uuid" if any(f.name == "uuid" for f in model._meta.fields) else "pk"
        valid = [value for value in ids if key == "uuid" or value.isdigit()]
        for obj in model._default_manager.filter(**{f"{key}__in": valid}):
            found[(object_type, str(getattr(obj, key)))] = str(obj)
    for entry in entries:
        entry.resolved_label = found.get((entry.object_type, entry.object_id)) or entry.object_label


class ActionFilter(admin.SimpleListFilter):
    title = "action"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return registry.actions()

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class AuditChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        self.result_list = list(self.result_list)
        resolve_labels(self.result_list)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "actor_label",
        "action_display",
        "object_type",
        "object_display",
        "departement_code",
        "ip",
    ]
    list_filter = [ActionFilter, "object_type", "departement_code", "at"]
    search_fields = ["actor_label", "object_id", "action", "ip"]
    date_hierarchy = "at"
    list_select_related = False
    readonly_fields = ["action_display", "object_display"]

    def get_changelist(self, request, **kwargs):
        return AuditChangeList

    @admin.display(description="action", ordering="action")
    def action_display(self, entry):
        return registry.label(entry.action)

    @admin.display(description="objet")
    def object_display(self, entry):
        if not hasattr(entry, "resolved_label"):
            resolve_labels([entry])
        return entry.resolved_label or entry.object_id

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
