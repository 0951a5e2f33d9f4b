"""Importing a CAF file (VRSB0801 or VRSD0301) into dossiers, persons and their right history.

A file is imported whole or not at all: everything happens in one transaction, and the parser's
`CafFileError` (raised as late as the count check of `TransmissionFlux`) rolls it back. Dossiers
whose content hash is unchanged are skipped, so the same file twice changes nothing. Writes are
batched; the history gets a row, dated by the file's DTREF, whenever a person's (ETATDOSRSA,
TOPPERSDRODEVORSA) pair changes.
"""

import dataclasses
import datetime
import hashlib
import itertools
import os
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max

from pacte.audit.services import log
from pacte.beneficiaries import derived
from pacte.beneficiaries.caf.codes import OPEN_STATES
from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.parser import CafParser
from pacte.beneficiaries.caf.records import UnchangedHousehold
from pacte.beneficiaries.caf_pipe import PipedParser
from pacte.beneficiaries.caf_prepare import prepare
from pacte.beneficiaries.caf_rows import RowFactory, insert_rows, read_back_ids, update_rows
from pacte.beneficiaries.enums import SddCohort, SddEvidence
from pacte.beneficiaries.matching import Identity, matchers_for
from pacte.beneficiaries.models import CafImport, Dossier, DossierEvent, ImportStatus, Person, RightHistory
from pacte.core.progress import NullProgress
from pacte.territory.models import Commune

BATCH_SIZE = 1000
# Files above this size are parsed in a second process (see caf_pipe).
PIPELINE_MIN_BYTES = 8 * 1024 * 1024
DOSSIER_ROWS = RowFactory(Dossier)
PERSON_ROWS = RowFactory(Person)
HISTORY_ROWS = RowFactory(RightHistory)

__all__ = ["CafFileError", "ImportReport", "import_caf_file"]


@dataclasses.dataclass
class ImportReport:
    file: str
    dtref: str = ""
    departement: str = ""
    flux: str = ""
    flux_type: str = ""
    households: int = 0
    persons: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    history_rows: int = 0
    unknown_codes: dict = dataclasses.field(default_factory=dict)
    unknown_elements: dict = dataclasses.field(default_factory=dict)
    dry_run: bool = False
    entry: CafImport | None = None  # the journal row, once written

    def as_json(self):
        """The contract of `pacte import-caf --json` (DESIGN.md)."""
        return {
            "file": self.file,
            "dtref": self.dtref,
            "households": self.households,
            "persons": self.persons,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "history_rows": self.history_rows,
        }


def _batched(iterable, size):
    iterator = iter(iterable)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_caf_file(
    path,
    *,
    dry_run=False,
    progress=None,
    actor=None,
    batch_size=BATCH_SIZE,
    pipeline=None,
    departement_code=None,
    file_name=None,
    sha256=None,
):
    """Import one file; raise CafFileError (nothing written) when it cannot be imported whole.

    Callers go through `services.import_caf`, which journals rejections and duplicates.
    `departement_code`: the département the file must be of (None: any). `pipeline`: parse in a
    second process while this one writes (`caf_pipe`); by default, for files over a few megabytes
    on a machine with more than one core.
    """
    progress = progress or NullProgress()
    path = Path(path)
    started = time.monotonic()
    report = ImportReport(file=str(path), dry_run=dry_run)
    size = os.path.getsize(path)
    if pipeline is None:
        pipeline = (os.cpu_count() or 1) > 1 and size > PIPELINE_MIN_BYTES
    key = settings.PACTE_NIR_KEY
    reader = (
        PipedParser(path, nir_key=key, batch_size=batch_size)
        if pipeline
        else _InProcessParser(path, key, batch_size)
    )
    with reader, transaction.atomic():
        header = reader.header
        check_departement(header, departement_code)
        report.dtref, report.departement = header.dtref.isoformat(), header.departement or ""
        report.flux, report.flux_type = header.flux, header.typeflux
        writer = _Writer(header, report)
        reader.set_known(writer.known_hashes())
        progress.start(size, f"Import de {path.name}", unit="o")
        position = 0
        for batch in reader.batches():
            writer.write(batch)
            progress.advance(reader.position - position)
            position = reader.position
        report.unknown_codes = reader.unknown_codes
        report.unknown_elements = reader.unknown_elements
        if dry_run:
            transaction.set_rollback(True)
        else:
            journal = {"file_name": file_name or path.name, "sha256": sha256 or file_sha256(path)}
            report.entry = _journal(report, actor, time.monotonic() - started, **journal)
    progress.finish()
    return report


