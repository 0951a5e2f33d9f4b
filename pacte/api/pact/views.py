"""`GET /api/v1/pacts/` and `/api/v1/pacts/{slug}/`: the pacts of the départements where the caller
works (any staff role, analysts included), the detail nested as DESIGN.md says."""

from django.db.models import Prefetch
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from pacte.api.pact.serializers import PactDetailSerializer, PactSerializer
from pacte.api.permissions import SecondFactorVerified
from pacte.pact.models import Action, Pact, PactIndicator


class PactViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, SecondFactorVerified]
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_serializer_class(self):
        return PactSerializer if self.action == "list" else PactDetailSerializer

    def get_queryset(self):
        pacts = Pact.objects.visible_to(self.request.user).order_by("departement_id", "-start_year", "slug")
        if self.action == "list":
            return pacts
        actions = Action.objects.select_related("pilot").prefetch_related("partners", "budget_lines")
        return pacts.prefetch_related(
            "thematics__objectives",
            Prefetch("thematics__objectives__actions", queryset=actions),
            "signatories",
            "concertation_events",
            Prefetch("indicators", queryset=PactIndicator.objects.prefetch_related("values")),
        )
