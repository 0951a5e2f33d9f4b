"""Serializers of the follow-up endpoints: référent designation, diagnostics, action plan, exits."""

from rest_framework import serializers

from pacte.core.errors import DomainError
from pacte.pathways.enums import (
    EducationLevel,
    EmploymentContractType,
    ExitKind,
    PlanItemStatus,
    ProfessionalSituation,
)
from pacte.pathways.models import Diagnostic, PathwayExit, PlanAction, PlanObjective, ReferentAssignment
from pacte.pathways.services.common import check_not_future


class ReferentAssignmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    referent = serializers.UUIDField(source="referent.uuid")
    referent_name = serializers.CharField(source="referent.get_full_name")
    organization = serializers.UUIDField(source="organization.uuid")
    organization_name = serializers.CharField(source="organization.name")

    class Meta:
        model = ReferentAssignment
        fields = [
            "id",
            "referent",
            "referent_name",
            "organization",
            "organization_name",
            "start_date",
            "end_date",
            "end_reason",
        ]


class AssignReferentSerializer(serializers.Serializer):
    referent = serializers.UUIDField(help_text="Identifiant de l'utilisateur·rice référent·e.")
    organization = serializers.UUIDField(help_text="Identifiant de la structure du ou de la référent·e.")
    start_date = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, default="Nouvelle désignation")


class EndReferentSerializer(serializers.Serializer):
    # Both required, as on the web: ending a designation is a decision with a date and a reason.
    end_date = serializers.DateField(help_text="Date de fin de la désignation.")
    reason = serializers.CharField(max_length=200, help_text="Motif de fin de la désignation.")


class ProjectSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class PersonDiagnosticBarrierSerializer(serializers.Serializer):
    code = serializers.CharField(source="barrier.code")
    theme = serializers.CharField(source="barrier.theme")
    label = serializers.CharField(source="barrier.label")


class DiagnosticBarrierSerializer(PersonDiagnosticBarrierSerializer):
    note = serializers.CharField()


class PersonDiagnosticSerializer(serializers.ModelSerializer):
    """A diagnostic as the person themself reads it: without the professionals' notes."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    projects = ProjectSerializer(many=True)
    barriers = PersonDiagnosticBarrierSerializer(source="barrier_links", many=True)

    class Meta:
        model = Diagnostic
        fields = [
            "id",
            "version",
            "made_on",
            "professional_situation",
            "last_employment_end",
            "education_level",
            "projects",
            "barriers",
        ]


class DiagnosticSerializer(PersonDiagnosticSerializer):
    """A diagnostic as the professionals read it, with their notes."""

    barriers = DiagnosticBarrierSerializer(source="barrier_links", many=True)

    class Meta(PersonDiagnosticSerializer.Meta):
        fields = [*PersonDiagnosticSerializer.Meta.fields, "notes"]


class BarrierInputSerializer(serializers.Serializer):
    code = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RecordDiagnosticSerializer(serializers.Serializer):
    made_on = serializers.DateField()
    professional_situation = serializers.ChoiceField(choices=ProfessionalSituation.choices)
    education_level = serializers.ChoiceField(choices=EducationLevel.choices)
    last_employment_end = serializers.DateField(required=False, allow_null=True, default=None)
    projects = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    barriers = BarrierInputSerializer(many=True, required=False, default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_last_employment_end(self, value):
        """An employment that has ended, so not in the future (the web form checks the same)."""
        if value is not None:
            try:
                check_not_future(value, "de fin du dernier emploi")
            except DomainError as error:
                raise serializers.ValidationError(error.message) from error
        return value


class PlanActionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)

    class Meta:
        model = PlanAction
        fields = ["id", "title", "description", "status", "due_date", "position", "created_by_person"]


class PlanObjectiveSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    actions = PlanActionSerializer(many=True, read_only=True)

    class Meta:
        model = PlanObjective
        fields = [
            "id",
            "title",
            "description",
            "status",
            "due_date",
            "position",
            "created_by_person",
            "actions",
        ]


class PlanItemInputSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    due_date = serializers.DateField(required=False, allow_null=True, default=None)


class PlanItemStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PlanItemStatus.choices)


class PlanItemSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    kind = serializers.SerializerMethodField()
    title = serializers.CharField()
    status = serializers.CharField()

    def get_kind(self, item) -> str:
        return "objective" if isinstance(item, PlanObjective) else "action"


class PersonPathwayExitSerializer(serializers.ModelSerializer):
    """An exit as the person themself reads it: without the professional's note."""

    id = serializers.UUIDField(source="uuid", read_only=True)
    reason = serializers.CharField(source="reason.code", allow_null=True, default=None)
    reason_label = serializers.CharField(source="reason.label", allow_null=True, default=None)

    class Meta:
        model = PathwayExit
        fields = ["id", "kind", "employment_contract_type", "exit_date", "reason", "reason_label"]


class PathwayExitSerializer(PersonPathwayExitSerializer):
    class Meta(PersonPathwayExitSerializer.Meta):
        fields = [*PersonPathwayExitSerializer.Meta.fields, "note"]


class RecordExitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ExitKind.choices)
    exit_date = serializers.DateField()
    employment_contract_type = serializers.ChoiceField(
        choices=EmploymentContractType.choices, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(required=False, help_text="Code du motif de sortie.")
    note = serializers.CharField(required=False, allow_blank=True, default="")
