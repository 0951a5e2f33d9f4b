"""Job offers imported from a spreadsheet (CSV or XLSX, read by the delivery layer), all or
nothing, after a review (docs/imports-tension-jobs.md describes the columns).

`review()` checks every row against the same rules as an offer entered by hand, in a fixed number
of queries (employers, appellations, communes and known references read once for the file); a row
whose employer already has an offer of that reference is skipped, so that importing a file again
creates nothing. `apply()` reviews again and creates every offer in one transaction, or none.
"""

import dataclasses
import datetime
import unicodedata

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log, log_many
from pacte.core.errors import DomainError
from pacte.core.transitions import TransitionTable, transition
from pacte.employment import services
from pacte.employment.enums import ContractType, ImportStatus, JobOfferSource
from pacte.employment.models import EmployerProfile, JobOffer, JobOfferImport
from pacte.referentials.models import RomeAppellation
from pacte.territory.models import Commune

IMPORT_TRANSITIONS = TransitionTable(
    "job_offer_import",
    {ImportStatus.REVIEW: {ImportStatus.APPLIED, ImportStatus.CANCELLED}},
    labels=ImportStatus,
    actions={
        ImportStatus.APPLIED: "job_offer_import.applied",
        ImportStatus.CANCELLED: "job_offer_import.cancelled",
    },
)
MAX_ROWS = 2_000
# Column (as simplified: lower case, no accent, spaces as _) → its field; aliases after the name.
COLUMNS = {
    "siret": ("siret", "siret_employeur"),
    "title": ("intitule", "intitule_du_poste", "titre"),
    "appellation": ("appellation", "code_ogr", "appellation_rome"),
    "commune": ("commune", "code_insee", "code_commune"),
    "contract_type": ("contrat", "type_de_contrat", "type_contrat"),
    "weekly_hours": ("heures", "heures_par_semaine", "heures_hebdo"),
    "positions": ("postes", "nombre_de_postes"),
    "opened_on": ("ouverture", "date_ouverture", "date_d_ouverture"),
    "external_reference": ("reference", "reference_externe"),
    "description": ("description",),
}
REQUIRED = ("siret", "title", "appellation", "commune", "contract_type", "weekly_hours")
CONTRACTS = {
    **{value: value for value in ContractType.values},
    **{label.lower(): value for value, label in ContractType.choices},
    "mis": ContractType.INTERIM,
    "mission": ContractType.INTERIM,
    "saisonnier": ContractType.SEASONAL,
    "apprentissage": ContractType.APPRENTICESHIP,
    "professionnalisation": ContractType.PROFESSIONALISATION,
}


def simplify(header):
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower().strip()
    return "_".join(text.replace("'", " ").replace("-", " ").split())


def column_map(headers):
    """{field: header of the file}; a DomainError names the required columns missing."""
    simplified = {simplify(header): header for header in headers}
    found = {}
    for field, names in COLUMNS.items():
        header = next((simplified[name] for name in names if name in simplified), None)
        if header is not None:
            found[field] = header
    missing = [COLUMNS[field][0] for field in REQUIRED if field not in found]
    if missing:
        raise DomainError(
            f"Colonne(s) manquante(s) : {', '.join(missing)} (colonnes attendues : "
            f"{', '.join(names[0] for names in COLUMNS.values())}).",
            field="file",
        )
    return found


def rows_of(headers, rows):
    """The file's rows as [[line, {field: text}], ...], checked for their number."""
    columns = column_map(headers)
    if len(rows) > MAX_ROWS:
        raise DomainError(f"Le fichier compte plus de {MAX_ROWS} lignes : découpez-le.", field="file")
    return [
        [line, {field: (values.get(header) or "").strip() for field, header in columns.items()}]
        for line, values in rows
    ]


@dataclasses.dataclass
class Line:
    line: int
    values: dict
    offer: JobOffer | None = None
    error: str = ""
    skipped: bool = False


@dataclasses.dataclass
class Review:
    lines: list

    @property
    def errors(self):
        return [line for line in self.lines if line.error]

    @property
    def offers(self):
        return [line.offer for line in self.lines if line.offer is not None and not line.skipped]

    @property
    def skipped(self):
        return [line for line in self.lines if line.skipped]


def _date(text):
    if not text:
        return None
    text = text.strip()[:10]
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise DomainError(f"Date d'ouverture « {text} » invalide (JJ/MM/AAAA).", field="opened_on")


