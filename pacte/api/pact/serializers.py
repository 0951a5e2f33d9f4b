"""The pacts as the API gives them: a list, and each pact nested (thematics → objectives → actions),
with its signatories, concertation events and indicators. No personal data: the names are the
professionals' of the pact's governance."""

from rest_framework import serializers

from pacte.pact.models import (
    Action,
    BudgetLine,
    ConcertationEvent,
    IndicatorValue,
    Objective,
    Pact,
    PactIndicator,
    Signatory,
    Thematic,
)


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["year", "label", "amount", "funding_source", "funding_detail"]


class ActionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    pilot = serializers.CharField(source="pilot_label", read_only=True)
    partners = serializers.SerializerMethodField()
    budget_lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "id", "title", "description", "pilot", "partners", "referent_name", "start_date", "end_date",
            "calendar", "budget_lines",
        ]  # fmt: skip

    def get_partners(self, action) -> list[str]:
        return [org.name for org in action.partners.all()] + list(action.partner_names)


class ObjectiveSerializer(serializers.ModelSerializer):
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Objective
        fields = ["position", "title", "description", "actions"]


class ThematicSerializer(serializers.ModelSerializer):
    objectives = ObjectiveSerializer(many=True, read_only=True)

    class Meta:
        model = Thematic
        fields = ["position", "title", "description", "referent_name", "objectives"]


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Signatory
        fields = ["name", "commitment"]


class ConcertationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConcertationEvent
        fields = [
            "kind",
            "title",
            "held_on",
            "period",
            "meetings",
            "attendees_count",
            "attendees",
            "contributions",
        ]


class ValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["year", "value", "is_approximate", "dated", "source", "note"]


class IndicatorSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    values = ValueSerializer(many=True, read_only=True)

    class Meta:
        model = PactIndicator
        fields = [
            "id",
            "code",
            "name",
            "definition",
            "unit",
            "baseline",
            "baseline_year",
            "targets",
            "source",
            "values",
        ]


class PactSerializer(serializers.ModelSerializer):
    departement = serializers.CharField(source="departement_id", read_only=True)

    class Meta:
        model = Pact
        fields = [
            "slug", "title", "departement", "territory", "start_year", "end_year", "status", "adopted_on",
            "closed_on",
        ]  # fmt: skip


class PactDetailSerializer(PactSerializer):
    thematics = ThematicSerializer(many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    concertation_events = ConcertationSerializer(many=True, read_only=True)
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta(PactSerializer.Meta):
        fields = [
            *PactSerializer.Meta.fields, "summary", "commitments", "governance", "offer_aims", "thematic_label",
            "announced_actions", "announced_signatories", "notes", "thematics", "signatories",
            "concertation_events", "indicators",
        ]  # fmt: skip
