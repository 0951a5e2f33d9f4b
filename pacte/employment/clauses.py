"""Social clauses in public procurement: the contract and the insertion hours it requires, the hours
done by each person each month, the compliance of each contract (hours done against required, and
against the pace the elapsed share of its duration asks for), and the facilitator's XLSX export."""

import dataclasses
import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.exports import write_xlsx
from pacte.employment.models import RELATIONS_ROLES, ClauseHours, SocialClause
from pacte.organizations import perms

# 48 hours a week, the legal maximum, over a month's 4.33 weeks.
MAX_MONTHLY_HOURS = Decimal("208")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def _text(value):
    return (value or "").strip()


def first_of_month(day):
    return day.replace(day=1)


def month_label(month):
    return f"{MONTHS[month.month - 1]} {month.year}"


def months_between(start, end):
    """The first days of the months from `start`'s to `end`'s, both included."""
    month, last, months = first_of_month(start), first_of_month(end), []
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


# Clauses ---------------------------------------------------------------------------------------


def _required_hours(value):
    try:
        hours = int(value)
    except (TypeError, ValueError):
        raise DomainError(
            "Le nombre d'heures d'insertion exigées est un nombre entier.", field="required_hours"
        ) from None
    if not 1 <= hours <= 1_000_000:
        raise DomainError(
            "Le nombre d'heures d'insertion exigées va de 1 à 1 000 000.", field="required_hours"
        )
    return hours


def clean_clause(fields, *, departement_code):
    buyer_organization = fields.get("buyer_organization")
    buyer_name = _text(fields.get("buyer_name")) or (buyer_organization.name if buyer_organization else "")
    if len(buyer_name) < 2:
        raise DomainError(
            "Indiquez l'acheteur public (nom de la collectivité ou de l'organisme).", field="buyer_name"
        )
    title = _text(fields.get("title"))
    if len(title) < 3:
        raise DomainError("Indiquez l'objet du marché.", field="title")
    reference = _text(fields.get("reference"))
    if not reference or len(reference) > 50:
        raise DomainError("Indiquez la référence du marché (50 caractères au plus).", field="reference")
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if starts_on is None:
        raise DomainError("Indiquez le début d'exécution du marché.", field="starts_on")
    if ends_on is None or ends_on < starts_on:
        raise DomainError("La fin d'exécution du marché suit son début.", field="ends_on")
    holder = fields.get("holder")
    if holder is not None and holder.departement_code != departement_code:
        raise DomainError("Le titulaire est un employeur du département.", field="holder")
    return {
        "buyer_organization": buyer_organization,
        "buyer_name": buyer_name,
        "title": title,
        "reference": reference,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "required_hours": _required_hours(fields.get("required_hours")),
        "holder": holder,
        "facilitator": fields.get("facilitator"),
    }


def _check_unique(clean, departement_code, exclude=None):
    others = SocialClause.objects.filter(
        departement_code=departement_code, buyer_name=clean["buyer_name"], reference=clean["reference"]
    )
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise DomainError("Ce marché est déjà enregistré pour cet acheteur.", field="reference")


def create_clause(*, actor, departement_code, **fields):
    if not perms.reaches(actor, departement_code, *RELATIONS_ROLES):
        raise DomainError("Vous n'enregistrez des clauses que dans votre département.", field="departement")
    clean = clean_clause(fields, departement_code=departement_code)
    _check_unique(clean, departement_code)
    clause = SocialClause(departement_code=departement_code, created_by=actor, **clean)
    with transaction.atomic():
        clause.save()
        log(actor=actor, action="social_clause.create", obj=clause, data={"reference": clause.reference})
    return clause


def update_clause(*, actor, clause, **fields):
    clean = clean_clause(fields, departement_code=clause.departement_code)
    _check_unique(clean, clause.departement_code, exclude=clause)
    recorded = clause.hours.order_by().values_list("month", flat=True)
    outside = [m for m in recorded if not first_of_month(clean["starts_on"]) <= m <= clean["ends_on"]]
    if outside:
        raise DomainError(
            f"Des heures sont saisies en {month_label(min(outside))} : les dates du marché doivent couvrir ce mois.",
            field="starts_on" if min(outside) < clean["starts_on"] else "ends_on",
        )
    for name, value in clean.items():
        setattr(clause, name, value)
    with transaction.atomic():
        clause.save()
        log(actor=actor, action="social_clause.update", obj=clause, data={"fields": sorted(clean)})
    return clause


