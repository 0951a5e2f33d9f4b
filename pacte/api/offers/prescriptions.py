"""`GET /api/v1/prescriptions/` and `/api/v1/prescriptions/{id}/`: the prescriptions the caller may
see (`Prescription.objects.visible_to`: the whole record of the persons a professional follows; a
partner's open prescriptions to its organisations' offers). The need (`barrier_theme`) goes only to
the professionals who follow the person: a partner never reads it. `?status=` and `?offer=` (the offer's UUID) filter.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from pacte.api.audit import AuditedListMixin
from pacte.api.permissions import CanSeePeople, SecondFactorVerified
from pacte.audit.services import log_read
from pacte.beneficiaries import visibility
from pacte.beneficiaries.models import Person
from pacte.offers.enums import PrescriptionStatus
from pacte.offers.models import Prescription
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.referentials.enums import BarrierTheme


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
    # Only for the professionals who follow the person (absent for a partner): not required.
    barrier_theme = serializers.ChoiceField(
        choices=BarrierTheme.choices,
        required=False,
        allow_blank=True,
        help_text="le besoin auquel l'action répond ; seulement pour les professionnels qui suivent la personne",
    )

    class Meta:
        model = Prescription
        fields = [
            "uuid", "status", "offer", "session", "sent_on", "answered_on", "refusal_reason",
            "started_on", "ended_on", "outcome", "person", "barrier_theme",
        ]  # fmt: skip
        read_only_fields = [name for name in fields if name != "barrier_theme"]

    def to_representation(self, prescription):
        data = super().to_representation(prescription)
        if prescription.person_id not in self.context.get("followed", ()):
            data.pop("barrier_theme")
        return data


def followed_ids(user, rows):
    """The persons of `rows` whom `user` follows by another role than partner (one query)."""
    ids = {row.person_id for row in rows}
    if perms.sees_everything(user):
        return ids
    condition = visibility.person_filter(user, exclude=(Role.PARTNER,))
    if condition is None or not ids:
        return set()
    return set(Person.objects.filter(condition, pk__in=ids).values_list("pk", flat=True))


class FilterParameters(serializers.Serializer):
    status = serializers.ChoiceField(required=False, choices=PrescriptionStatus.choices)
    offer = serializers.UUIDField(required=False)


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

    serializer_class = PrescriptionSerializer

    def get_serializer(self, *args, **kwargs):
        if args and not getattr(self, "swagger_fake_view", False):
            rows = args[0] if kwargs.get("many") else [args[0]]
            kwargs["context"] = {
                **self.get_serializer_context(),
                "followed": followed_ids(self.request.user, rows),
            }
        return super().get_serializer(*args, **kwargs)

    def get_queryset(self):
        prescriptions = (
            Prescription.objects.visible_to(self.request.user)
            .select_related("offer", "offer__organization", "session", "person")
            .order_by("-sent_on", "-id")
        )
        if self.action != "list":
            return prescriptions
        parameters = FilterParameters(data=self.request.query_params)
        parameters.is_valid(raise_exception=True)
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
