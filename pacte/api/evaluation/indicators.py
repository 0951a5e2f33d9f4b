"""GET /api/v1/indicators/?departement=87&year=2025[&at=YYYY-MM-DD]: the JSON of `pacte indicators`.

Aggregates only, for those who read a département's statistics (`perms.aggregates_for`: its
direction, the analysts): another role answers 403, a département out of reach 404. As on the
dashboards, counts of 1 to 4 (and the values they make) are `null` for everyone but the direction.
"""

import datetime

from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from pacte.evaluation import engine
from pacte.organizations import perms
from pacte.organizations.enums import Role

SMALL_MAX = 4


def _small(count):
    return count is not None and 1 <= count <= SMALL_MAX


def masked(indicator):
    """An indicator whose counts of 1 to 4 are withheld, with the value they would reveal."""
    if "n" in indicator:
        return {"n": None, "value": None} if _small(indicator["n"]) else dict(indicator)
    if _small(indicator["denominator"]):
        return {"numerator": None, "denominator": None, "value": None}
    if _small(indicator["numerator"]):
        return {"numerator": None, "denominator": indicator["denominator"], "value": None}
    return dict(indicator)


def _year(value):
    if value in (None, ""):
        return timezone.localdate().year
    try:
        year = int(value)
    except ValueError:
        raise ValidationError({"year": "Année invalide (attendu : 2025 par exemple)."}) from None
    if not 1900 <= year <= 2100:
        raise ValidationError({"year": "Année invalide (attendu : 2025 par exemple)."})
    return year


def _at(value):
    if value in (None, ""):
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({"at": "Date invalide (attendu : AAAA-MM-JJ)."}) from None
    if not 1900 <= day.year <= 2100:
        raise ValidationError({"at": "Date invalide (entre 1900 et 2100)."})
    return day


class IndicatorsView(APIView):
    @extend_schema(
        summary="Indicateurs de l'enquête OARSA et délais légaux d'un département",
        parameters=[
            OpenApiParameter("departement", str, description="Département (par défaut le premier lisible)."),
            OpenApiParameter("year", int, description="Année de référence (par défaut l'année en cours)."),
            OpenApiParameter(
                "at", OpenApiTypes.DATE, description="Date de référence (par défaut le 31 décembre)."
            ),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        user = request.user
        if not perms.holds(user, *perms.AGGREGATE_ROLES):
            raise PermissionDenied("Votre rôle ne donne pas accès aux statistiques.")
        codes = perms.aggregates_for(user)
        code = request.query_params.get("departement") or (codes[0] if codes else "")
        if code not in codes:
            raise Http404
        result = engine.compute(
            code, _year(request.query_params.get("year")), _at(request.query_params.get("at"))
        )
        exact = perms.reaches(user, code, Role.DIRECTION)
        result["small_counts_masked"] = not exact
        if not exact:
            result["indicators"] = {key: masked(value) for key, value in result["indicators"].items()}
        return Response(result)