class _InProcessParser:
    """`CafParser` with the interface of `caf_pipe.PipedParser`."""

    def __init__(self, path, nir_key, batch_size):
        self._raw = open(path, "rb")  # noqa: SIM115 - closed in close()
        try:
            self._parser = CafParser(self._raw)
            self.header = self._parser.header
        except BaseException:
            self.close()
            raise
        self._batch_size = batch_size
        self._nir_key = nir_key

    @property
    def position(self):
        return self._raw.tell()

    @property
    def unknown_codes(self):
        return self._parser.unknown_codes

    @property
    def unknown_elements(self):
        return self._parser.unknown_elements

    def set_known(self, hashes):
        self._parser.known_hashes = frozenset(hashes)

    def batches(self):
        for batch in _batched(self._parser, self._batch_size):
            yield [prepare(household, self._nir_key) for household in batch]

    def close(self):
        if hasattr(self, "_parser"):
            self._parser.close()
        self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def check_departement(header, departement_code):
    """Refuse a file of another département than `departement_code` (None: any), before anything
    is written."""
    if departement_code is None:
        return
    if header.departement is None:
        raise CafFileError(
            "Le fichier ne contient aucun dossier et n'indique pas son département : rien à importer."
        )
    if header.departement != departement_code:
        raise CafFileError(
            f"Ce fichier concerne le département {header.departement}, pas le {departement_code} : "
            "import refusé."
        )


def _journal(report, actor, duration, *, file_name, sha256):
    entry = CafImport.objects.create(
        departement_code=report.departement,
        file_name=file_name,
        file_sha256=sha256,
        flux=report.flux,
        flux_type=report.flux_type,
        dtref=report.dtref,
        status=ImportStatus.SUCCEEDED,
        households=report.households,
        persons=report.persons,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        history_rows=report.history_rows,
        unknown_codes=report.unknown_codes,
        unknown_elements=sum(report.unknown_elements.values()),
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        duration_seconds=round(duration, 3),
    )
    log(actor=actor, action="caf_import.import", obj=entry, data=report.as_json())
    return entry


