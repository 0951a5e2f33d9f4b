"""The computations that fill a pact's indicators from Pacte's own data, and the write of their
yearly values.

`PactIndicator.computation` names one computation of `REGISTRY`. Each reads the figures of the
pact's département for a year, at a reference date (the 31 December of the year, or today for
the year under way), and returns a value with what it read: its parameters, numerator and
denominator (or n), counts. `compute_pact` stores each value as an `IndicatorValue` of source
"calcul", dated the day of the computation, with those details, so that every figure is traceable.
A value entered by hand or read in the pact's text is never overwritten by a computation.
"""

import dataclasses
import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Avg, Count, Sum
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.progress import NullProgress
from pacte.employment.models.placements import ClauseHours, SocialClause
from pacte.employment.models.positionings import Positioning, PositioningProgramme, PositioningStatus
from pacte.employment.positionings import recruitments
from pacte.evaluation import engine
from pacte.offers import fill_rates
from pacte.offers.enums import OfferStatus, PrescriptionStatus
from pacte.offers.models import ActionRating, Offer, Prescription
from pacte.pact.enums import ValueSource
from pacte.pact.models import IndicatorValue, PactIndicator


@dataclasses.dataclass(frozen=True)
class Context:
    """What a computation reads: a département, a year and the reference date."""

    departement: str
    year: int
    at: datetime.date
    # The day of the computation (today unless a test says otherwise).
    today: datetime.date | None = None
    # What several computations share (the engine's figures), computed once per context.
    cache: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def parameters(self):
        return {"departement": self.departement, "year": self.year, "at": self.at.isoformat()}


@dataclasses.dataclass(frozen=True)
class Result:
    value: Decimal | None
    details: dict
    # Why there is no value, when there is none.
    reason: str = ""


@dataclasses.dataclass(frozen=True)
class Computation:
    key: str
    label: str
    unit: str
    reads: str  # in French: what it reads, shown beside the value
    function: Callable[[Context], Result]


def _number(value, places="0.1"):
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def rate(numerator, denominator, **details):
    """A percentage rounded half-up to one decimal, no value when the denominator is 0."""
    value = _number(Decimal(100) * numerator / denominator) if denominator else None
    reason = "" if denominator else "population vide : aucun dénominateur"
    return Result(value, {"numerator": numerator, "denominator": denominator, **details}, reason)


def count(n, **details):
    return Result(Decimal(n), {"n": n, **details})


def _year_span(context):
    return datetime.date(context.year, 1, 1), context.at


def _prescriptions_sent(context):
    return Prescription.objects.filter(
        departement_code=context.departement, sent_on__range=_year_span(context)
    )


def _by_status(queryset):
    rows = queryset.order_by().values("status").annotate(n=Count("id")).order_by("status")
    return {row["status"]: row["n"] for row in rows}


def prescriptions_sent(context):
    statuses = _by_status(_prescriptions_sent(context))
    return count(sum(statuses.values()), by_status=statuses)


def prescriptions_acceptance(context):
    statuses = _by_status(_prescriptions_sent(context))
    answered = sum(statuses.get(status, 0) for status in fill_rates.ANSWERED_STATUSES)
    accepted = sum(statuses.get(status, 0) for status in fill_rates.ACCEPTED_STATUSES)
    return rate(accepted, answered, by_status=statuses)


def prescriptions_started(context):
    started = Prescription.objects.filter(
        departement_code=context.departement, started_on__range=_year_span(context)
    ).exclude(status=PrescriptionStatus.CANCELLED)
    return count(started.count())


def offer_fill_rate(context):
    """Seats taken ÷ capacity of the published offers: a state of today, which a past year cannot
    be rebuilt from (a prescription keeps only its latest status)."""
    if context.at < (context.today or timezone.localdate()):
        return Result(None, {}, "l'occupation des places ne se reconstitue pas pour une année révolue")
    offers = Offer.objects.filter(departement_code=context.departement, status=OfferStatus.PUBLISHED)
    total = fill_rates.total(fill_rates.by_offer(offers, today=context.at))
    figures = total.figures
    return rate(
        figures.taken_with_capacity,
        figures.capacity or 0,
        offers=total.offers,
        offers_full_or_waiting=total.flagged,
        waiting_list=figures.waiting_list,
    )


def _engine_figures(context):
    if "engine" not in context.cache:
        context.cache["engine"] = engine.compute(context.departement, context.year, context.at)["indicators"]
    return context.cache["engine"]


def _engine_computation(key, label, kind):
    def compute(context):
        figures = dict(_engine_figures(context)[key])
        value = figures.pop("value")
        reason = "" if value is not None else "population vide : aucune personne concernée"
        return Result(_number(value), {"kind": kind, **figures}, reason)

    unit = "%" if kind == engine.RATE else "jours"
    reads = (
        f"indicateur {key} du moteur d'indicateurs (définitions de l'enquête OARSA et des délais légaux), "
        "à partir des droits, orientations et contrats du département"
    )
    return Computation(key, label, unit, reads, compute)


