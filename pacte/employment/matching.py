"""Matching both ways: a person's employment project against the open job offers and SIAE
insertion positions, and an offer against the people of a caseload. See docs/decisions/014-matching.md.

The database keeps the candidates only, in one query each way: the ROME sheets related to the
project (the same code, the codes that share its ROME 4.0 parent, the same professional domain: its
first three characters) and the place (a bounding box of the mobility radius). Python then scores
each candidate with `score()`, the one function both directions share, and explains it in French.
The queries are a fixed number whatever the rows (tests count them).
"""

import dataclasses
import math
import re
from decimal import Decimal

from django.db.models import F, Q, Value

from pacte.beneficiaries.models import Person
from pacte.employment import tension
from pacte.employment.models import InsertionPosition, JobOffer
from pacte.organizations import perms
from pacte.organizations.enums import Role
from pacte.pathways.models import Diagnostic, DiagnosticBarrier, EmploymentProject
from pacte.referentials.enums import BarrierTheme

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
MAX_RADIUS_KM = 150  # the project's largest radius (pathways.models.employment_project)

SAME, KIN, FAMILY = "same", "kin", "family"
ROME_POINTS = {SAME: 50, KIN: 35, FAMILY: 20}
DISTANCE_POINTS = 20  # all of them at the door, none at the edge of the radius
TENSION_POINTS = 10
HOURS_POINTS = 10
CHILDCARE_PART_TIME_POINTS = 5
FRESH_POINTS, FRESH_DAYS = 5, 30
HOURS_PENALTY = 15
LICENCE_PENALTY = 40
NO_CAR_PENALTY, NO_CAR_KM = 10, 10
NEAR_ONLY_PENALTY, NEAR_ONLY_KM = 10, 5
CHILDCARE_FULL_TIME_PENALTY = 10
STAGGERED_PENALTY = 20
FULL_TIME_HOURS = 35

# The barriers of the diagnostic the matching reads (codes of referentials/data/barriers.json);
# only mobility and childcare ones, never health ones.
NO_CAR = {
    "sans-permis": "Sans permis de conduire",
    "sans-vehicule": "Sans véhicule",
    "zone-non-desservie": "Domicile non desservi par les transports",
}
NEAR_ONLY = "mobilite-psychologique"
CHILDCARE = {"garde-jeunes-enfants", "garde-periscolaire"}
STAGGERED_CHILDCARE = "horaires-atypiques"
READ_THEMES = (BarrierTheme.MOBILITY, BarrierTheme.CHILDCARE)
# Offers state no schedule: staggered hours are read from their own words.
STAGGERED_WORDS = re.compile(
    r"horaires? (?:décalés|atypiques)|travail de nuit|de nuit|week-ends?|dimanches?|travail posté|[23] ?[x×] ?8",
    re.IGNORECASE,
)
# ROME 4.0 has no « permis requis »: a regulated sheet of the driving domain (N41) requires one.
DRIVING_DOMAIN = "N41"


@dataclasses.dataclass
class Seeker:
    """What the matching knows of a person: their project, where they live, their barriers."""

    person: object  # a Person, annotated with its commune's name (`commune_name`)
    project_pk: int
    latitude: float | None
    longitude: float | None
    radius_km: int
    hours_min: Decimal | None
    hours_max: Decimal | None
    accepts_staggered_hours: bool
    romes: dict  # {code: code of its ROME 4.0 parent}
    barriers: frozenset


@dataclasses.dataclass
class Opening:
    """A job offer or an insertion position, as the matching reads it."""

    kind: str  # "job_offer" or "insertion_position"
    item: object
    rome: str
    rome_parent: str
    licence_required: bool
    latitude: float | None
    longitude: float | None
    weekly_hours: Decimal
    departement_code: str
    text: str
    opened_on: object = None
    in_tension: bool = False


@dataclasses.dataclass
class Match:
    person: object
    opening: object  # the JobOffer or InsertionPosition
    kind: str
    score: int
    distance_km: float | None
    rome_match: str
    in_tension: bool
    reasons: list  # French sentences for the match
    constraints: list  # French sentences of what lowered the score

    @property
    def explanation(self):
        return [*self.reasons, *self.constraints]


