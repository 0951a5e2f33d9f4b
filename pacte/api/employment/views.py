"""`GET /api/v1/job-offers/`: the job offers the caller may read (those of their département for
the direction, employer relations, référents and orientation agents; a SIAE's own), newest first,
each flagged `in_tension`. `rome`, `commune` and `status` filter; a bad one answers 400 in French.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from pacte.api.permissions import SecondFactorVerified
from pacte.employment import tension
from pacte.employment.enums import JobOfferStatus
from pacte.employment.models import JobOffer


class JobOfferSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    employer = serializers.CharField(source="employer.organization.name", read_only=True)
    employer_id = serializers.UUIDField(source="employer.uuid", read_only=True)
    rome = serializers.CharField(source="rome_id", read_only=True)
    appellation = serializers.IntegerField(source="appellation_id", read_only=True)
    appellation_label = serializers.CharField(source="appellation.label", read_only=True)
    commune = serializers.CharField(source="commune_id", read_only=True)
    in_tension = serializers.SerializerMethodField()

    class Meta:
        model = JobOffer
        fields = [
            "id", "title", "employer", "employer_id", "rome", "appellation", "appellation_label",
            "description", "commune", "latitude", "longitude", "contract_type", "weekly_hours",
            "positions", "status", "opened_on", "closed_on", "in_tension",
        ]  # fmt: skip

    def get_in_tension(self, offer) -> bool:
        return bool(getattr(offer, "in_tension", False))


class FilterParameters(serializers.Serializer):
    rome = serializers.RegexField(
        r"^[A-Na-n][0-9]{4}$",
        required=False,
        error_messages={"invalid": "Code ROME invalide (une lettre, quatre chiffres)."},
    )
    commune = serializers.RegexField(
        r"^(?:[0-9]{5}|2[ABab][0-9]{3})$",
        required=False,
        error_messages={"invalid": "Code INSEE de commune invalide."},
    )
    status = serializers.ChoiceField(
        required=False,
        choices=JobOfferStatus.choices,
        error_messages={"invalid_choice": "Statut inconnu (open, filled ou closed)."},
    )


PARAMETERS = [
    OpenApiParameter("rome", OpenApiTypes.STR, description="code ROME (par exemple F1703)"),
    OpenApiParameter("commune", OpenApiTypes.STR, description="code INSEE de la commune du poste"),
    OpenApiParameter("status", OpenApiTypes.STR, enum=JobOfferStatus.values),
]


@extend_schema(parameters=PARAMETERS)
class JobOfferViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, SecondFactorVerified]
    serializer_class = JobOfferSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        offers = JobOffer.objects.visible_to(self.request.user).select_related(
            "employer__organization", "appellation"
        )
        if self.action == "list":
            parameters = FilterParameters(data=self.request.query_params)
            parameters.is_valid(raise_exception=True)
            data = parameters.validated_data
            if "rome" in data:
                offers = offers.filter(rome_id=data["rome"].upper())
            if "commune" in data:
                offers = offers.filter(commune_id=data["commune"].upper())
            if "status" in data:
                offers = offers.filter(status=data["status"])
        return offers.order_by("-opened_on", "-id")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return tension.flag(page) if page is not None else None

    def get_object(self):
        return tension.flag([super().get_object()])[0]
