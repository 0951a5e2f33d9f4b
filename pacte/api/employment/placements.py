"""`GET /api/v1/immersions/`, `/api/v1/tutorings/` and `/api/v1/social-clauses/` (each with its
detail by UUID): the placements the caller reads, by the rules of their pages
(pacte/employment/models/placements.py). Immersions and tutoring: the direction and the
employer-relations officers of the département, the person's active référent, the employer's own
members for theirs. Clauses: the direction and the officers. Newest first, paginated; `status` (and
`person` for immersions and tutoring) filter, a bad value answers 400 in French.

Each row names the person by UUID and name, never a NIR, and carries none of the free texts
(activities, observations, reports, comments) nor the tutor's name: they stay on the pages, where
reading them is audited one by one. Lists are audited with the persons they return, details as
readings."""

from django.db.models import Count
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated

from pacte.api.audit import AuditedListMixin
from pacte.api.permissions import SecondFactorVerified
from pacte.audit.services import log_read
from pacte.employment import clauses, placement_perms
from pacte.employment.models import Immersion, SocialClause, Tutoring
from pacte.employment.placement_enums import ImmersionStatus


class CanReadPlacements(BasePermission):
    message = "Votre rôle ne donne pas accès aux immersions ni aux tutorats."

    def has_permission(self, request, view):
        return placement_perms.can_read_placements(request.user)


class CanReadClauses(BasePermission):
    message = "Votre rôle ne donne pas accès aux clauses sociales."

    def has_permission(self, request, view):
        return placement_perms.can_manage_clauses(request.user)