class _Writer:
    """Writes batches of parsed households; keeps the state it needs between batches."""

    def __init__(self, header, report):
        self.header = header
        self.dtref = header.dtref
        self.report = report
        self.departement = header.departement
        self.places = {
            code: {"commune_id": code, "territory_id": territory}
            for code, territory in Commune.objects.values_list("insee_code", "territory_id")
        }
        self.known = {
            number: (pk, content_hash, last_seen, state)
            for pk, number, content_hash, last_seen, state in Dossier.objects.filter(
                departement_code=self.departement
            ).values_list("pk", "numdemrsa", "content_hash", "last_seen_on", "right_state")
        }
        # The département's first CAF file (by the journal) is its stock; the persons entering rights
        # and duties in a later file are entrants, dated no earlier than the day after the file before.
        imported = CafImport.objects.filter(departement_code=self.departement, status=ImportStatus.SUCCEEDED)
        self.first_file = not imported.exists()
        self.entrants_file = header.flux == "vrsd0301"
        self.previous_dtref = imported.filter(dtref__lt=self.dtref).aggregate(latest=Max("dtref"))["latest"]

    def known_hashes(self):
        return {known[1] for known in self.known.values() if known[1]}

    def write(self, households):
        new, changed, seen = [], [], []
        for household in households:
            self.report.households += 1
            unchanged = isinstance(household, UnchangedHousehold)
            self.report.persons += household.person_count if unchanged else len(household.persons)
            known = self.known.get(household.numdemrsa)
            if known is None:
                new.append(household)
            elif known[1] != household.raw_hash:
                changed.append((known, household))
            else:
                self.report.unchanged += 1
                if known[2] is None or known[2] < self.dtref:
                    seen.append(known[0])
        self._touch(seen)
        self._create(new)
        self._update(changed)
        derived.dossiers_written(
            [self.known[h.numdemrsa][0] for h in new] + [known[0] for known, _ in changed]
        )

    def _touch(self, dossier_ids):
        if dossier_ids:
            Dossier.objects.filter(pk__in=dossier_ids).update(last_seen_on=self.dtref)

    def _create(self, households):
        if not households:
            return
        dossiers = [
            DOSSIER_ROWS.new(
                **h.dossier,
                **self.places.get(h.numcom, NO_PLACE),
                departement_code=h.departement,
                numdemrsa=h.numdemrsa,
                first_seen_on=self.dtref,
                last_seen_on=self.dtref,
            )
            for h in households
        ]
        insert_rows(Dossier, dossiers)
        read_back_ids(
            Dossier,
            dossiers,
            key="numdemrsa",
            among=("numdemrsa", [h.numdemrsa for h in households]),
            departement_code=self.departement,
        )
        persons = []
        for dossier, household in zip(dossiers, households, strict=True):
            self.known[household.numdemrsa] = (
                dossier.pk,
                household.raw_hash,
                self.dtref,
                household.etatdosrsa,
            )
            for parsed in household.persons:
                person = PERSON_ROWS.new(dossier_id=dossier.pk, departement_code=household.departement)
                self._fill_person(person, parsed, household, was_subject=False)
                persons.append(person)
        self._insert_persons(persons)
        history = [self._history_row(p, persons_state=p.dossier_state) for p in persons if p.is_adult]
        self._write_history(history, existing=set())
        self._write_events(dossiers, households)
        self.report.created += len(households)

    def _insert_persons(self, persons):
        """Insert, then read back the ids (portable: no RETURNING with executemany)."""
        if not persons:
            return
        insert_rows(Person, persons)
        read_back_ids(Person, persons, key="uuid", among=("dossier_id", {p.dossier_id for p in persons}))

    def _update(self, changed):
        if not changed:
            return
        matchers = matchers_for([known[0] for known, _ in changed])
        to_update, to_create, history = [], [], []
        dossiers = []
        for known, household in changed:
            pk, _, _, old_state = known
            dossier = DOSSIER_ROWS.new(
                pk=pk,
                **household.dossier,
                **self.places.get(household.numcom, NO_PLACE),
                last_seen_on=self.dtref,
            )
            dossiers.append(dossier)
            self.known[household.numdemrsa] = (pk, household.raw_hash, self.dtref, household.etatdosrsa)
            for parsed in household.persons:
                person = _match(matchers[pk], parsed)
                was = (old_state, person.is_sdd) if person else None
                if person is None:
                    person = PERSON_ROWS.new(dossier_id=pk, departement_code=household.departement)
                    to_create.append(person)
                else:
                    to_update.append(person)
                was_subject = bool(was and was[0] in OPEN_STATES and was[1])
                self._fill_person(person, parsed, household, was_subject=was_subject)
                if person.is_adult and (was is None or was != (household.etatdosrsa, person.is_sdd)):
                    history.append((person, household.etatdosrsa))
        update_rows(Dossier, dossiers, DOSSIER_UPDATE_FIELDS)
        update_rows(Person, to_update, PERSON_UPDATE_FIELDS)
        self._insert_persons(to_create)
        rows = [self._history_row(person, persons_state=state) for person, state in history]
        existing = set(
            RightHistory.objects.filter(
                person_id__in=[r.person_id for r in rows], dtref=self.dtref
            ).values_list("person_id", flat=True)
        )
        self._write_history(rows, existing=existing)
        self._write_events(dossiers, [household for _, household in changed])
        self.report.updated += len(changed)

    def _fill_person(self, person, parsed, household, *, was_subject):
        """`parsed`: a `PreparedPerson`; `was_subject`: the person was subject to rights and duties
        (flag and open right) before."""
        if parsed.nir_hash != person.nir_hash:
            person.nir_hash, person.nir_encrypted = parsed.nir_hash, parsed.nir_encrypted
        person.__dict__.update(parsed.values)
        person.dossier_state = household.etatdosrsa
        subject = person.is_sdd and household.etatdosrsa in OPEN_STATES
        if subject and not was_subject:
            stock = self.first_file and not (self.entrants_file and parsed.entering_sdd)
            person.sdd_cohort = SddCohort.STOCK if stock else SddCohort.ENTRANT
            person.sdd_since, person.sdd_since_evidence = self._entry(parsed, household, stock=stock)
        elif not subject:
            person.sdd_since, person.sdd_since_evidence, person.sdd_cohort = None, "", ""
        elif parsed.ddsoudrodev and person.sdd_since_evidence != SddEvidence.DDSOUDRODEV:
            # A daily file brings the CAF's own date for someone already counted: it is better.
            person.sdd_since, person.sdd_since_evidence = parsed.ddsoudrodev, SddEvidence.DDSOUDRODEV

    def _entry(self, parsed, household, *, stock):
        """(date, evidence) of an entry into rights and duties: the CAF's DDSOUDRODEV when the file
        gives it; else the RSA demand date, which for an entrant after the first file cannot be
        before the day after the previous file (which showed the person not yet subject)."""
        if parsed.ddsoudrodev:
            return parsed.ddsoudrodev, SddEvidence.DDSOUDRODEV
        demand = household.dtdemrsa
        if not stock and self.previous_dtref is not None:
            floor = self.previous_dtref + datetime.timedelta(days=1)
            if demand is None or demand < floor:
                return floor, SddEvidence.BETWEEN_FILES
        return demand, SddEvidence.DEMAND

    def _history_row(self, person, *, persons_state):
        return HISTORY_ROWS.new(
            person_id=person.pk,
            departement_code=person.departement_code,
            dtref=self.dtref,
            right_state=persons_state,
            is_sdd=person.is_sdd,
        )

    def _write_history(self, rows, *, existing):
        fresh = [row for row in rows if row.person_id not in existing]
        insert_rows(RightHistory, fresh)
        same_day = [row for row in rows if row.person_id in existing]
        if same_day:
            # A second file of the same DTREF (a daily file): its state replaces that day's row.
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {RightHistory._meta.db_table} SET right_state = %s, is_sdd = %s "
                    "WHERE person_id = %s AND dtref = %s",
                    [(row.right_state, row.is_sdd, row.person_id, row.dtref) for row in same_day],
                )
        self.report.history_rows += len(fresh)

    def _write_events(self, dossiers, households):
        events = [
            DossierEvent(
                departement_code=household.departement,
                dossier_id=dossier.pk,
                liquidated_on=liquidated_on,
                liquidated_at=liquidated_at,
                code=code,
                dtref=self.dtref,
            )
            for dossier, household in zip(dossiers, households, strict=True)
            for liquidated_on, liquidated_at, code in household.events
        ]
        if events:
            DossierEvent.objects.bulk_create(events, batch_size=1000, ignore_conflicts=True)


