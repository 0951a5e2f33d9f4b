"""`pacte import-history`'s write: the orientations and contracts of a file `history_import.parse`
has checked whole, all in one transaction, logged as one entry.

A row equal to an orientation (same person, decision date, track and body kind) or a contract (same
person, kind and signature date) already known is skipped, so importing the same file twice adds
nothing. A body the file names is an organisation of that name and body kind in the person's
département, else one created by the organisations' service.
"""

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.beneficiaries.enums import SddEvidence
from pacte.beneficiaries.models import Person
from pacte.core.errors import MissingPrerequisite
from pacte.organizations.enums import OrganizationKind, OrientationBodyKind
from pacte.organizations.models import Organization
from pacte.organizations.services import create_organization
from pacte.pathways import facts
from pacte.pathways.enums import ContractStatus, OrientationOrigin, OrientationStatus
from pacte.pathways.history_import import parse
from pacte.pathways.models import Contract, Orientation
from pacte.territory.models import Departement


def _new_organization_kind(body_kind, name):
    lowered = name.lower()
    if body_kind == OrientationBodyKind.FRANCE_TRAVAIL:
        return OrganizationKind.FRANCE_TRAVAIL
    if body_kind == OrientationBodyKind.DEPARTEMENT:
        return OrganizationKind.MAISON_DEPARTEMENT if "maison" in lowered else OrganizationKind.DEPARTEMENT
    if body_kind == OrientationBodyKind.SPE_AUTRE:
        for word, kind in (
            ("mission locale", OrganizationKind.MISSION_LOCALE),
            ("cap emploi", OrganizationKind.CAP_EMPLOI),
            ("plie", OrganizationKind.PLIE),
        ):
            if word in lowered:
                return kind
        return OrganizationKind.MAISON_EMPLOI
    return OrganizationKind.CCAS if "ccas" in lowered or "cias" in lowered else OrganizationKind.OTHER


class _Bodies:
    """Organisations named in the file: an existing one of that kind and name, else a new one."""

    def __init__(self, write, actor):
        self.write = write
        self.actor = actor
        self.cache = {}

    def get(self, departement_code, body_kind, name):
        if not name:
            return None
        key = (departement_code, body_kind, name.lower())
        if key not in self.cache:
            existing = [
                org
                for org in Organization.objects.filter(
                    departement_id=departement_code, name__iexact=name
                ).order_by("id")
                if org.orientation_body_kind == body_kind
            ]
            if existing:
                self.cache[key] = existing[0]
            elif self.write:
                self.cache[key] = create_organization(
                    actor=self.actor,
                    name=name,
                    kind=_new_organization_kind(body_kind, name),
                    departement=_departement(departement_code),
                )
            else:
                self.cache[key] = None
        return self.cache[key]


def _departement(code):
    departement = Departement.objects.filter(code=code).first()
    if departement is None:
        raise MissingPrerequisite(
            f"Département {code} absent de la base : lancez d'abord « pacte load-territory "
            f"--departement {code} »."
        )
    return departement


def _existing_keys(rows):
    person_ids = {row.person.pk for row in rows}
    orientations = set(
        Orientation.objects.filter(person_id__in=person_ids, status=OrientationStatus.VALIDATED).values_list(
            "person_id", "decision_date", "track", "body_kind"
        )
    )
    contracts = set(
        Contract.objects.filter(person_id__in=person_ids).values_list("person_id", "kind", "signed_on")
    )
    return orientations, contracts


def _orientation(row, bodies):
    person = row.person
    return Orientation(
        departement_code=person.departement_code,
        person=person,
        track=row.orientation_type,
        body_kind=row.organisme_kind,
        body=bodies.get(person.departement_code, row.organisme_kind, row.organisme_name),
        status=OrientationStatus.VALIDATED,
        origin=OrientationOrigin.HISTORY_IMPORT,
        decision_date=row.date,
    )


def _contract(row, today):
    person = row.person
    orientation = (
        Orientation.objects.decided()
        .filter(person=person, decision_date__lte=row.date)
        .order_by("-decision_date", "-id")
        .first()
    )
    ended = row.end_date is not None and row.end_date < today
    return Contract(
        departement_code=person.departement_code,
        person=person,
        kind=row.contract_kind,
        status=ContractStatus.ENDED if ended else ContractStatus.SIGNED,
        origin=OrientationOrigin.HISTORY_IMPORT,
        orientation=orientation,
        signed_on=row.date,
        end_date=row.end_date,
    )


def _date_entries(rows, summary, *, dry_run):
    """The entries into rights and duties the file dates (its latest per person): they replace a
    date from the RSA demand or between two files, not the CAF's own DDSOUDRODEV. The summary says
    `entries` only for a file that has some (the format's summary stays as documented otherwise)."""
    latest = {}
    for row in rows:
        if row.event == "entree_sdd" and (
            row.person.pk not in latest or row.date > latest[row.person.pk].date
        ):
            latest[row.person.pk] = row
    if not latest:
        return
    summary["skipped"] += sum(1 for row in rows if row.event == "entree_sdd") - len(latest)
    to_update = []
    for row in latest.values():
        person = row.person
        kept = person.sdd_since_evidence == SddEvidence.DDSOUDRODEV or not person.sdd_cohort
        if kept or (person.sdd_since, person.sdd_since_evidence) == (row.date, SddEvidence.HISTORY):
            summary["skipped"] += 1
            continue
        person.sdd_since, person.sdd_since_evidence = row.date, SddEvidence.HISTORY
        to_update.append(person)
    summary["entries"] = len(to_update)
    if not dry_run:
        Person.objects.bulk_update(to_update, ["sdd_since", "sdd_since_evidence"], batch_size=500)


def import_history(*, actor, data, dry_run=False, filename=""):
    """Check the file (`HistoryImportError` lists its problems) then, unless `dry_run`, write its
    rows and log them; returns the summary counts."""
    rows = parse(data)
    summary = {"rows": len(rows), "orientations": 0, "contracts": 0, "skipped": 0}
    today = timezone.localdate()
    with transaction.atomic():
        _date_entries(rows, summary, dry_run=dry_run)
        rows = [row for row in rows if row.event != "entree_sdd"]
        orientation_keys, contract_keys = _existing_keys(rows)
        bodies = _Bodies(write=not dry_run, actor=actor)
        # Orientations first, so that each contract links to the orientation it followed.
        for row in sorted(rows, key=lambda r: (r.event != "orientation", r.line)):
            if row.event == "orientation":
                key = (row.person.pk, row.date, row.orientation_type, row.organisme_kind)
                keys, counter = orientation_keys, "orientations"
            else:
                key = (row.person.pk, row.contract_kind, row.date)
                keys, counter = contract_keys, "contracts"
            if key in keys:
                summary["skipped"] += 1
                continue
            keys.add(key)
            summary[counter] += 1
            if not dry_run:
                (_orientation(row, bodies) if row.event == "orientation" else _contract(row, today)).save()
        if not dry_run:
            facts.refresh(row.person.pk for row in rows)
            log(actor=actor, action="history.import", data={"file": filename, **summary})
    return summary
