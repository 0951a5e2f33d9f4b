"""`GET /api/v1/offers/`: the published catalogue the caller may read, searched near a commune.

`?commune=INSEE&radius_km=R` keeps the offers within R km of the commune's centre, nearest first,
each with `distance_km`; `theme` (a barrier theme of the diagnostic), `thematique`, `public` and
`mode` filter. A bad parameter answers 400 with a French message per parameter.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from pacte.api.permissions import SecondFactorVerified
from pacte.offers import enums, search
from pacte.offers.models import Offer
from pacte.referentials.enums import BarrierTheme
from pacte.territory.models import Commune

MAX_RADIUS_KM = 200


class OfferSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid", read_only=True)
    organization = serializers.CharField(source="organization.name", read_only=True)
    commune = serializers.CharField(source="commune_id", read_only=True, allow_null=True)
    distance_km = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id", "name", "description", "organization", "service_type", "thematiques", "publics",
            "reception_modes", "aims", "fees", "address", "commune", "latitude", "longitude",
            "is_remote_only", "capacity", "waiting_list", "contact_email", "contact_phone", "distance_km",
        ]  # fmt: skip

    def get_distance_km(self, offer) -> float | None:
        distance = getattr(offer, "distance_km", None)
        return None if distance is None else round(distance, 2)


class SearchParameters(serializers.Serializer):
    commune = serializers.CharField(required=False, max_length=5, min_length=5)
    radius_km = serializers.FloatField(required=False, min_value=0.1, max_value=MAX_RADIUS_KM)
    theme = serializers.ChoiceField(required=False, choices=BarrierTheme.choices)
    thematique = serializers.ChoiceField(required=False, choices=enums.Thematique.choices)
    public = serializers.ChoiceField(required=False, choices=enums.Public.choices)
    mode = serializers.ChoiceField(required=False, choices=enums.ReceptionMode.choices)

    def validate(self, data):
        if "radius_km" in data and "commune" not in data:
            raise serializers.ValidationError({"commune": "Indiquez la commune d'où mesurer le rayon."})
        if "commune" in data:
            commune = Commune.objects.with_coordinates().filter(insee_code=data["commune"]).first()
            if commune is None:
                raise serializers.ValidationError({"commune": "Commune inconnue ou sans coordonnées."})
            data["commune"] = commune
            data.setdefault("radius_km", 10.0)
        return data


PARAMETERS = [
    OpenApiParameter("commune", OpenApiTypes.STR, description="code INSEE de la commune de départ"),
    OpenApiParameter("radius_km", OpenApiTypes.NUMBER, description=f"rayon en km (défaut 10, au plus {MAX_RADIUS_KM})"),
    OpenApiParameter("theme", OpenApiTypes.STR, enum=BarrierTheme.values, description="thème de frein"),
    OpenApiParameter("thematique", OpenApiTypes.STR, enum=enums.Thematique.values),
    OpenApiParameter("public", OpenApiTypes.STR, enum=enums.Public.values),
    OpenApiParameter("mode", OpenApiTypes.STR, enum=enums.ReceptionMode.values),
]  # fmt: skip


@extend_schema(parameters=PARAMETERS)
class OfferViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [IsAuthenticated, SecondFactorVerified]
    serializer_class = OfferSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "id"

    def get_queryset(self):
        offers = Offer.objects.visible_to(self.request.user).select_related("organization")
        if self.action != "list":
            return offers.order_by("name", "id")
        parameters = SearchParameters(data=self.request.query_params)
        parameters.is_valid(raise_exception=True)
        data = parameters.validated_data
        offers = search.matching(
            offers.published(),
            thematiques=[data["thematique"]] if "thematique" in data else (),
            themes=[data["theme"]] if "theme" in data else (),
            publics=[data["public"]] if "public" in data else (),
            reception_mode=data.get("mode", ""),
        )
        commune = data.get("commune")
        if commune is None:
            return offers.order_by("name", "id")
        return search.near(
            offers, latitude=commune.latitude, longitude=commune.longitude, radius_km=data["radius_km"]
        )