def _match(matcher, parsed):
    """The stored person `parsed` designates (`matching`); None, a new person, when an earlier
    person of the file already claimed it."""
    values = parsed.values
    identity = Identity(
        nir=parsed.nir13 or "",
        birth_name=values["birth_name"],
        first_name=values["first_name"],
        birth_date=values["birth_date"],
    )
    person, earlier = matcher.claim(identity, True)
    return None if earlier else person


NO_PLACE = {"commune_id": None, "territory_id": None}
DOSSIER_UPDATE_FIELDS = [
    "dtdemrsa", "fonorg", "numorg", "matricule", "family_situation", "family_situation_since",
    "no_fixed_address", "children_count", "address_line", "address_complement", "postcode", "city_name",
    "commune_id", "territory_id", "foreign_address", "right_state", "closure_reason", "closure_date",
    "total_amount", "right_opened_on", "demand_origin", "refusal_reason", "refusal_date", "suspensions",
    "benefit_kinds", "content_hash", "last_seen_on",
]  # fmt: skip
PERSON_UPDATE_FIELDS = [
    "rsa_role", "is_adult", "civility", "last_name", "birth_name", "first_name", "other_first_names",
    "birth_date", "birth_place", "sex", "nir_encrypted", "nir_hash", "france_travail_id", "is_sdd",
    "is_entering_sdd", "sdd_since", "sdd_since_evidence", "sdd_cohort", "sdd_until", "activities", "death_date", "search_key", "sort_key",
]  # fmt: skip
