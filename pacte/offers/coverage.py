"""The coverage of the territory: for each territory of action and each theme of barrier, the
adults subject to rights and duties in open rights whose latest diagnostic names a barrier of that
theme, how many of them live in a commune with no published offer of a matching thématique within
D km, and how many such offers the territory reaches.

Aggregates only, in a fixed number of queries whatever the size: the persons counted by territory ×
commune × theme in one grouped query, the département's communes and published offers read once,
the distances commune × offer computed here with the haversine of `search`. A remote-only offer
(no place) is reachable from every commune of its département. An offer placed without
coordinates is reachable from nowhere.
"""

import dataclasses
import math

from django.db.models import Count

from pacte.beneficiaries.models import Person
from pacte.offers.models import Offer
from pacte.offers.search import EARTH_RADIUS_KM, THEMATIQUES_BY_BARRIER_THEME, haversine_km
from pacte.pathways.models import Diagnostic, DiagnosticBarrier
from pacte.referentials.enums import BarrierTheme
from pacte.territory.models import Commune, Territory

DEFAULT_DISTANCE_KM = 15
MIN_DISTANCE_KM = 1
MAX_DISTANCE_KM = 100
# The row of the persons whose dossier has no territory of action.
NO_TERRITORY = "Sans territoire d'action"


@dataclasses.dataclass(frozen=True)
class CoveragePlace:
    """A commune of the département, where it lies and which sector it belongs to."""

    insee_code: str
    name: str
    latitude: float | None
    longitude: float | None
    territory_id: int | None

    @property
    def is_located(self):
        return self.latitude is not None and self.longitude is not None


@dataclasses.dataclass(frozen=True)
class CoverageOffer:
    """A published offer, with the barrier themes its thématiques answer."""

    uuid: str
    name: str
    latitude: float | None
    longitude: float | None
    is_remote_only: bool
    themes: frozenset

    @property
    def is_placed(self):
        return not self.is_remote_only and self.latitude is not None and self.longitude is not None


@dataclasses.dataclass
class Cell:
    """One territory × theme: persons with a barrier of the theme, those of them living in a
    commune with no matching offer within the distance, and the matching offers reachable from
    the territory's communes."""

    people: int = 0
    without_offer: int = 0
    offers: int = 0
    unlocated: int = 0  # persons whose commune is unknown or has no coordinates

    @property
    def gap_rate(self):
        """The share (%) of the persons with the barrier who have no offer within reach."""
        return round(100 * self.without_offer / self.people) if self.people else None


@dataclasses.dataclass
class Row:
    territory_id: int | None
    label: str
    cells: dict


@dataclasses.dataclass
class Coverage:
    departement_code: str
    distance_km: int
    themes: list
    rows: list
    total: Row
    places: list
    offers: list
    # insee_code → the themes for which the commune has a matching offer within reach.
    reached: dict

    def offers_of(self, theme=None):
        return [offer for offer in self.offers if theme is None or theme in offer.themes]

    def is_reached(self, insee_code, theme=None):
        """The commune has an offer of `theme` within reach (of any theme when None)."""
        themes = self.reached.get(insee_code, frozenset())
        return bool(themes) if theme is None else theme in themes


def themes_of(thematiques):
    """The barrier themes an offer's thématiques answer (`search.THEMATIQUES_BY_BARRIER_THEME`)."""
    codes = set(thematiques or ())
    return frozenset(
        BarrierTheme(theme) for theme, wanted in THEMATIQUES_BY_BARRIER_THEME.items() if codes & set(wanted)
    )


def check_distance(distance_km):
    if not MIN_DISTANCE_KM <= distance_km <= MAX_DISTANCE_KM:
        raise ValueError(f"distance out of range: {distance_km}")
    return distance_km


def coverage(departement_code, *, distance_km=DEFAULT_DISTANCE_KM, themes=tuple(BarrierTheme)):
    """The coverage of `departement_code` within `distance_km` (1 to 100) for `themes`."""
    check_distance(distance_km)
    themes = [BarrierTheme(theme) for theme in themes]
    territories = list(
        Territory.objects.filter(departement_id=departement_code)
        .order_by("name", "id")
        .values_list("id", "name")
    )
    places = _places(departement_code)
    offers = _offers(departement_code)
    reached, reachable_offers = _reach(places, offers, distance_km)
    rows = {pk: Row(pk, name, {theme: Cell() for theme in themes}) for pk, name in territories}
    _count_people(rows, _people_counts(departement_code, themes), places, reached, themes)
    anywhere = _count_offers(rows, places, reachable_offers, offers)
    ordered = [rows[pk] for pk, _ in territories] + ([rows[None]] if None in rows else [])
    return Coverage(
        departement_code=departement_code,
        distance_km=distance_km,
        themes=themes,
        rows=ordered,
        total=_total(ordered, themes, anywhere),
        places=places,
        offers=offers,
        reached=reached,
    )


