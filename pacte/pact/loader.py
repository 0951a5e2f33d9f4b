"""`pacte load-pact FILE`: a pact from a JSON file (format in docs/pact-format.md).

The file is read and checked whole before anything is written; then everything it names is
created or brought up to date in one transaction, keyed on the pact's slug and, inside it, on the
titles (thematics, objectives, actions, signatories, concertation events) and codes (indicators).
Nothing the file does not name is deleted: the actions and signatories the direction added stay.
Loading the same file twice changes nothing the second time.
"""

import dataclasses
import datetime
import json
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

from django.db import transaction

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.transitions import transition
from pacte.organizations.models import Organization
from pacte.pact import models
from pacte.pact.enums import ConcertationKind, FundingSource, PactStatus, ValueSource
from pacte.territory.models import Departement

FORMAT = 1
SEED_FILES = ("haute-vienne-2022-2025.json", "haute-vienne-2016-2020.json", "deux-sevres-2022-2027.json")
STATUS_ORDER = [PactStatus.DRAFT, PactStatus.ADOPTED, PactStatus.CLOSED]


class PactFileError(DomainError):
    pass


@dataclasses.dataclass
class LoadReport:
    file: str
    slug: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self):
        return dataclasses.asdict(self)


def seed_path(name):
    return resources.files("pacte.pact") / "data" / name


class _Reader:
    """Typed access to the file's values; every error names where it is in the file."""

    def __init__(self, name):
        self.name = name

    def fail(self, where, message):
        raise PactFileError(f"{self.name} : {where} : {message}")

    def get(self, data, key, where, kind=str, required=True, default=None):
        if not isinstance(data, dict):
            self.fail(where, "un objet JSON est attendu")
        value = data.get(key, default)
        if value is None or value == "":
            if required:
                self.fail(where, f"« {key} » est obligatoire")
            return default
        if kind is str and not isinstance(value, str):
            self.fail(where, f"« {key} » doit être un texte")
        if kind is int and (not isinstance(value, int) or isinstance(value, bool)):
            self.fail(where, f"« {key} » doit être un nombre entier")
        if kind is list and not isinstance(value, list):
            self.fail(where, f"« {key} » doit être une liste")
        if kind is dict and not isinstance(value, dict):
            self.fail(where, f"« {key} » doit être un objet")
        return value

    def date(self, data, key, where):
        value = self.get(data, key, where, required=False)
        if value is None:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.fail(where, f"« {key} » doit être une date AAAA-MM-JJ")

    def decimal(self, data, key, where, required=True):
        value = data.get(key) if isinstance(data, dict) else None
        if value is None:
            if required:
                self.fail(where, f"« {key} » est obligatoire")
            return None
        if isinstance(value, bool):
            self.fail(where, f"« {key} » doit être un nombre")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(where, f"« {key} » doit être un nombre")
        if not number.is_finite():
            self.fail(where, f"« {key} » doit être un nombre")
        return number

    def choice(self, data, key, where, choices, default=None):
        value = self.get(data, key, where, required=default is None, default=default)
        if value not in choices.values:
            self.fail(where, f"« {key} » vaut « {value} », attendu l'un de : {', '.join(choices.values)}")
        return value


def read_file(path):
    path = Path(path) if isinstance(path, str) else path
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PactFileError(f"{name} : le fichier n'est pas en UTF-8.") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PactFileError(f"{name} : JSON invalide ligne {error.lineno}, colonne {error.colno}.") from None
    return name, data


class _Writer:
    def __init__(self, report):
        self.report = report

    def upsert(self, model, keys, values, m2m=None):
        """The row of `model` matching `keys`, created or with `values` set; counted in the report."""
        row = model.objects.filter(**keys).first()
        if row is None:
            row = model.objects.create(**keys, **values)
            self.report.created += 1
        else:
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            if changed:
                for name in changed:
                    setattr(row, name, values[name])
                row.save(update_fields=changed)
                self.report.updated += 1
            else:
                self.report.unchanged += 1
        for name, objects in (m2m or {}).items():
            manager = getattr(row, name)
            if {o.pk for o in manager.all()} != {o.pk for o in objects}:
                manager.set(objects)
                self.report.updated += 1
        return row


def _organization(departement, name):
    """The département's structure of that name, if Pacte has it (the name stays otherwise)."""
    return Organization.objects.filter(departement=departement, name__iexact=name.strip()).first()


