"""`GET /api/v1/positionings/`: the positionings the caller reads (their département's for the
direction and the employer-relations officers, their people's for référents and orientation
agents), newest first, paginated; `status` and `job_offer` filter, a bad one answers 400 in French.
Each gives the person's UUID, name and commune — never a health detail nor the NIR — and no notes.
Lists are audited with the persons they return."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated

from pacte.api.audit import AuditedListMixin
from pacte.api.permissions import SecondFactorVerified
from pacte.audit.services import log_read
from pacte.employment import positionings as services
from pacte.employment.models import Positioning, PositioningStatus


class CanReadPositionings(BasePermission):
    message = "Votre rôle ne donne pas accès aux positionnements."

    def has_permission(self, request, view):
        return services.can_list(request.user)


# Plain strings rather than enums: their values are listed in each description.
class PositioningSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    person = serializers.UUIDField(source="person.uuid", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    commune = serializers.CharField(source="person.dossier.commune_id", read_only=True, allow_null=True)
    job_offer = serializers.UUIDField(source="job_offer.uuid", read_only=True, allow_null=True)
    insertion_position = serializers.UUIDField(
        source="insertion_position.uuid", read_only=True, allow_null=True
    )
    target = serializers.CharField(source="target_label", read_only=True)
    employer = serializers.CharField(source="employer.organization.name", read_only=True)
    status = serializers.CharField(read_only=True, help_text="proposed, interview, hired ou not_retained")
    programme = serializers.CharField(
        read_only=True, help_text="common_law, iae, pec, alternance, social_clause ou job_dating"
    )
    contract_type = serializers.CharField(read_only=True, help_text="code du type de contrat (cdi, cdd...)")
    not_retained_reason = serializers.CharField(read_only=True)

    class Meta:
        model = Positioning
        fields = [
            "id", "person", "person_name", "commune", "job_offer", "insertion_position", "target",
            "employer", "status", "programme", "proposed_on", "interview_on", "hired_on",
            "contract_type", "contract_months", "not_retained_on", "not_retained_reason",
        ]  # fmt: skip


class FilterParameters(serializers.Serializer):
    status = serializers.ChoiceField(
        required=False,
        choices=PositioningStatus.choices,
        error_messages={"invalid_choice": "Statut inconnu (proposed, interview, hired ou not_retained)."},
    )
    job_offer = serializers.UUIDField(
        required=False, error_messages={"invalid": "Identifiant d'offre d'emploi invalide."}
    )


PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, description="proposed, interview, hired ou not_retained"),
    OpenApiParameter("job_offer", OpenApiTypes.UUID, description="identifiant de l'offre d'emploi"),
]
RELATED = (
    "person__dossier",
    "job_offer__employer__organization",
    "insertion_position__employer__organization",
    "insertion_position__appellation",
)


@extend_schema(parameters=PARAMETERS)
class PositioningViewSet(AuditedListMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, SecondFactorVerified, CanReadPositionings]
    serializer_class = PositioningSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    audit_action = "positioning.list"
    audit_filters = ("status", "job_offer")

    def audit_persons(self, rows):
        return [row.person.uuid for row in rows]

    def get_queryset(self):
        positionings = Positioning.objects.visible_to(self.request.user).select_related(*RELATED)
        if self.action == "list":
            parameters = FilterParameters(data=self.request.query_params)
            parameters.is_valid(raise_exception=True)
            data = parameters.validated_data
            if "status" in data:
                positionings = positionings.filter(status=data["status"])
            if "job_offer" in data:
                positionings = positionings.filter(job_offer__uuid=data["job_offer"])
        return positionings.order_by("-proposed_on", "-id")

    def get_object(self):
        positioning = super().get_object()
        log_read(self.request, positioning, action="positioning.read")
        return positioning
