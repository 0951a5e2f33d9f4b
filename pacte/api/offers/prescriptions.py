"""`GET /api/v1/prescriptions/` and `/api/v1/prescriptions/{id}/`: the prescriptions the caller may
see (`Prescription.objects.visible_to`: the whole record of the persons a professional follows; a
partner's open prescriptions to its organisations' offers). The need (`barrier_theme`) goes to the
professionals only: a partner never reads it. `?status=` and `?offer=` (the offer's UUID) filter.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated

from pacte.api.audit import AuditedListMixin
from pacte.api.permissions import CanSeePeople, SecondFactorVerified
from pacte.audit.services import log_read
from pacte.beneficiaries import visibility
from pacte.offers.enums import PrescriptionStatus
from pacte.offers.models import Prescription
from pacte.organizations import perms
from pacte.organizations.enums import Role


class PrescribedOfferSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    organization = serializers.CharField(source="organization.name", read_only=True)


class PrescribedSessionSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    start_date = serializers.DateField(read_only=True)
    end_date = serializers.DateField(read_only=True, allow_null=True)
    place = serializers.CharField(read_only=True)


class PrescribedPersonSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)


class PrescriptionSerializer(serializers.ModelSerializer):
    offer = PrescribedOfferSerializer(read_only=True)
    session = PrescribedSessionSerializer(read_only=True, allow_null=True)
    person = PrescribedPersonSerializer(read_only=True)

    class Meta:
        model = Prescription
        fields = [
            "uuid", "status", "offer", "session", "sent_on", "answered_on", "refusal_reason",
            "started_on", "ended_on", "outcome", "person",
        ]  # fmt: skip
        read_only_fields = fields


class ProfessionalPrescriptionSerializer(PrescriptionSerializer):
    """For the professionals who follow the person: the need the action answers, too."""

    class Meta(PrescriptionSerializer.Meta):
        fields = [*PrescriptionSerializer.Meta.fields, "barrier_theme"]
        read_only_fields = fields


class FilterParameters(serializers.Serializer):
    status = serializers.ChoiceField(required=False, choices=PrescriptionStatus.choices)
    offer = serializers.UUIDField(required=False)


def is_professional(user):
    """Holds a role that sees the whole record of the persons it follows (not only a partner)."""
    return perms.sees_everything(user) or visibility.person_filter(user, exclude=(Role.PARTNER,)) is not None


PARAMETERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=PrescriptionStatus.values, description="statut"),
    OpenApiParameter("offer", OpenApiTypes.UUID, description="identifiant (UUID) de l'offre"),
]


@extend_schema_view(list=extend_schema(parameters=PARAMETERS))
class PrescriptionViewSet(AuditedListMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, SecondFactorVerified, CanSeePeople]
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    audit_action = "prescription.api.list"
    audit_filters = ("status", "offer")

    def audit_persons(self, rows):
        return [row.person.uuid for row in rows]

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return ProfessionalPrescriptionSerializer
        if is_professional(self.request.user):
            return ProfessionalPrescriptionSerializer
        return PrescriptionSerializer

    def get_queryset(self):
        prescriptions = (
            Prescription.objects.visible_to(self.request.user)
            .select_related("offer", "offer__organization", "session", "person")
            .order_by("-sent_on", "-id")
        )
        if self.action != "list":
            return prescriptions
        parameters = FilterParameters(data=self.request.query_params)
        if not parameters.is_valid():
            raise ValidationError(parameters.errors)
        data = parameters.validated_data
        if "status" in data:
            prescriptions = prescriptions.filter(status=data["status"])
        if "offer" in data:
            prescriptions = prescriptions.filter(offer__uuid=data["offer"])
        return prescriptions

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        log_read(request, self.get_object())
        return response
