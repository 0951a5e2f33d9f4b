"""The search of offers near a place: the great circle, computed in the database the same way on
SQLite and PostgreSQL, after a bounding box an index serves.

Each placed offer stores its point on the unit sphere (`sphere_x/y/z`, set on save). The cosine of
the central angle between two points is then the dot product of their vectors: plain arithmetic,
which the database computes without calling a function per row (SQLite's trigonometry is Python
code called row by row). `near()` keeps the offers whose `closeness` (that cosine) is at least the
cosine of the radius, nearest first; `Offer.distance_km` turns the closeness into kilometres,
within a metre of the haversine. Remote-only offers have no place and come after, with no distance.
"""

import math

from data_inclusion.schema import v1 as schema
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from pacte.referentials.enums import BarrierTheme

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG), as the haversine references use

# The schema's categories of thématiques that answer each theme of barrier of the diagnostic.
CATEGORIES_BY_BARRIER_THEME = {
    BarrierTheme.HEALTH: ("sante",),
    BarrierTheme.MOBILITY: ("mobilite",),
    BarrierTheme.HOUSING: ("logement-hebergement",),
    BarrierTheme.CHILDCARE: ("famille",),
    BarrierTheme.LANGUAGE: ("lecture-ecriture-calcul",),
    BarrierTheme.DIGITAL: ("numerique",),
    BarrierTheme.ADMINISTRATIVE: ("difficultes-administratives-ou-juridiques",),
    BarrierTheme.FINANCIAL: ("difficultes-financieres", "equipement-et-alimentation"),
    BarrierTheme.FAMILY: ("famille",),
    BarrierTheme.EMPLOYMENT: (
        "choisir-un-metier", "creer-une-entreprise", "preparer-sa-candidature", "remobilisation",
        "se-former", "trouver-un-emploi",
    ),
}  # fmt: skip
THEMATIQUES_BY_BARRIER_THEME = {
    theme: tuple(t.value for t in schema.Thematique if t.value.split("--")[0] in categories)
    for theme, categories in CATEGORIES_BY_BARRIER_THEME.items()
}


# The bit of each barrier theme in `Offer.theme_mask` (its position in BarrierTheme, fixed: a new
# theme is added at the end; reordering them needs the masks recomputed).
THEME_BITS = {theme: 1 << position for position, theme in enumerate(BarrierTheme)}


def theme_mask(thematiques):
    """The bits of the barrier themes that `thematiques` (schema codes) answer."""
    codes = set(thematiques or ())
    return sum(bit for theme, bit in THEME_BITS.items() if codes & set(THEMATIQUES_BY_BARRIER_THEME[theme]))


def haversine_km(lat1, lon1, lat2, lon2):
    """The reference the database expression is checked against (tests)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def unit_vector(latitude, longitude):
    """The point on the unit sphere (x, y, z); (None, None, None) without coordinates."""
    if latitude is None or longitude is None:
        return None, None, None
    phi, lam = math.radians(latitude), math.radians(longitude)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def closeness_expression(latitude, longitude):
    """The cosine of the central angle between each offer and the point: a dot product."""
    x, y, z = unit_vector(latitude, longitude)
    return (
        F("sphere_x") * Value(x, output_field=FloatField())
        + F("sphere_y") * Value(y, output_field=FloatField())
        + F("sphere_z") * Value(z, output_field=FloatField())
    )


def distance_from_closeness(closeness):
    if closeness is None:
        return None
    return EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, closeness)))


def min_closeness(radius_km):
    return math.cos(min(radius_km / EARTH_RADIUS_KM, math.pi))


def distance_expression(latitude, longitude):
    lat, lon = Value(math.radians(latitude), output_field=FloatField()), math.radians(longitude)
    dlat = (Radians(F("latitude")) - lat) / 2
    dlon = (Radians(F("longitude")) - Value(lon, output_field=FloatField())) / 2
    a = Power(Sin(dlat), 2) + Cos(lat) * Cos(Radians(F("latitude"))) * Power(Sin(dlon), 2)
    return Value(2 * EARTH_RADIUS_KM, output_field=FloatField()) * ASin(
        Least(Value(1.0, output_field=FloatField()), Sqrt(a))
    )


def bounding_box(latitude, longitude, radius_km):
    """(south, north, west, east) around the point, wide enough for `radius_km`."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(math.cos(math.radians(latitude)), 1e-6)
    dlon = min(180.0, math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def near(offers, *, latitude, longitude, radius_km):
    """`offers` within `radius_km` of the point, nearest first, each with `distance_km`."""
    south, north, west, east = bounding_box(latitude, longitude, radius_km)
    boxed = offers.filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    return (
        boxed.annotate(closeness=closeness_expression(latitude, longitude))
        .filter(closeness__gte=min_closeness(radius_km))
        .order_by("-closeness", "name", "id")
    )


def matching(offers, *, thematiques=(), themes=(), publics=(), reception_mode=""):
    """Filters of the search: thématiques (exact codes), barrier themes (their thématiques, through
    `referentials`), publics (or « tous publics »), reception mode."""
    condition = Q(pk__in=[]) if themes or thematiques else Q()
    mask = sum(THEME_BITS.get(theme, 0) for theme in themes)
    if mask:
        offers = offers.alias(needs_bits=F("theme_mask").bitand(mask))
        condition |= Q(needs_bits__gt=0)
    if thematiques:
        condition |= _any_in("thematiques", sorted(set(thematiques)))
    offers = offers.filter(condition)
    if publics:
        offers = offers.filter(_any_in("publics", [*publics, "tous-publics"]) | Q(publics=[]))
    if reception_mode:
        offers = offers.filter(_any_in("reception_modes", [reception_mode]))
    return offers


def _any_in(field, codes):
    """Rows whose JSON list `field` holds one of `codes`: a text match on the quoted code, the same
    on SQLite and PostgreSQL (JSON containment differs between them)."""
    condition = Q()
    for code in codes:
        condition |= Q(**{f"{field}__icontains": f'"{code}"'})
    return condition


def remote_for(offers, commune):
    """Remote-only offers open to the people of `commune`: their eligibility zone is empty or
    names the commune, its EPCI, its département or all France."""
    zone = [commune.insee_code, commune.departement_id, "france"]
    if commune.epci_id:
        zone.append(commune.epci_id)
    return offers.filter(
        Q(is_remote_only=True) & (Q(eligibility_zone=[]) | _any_in("eligibility_zone", zone))
    )


def near_or_remote(offers, *, commune, radius_km):
    """`near()` the commune, then the remote-only offers open to its people (`remote_for`), which
    have no place to measure: one queryset, nearest first, remote ones last (`distance_km` None)."""
    south, north, west, east = bounding_box(commune.latitude, commune.longitude, radius_km)
    in_box = Q(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    remote = remote_for(offers, commune).values("pk")
    closeness = closeness_expression(commune.latitude, commune.longitude)
    placed = offers.filter(in_box, is_remote_only=False).annotate(closeness=closeness)
    within = placed.filter(closeness__gte=min_closeness(radius_km)).values("pk")
    return (
        offers.filter(Q(pk__in=within) | Q(pk__in=remote))
        .annotate(
            closeness=Case(
                When(is_remote_only=True, then=Value(None, output_field=FloatField())),
                default=closeness,
                output_field=FloatField(),
            )
        )
        .order_by(F("closeness").desc(nulls_last=True), "name", "id")
    )