# Hours -----------------------------------------------------------------------------------------


def _hours(value):
    try:
        hours = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, TypeError):
        raise DomainError("Le nombre d'heures est un nombre.", field="hours") from None
    if not hours.is_finite() or hours <= 0:
        raise DomainError("Le nombre d'heures est positif.", field="hours")
    if hours > MAX_MONTHLY_HOURS:
        raise DomainError(
            f"Au plus {MAX_MONTHLY_HOURS} heures par mois (48 heures par semaine).", field="hours"
        )
    if hours != hours.quantize(Decimal("0.1")):
        raise DomainError("Le nombre d'heures s'écrit avec au plus une décimale.", field="hours")
    return hours


def record_hours(*, actor, clause, person, month, hours, employer=None):
    """The hours `person` did under `clause` in `month` (any day of it): a second entry for the
    same person and month replaces the first."""
    if month is None:
        raise DomainError("Indiquez le mois.", field="month")
    month = first_of_month(month)
    if person.departement_code != clause.departement_code:
        raise DomainError("La personne est du département du marché.", field="person")
    if not first_of_month(clause.starts_on) <= month <= clause.ends_on:
        raise DomainError(
            f"Le marché s'exécute du {clause.starts_on:%d/%m/%Y} au {clause.ends_on:%d/%m/%Y} : "
            f"{month_label(month)} n'en fait pas partie.",
            field="month",
        )
    if month > first_of_month(timezone.localdate()):
        raise DomainError(
            "Les heures se saisissent une fois faites : le mois ne peut être à venir.", field="month"
        )
    if employer is not None and employer.departement_code != clause.departement_code:
        raise DomainError("L'employeur est du département du marché.", field="employer")
    hours = _hours(hours)
    with transaction.atomic():
        entry = (
            ClauseHours.objects.select_for_update().filter(clause=clause, person=person, month=month).first()
        )
        before = entry.hours if entry else None
        if entry is None:
            entry = ClauseHours(
                clause=clause, person=person, month=month, departement_code=clause.departement_code
            )
        entry.hours, entry.employer, entry.recorded_by = hours, employer, actor
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            raise DomainError(
                "Ces heures viennent d'être saisies par quelqu'un d'autre : rechargez la page."
            ) from None
        log(
            actor=actor,
            action="social_clause.hours",
            obj=clause,
            data={
                "person": str(person.uuid),
                "month": month.isoformat(),
                "hours": str(hours),
                "before": None if before is None else str(before),
            },
        )
    return entry


def remove_hours(*, actor, entry):
    clause = entry.clause
    with transaction.atomic():
        log(
            actor=actor,
            action="social_clause.hours_removed",
            obj=clause,
            data={
                "person": str(entry.person.uuid),
                "month": entry.month.isoformat(),
                "hours": str(entry.hours),
            },
        )
        entry.delete()
    return clause


# Compliance ------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Compliance:
    required: int
    done: Decimal
    people: int
    elapsed_share: float  # 0 before the contract starts, 1 once it has ended
    expected: float  # the hours the elapsed share asks for

    @property
    def rate(self):
        """Hours done over hours required, as a percentage."""
        return round(float(self.done) * 100 / self.required, 1)

    @property
    def remaining(self):
        return max(Decimal(self.required) - self.done, Decimal(0))

    @property
    def on_track(self):
        return float(self.done) >= self.expected

    @property
    def label(self):
        if self.done >= self.required:
            return "Objectif atteint"
        if self.elapsed_share >= 1:
            return "Marché terminé, objectif non atteint"
        return "Dans le rythme" if self.on_track else "En retard sur le rythme"


def elapsed_share(clause, today):
    if today < clause.starts_on:
        return 0.0
    if today >= clause.ends_on:
        return 1.0
    total = (clause.ends_on - clause.starts_on).days + 1
    return ((today - clause.starts_on).days + 1) / total