class _Lookups:
    """What the file's rows name, read once for the whole file."""

    def __init__(self, rows, departement_code):
        values = [row for _, row in rows]
        sirets = {row.get("siret", "").replace(" ", "") for row in values}
        self.employers = {
            profile.organization.siret: profile
            for profile in EmployerProfile.objects.filter(
                departement_code=departement_code, organization__siret__in=sirets - {""}
            ).select_related("organization")
        }
        texts = {row.get("appellation", "") for row in values}
        codes = {int(text) for text in texts if text.isdigit()}
        self.appellations = {
            str(a.code_ogr): a
            for a in RomeAppellation.objects.filter(code_ogr__in=codes).select_related("rome")
        }
        labels = {text for text in texts if text and not text.isdigit()}
        for appellation in RomeAppellation.objects.filter(label__in=labels).select_related("rome"):
            self.appellations.setdefault(appellation.label, appellation)
        insee = {row.get("commune", "").upper() for row in values}
        self.communes = {c.insee_code: c for c in Commune.objects.filter(insee_code__in=insee)}
        references = {row.get("external_reference", "") for row in values} - {""}
        self.known = set(
            JobOffer.objects.filter(
                employer__in=self.employers.values(), external_reference__in=references
            ).values_list("employer_id", "external_reference")
        )


def _fields(values, lookups):
    siret = values.get("siret", "").replace(" ", "")
    employer = lookups.employers.get(siret)
    if employer is None:
        raise DomainError(
            f"aucun employeur de SIRET « {siret} » dans le département (créez-le d'abord).", field="siret"
        )
    commune = lookups.communes.get(values.get("commune", "").upper())
    if commune is None:
        raise DomainError(
            f"commune « {values.get('commune', '')} » inconnue (code INSEE attendu).", field="commune"
        )
    contract = CONTRACTS.get(values.get("contract_type", "").lower(), values.get("contract_type", ""))
    fields = {
        "title": values.get("title", ""),
        "appellation": lookups.appellations.get(values.get("appellation", ""))
        or values.get("appellation", ""),
        "commune": commune,
        "contract_type": contract,
        "weekly_hours": values.get("weekly_hours", ""),
        "positions": values.get("positions") or 1,
        "opened_on": _date(values.get("opened_on", "")) or timezone.localdate(),
        "external_reference": values.get("external_reference", ""),
        "description": values.get("description", ""),
    }
    return employer, fields


def review(entry, *, actor=None):
    """Every row of `entry` checked; nothing written."""
    lookups = _Lookups(entry.rows, entry.departement_code)
    lines, seen = [], set()
    for line_number, values in entry.rows:
        line = Line(line=line_number, values=values)
        lines.append(line)
        try:
            employer, fields = _fields(values, lookups)
            line.offer = services.build_job_offer(
                actor=actor, employer=employer, source=JobOfferSource.IMPORTED, **fields
            )
        except DomainError as error:
            line.error = error.message[0].upper() + error.message[1:]
            continue
        key = (employer.pk, line.offer.external_reference)
        if line.offer.external_reference and key in seen:
            line.error = "Cette référence figure déjà plus haut dans le fichier pour cet employeur."
        elif key in lookups.known:
            line.skipped = True
        seen.add(key)
    return Review(lines=lines)


def start(*, actor, departement_code, filename, headers, rows):
    """Keep the rows of a file read for review."""
    entry = JobOfferImport(
        departement_code=departement_code,
        filename=filename[:250],
        rows=rows_of(headers, rows),
        created_by=actor,
    )
    with transaction.atomic():
        entry.save()
        log(actor=actor, action="job_offer_import.review", obj=entry, data={"rows": len(entry.rows)})
    return entry


def apply(*, actor, entry):
    """Create every offer of the file, or none if a row is refused. Returns the summary."""
    IMPORT_TRANSITIONS.check(entry.status, ImportStatus.APPLIED)
    result = review(entry, actor=actor)
    if result.errors:
        count = len(result.errors)
        raise DomainError(
            f"{count} ligne{'s' if count > 1 else ''} refusée{'s' if count > 1 else ''} : rien n'est importé."
        )
    summary = {"created": len(result.offers), "skipped": len(result.skipped)}
    with transaction.atomic():
        JobOffer.objects.bulk_create(result.offers, batch_size=500)
        log_many(
            actor=actor,
            action="job_offer.create",
            items=[(offer, {"rome": offer.rome_id, "import": str(entry.uuid)}) for offer in result.offers],
        )
        transition(
            entry,
            ImportStatus.APPLIED,
            actor=actor,
            table=IMPORT_TRANSITIONS,
            changes={"summary": summary},
            data=summary,
        )
    return summary


def cancel(*, actor, entry):
    return transition(entry, ImportStatus.CANCELLED, actor=actor, table=IMPORT_TRANSITIONS)
