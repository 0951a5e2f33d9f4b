"""The coverage map, drawn on the server as inline SVG without any outside tile server: every
commune of the département as a point coloured by its territory of action, ringed when it has no
offer within reach, the offers on top as diamonds with a light disc of the chosen distance.

The projection is equirectangular, longitudes scaled by the cosine of the département's middle
latitude, which keeps distances true enough at the scale of a département (a disc stays round).
"""

import dataclasses
import math

from pacte.offers.search import EARTH_RADIUS_KM

WIDTH = 640
MAX_HEIGHT = 640
PADDING = 24
POINT_RADIUS = 4
MARKER_SIZE = 6
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
# Okabe–Ito's colours (told apart by most colour-blind readers), then a few more.
PALETTE = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#117733", "#882255", "#44AA99", "#999933", "#AA4499",
)  # fmt: skip
NO_TERRITORY_COLOUR = "#8c8c8c"


@dataclasses.dataclass(frozen=True)
class Point:
    x: float
    y: float
    colour: str
    title: str
    is_reached: bool


@dataclasses.dataclass(frozen=True)
class Marker:
    x: float
    y: float
    title: str

    @property
    def diamond(self):
        s = MARKER_SIZE
        return f"{self.x},{self.y - s} {self.x + s},{self.y} {self.x},{self.y + s} {self.x - s},{self.y}"


@dataclasses.dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str


@dataclasses.dataclass(frozen=True)
class CoverageMap:
    width: int
    height: int
    points: list
    markers: list
    reach_radius: float
    legend: list
    remote_offers: int
    unreached: int
    description: str


def _projection(places):
    lats = [p.latitude for p in places]
    lons = [p.longitude for p in places]
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    cos_lat = math.cos(math.radians((south + north) / 2))
    span_x = max((east - west) * cos_lat, 1e-3)
    span_y = max(north - south, 1e-3)
    scale = min((WIDTH - 2 * PADDING) / span_x, (MAX_HEIGHT - 2 * PADDING) / span_y)
    height = round(span_y * scale + 2 * PADDING)

    def project(latitude, longitude):
        x = PADDING + (longitude - west) * cos_lat * scale
        y = PADDING + (north - latitude) * scale
        return round(x, 1), round(y, 1)

    return project, scale, height


def draw(coverage, *, territories, theme=None):
    """The map of `coverage` for `theme` (every offer and any theme when None); `territories` maps
    a territory id to its name, in the legend's order."""
    located = [place for place in coverage.places if place.is_located]
    if not located:
        return None
    project, scale, height = _projection(located)
    colours = {pk: PALETTE[index % len(PALETTE)] for index, pk in enumerate(territories)}
    what = f"une offre « {theme.label} »" if theme else "une offre"
    points = []
    for place in located:
        reached = coverage.is_reached(place.insee_code, theme)
        sector = territories.get(place.territory_id, "sans territoire d'action")
        access = (
            f"{what} à moins de {coverage.distance_km} km"
            if reached
            else f"aucune offre à moins de {coverage.distance_km} km"
        )
        x, y = project(place.latitude, place.longitude)
        points.append(
            Point(
                x,
                y,
                colours.get(place.territory_id, NO_TERRITORY_COLOUR),
                f"{place.name} ({sector}) : {access}",
                reached,
            )
        )
    offers = coverage.offers_of(theme)
    markers = [Marker(*project(o.latitude, o.longitude), title=o.name) for o in offers if o.is_placed]
    legend = [LegendEntry(name, colours[pk]) for pk, name in territories.items()]
    if any(place.territory_id not in colours for place in located):
        legend.append(LegendEntry("Sans territoire d'action", NO_TERRITORY_COLOUR))
    unreached = sum(1 for point in points if not point.is_reached)
    remote = sum(1 for offer in offers if offer.is_remote_only)
    return CoverageMap(
        width=WIDTH,
        height=height,
        points=points,
        markers=markers,
        reach_radius=round(coverage.distance_km / KM_PER_DEGREE * scale, 1),
        legend=legend,
        remote_offers=remote,
        unreached=unreached,
        description=(
            f"{len(points)} communes, colorées selon leur territoire d'action ; {unreached} sans {what} à moins de "
            f"{coverage.distance_km} km (cerclées de noir) ; {len(markers)} offres situées (losanges), entourées "
            f"d'un disque de {coverage.distance_km} km ; {remote} offres entièrement à distance, sans lieu."
        ),
    )
