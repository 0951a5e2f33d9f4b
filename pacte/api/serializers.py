from rest_framework import serializers

from pacte.beneficiaries.models import Person


class PersonSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    numdemrsa = serializers.CharField(source="dossier.numdemrsa", read_only=True)
    dtdemrsa = serializers.DateField(source="dossier.dtdemrsa", read_only=True)
    right_state = serializers.CharField(source="dossier.right_state", read_only=True)
    commune = serializers.CharField(source="dossier.commune_id", read_only=True, allow_null=True)
    territory = serializers.CharField(
        source="dossier.territory.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "departement_code",
            "numdemrsa",
            "dtdemrsa",
            "rsa_role",
            "civility",
            "last_name",
            "birth_name",
            "first_name",
            "birth_date",
            "sex",
            "france_travail_id",
            "is_sdd",
            "is_entering_sdd",
            "sdd_since",
            "sdd_since_evidence",
            "sdd_cohort",
            "right_state",
            "commune",
            "territory",
        ]


class PersonWithNirSerializer(PersonSerializer):
    """For the roles allowed to read the NIR (direction, orientation agents, référents)."""

    nir = serializers.CharField(read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "nir"]