class _PersonRow(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    person = serializers.UUIDField(source="person.uuid", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    employer = serializers.CharField(source="employer.organization.name", read_only=True)
    employer_id = serializers.UUIDField(source="employer.uuid", read_only=True)


class ImmersionSerializer(_PersonRow):
    prescriber_organization = serializers.CharField(source="prescriber_organization.name", read_only=True)
    rome = serializers.CharField(source="rome.code", read_only=True)
    appellation = serializers.CharField(source="appellation.label", read_only=True)
    objective = serializers.CharField(read_only=True, help_text="discover, confirm ou recruit")
    status = serializers.CharField(
        read_only=True, help_text="draft, signed, carried_out, evaluated ou cancelled"
    )
    attendance = serializers.CharField(read_only=True, help_text="full, occasional, repeated ou vide")
    next_step = serializers.CharField(
        read_only=True, help_text="suite donnée (recruitment, training...) ou vide"
    )

    class Meta:
        model = Immersion
        fields = [
            "id", "person", "person_name", "employer", "employer_id", "prescriber_organization",
            "rome", "appellation", "starts_on", "ends_on", "weekly_hours", "objective", "status",
            "person_signed_on", "employer_signed_on", "prescriber_signed_on", "carried_out_on",
            "attendance", "next_step", "evaluated_on",
        ]  # fmt: skip


class TutoringSerializer(_PersonRow):
    meetings = serializers.IntegerField(source="meetings_count", read_only=True)
    outcome = serializers.CharField(read_only=True, help_text="issue du tutorat (job_kept, left...) ou vide")

    class Meta:
        model = Tutoring
        fields = [
            "id", "person", "person_name", "employer", "employer_id", "job_title", "started_on",
            "planned_end_on", "ended_on", "outcome", "meetings",
        ]  # fmt: skip


class SocialClauseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    holder = serializers.CharField(source="holder.organization.name", read_only=True, allow_null=True)
    done_hours = serializers.SerializerMethodField()
    expected_hours = serializers.SerializerMethodField()
    people = serializers.SerializerMethodField()

    class Meta:
        model = SocialClause
        fields = [
            "id", "buyer_name", "title", "reference", "holder", "starts_on", "ends_on",
            "required_hours", "done_hours", "expected_hours", "people",
        ]  # fmt: skip

    def _compliance(self, clause):
        return clauses.compliance(clause)

    def get_done_hours(self, clause) -> float:
        return float(self._compliance(clause).done)

    def get_expected_hours(self, clause) -> float:
        """Hours due by today at the contract's pace (its required hours spread over its days)."""
        return float(self._compliance(clause).expected)

    def get_people(self, clause) -> int:
        return self._compliance(clause).people


class PersonFilter(serializers.Serializer):
    person = serializers.UUIDField(
        required=False, error_messages={"invalid": "Identifiant de personne invalide."}
    )


class ImmersionFilter(PersonFilter):
    status = serializers.ChoiceField(
        required=False,
        choices=ImmersionStatus.choices,
        error_messages={
            "invalid_choice": "Statut inconnu (draft, signed, carried_out, evaluated ou cancelled)."
        },
    )


class TutoringFilter(PersonFilter):
    status = serializers.ChoiceField(
        required=False,
        choices=[("ongoing", "en cours"), ("ended", "terminé")],
        error_messages={"invalid_choice": "Statut inconnu (ongoing ou ended)."},
    )


class ClauseFilter(serializers.Serializer):
    status = serializers.ChoiceField(
        required=False,
        choices=[("running", "en cours d'exécution"), ("ended", "terminé")],
        error_messages={"invalid_choice": "Statut inconnu (running ou ended)."},
    )


PERSON_PARAMETER = OpenApiParameter("person", OpenApiTypes.UUID, description="identifiant de la personne")


def _filters(filter_class, request):
    parameters = filter_class(data=request.query_params)
    parameters.is_valid(raise_exception=True)
    return parameters.validated_data


class _PlacementViewSet(AuditedListMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, SecondFactorVerified, CanReadPlacements]
    lookup_field = "uuid"
    lookup_url_kwarg = "id"
    audit_filters = ("status", "person")
    read_action = ""
    filter_class = PersonFilter
    related = ()

    def audit_persons(self, rows):
        return [row.person.uuid for row in rows]

    def rows(self):
        return (
            self.model.objects.visible_to(self.request.user)
            .select_related("person", "employer__organization", *self.related)
            .order_by(*self.order)
        )

    def filter_rows(self, rows, data):
        return rows

    def get_queryset(self):
        rows = self.rows()
        if self.action == "list":
            data = _filters(self.filter_class, self.request)
            if "person" in data:
                rows = rows.filter(person__uuid=data["person"])
            rows = self.filter_rows(rows, data)
        return rows

    def get_object(self):
        row = super().get_object()
        log_read(self.request, row, action=self.read_action)
        return row


@extend_schema(
    parameters=[
        OpenApiParameter(
            "status", OpenApiTypes.STR, description="draft, signed, carried_out, evaluated ou cancelled"
        ),
        PERSON_PARAMETER,
    ]
)
class ImmersionViewSet(_PlacementViewSet):
    serializer_class = ImmersionSerializer
    model = Immersion
    audit_action = "immersion.list"
    read_action = "immersion.read"
    filter_class = ImmersionFilter
    related = ("prescriber_organization", "rome", "appellation")
    order = ("-starts_on", "-id")

    def filter_rows(self, rows, data):
        return rows.filter(status=data["status"]) if "status" in data else rows


@extend_schema(
    parameters=[
        OpenApiParameter("status", OpenApiTypes.STR, description="ongoing ou ended"),
        PERSON_PARAMETER,
    ]
)
class TutoringViewSet(_PlacementViewSet):
    serializer_class = TutoringSerializer
    model = Tutoring
    audit_action = "tutoring.list"
    read_action = "tutoring.read"
    filter_class = TutoringFilter
    order = ("-started_on", "-id")

    def rows(self):
        return super().rows().annotate(meetings_count=Count("meetings"))

    def filter_rows(self, rows, data):
        if data.get("status") == "ongoing":
            return rows.filter(ended_on=None)
        if data.get("status") == "ended":
            return rows.exclude(ended_on=None)
        return rows


@extend_schema(parameters=[OpenApiParameter("status", OpenApiTypes.STR, description="running ou ended")])
class SocialClauseViewSet(viewsets.ReadOnlyModelViewSet):
    """A public contract names no person: the list is not audited, a clause's reading is (its
    page shows the persons' hours)."""

    permission_classes = [IsAuthenticated, SecondFactorVerified, CanReadClauses]
    serializer_class = SocialClauseSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        rows = clauses.with_totals(
            SocialClause.objects.visible_to(self.request.user).select_related("holder__organization")
        ).order_by("-starts_on", "reference", "id")
        if self.action == "list":
            status = _filters(ClauseFilter, self.request).get("status")
            today = timezone.localdate()
            if status == "running":
                rows = rows.filter(ends_on__gte=today)
            elif status == "ended":
                rows = rows.filter(ends_on__lt=today)
        return rows

    def get_object(self):
        clause = super().get_object()
        log_read(self.request, clause, action="social_clause.read")
        return clause