def haversine_km(lat1, lon1, lat2, lon2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


# Loading.


# The columns the matching and a list of matches read: persons are wide rows, and one instance per
# person is all that is built (the project, the dossier and the commune come as annotations).
PERSON_FIELDS = ("uuid", "departement_code", "first_name", "last_name", "sort_key", "birth_date")
SEEKER_ANNOTATIONS = {
    "project_pk": F("employment_project__pk"),
    "project_radius_km": F("employment_project__mobility_radius_km"),
    "project_hours_min": F("employment_project__weekly_hours_min"),
    "project_hours_max": F("employment_project__weekly_hours_max"),
    "project_staggered": F("employment_project__accepts_staggered_hours"),
    "commune_name": F("dossier__commune__name"),
    "commune_latitude": F("dossier__commune__latitude"),
    "commune_longitude": F("dossier__commune__longitude"),
}


IN_LIST_LIMIT = 5000
ROME_DEFERRED = ("transition_eco", "transition_num", "transition_demo", "executive")


def load_seekers(projects):
    """Seekers of `projects` (EmploymentProject queryset): three queries whatever their number
    (the persons with their project's columns, then the ROME codes and the barriers of those
    persons), building no other model instance than the persons."""
    persons = list(
        Person.objects.filter(employment_project__in=projects.values("pk"))
        .only(*PERSON_FIELDS)
        .annotate(**SEEKER_ANNOTATIONS)
        .order_by()
    )
    if not persons:
        return []
    # The candidates' filter is evaluated once, the next two queries taking their ids (a third
    # faster than repeating it as a subquery); past IN_LIST_LIMIT rows (a full scan), the subquery
    # again, well under every database's limit of bound parameters.
    project_ids, person_ids = projects.values("pk"), projects.values("person_id")
    if len(persons) <= IN_LIST_LIMIT:
        project_ids, person_ids = [p.project_pk for p in persons], [p.pk for p in persons]
    romes = {}
    through = EmploymentProject.romes.through.objects.filter(employmentproject_id__in=project_ids)
    for project_pk, code, parent in through.values_list(
        "employmentproject_id", "romecode_id", "romecode__parent_code"
    ):
        romes.setdefault(project_pk, {})[code] = parent or code
    barriers = _barriers(person_ids)
    return [
        Seeker(
            person=person,
            project_pk=person.project_pk,
            latitude=person.commune_latitude,
            longitude=person.commune_longitude,
            radius_km=person.project_radius_km,
            hours_min=_decimal(person.project_hours_min),
            hours_max=_decimal(person.project_hours_max),
            accepts_staggered_hours=bool(person.project_staggered),
            romes=romes.get(person.project_pk, {}),
            barriers=frozenset(barriers.get(person.pk, ())),
        )
        for person in persons
    ]


def _decimal(value):
    """Annotations of a decimal column come back as floats on some databases."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


def _barriers(person_ids):
    """{person id: {barrier codes}} of their latest diagnostic, mobility and childcare only;
    `person_ids`: a subquery (or a list) of person ids."""
    latest = Diagnostic.objects.filter(person_id__in=person_ids).latest_per_person()
    rows = DiagnosticBarrier.objects.filter(
        diagnostic__in=latest.values("pk"), barrier__theme__in=READ_THEMES
    ).order_by()  # a set is built: no sort
    found = {}
    for person_id, code in rows.values_list("diagnostic__person_id", "barrier_id"):
        found.setdefault(person_id, set()).add(code)
    return found


def load_openings(offers=None, positions=None):
    """Openings of `offers` (JobOffer) and `positions` (InsertionPosition) querysets: two queries."""
    openings = []
    if offers is not None:
        offers = offers.select_related("rome").defer(*(f"rome__{f}" for f in ROME_DEFERRED))
        openings += [_job_offer(offer) for offer in offers]
    if positions is not None:
        openings += [
            _position(position)
            for position in positions.select_related("rome", "appellation", "employer__organization")
        ]
    return openings


def _job_offer(offer):
    return Opening(
        kind="job_offer",
        item=offer,
        rome=offer.rome_id,
        rome_parent=offer.rome.parent_code or offer.rome_id,
        licence_required=_licence_required(offer.rome),
        latitude=offer.latitude,
        longitude=offer.longitude,
        weekly_hours=offer.weekly_hours,
        departement_code=offer.departement_code,
        text=f"{offer.title}\n{offer.description}",
        opened_on=offer.opened_on,
    )


def _position(position):
    return Opening(
        kind="insertion_position",
        item=position,
        rome=position.rome_id,
        rome_parent=position.rome.parent_code or position.rome_id,
        licence_required=_licence_required(position.rome),
        latitude=position.latitude,
        longitude=position.longitude,
        weekly_hours=position.weekly_hours,
        departement_code=position.departement_code,
        text=position.label,
    )


def _licence_required(rome):
    return rome.regulated and DRIVING_DOMAIN in (rome.code[:3], (rome.parent_code or "")[:3])


def flag_tension(openings, departement_codes=()):
    """Set `in_tension` on each opening (three queries)."""
    codes = tension.tension_codes({*departement_codes, *(o.departement_code for o in openings)})
    for opening in openings:
        opening.in_tension = opening.rome in codes.get(opening.departement_code, set())
    return openings


# Scoring.


def rome_relation(romes, code, parent):
    """(SAME | KIN | FAMILY | None, the project's code it relates to, the sentence)."""
    if code in romes:
        return SAME, code, f"Même métier ({code})"
    for own, own_parent in sorted(romes.items()):
        if parent in (own_parent, own) or code == own_parent:
            shared = parent if parent in (own_parent, own) else code
            return (
                KIN,
                own,
                f"Métier voisin ({code}) de {own} : même fiche de rattachement ROME 4.0 ({shared})",
            )
    for own in sorted(romes):
        if own[:3] == code[:3]:
            return FAMILY, own, f"Métier proche ({code}) de {own} : même domaine professionnel ({code[:3]})"
    return None, None, ""


def score(seeker, opening, today):
    """The Match of `seeker` and `opening`, or None: unrelated job, beyond the radius, not yet open."""
    relation, _, sentence = rome_relation(seeker.romes, opening.rome, opening.rome_parent)
    if relation is None or (opening.opened_on is not None and opening.opened_on > today):
        return None
    distance = None
    if None not in (seeker.latitude, seeker.longitude, opening.latitude, opening.longitude):
        distance = haversine_km(seeker.latitude, seeker.longitude, opening.latitude, opening.longitude)
        if distance > seeker.radius_km:
            return None
    points, reasons, constraints = ROME_POINTS[relation], [sentence], []
    for part in (_distance, _licence, _tension, _hours, _childcare, _staggered, _freshness, _siae):
        gained, reason, constraint = part(seeker, opening, distance, today)
        points += gained
        if reason:
            reasons.append(reason)
        if constraint:
            constraints.append(constraint)
    return Match(
        person=seeker.person,
        opening=opening.item,
        kind=opening.kind,
        score=max(0, min(100, round(points))),
        distance_km=None if distance is None else round(distance, 1),
        rome_match=relation,
        in_tension=opening.in_tension,
        reasons=reasons,
        constraints=constraints,
    )


def _distance(seeker, opening, distance, today):
    if distance is None:
        return 0, "", "Distance inconnue : commune sans coordonnées"
    points = DISTANCE_POINTS * (1 - distance / seeker.radius_km)
    reason = f"à {_number(distance)} km (dans le rayon de {seeker.radius_km} km)"
    no_car = [label for code, label in NO_CAR.items() if code in seeker.barriers]
    if no_car and distance > NO_CAR_KM:
        return (
            points - NO_CAR_PENALTY,
            reason,
            f"{no_car[0]} : {_number(distance)} km à parcourir, trajet à vérifier",
        )
    if NEAR_ONLY in seeker.barriers and distance > NEAR_ONLY_KM:
        return (
            points - NEAR_ONLY_PENALTY,
            reason,
            f"Difficulté à se déplacer hors de son quartier : {_number(distance)} km",
        )
    return points, reason, ""


def _licence(seeker, opening, distance, today):
    if opening.licence_required and "sans-permis" in seeker.barriers:
        return (
            -LICENCE_PENALTY,
            "",
            f"Permis de conduire exigé (fiche {opening.rome}, emploi réglementé) : la personne n'a pas le permis",
        )
    return 0, "", ""


def _tension(seeker, opening, distance, today):
    return (TENSION_POINTS, "Métier en tension dans la zone", "") if opening.in_tension else (0, "", "")


def _hours(seeker, opening, distance, today):
    low, high = seeker.hours_min, seeker.hours_max
    if low is None and high is None:
        return 0, "", ""
    wanted = _range(low, high)
    hours = f"{_kind_of_time(opening.weekly_hours)} {_number(opening.weekly_hours)} h/semaine"
    if (low is None or opening.weekly_hours >= low) and (high is None or opening.weekly_hours <= high):
        return HOURS_POINTS, f"{hours} compatible (souhaité : {wanted})", ""
    return -HOURS_PENALTY, "", f"{hours} : hors des heures souhaitées ({wanted})"


def _childcare(seeker, opening, distance, today):
    if not CHILDCARE & seeker.barriers:
        return 0, "", ""
    hours = f"{_number(opening.weekly_hours)} h/semaine"
    if opening.weekly_hours >= FULL_TIME_HOURS:
        return -CHILDCARE_FULL_TIME_PENALTY, "", f"Temps plein {hours} : à concilier avec la garde d'enfants"
    return CHILDCARE_PART_TIME_POINTS, f"Temps partiel {hours} compatible avec la garde d'enfants", ""


def _staggered(seeker, opening, distance, today):
    found = STAGGERED_WORDS.search(opening.text or "")
    if found is None:
        return 0, "", ""
    words = f"« {found.group(0).lower()} » dans l'offre"
    if STAGGERED_CHILDCARE in seeker.barriers:
        return -STAGGERED_PENALTY, "", f"Horaires décalés ({words}) : incompatible avec la garde d'enfants"
    if not seeker.accepts_staggered_hours:
        return -STAGGERED_PENALTY, "", f"Horaires décalés ({words}) : non acceptés dans le projet"
    return 0, "", ""


def _freshness(seeker, opening, distance, today):
    if opening.opened_on is None:
        return 0, "", ""
    days = (today - opening.opened_on).days
    if days > FRESH_DAYS:
        return 0, "", ""
    reason = f"Offre récente (ouverte le {opening.opened_on:%d/%m/%Y})" if days <= 7 else ""
    return FRESH_POINTS * (1 - days / FRESH_DAYS), reason, ""


def _siae(seeker, opening, distance, today):
    if opening.kind != "insertion_position":
        return 0, "", ""
    organization = opening.item.employer.organization
    return 0, f"Poste d'insertion en SIAE ({organization.get_kind_display()})", ""


def _number(value):
    text = f"{float(value):.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def _kind_of_time(hours):
    return "Temps plein" if hours >= FULL_TIME_HOURS else "Temps partiel"


def _range(low, high):
    if low is not None and high is not None:
        return f"{_number(low)} à {_number(high)} h" if low != high else f"{_number(low)} h"
    return f"au moins {_number(low)} h" if low is not None else f"au plus {_number(high)} h"


def rank(matches):
    """Best first; then nearest; then by offer and by person, for a stable order."""
    return sorted(
        matches,
        key=lambda m: (
            -m.score,
            m.distance_km if m.distance_km is not None else math.inf,
            str(m.opening),
            m.person.sort_key,
            m.opening.pk,
            m.person.pk,
        ),
    )


# The two directions.


def matches_for_person(person, *, today, offers=None, positions=None):
    """The open job offers and insertion positions matching `person`'s employment project, best
    first ([] without a project). `offers` / `positions`: the querysets to search (all by default;
    a page passes what its user may read)."""
    seekers = load_seekers(EmploymentProject.objects.filter(person=person))
    if not seekers:
        return []
    seeker = seekers[0]
    wanted = _rome_q(seeker.romes) & _place_q(seeker, person.departement_code)
    offers = (
        (JobOffer.objects.all() if offers is None else offers).open().filter(wanted, opened_on__lte=today)
    )
    positions = (InsertionPosition.objects.all() if positions is None else positions).open().filter(wanted)
    openings = flag_tension(load_openings(offers, positions), [person.departement_code])
    return rank([m for m in (score(seeker, o, today) for o in openings) if m is not None])


def matches_for_offer(offer, people, *, today):
    """The persons of `people` (a Person queryset, already scoped by the caller) whose employment
    project matches `offer` (a JobOffer or an InsertionPosition), best first."""
    model = type(offer)
    related = ("rome", "employer__organization") + (("appellation",) if model is InsertionPosition else ())
    offer = model.objects.select_related(*related).get(pk=offer.pk)
    opening = _job_offer(offer) if model is JobOffer else _position(offer)
    flag_tension([opening])
    projects = EmploymentProject.objects.filter(
        _projects_rome_q(opening), _projects_place_q(opening), person__in=people.values("pk")
    )
    seekers = load_seekers(projects)
    return rank([m for m in (score(s, opening, today) for s in seekers) if m is not None])


# The candidates, in SQL.


def _next_prefix(prefix):
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _rome_q(romes):
    """Openings whose ROME sheet is the same as, a relative of, or in the domain of a project's."""
    codes = sorted(set(romes) | set(romes.values()))
    condition = Q(rome_id__in=codes) | Q(rome__parent_code__in=codes)
    for domain in sorted({code[:3] for code in romes}):
        condition |= Q(rome_id__gte=domain, rome_id__lt=_next_prefix(domain))
    return condition


def _box(latitude, longitude, radius_km):
    dlat = radius_km / KM_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(min(abs(latitude) + dlat, 89.9))), 1e-6)
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def _place_q(seeker, departement_code):
    """Openings in the box of the radius; those without coordinates, in the person's département.
    A person without coordinates: the openings of their département."""
    if seeker.latitude is None or seeker.longitude is None:
        return Q(departement_code=departement_code)
    south, north, west, east = _box(seeker.latitude, seeker.longitude, seeker.radius_km)
    return Q(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east) | Q(
        latitude=None, departement_code=departement_code
    )