def first_orientations(context):
    """The persons whose first orientation is decided in the year: the population of the engine's
    contract deadline rate."""
    figures = _engine_figures(context)["contract_within_1_month"]
    return count(figures["denominator"], source="contract_within_1_month")


def beneficiary_ratings(context):
    """The mean rating the people gave, from their space, to the actions they attended (thematic 5:
    relations with the people); none under `ActionRating.SHOWN_FROM` ratings, so that no one's
    rating can be told apart."""
    ratings = ActionRating.objects.filter(
        departement_code=context.departement, created_at__date__range=_year_span(context)
    )
    figures = ratings.aggregate(n=Count("id"), mean=Avg("score"))
    n = figures["n"]
    if n < ActionRating.SHOWN_FROM:
        reason = f"moins de {ActionRating.SHOWN_FROM} avis dans l'année : la note n'est pas publiée"
        return Result(None, {"n": n}, reason)
    return Result(_number(figures["mean"]), {"n": n})


def recruitments_count(context):
    hired = Positioning.objects.filter(
        departement_code=context.departement,
        status=PositioningStatus.HIRED,
        hired_on__range=_year_span(context),
    )
    by_programme = {group["key"]: group["count"] for group in recruitments(hired, by="programme")}
    return count(sum(by_programme.values()), by_programme=by_programme)


def clause_hours(context):
    """Hours of insertion done under the social clauses in the months of the year up to the date."""
    rows = ClauseHours.objects.filter(
        departement_code=context.departement, month__range=(datetime.date(context.year, 1, 1), context.at)
    )
    figures = rows.aggregate(
        hours=Sum("hours"), persons=Count("person", distinct=True), clauses=Count("clause", distinct=True)
    )
    clauses = SocialClause.objects.filter(
        departement_code=context.departement,
        starts_on__lte=context.at,
        ends_on__gte=datetime.date(context.year, 1, 1),
    )
    return Result(
        _number(figures["hours"] or 0),
        {
            "persons": figures["persons"],
            "clauses_with_hours": figures["clauses"],
            "clauses_running": clauses.count(),
            "required_hours_of_running_clauses": clauses.aggregate(total=Sum("required_hours"))["total"] or 0,
        },
    )


COMPUTATIONS = [
    *(_engine_computation(key, label, kind) for key, label, kind in engine.INDICATORS),
    Computation(
        "first_orientations",
        "Personnes orientées pour la première fois dans l'année",
        "personnes",
        "personnes du département dont la première orientation est décidée dans l'année",
        first_orientations,
    ),
    Computation(
        "prescriptions_sent",
        "Prescriptions envoyées vers l'offre d'insertion",
        "prescriptions",
        "prescriptions du département envoyées dans l'année (jusqu'à la date de référence)",
        prescriptions_sent,
    ),
    Computation(
        "prescriptions_acceptance_rate",
        "Taux d'acceptation des prescriptions",
        "%",
        "parmi les prescriptions envoyées dans l'année et déjà répondues, la part acceptée",
        prescriptions_acceptance,
    ),
    Computation(
        "prescriptions_started",
        "Entrées dans une action de l'offre d'insertion",
        "personnes",
        "prescriptions dont l'entrée dans l'action date de l'année",
        prescriptions_started,
    ),
    Computation(
        "offer_fill_rate",
        "Taux de remplissage des offres publiées",
        "%",
        "places occupées ÷ places des offres publiées, à la date du calcul (année en cours seulement)",
        offer_fill_rate,
    ),
    Computation(
        "beneficiary_ratings",
        "Note moyenne des actions par les personnes accompagnées",
        "sur 5",
        "avis (1 à 5) donnés dans l'année depuis leur espace par les personnes sur les actions suivies",
        beneficiary_ratings,
    ),
    Computation(
        "recruitments",
        "Recrutements de personnes accompagnées",
        "recrutements",
        "positionnements sur une offre d'emploi ou un poste d'insertion conclus par une embauche dans l'année",
        recruitments_count,
    ),
    Computation(
        "social_clause_hours",
        "Heures d'insertion réalisées au titre des clauses sociales",
        "heures",
        "heures réalisées par les personnes dans les marchés à clause sociale, mois par mois, dans l'année",
        clause_hours,
    ),
]
REGISTRY = {computation.key: computation for computation in COMPUTATIONS}


DETAIL_LABELS = {
    "numerator": "Numérateur",
    "denominator": "Dénominateur",
    "n": "Effectif",
    "offers": "Offres publiées",
    "offers_full_or_waiting": "Offres complètes ou avec liste d'attente",
    "waiting_list": "Personnes en liste d'attente",
    "persons": "Personnes ayant des heures",
    "clauses_with_hours": "Marchés avec des heures déclarées",
    "clauses_running": "Marchés en cours d'exécution dans l'année",
    "required_hours_of_running_clauses": "Heures exigées par ces marchés",
}
GROUP_LABELS = {
    "by_status": ("Par statut des prescriptions", dict(PrescriptionStatus.choices)),
    "by_programme": ("Par dispositif", dict(PositioningProgramme.choices)),
}


