from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from pacte.api.audit import AuditedListMixin
from pacte.api.permissions import CanSeePeople, SecondFactorVerified
from pacte.api.serializers import PersonSerializer, PersonWithNirSerializer
from pacte.audit.services import log_read
from pacte.beneficiaries.models import Person
from pacte.organizations import perms


class PersonViewSet(AuditedListMixin, viewsets.ReadOnlyModelViewSet):
    """Persons the caller may see (the same rule as the web pages); `id` is an opaque UUID."""

    permission_classes = [IsAuthenticated, SecondFactorVerified, CanSeePeople]
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    serializer_class = PersonSerializer
    audit_action = "person.list"

    def get_queryset(self):
        return (
            Person.objects.visible_to(self.request.user)
            .select_related("dossier", "dossier__territory")
            .order_by("sort_key", "id")
        )

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False) or not perms.can_read_nir(self.request.user):
            return PersonSerializer
        return PersonWithNirSerializer

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        log_read(request, self.get_object())
        return response


def api_docs(request):
    """A readable, offline page of the endpoints, built from the OpenAPI schema."""
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    endpoints = []
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            endpoints.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": operation.get("summary") or operation.get("description", "").split("\n")[0],
                    "parameters": [p["name"] for p in operation.get("parameters", [])],
                }
            )
    return render(request, "api/docs.html", {"endpoints": endpoints, "info": schema.get("info", {})})
