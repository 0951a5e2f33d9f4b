"""A person's employment project: recorded, then updated in place."""

from decimal import Decimal, InvalidOperation

from django.db import transaction

from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError
from pacte.pathways.models import Diagnostic, EmploymentProject
from pacte.pathways.models.employment_project import MAX_RADIUS_KM, MAX_ROMES
from pacte.pathways.services.common import audit, author


@transaction.atomic
def record_employment_project(
    *,
    actor,
    person,
    mobility_radius_km,
    romes=None,
    weekly_hours_min=None,
    weekly_hours_max=None,
    accepts_staggered_hours=True,
):
    """Create or update the person's employment project. `romes` (RomeCode rows) are the jobs
    looked for; None takes the projects of the person's latest diagnostic. Hours are a range (either
    end may be None: no limit that side)."""
    radius = _radius(mobility_radius_km)
    low = _hours(weekly_hours_min, "weekly_hours_min", "au moins")
    high = _hours(weekly_hours_max, "weekly_hours_max", "au plus")
    if low is not None and high is not None and low > high:
        raise DomainError(
            "Les heures par semaine « au moins » dépassent les heures « au plus ».", field="weekly_hours_min"
        )
    # The person's row is the lock: two writers never both create the project.
    Person.objects.select_for_update().only("pk").get(pk=person.pk)
    if romes is None:
        latest = Diagnostic.objects.filter(person=person).order_by("-version").first()
        romes = list(latest.projects.all()) if latest is not None else []
    romes = sorted(set(romes), key=lambda rome: rome.code)
    if not romes:
        raise DomainError("Indiquez au moins un métier recherché (code ROME).", field="romes")
    if len(romes) > MAX_ROMES:
        raise DomainError(f"Indiquez au plus {MAX_ROMES} métiers recherchés.", field="romes")
    project = EmploymentProject.objects.filter(person=person).first()
    created = project is None
    if created:
        project = EmploymentProject(person=person, departement_code=person.departement_code)
    project.mobility_radius_km = radius
    project.weekly_hours_min, project.weekly_hours_max = low, high
    project.accepts_staggered_hours = bool(accepts_staggered_hours)
    project.updated_by = author(actor)
    project.save()
    project.romes.set(romes)
    audit(
        actor,
        "employment_project.record",
        project,
        departement_code=person.departement_code,
        created=created,
        romes=[rome.code for rome in romes],
        mobility_radius_km=radius,
        weekly_hours=[None if hours is None else float(hours) for hours in (low, high)],
        accepts_staggered_hours=project.accepts_staggered_hours,
    )
    return project


def _radius(value):
    try:
        radius = int(value)
    except (TypeError, ValueError):
        raise DomainError(
            "Le rayon de mobilité doit être un nombre de kilomètres.", field="mobility_radius_km"
        ) from None
    if not 1 <= radius <= MAX_RADIUS_KM:
        raise DomainError(
            f"Le rayon de mobilité doit être compris entre 1 et {MAX_RADIUS_KM} km.",
            field="mobility_radius_km",
        )
    return radius


def _hours(value, field, label):
    if value in (None, ""):
        return None
    try:
        hours = Decimal(str(value)).quantize(Decimal("0.1"))
    except InvalidOperation:
        raise DomainError(
            f"Les heures par semaine « {label} » doivent être un nombre.", field=field
        ) from None
    if not Decimal(1) <= hours <= Decimal(48):
        raise DomainError(
            f"Les heures par semaine « {label} » doivent être comprises entre 1 et 48.", field=field
        )
    return hours
