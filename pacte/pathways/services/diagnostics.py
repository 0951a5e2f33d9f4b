"""Diagnostics: each one is a new dated version, never an overwrite."""

from django.db import transaction
from django.db.models import Max

from pacte.core.errors import DomainError
from pacte.pathways.models import Diagnostic, DiagnosticBarrier
from pacte.pathways.services.common import audit, check_not_future


@transaction.atomic
def record_diagnostic(
    *,
    actor,
    person,
    made_on,
    professional_situation,
    education_level,
    projects=(),
    barriers=None,
    last_employment_end=None,
    notes="",
):
    """Add a version of the person's diagnostic. `barriers` maps a `Barrier` to a note ("" for none)."""
    check_not_future(made_on, "du diagnostic")
    barriers = barriers or {}
    inactive = [str(barrier) for barrier in barriers if not barrier.is_active]
    if inactive:
        raise DomainError(f"Freins retirés de la nomenclature : {', '.join(inactive)}.")
    last = Diagnostic.objects.select_for_update().filter(person=person).aggregate(v=Max("version"))["v"] or 0
    diagnostic = Diagnostic.objects.create(
        departement_code=person.departement_code,
        person=person,
        version=last + 1,
        made_on=made_on,
        made_by=actor if getattr(actor, "is_authenticated", False) else None,
        professional_situation=professional_situation,
        education_level=education_level,
        last_employment_end=last_employment_end,
        notes=notes,
    )
    diagnostic.projects.set(projects)
    for barrier, note in barriers.items():
        DiagnosticBarrier(
            departement_code=person.departement_code, diagnostic=diagnostic, barrier=barrier, note=note or ""
        ).save()
    audit(
        actor,
        "diagnostic.record",
        diagnostic,
        version=diagnostic.version,
        projects=sorted(p.code for p in projects),
        # How many, not which: barrier codes include health ones, kept out of the audit log.
        barrier_count=len(barriers),
    )
    return diagnostic