def _count_people(rows, counts, places, reached, themes):
    """Adds each (territory, commune, theme) count to its row: with the barrier, without an offer
    within reach, or with no known place; a territory of no row (none) goes to `NO_TERRITORY`."""
    places_by_code = {place.insee_code: place for place in places}
    for territory_id, insee_code, theme, count in counts:
        row = rows.get(territory_id)
        if row is None:
            row = rows.setdefault(None, Row(None, NO_TERRITORY, {t: Cell() for t in themes}))
        cell = row.cells[theme]
        cell.people += count
        place = places_by_code.get(insee_code)
        if place is None or not place.is_located:
            cell.unlocated += count
        elif theme not in reached.get(insee_code, ()):
            cell.without_offer += count


def _places(departement_code):
    rows = (
        Commune.objects.filter(departement_id=departement_code)
        .order_by("name", "insee_code")
        .values_list("insee_code", "name", "latitude", "longitude", "territory_id")
    )
    return [CoveragePlace(*row) for row in rows]


def _offers(departement_code):
    rows = (
        Offer.objects.published()
        .filter(departement_code=departement_code)
        .order_by("name", "id")
        .values_list("uuid", "name", "latitude", "longitude", "is_remote_only", "thematiques")
    )
    return [
        CoverageOffer(str(uuid), name, lat, lon, remote, themes_of(thematiques))
        for uuid, name, lat, lon, remote, thematiques in rows
    ]


def _reach(places, offers, distance_km):
    """For each located commune, the themes it reaches and the offers within `distance_km`
    (remote-only offers are within reach everywhere)."""
    remote = [offer for offer in offers if offer.is_remote_only]
    placed = [offer for offer in offers if offer.is_placed]
    remote_themes = frozenset().union(*(offer.themes for offer in remote))
    dlat = math.degrees(distance_km / EARTH_RADIUS_KM)
    reached, reachable = {}, {}
    for place in places:
        if not place.is_located:
            continue
        dlon = math.degrees(
            distance_km / (EARTH_RADIUS_KM * max(math.cos(math.radians(place.latitude)), 1e-6))
        )
        near = [
            offer
            for offer in placed
            if abs(offer.latitude - place.latitude) <= dlat
            and abs(offer.longitude - place.longitude) <= dlon
            and haversine_km(place.latitude, place.longitude, offer.latitude, offer.longitude) <= distance_km
        ]
        reachable[place.insee_code] = near + remote
        reached[place.insee_code] = remote_themes.union(*(offer.themes for offer in near))
    return reached, reachable


def _people_counts(departement_code, themes):
    """[(territory id, insee code, theme, persons)]: the adults subject to rights and duties in
    open rights (`Person.objects.sdd()`, as every other count) whose latest diagnostic names a
    barrier of the theme, each person counted once a theme. Aggregates: no row of anyone leaves."""
    people = Person.objects.filter(departement_code=departement_code).adults().sdd()
    latest = Diagnostic.objects.filter(
        departement_code=departement_code, person__in=people
    ).latest_per_person()
    grouped = (
        DiagnosticBarrier.objects.filter(
            departement_code=departement_code,
            diagnostic__in=latest.values("pk"),
            barrier__theme__in=[str(theme) for theme in themes],
        )
        .values_list(
            "diagnostic__person__dossier__territory_id",
            "diagnostic__person__dossier__commune_id",
            "barrier__theme",
        )
        .annotate(persons=Count("diagnostic__person", distinct=True))
        .order_by()
    )
    return [(territory_id, insee, BarrierTheme(theme), n) for territory_id, insee, theme, n in grouped]


def _count_offers(rows, places, reachable_offers, offers):
    """Each territory's cell counts the distinct offers of the theme reachable from its communes;
    returns every offer reachable from somewhere in the département, for the total row."""
    remote = {offer.uuid: offer for offer in offers if offer.is_remote_only}
    by_territory, anywhere = {}, dict(remote)
    for place in places:
        found = {offer.uuid: offer for offer in reachable_offers.get(place.insee_code, ())}
        anywhere.update(found)
        if place.territory_id in rows:
            by_territory.setdefault(place.territory_id, dict(remote)).update(found)
    for territory_id, row in rows.items():
        reachable = by_territory.get(territory_id, remote)
        for theme, cell in row.cells.items():
            cell.offers = sum(1 for offer in reachable.values() if theme in offer.themes)
    return anywhere


def _total(rows, themes, anywhere):
    total = Row(None, "Département", {theme: Cell() for theme in themes})
    for theme, cell in total.cells.items():
        cell.people = sum(row.cells[theme].people for row in rows)
        cell.without_offer = sum(row.cells[theme].without_offer for row in rows)
        cell.unlocated = sum(row.cells[theme].unlocated for row in rows)
        cell.offers = sum(1 for offer in anywhere.values() if theme in offer.themes)
    return total