class _Loader:
    def __init__(self, reader, data, report):
        self.r = reader
        self.data = data
        self.w = _Writer(report)
        self.report = report

    def pact(self):
        r, d = self.r, self.data
        if r.get(d, "format", "fichier", kind=int) != FORMAT:
            r.fail("format", f"version {d.get('format')} inconnue (attendu {FORMAT})")
        code = r.get(d, "departement", "fichier")
        departement = Departement.objects.filter(code=code).first()
        if departement is None:
            r.fail("departement", f"département {code} inconnu (lancez « pacte load-territory »)")
        self.departement = departement
        period = r.get(d, "period", "fichier", kind=dict)
        start, end = r.get(period, "start", "period", kind=int), r.get(period, "end", "period", kind=int)
        if end < start:
            r.fail("period", "la dernière année précède la première")
        slug = r.get(d, "slug", "fichier")
        self.report.slug = slug
        self.target_status = r.choice(d, "status", "fichier", PactStatus, default=PactStatus.DRAFT)
        existing = models.Pact.objects.filter(slug=slug).first()
        if existing and existing.departement_id != code:
            r.fail("slug", f"« {slug} » est déjà un pacte d'un autre département")
        values = {
            "departement": departement,
            "title": r.get(d, "title", "fichier"),
            "territory": r.get(d, "territory", "fichier"),
            "start_year": start,
            "end_year": end,
            "adopted_on": r.date(d, "adopted_on", "fichier"),
            "summary": r.get(d, "summary", "fichier", required=False, default=""),
            "commitments": r.get(d, "commitments", "fichier", required=False, default=""),
            "governance": r.get(d, "governance", "fichier", kind=list, required=False, default=[]),
            "offer_aims": r.get(d, "offer_aims", "fichier", kind=list, required=False, default=[]),
            "thematic_label": r.get(d, "thematic_label", "fichier", required=False, default="Thématique"),
            "announced_actions": r.get(d, "announced_actions", "fichier", kind=int, required=False),
            "announced_signatories": r.get(d, "announced_signatories", "fichier", kind=int, required=False),
            "notes": r.get(d, "notes", "fichier", required=False, default=""),
            "source": r.get(d, "source", "fichier", required=False, default=""),
        }
        if existing is not None and existing.adopted_on and values["adopted_on"] is None:
            values["adopted_on"] = existing.adopted_on  # a date the direction entered stays
        self.pact = self.w.upsert(models.Pact, {"slug": slug}, values)

    def status(self, actor):
        """Move the pact forward to the file's status, through the table; never backwards."""
        from pacte.pact.services import PACT_TRANSITIONS

        pact = self.pact
        while STATUS_ORDER.index(pact.status) < STATUS_ORDER.index(self.target_status):
            target = STATUS_ORDER[STATUS_ORDER.index(pact.status) + 1]
            changes = (
                {"closed_on": self.r.date(self.data, "closed_on", "fichier")}
                if target == PactStatus.CLOSED
                else {}
            )
            transition(pact, target, actor=actor, table=PACT_TRANSITIONS, changes=changes)
            self.report.updated += 1

    def signatories(self):
        for index, item in enumerate(
            self.r.get(self.data, "signatories", "fichier", kind=list, required=False, default=[])
        ):
            where = f"signatories[{index}]"
            name = self.r.get(item, "name", where)
            self.w.upsert(
                models.Signatory,
                {"pact": self.pact, "name": name},
                {
                    "position": index + 1,
                    "organization": _organization(self.departement, name),
                    "commitment": self.r.get(item, "commitment", where, required=False, default=""),
                },
            )

    def thematics(self):
        for index, item in enumerate(self.r.get(self.data, "thematics", "fichier", kind=list)):
            where = f"thematics[{index}]"
            thematic = self.w.upsert(
                models.Thematic,
                {"pact": self.pact, "title": self.r.get(item, "title", where)},
                {
                    "position": index + 1,
                    "description": self.r.get(item, "description", where, required=False, default=""),
                    "referent_name": self.r.get(item, "referent", where, required=False, default=""),
                },
            )
            for number, objective in enumerate(
                self.r.get(item, "objectives", where, kind=list, required=False, default=[])
            ):
                self.objective(thematic, objective, number, f"{where}.objectives[{number}]")

    def objective(self, thematic, item, index, where):
        objective = self.w.upsert(
            models.Objective,
            {"thematic": thematic, "title": self.r.get(item, "title", where)},
            {
                "position": index + 1,
                "description": self.r.get(item, "description", where, required=False, default=""),
            },
        )
        for number, action in enumerate(
            self.r.get(item, "actions", where, kind=list, required=False, default=[])
        ):
            self.action(objective, action, number, f"{where}.actions[{number}]")

    def action(self, objective, item, index, where):
        r = self.r
        pilot = r.get(item, "pilot", where, required=False, default="")
        pilot_org = _organization(self.departement, pilot) if pilot else None
        partners, partner_names = [], []
        for name in r.get(item, "partners", where, kind=list, required=False, default=[]):
            org = _organization(self.departement, name)
            (partners.append(org) if org else partner_names.append(name))
        start, end = r.date(item, "start", where), r.date(item, "end", where)
        if start and end and end < start:
            r.fail(where, "la fin précède le début")
        action = self.w.upsert(
            models.Action,
            {"objective": objective, "title": r.get(item, "title", where)},
            {
                "position": index + 1,
                "description": r.get(item, "description", where, required=False, default=""),
                "pilot": pilot_org,
                "pilot_name": "" if pilot_org else pilot,
                "partner_names": partner_names,
                "referent_name": r.get(item, "referent", where, required=False, default=""),
                "start_date": start,
                "end_date": end,
                "calendar": r.get(item, "calendar", where, required=False, default=""),
            },
            m2m={"partners": partners},
        )
        for number, line in enumerate(r.get(item, "budget", where, kind=list, required=False, default=[])):
            at = f"{where}.budget[{number}]"
            self.w.upsert(
                models.BudgetLine,
                {
                    "action": action,
                    "year": r.get(line, "year", at, kind=int),
                    "label": r.get(line, "label", at),
                },
                {
                    "amount": r.decimal(line, "amount", at),
                    "funding_source": r.choice(line, "funding", at, FundingSource),
                    "funding_detail": r.get(line, "funding_detail", at, required=False, default=""),
                },
            )

    def concertation(self):
        r = self.r
        for index, item in enumerate(
            r.get(self.data, "concertation", "fichier", kind=list, required=False, default=[])
        ):
            where = f"concertation[{index}]"
            self.w.upsert(
                models.ConcertationEvent,
                {"pact": self.pact, "title": r.get(item, "title", where)},
                {
                    "position": index + 1,
                    "kind": r.choice(item, "kind", where, ConcertationKind),
                    "held_on": r.date(item, "held_on", where),
                    "period": r.get(item, "period", where, required=False, default=""),
                    "meetings": r.get(item, "meetings", where, kind=int, required=False),
                    "attendees_count": r.get(item, "attendees_count", where, kind=int, required=False),
                    "attendees": r.get(item, "attendees", where, required=False, default=""),
                    "contributions": r.get(item, "contributions", where, required=False, default=""),
                },
            )

    def indicators(self):
        r = self.r
        for index, item in enumerate(
            r.get(self.data, "indicators", "fichier", kind=list, required=False, default=[])
        ):
            where = f"indicators[{index}]"
            targets = r.get(item, "targets", where, kind=dict, required=False, default={})
            for year in targets:
                if not year.isdigit():
                    r.fail(where, f"cible de l'année « {year} » : une année est attendue")
            targets = {year: float(r.decimal(targets, year, f"{where}.targets")) for year in sorted(targets)}
            indicator = self.w.upsert(
                models.PactIndicator,
                {"pact": self.pact, "code": r.get(item, "code", where)},
                {
                    "name": r.get(item, "name", where),
                    "definition": r.get(item, "definition", where, required=False, default=""),
                    "unit": r.get(item, "unit", where, required=False, default="personnes"),
                    "baseline": r.decimal(item, "baseline", where, required=False),
                    "baseline_year": r.get(item, "baseline_year", where, kind=int, required=False),
                    "targets": targets,
                    "source": r.get(item, "source", where, required=False, default=""),
                    # The name of a computation of pacte.evaluation.pact_indicators; an unknown one
                    # is reported when the indicators are computed.
                    "computation": r.get(item, "computation", where, required=False, default=""),
                },
            )
            for number, value in enumerate(
                r.get(item, "values", where, kind=list, required=False, default=[])
            ):
                at = f"{where}.values[{number}]"
                self.w.upsert(
                    models.IndicatorValue,
                    {"indicator": indicator, "year": r.get(value, "year", at, kind=int)},
                    {
                        "value": r.decimal(value, "value", at),
                        "is_approximate": bool(value.get("approximate", False)),
                        "dated": r.date(value, "dated", at) or r.fail(at, "« dated » est obligatoire"),
                        "source": ValueSource.SEED,
                        "note": r.get(value, "note", at, required=False, default=""),
                    },
                )