def _compliance(clause, done, people, today):
    share = elapsed_share(clause, today)
    return Compliance(
        required=clause.required_hours,
        done=done or Decimal(0),
        people=people or 0,
        elapsed_share=share,
        expected=round(clause.required_hours * share, 1),
    )


def with_totals(clauses):
    """`clauses` annotated with their hours done and the number of persons, in the same query."""
    return clauses.annotate(
        done_hours=Sum("hours__hours"), people_count=Count("hours__person", distinct=True)
    )


def totals(clauses):
    """Hours required and done over `clauses`, all contracts together (two queries)."""
    required = clauses.order_by().aggregate(total=Sum("required_hours"))["total"] or 0
    done = ClauseHours.objects.filter(clause__in=clauses.values("pk")).aggregate(total=Sum("hours"))["total"]
    return {"required": required, "done": done or Decimal(0)}


def compliance(clause, today=None):
    """The clause's compliance on `today`: from its annotations (`with_totals`) when it has them."""
    today = today or timezone.localdate()
    if hasattr(clause, "done_hours"):
        return _compliance(clause, clause.done_hours, clause.people_count, today)
    totals = clause.hours.aggregate(done=Sum("hours"), people=Count("person", distinct=True))
    return _compliance(clause, totals["done"], totals["people"], today)


def monthly(clause, today=None):
    """[(month, hours done that month, cumulated done, cumulated required pace)] over the contract's
    months up to `today`'s: the pace spreads the required hours evenly over its days."""
    today = today or timezone.localdate()
    by_month = dict(
        clause.hours.order_by()
        .values_list("month")
        .annotate(total=Sum("hours"))
        .values_list("month", "total")
    )
    rows, cumulated = [], Decimal(0)
    last = min(clause.ends_on, today)
    if last < clause.starts_on:
        return rows
    for month in months_between(clause.starts_on, last):
        cumulated += by_month.get(month, Decimal(0))
        month_end = (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        pace = round(clause.required_hours * elapsed_share(clause, month_end), 1)
        rows.append((month, by_month.get(month, Decimal(0)), cumulated, pace))
    return rows


# Export ----------------------------------------------------------------------------------------

SUMMARY_HEADER = [
    "Acheteur", "Objet du marché", "Référence", "Titulaire", "Début", "Fin", "Heures exigées",
    "Heures réalisées", "Taux de réalisation (%)", "Heures attendues à ce jour", "Personnes", "Situation",
]  # fmt: skip
HOURS_HEADER = ["Référence du marché", "Mois", "Nom", "Prénom", "Date de naissance", "Employeur", "Heures"]


def export_rows(clauses, today=None):
    """The two sheets of the facilitator's workbook: the summary by contract, the hours by person
    and month."""
    today = today or timezone.localdate()
    clauses = list(
        with_totals(clauses.select_related("holder__organization")).order_by("-starts_on", "reference", "id")
    )
    summary = [SUMMARY_HEADER]
    for clause in clauses:
        figures = compliance(clause, today)
        summary.append([
            clause.buyer_name, clause.title, clause.reference,
            clause.holder.organization.name if clause.holder else "",
            clause.starts_on, clause.ends_on, clause.required_hours, float(figures.done), figures.rate,
            figures.expected, figures.people, figures.label,
        ])  # fmt: skip
    entries = list(
        ClauseHours.objects.filter(clause__in=clauses)
        .select_related("clause", "person", "employer__organization")
        .order_by("clause__reference", "month", "person__sort_key", "id")
    )
    hours = [HOURS_HEADER]
    for entry in entries:
        hours.append([
            entry.clause.reference, month_label(entry.month), entry.person.last_name, entry.person.first_name,
            entry.person.birth_date, entry.employer.organization.name if entry.employer else "", float(entry.hours),
        ])  # fmt: skip
    return summary, hours, [entry.person.uuid for entry in entries]


def export_xlsx(clauses, today=None):
    """(XLSX bytes, the UUIDs of the persons it names, for the audit log)."""
    summary, hours, persons = export_rows(clauses, today)
    return write_xlsx([("Synthèse par marché", summary), ("Heures par personne", hours)]), persons