def _projects_rome_q(opening):
    codes = sorted({opening.rome, opening.rome_parent})
    domain = opening.rome[:3]
    through = EmploymentProject.romes.through.objects.filter(
        Q(romecode_id__in=codes)
        | Q(romecode__parent_code__in=codes)
        | Q(romecode_id__gte=domain, romecode_id__lt=_next_prefix(domain))
    )
    return Q(pk__in=through.values("employmentproject_id"))


def _projects_place_q(opening):
    """Projects whose person lives within their own radius of the opening (a box per row)."""
    unknown = Q(person__dossier__commune__latitude=None, departement_code=opening.departement_code)
    if opening.latitude is None or opening.longitude is None:
        return Q(departement_code=opening.departement_code)
    _, _, west, _ = _box(opening.latitude, opening.longitude, MAX_RADIUS_KM)
    degrees_lat = F("mobility_radius_km") * Value(1 / KM_PER_DEGREE)
    stretch = (opening.longitude - west) / (MAX_RADIUS_KM / KM_PER_DEGREE)  # 1 / cos of the box's edge
    degrees_lon = F("mobility_radius_km") * Value(stretch / KM_PER_DEGREE)
    latitude, longitude = "person__dossier__commune__latitude", "person__dossier__commune__longitude"
    box = Q(
        **{
            f"{latitude}__gte": Value(opening.latitude) - degrees_lat,
            f"{latitude}__lte": Value(opening.latitude) + degrees_lat,
            f"{longitude}__gte": Value(opening.longitude) - degrees_lon,
            f"{longitude}__lte": Value(opening.longitude) + degrees_lon,
        }
    )
    return box | unknown


# Whose matches a user may see.


def matching_pool(user):
    """The persons whose matches `user` may see (docs/decisions/014-matching.md): the persons
    `user` may read (a référent's caseload, the direction's département), and, for an
    employer-relations officer, the persons of their départements who have an employment project —
    the référent recording the project is what opens a person to matching. An employer-relations
    officer never opens the person's record from there: only the match (name, commune, the
    explanation, which reads no health barrier)."""
    if perms.sees_everything(user):
        return Person.objects.all()
    condition = Q(pk__in=Person.objects.visible_to(user).values("pk"))
    relations = perms.departements_for(user, Role.EMPLOYER_RELATIONS)
    if relations:
        condition |= Q(departement_code__in=sorted(relations), employment_project__isnull=False)
    return Person.objects.filter(condition)
