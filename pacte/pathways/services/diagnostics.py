"""Diagnostics: each one is a new dated version, never an overwrite."""

from django.db import transaction
from django.db.models import Max

from pacte.beneficiaries.models import Person
from pacte.core.errors import DomainError
from pacte.organizations.perms import can_read_health
from pacte.pathways.enums import BarrierLevel, JobProjection
from pacte.pathways.models import Diagnostic, DiagnosticBarrier
from pacte.pathways.services.common import audit, author, check_not_future
from pacte.referentials.enums import BarrierTheme


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
    levels=None,
    last_employment_end=None,
    job_projection="",
    notes="",
):
    """Add a version of the person's diagnostic. `barriers` maps a `Barrier` to a note ("" for none),
    `levels` a `Barrier` to its `BarrierLevel` (a barrier without one is a medium barrier);
    `job_projection` is a `JobProjection` or "" (not asked).

    Health barriers are the business of the roles that may read health data (and of the system,
    `actor=None`). Anyone else can neither see nor set them: a health barrier among theirs is
    refused as unknown (nothing written), and the latest version's health barriers are carried
    over to the new one unchanged, level included.
    """
    check_not_future(made_on, "du diagnostic")
    if last_employment_end is not None:
        check_not_future(last_employment_end, "de fin du dernier emploi", field="last_employment_end")
    if job_projection and job_projection not in JobProjection.values:
        raise DomainError(f"Capacité à se projeter inconnue : {job_projection}.", field="job_projection")
    levels = dict(levels or {})
    unknown = sorted({str(level) for level in levels.values() if level not in BarrierLevel.values})
    if unknown:
        raise DomainError(f"Niveaux de frein inconnus : {', '.join(unknown)}.")
    barriers = {
        barrier: (note or "", levels.get(barrier, BarrierLevel.MEDIUM))
        for barrier, note in (barriers or {}).items()
    }
    inactive = [str(barrier) for barrier in barriers if not barrier.is_active]
    if inactive:
        raise DomainError(f"Freins retirés de la nomenclature : {', '.join(inactive)}.")
    # The person's row is the lock that numbers the versions: two writers never read the same last one.
    Person.objects.select_for_update().only("pk").get(pk=person.pk)
    versions = Diagnostic.objects.filter(person=person)
    if actor is not None and not can_read_health(actor):
        barriers = _with_hidden_health_barriers(versions, barriers)
    last = versions.aggregate(v=Max("version"))["v"] or 0
    diagnostic = Diagnostic.objects.create(
        departement_code=person.departement_code,
        person=person,
        version=last + 1,
        made_on=made_on,
        made_by=author(actor),
        professional_situation=professional_situation,
        education_level=education_level,
        last_employment_end=last_employment_end,
        job_projection=job_projection,
        notes=notes,
    )
    diagnostic.projects.set(projects)
    for barrier, (note, level) in barriers.items():
        DiagnosticBarrier(
            departement_code=person.departement_code,
            diagnostic=diagnostic,
            barrier=barrier,
            level=level,
            note=note,
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


def _with_hidden_health_barriers(versions, barriers):
    """`barriers` of a writer without health access, plus the latest version's health barriers
    (as {barrier: (note, level)})."""
    health = sorted(barrier.code for barrier in barriers if barrier.theme == BarrierTheme.HEALTH)
    if health:
        # "Unknown", as the nomenclature this writer is shown has no such entry.
        raise DomainError(f"Freins inconnus : {', '.join(health)}.")
    latest = versions.order_by("-version").first()
    if latest is None:
        return barriers
    kept = latest.barrier_links.filter(is_sensitive=True).select_related("barrier")
    return {link.barrier: (link.note, link.level) for link in kept} | barriers
