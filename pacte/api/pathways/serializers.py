import datetime

from rest_framework import serializers

from pacte.organizations.enums import OrientationBodyKind
from pacte.pathways.enums import AppointmentStatus, Track
from pacte.pathways.models import Appointment, Contract, Orientation, ReorientationRequest
from pacte.pathways.queries import queue_deadline


class OrganizationRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    name = serializers.CharField()


class QueueEntrySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="uuid")
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    birth_date = serializers.DateField()
    rsa_role = serializers.CharField()
    numdemrsa = serializers.CharField(source="dossier.numdemrsa")
    dtdemrsa = serializers.DateField(source="dossier.dtdemrsa")
    sdd_since = serializers.DateField(allow_null=True)
    territory = serializers.CharField(source="dossier.territory.name", allow_null=True, default=None)
    entry_date = serializers.DateField(
        help_text="Début du délai : la plus tardive de la demande RSA et de l'entrée dans les droits et devoirs."
    )
    deadline = serializers.SerializerMethodField(help_text="Échéance légale de l'orientation (6 semaines).")
    is_overdue = serializers.BooleanField()
    proposal = serializers.UUIDField(source="proposal_uuid", allow_null=True)

    def get_deadline(self, person) -> datetime.date:
        return queue_deadline(person)


class OrientationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    body = OrganizationRefSerializer(allow_null=True)
    rule = serializers.CharField(source="rule.label", allow_null=True, default=None)

    class Meta:
        model = Orientation
        fields = [
            "id",
            "track",
            "body_kind",
            "body",
            "status",
            "origin",
            "decision_date",
            "rule",
            "explanation",
        ]


class ContractSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organization = OrganizationRefSerializer(allow_null=True)
    renewal_of = serializers.UUIDField(source="renewal_of.uuid", allow_null=True, default=None)

    class Meta:
        model = Contract
        fields = [
            "id",
            "kind",
            "status",
            "signed_on",
            "end_date",
            "weekly_hours",
            "hours_reason",
            "organization",
            "renewal_of",
        ]


class AppointmentSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organization = OrganizationRefSerializer()

    class Meta:
        model = Appointment
        fields = [
            "id",
            "kind",
            "starts_at",
            "duration_minutes",
            "place",
            "purpose",
            "status",
            "organization",
            "reminder_sent_at",
        ]


class ReorientationRequestSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    resulting_orientation = serializers.UUIDField(
        source="resulting_orientation.uuid", allow_null=True, default=None
    )

    class Meta:
        model = ReorientationRequest
        fields = [
            "id",
            "requested_on",
            "reason",
            "proposed_track",
            "proposed_body_kind",
            "status",
            "decision_reason",
            "decided_on",
            "resulting_orientation",
        ]


class TimelineEventSerializer(serializers.Serializer):
    date = serializers.DateField(source="day")
    kind = serializers.CharField()
    label = serializers.CharField()
    id = serializers.SerializerMethodField()

    def get_id(self, event) -> str:
        return str(getattr(event.obj, "uuid", ""))


class DecideOrientationSerializer(serializers.Serializer):
    track = serializers.ChoiceField(choices=Track.choices)
    body = serializers.UUIDField(help_text="Identifiant de l'organisme d'orientation.")
    decision_date = serializers.DateField(required=False)


class ValidateOrientationSerializer(serializers.Serializer):
    decision_date = serializers.DateField(required=False)
    body = serializers.UUIDField(required=False)


class SignContractSerializer(serializers.Serializer):
    signed_on = serializers.DateField(required=False)


class AttendanceSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[
            (s, AppointmentStatus(s).label)
            for s in (AppointmentStatus.SEEN, AppointmentStatus.EXCUSED, AppointmentStatus.ABSENT)
        ]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RequestReorientationSerializer(serializers.Serializer):
    reason = serializers.CharField()
    proposed_track = serializers.ChoiceField(choices=Track.choices)
    proposed_body_kind = serializers.ChoiceField(choices=OrientationBodyKind.choices)
    proposed_body = serializers.UUIDField(required=False)


class DecideReorientationSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField()
    body = serializers.UUIDField(required=False)


class ValidateCohortSerializer(serializers.Serializer):
    orientations = serializers.ListField(child=serializers.UUIDField(), min_length=1, max_length=500)
    decision_date = serializers.DateField(required=False)
