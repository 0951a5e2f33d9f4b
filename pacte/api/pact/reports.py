"""`GET /api/v1/pacts/{slug}/indicators/`: a pact's indicators with their targets and yearly values;
`GET /api/v1/action-reports/?pact=slug&year=Y`: the yearly action reports the caller may read
(`ActionReport.objects.visible_to`: the direction every report of its département, a reporter those
of its actions, every other reader the validated ones). No personal data: a report names its
author's structure; the author's name goes to the direction only."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated

from pacte.api.pact.serializers import IndicatorSerializer
from pacte.api.permissions import SecondFactorVerified
from pacte.organizations import perms
from pacte.pact.models import EDITOR_ROLES, ActionReport, Pact, PactIndicator


class PactIndicatorsView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, SecondFactorVerified]
    serializer_class = IndicatorSerializer

    def get_queryset(self):
        pact = get_object_or_404(Pact.objects.visible_to(self.request.user), slug=self.kwargs["slug"])
        return PactIndicator.objects.filter(pact=pact).prefetch_related("values").order_by("code", "id")


class ActionReportSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    pact = serializers.SlugField(source="action.objective.thematic.pact.slug", read_only=True)
    action = serializers.UUIDField(source="action.uuid", read_only=True)
    action_title = serializers.CharField(source="action.title", read_only=True)
    author_organization = serializers.CharField(
        source="author_organization.name", read_only=True, allow_null=True, default=None
    )
    author = serializers.SerializerMethodField()

    class Meta:
        model = ActionReport
        fields = [
            "id", "pact", "action", "action_title", "year", "status", "progress_percent", "progress_status",
            "values", "advances", "difficulties", "next_steps", "author_organization", "author", "submitted_at",
            "reviewed_at", "review_comment",
        ]  # fmt: skip

    def get_author(self, report) -> str | None:
        """The author's name, for the direction of the pact's département only."""
        reviewable = self.context["reviewable_departements"]
        if report.author is None or report.action.objective.thematic.pact.departement_id not in reviewable:
            return None
        return report.author.get_full_name()


@extend_schema(
    parameters=[
        OpenApiParameter("pact", OpenApiTypes.STR, description="Identifiant (slug) du pacte"),
        OpenApiParameter("year", OpenApiTypes.INT, description="Année des bilans"),
    ]
)
class ActionReportListView(generics.ListAPIView):
    permission_classes = [IsAuthenticated, SecondFactorVerified]
    serializer_class = ActionReportSerializer

    def get_queryset(self):
        reports = ActionReport.objects.visible_to(self.request.user).select_related(
            "action__objective__thematic__pact", "author", "author_organization"
        )
        pact = self.request.query_params.get("pact")
        if pact:
            reports = reports.filter(action__objective__thematic__pact__slug=pact)
        year = self.request.query_params.get("year")
        if year:
            if not year.isdigit():
                raise ValidationError({"year": "L'année est un nombre, par exemple 2024."})
            reports = reports.filter(year=int(year))
        return reports.order_by("action__objective__thematic__pact__slug", "-year", "action__position", "id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["reviewable_departements"] = set(perms.departements_for(self.request.user, *EDITOR_ROLES))
        return context