def load_pact(path, *, actor=None, dry_run=False):
    """Load the pact of the JSON file at `path`; a `LoadReport`. All or nothing."""
    name, data = read_file(path)
    report = LoadReport(file=name)
    with transaction.atomic():
        loader = _Loader(_Reader(name), data, report)
        loader.pact()
        loader.signatories()
        loader.thematics()
        loader.concertation()
        loader.indicators()
        loader.status(actor)
        if report.created or report.updated:
            log(actor=actor, action="pact.load", obj=loader.pact, data=report.as_dict())
        if dry_run:
            transaction.set_rollback(True)
    return report


def load_seed_pacts(*, actor=None):
    return [load_pact(seed_path(name), actor=actor) for name in SEED_FILES]


# The demo's 2016–2020 pact is over: closed at the end of its period.
DEMO_CLOSED = {"haute-vienne-2016-2020": datetime.date(2020, 12, 31)}


def load_demo_pacts(log=print):
    """The three seed pacts, the 2016–2020 one closed; idempotent."""
    from pacte.pact.services import set_status

    log("Pactes territoriaux d'insertion : Haute-Vienne 2022-2025 et 2016-2020, Deux-Sèvres 2022-2027…")
    reports = load_seed_pacts()
    for slug, closed_on in DEMO_CLOSED.items():
        pact = models.Pact.objects.get(slug=slug)
        if pact.status == PactStatus.ADOPTED:
            set_status(actor=None, pact=pact, status=PactStatus.CLOSED, on=closed_on)
    return reports