def describe(details):
    """The details of a computed value as (French label, text) lines, for the indicator's page."""
    if not details.get("computation"):
        return []
    parameters = details.get("parameters", {})
    at = datetime.date.fromisoformat(parameters["at"]) if parameters.get("at") else None
    lines = [
        ("Calcul", details.get("label", details["computation"])),
        ("Données lues", details.get("reads", "")),
        ("Département et date", f"{parameters.get('departement', '')}, au {at:%d/%m/%Y}" if at else ""),
    ]
    lines += [(label, str(details[key])) for key, label in DETAIL_LABELS.items() if key in details]
    # Sorted by key: PostgreSQL's jsonb does not keep the order the keys were written in.
    for key, (label, names) in GROUP_LABELS.items():
        if details.get(key):
            lines.append(
                (label, " ; ".join(f"{names.get(k, k)} : {n}" for k, n in sorted(details[key].items())))
            )
    return [(label, text) for label, text in lines if text]


def choices():
    """(key, French label) of every computation, for a form's select."""
    return [(computation.key, computation.label) for computation in COMPUTATIONS]


def reference_date(year, today=None):
    """The 31 December of `year`, or `today` while the year runs."""
    today = today or timezone.localdate()
    return min(datetime.date(year, 12, 31), today)


def check_year(pact, year, today=None):
    """`year` as an int within the pact's period and not to come, else a French domain error."""
    today = today or timezone.localdate()
    if year is None or not pact.start_year <= int(year) <= pact.end_year:
        raise DomainError(
            f"L'année doit être comprise dans la période du pacte ({pact.start_year} à {pact.end_year}).",
            field="year",
        )
    if int(year) > today.year:
        raise DomainError(f"L'année {year} n'a pas commencé : rien à calculer.", field="year")
    return int(year)


def evaluate(key, context):
    """The `Result` of the computation `key` in `context`, or None if `key` is unknown."""
    computation = REGISTRY.get(key)
    if computation is None:
        return None
    result = computation.function(context)
    details = {
        "computation": key,
        "label": computation.label,
        "reads": computation.reads,
        "parameters": context.parameters,
        **result.details,
    }
    return dataclasses.replace(result, details=details)


@dataclasses.dataclass
class ComputeReport:
    pact: str
    year: int
    at: datetime.date
    computed: list = dataclasses.field(default_factory=list)
    kept: list = dataclasses.field(default_factory=list)
    empty: list = dataclasses.field(default_factory=list)
    unknown: list = dataclasses.field(default_factory=list)

    def as_dict(self):
        return {
            "pact": self.pact,
            "year": self.year,
            "at": self.at.isoformat(),
            "computed": self.computed,
            "kept": self.kept,
            "empty": self.empty,
            "unknown": self.unknown,
        }


def computed_indicators(pact):
    return PactIndicator.objects.filter(pact=pact).exclude(computation="").order_by("code", "id")


def _store(indicator, year, result, on, report):
    existing = indicator.values.filter(year=year).first()
    if existing is not None and existing.source != ValueSource.COMPUTED:
        report.kept.append({"code": indicator.code, "source": existing.get_source_display()})
        return
    if result.value is None:
        report.empty.append({"code": indicator.code, "reason": result.reason})
        return
    IndicatorValue.objects.update_or_create(
        indicator=indicator,
        year=year,
        defaults={
            "value": result.value,
            "is_approximate": False,
            "dated": on,
            "source": ValueSource.COMPUTED,
            "note": f"Calculé par Pacte : {result.details['label']}",
            "entered_by": None,
            "details": result.details,
        },
    )
    report.computed.append({"code": indicator.code, "value": str(result.value)})


def compute_pact(*, actor, pact, year, progress=None, today=None):
    """Fill the values of `year` of the pact's computed indicators; a `ComputeReport`. Atomic and
    audited; an indicator whose year holds an entered or seed value keeps it."""
    progress = progress or NullProgress()
    today = today or timezone.localdate()
    year = check_year(pact, year, today)
    context = Context(departement=pact.departement_id, year=year, at=reference_date(year, today), today=today)
    indicators = list(computed_indicators(pact))
    report = ComputeReport(pact=pact.slug, year=year, at=context.at)
    progress.start(len(indicators), f"Indicateurs du pacte {pact.slug} ({year})", unit=" indicateurs")
    with transaction.atomic():
        for indicator in indicators:
            result = evaluate(indicator.computation, context)
            if result is None:
                report.unknown.append({"code": indicator.code, "computation": indicator.computation})
            else:
                _store(indicator, year, result, today, report)
            progress.advance()
        log(
            actor=actor,
            action="pact.indicator.compute",
            obj=pact,
            data=report.as_dict(),
            departement_code=pact.departement_id,
        )
    progress.finish()
    return report
