"""Import of a catalogue of offers from a spreadsheet (CSV or XLSX), all or nothing.

The sheet is read by the beneficiaries' hardened reader (`spreadsheet_files.read_sheet`: CSV
separator and encoding detected, XLSX streamed, every limit checked while reading). A mapping
{file column: offer field} is proposed from the headers (French names and the schema's own) and
can be changed. Nomenclature cells hold the schema's codes or their French labels, several values
separated by "|", ";" or ",".

Every row goes through the services' own rules: `services.create_offer` (a new offer, in draft) or
`services.update_offer` (the row's "identifiant" names an offer of the chosen organisation), each
row in a savepoint of one transaction. The review runs that transaction and rolls it back; the
import commits it only when no row has an error, so one bad row writes nothing. Errors read
"ligne N, colonne X : message".
"""

import dataclasses
import re
import unicodedata
import uuid as uuid_module

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, transaction

from pacte.beneficiaries.spreadsheet_files import SpreadsheetError, number, read_sheet
from pacte.beneficiaries.spreadsheet_read import FLAG_VALUES
from pacte.core.errors import DomainError
from pacte.offers import services
from pacte.offers.models import Offer
from pacte.territory.models import Commune

CREATE, UPDATE = "create", "update"
ACTION_LABELS = {CREATE: "Création (brouillon)", UPDATE: "Mise à jour"}
IDENTIFIER = "identifier"
# A département's catalogue is a few hundred offers; every row of the review runs the services' writes
# (about 6 ms a row on SQLite), in the request: 2,000 rows stay within some fifteen seconds.
MAX_ROWS = 2_000


@dataclasses.dataclass(frozen=True)
class Field:
    key: str  # the services' field name, or IDENTIFIER
    header: str  # the header of the template file
    label: str
    aliases: tuple = ()
    kind: str = "text"  # text, multi, single, zone, number, integer, commune, flag, identifier


FIELDS = [
    Field(IDENTIFIER, "identifiant", "Identifiant de l'offre (pour la mettre à jour)", ("id", "uuid"), "identifier"),
    Field("name", "nom", "Nom", ("name", "nom de l'offre", "intitule", "titre")),
    Field("description", "description", "Description", ("presentation", "presentation_detail")),
    Field("service_type", "type", "Type de service", ("types", "type de service", "service_type"), "single"),
    Field("thematiques", "thematiques", "Thématiques", ("thematique", "thématiques"), "multi"),
    Field("publics", "publics", "Publics", ("public",), "multi"),
    Field("publics_details", "publics_precisions", "Précisions sur les publics", ("precisions publics",)),
    Field("access_conditions", "conditions_acces", "Conditions d'accès", ("conditions d'acces", "conditions")),
    Field("fees", "frais", "Frais", ("fees",), "single"),
    Field("fees_details", "frais_precisions", "Précisions sur les frais", ("precisions frais",)),
    Field("reception_modes", "modes_accueil", "Modes d'accueil", ("mode d'accueil", "modes d'accueil"), "multi"),
    Field(
        "mobilisation_modes", "modes_mobilisation", "Modes de mobilisation", ("mode de mobilisation",), "multi"
    ),
    Field("eligibility_zone", "zone_eligibilite", "Zone d'éligibilité (codes INSEE)", ("zone d'eligibilite",), "zone"),
    Field("weekly_hours", "volume_horaire_hebdomadaire", "Volume horaire hebdomadaire", ("heures par semaine",), "number"),
    Field("weeks", "nombre_semaines", "Nombre de semaines", ("semaines",), "integer"),
    Field("aims", "finalites", "Finalités", ("finalite", "finalités"), "multi"),
    Field("address", "adresse", "Adresse", ("address",)),
    Field("commune", "code_insee", "Commune (code INSEE ou nom)", ("commune", "insee", "code commune"), "commune"),
    Field("latitude", "latitude", "Latitude", ("lat",), "number"),
    Field("longitude", "longitude", "Longitude", ("lon", "lng"), "number"),
    Field("is_remote_only", "a_distance", "Entièrement à distance (oui / non)", ("distance",), "flag"),
    Field("capacity", "places", "Places", ("capacite", "nombre de places"), "integer"),
    Field("contact_name", "contact_nom", "Contact", ("contact",)),
    Field("contact_email", "courriel", "Courriel de contact", ("email", "contact_email", "mail")),
    Field("contact_phone", "telephone", "Téléphone de contact", ("telephone", "contact_telephone")),
    Field("funding_kind", "financement", "Financement", ("funding",), "single"),
    Field("funding_reference", "financement_reference", "Référence du financement", ("reference financement",)),
]  # fmt: skip
FIELDS_BY_KEY = {field.key: field for field in FIELDS}
CHOICES = {
    **{key: choices for key, (choices, _) in services.MULTI_CHOICES.items()},
    **services.SINGLE_CHOICES,
}
SEPARATORS = re.compile(r"[|;]")
# Bounds the database holds the integers to (the form's own bounds for the weeks).
INTEGER_BOUNDS = {"weeks": 260, "capacity": 100_000}


def simplified(text):
    """Lower case, no accent, typographic apostrophes and separators alike: for matching words."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "", text)


def template_headers():
    return [field.header for field in FIELDS]


def guess_mapping(headers):
    """{file column: field key} for the headers named like a field (its key, template header,
    label or an alias; case, accents and punctuation ignored). Each field is proposed once."""
    names = {}
    for field in FIELDS:
        for name in (field.header, field.key, field.label, field.label.split(" (")[0], *field.aliases):
            names.setdefault(simplified(name), field.key)
    mapping, taken = {}, set()
    for header in headers:
        key = names.get(simplified(header))
        if key and key not in taken:
            mapping[header] = key
            taken.add(key)
    return mapping


def check_mapping(mapping, headers):
    """French errors of a mapping {file column: field key} against the file's headers."""
    errors, seen = [], {}
    for header, key in mapping.items():
        if header not in headers:
            errors.append(f"La colonne « {header} » n'existe pas dans le fichier.")
        elif key not in FIELDS_BY_KEY:
            errors.append(f"Champ inconnu pour la colonne « {header} » : {key}.")
        elif key in seen:
            errors.append(
                f"« {FIELDS_BY_KEY[key].label} » est choisi pour deux colonnes : « {seen[key]} » et « {header} »."
            )
        else:
            seen[key] = header
    if "name" not in seen and IDENTIFIER not in seen:
        errors.append(
            "Choisissez la colonne du nom des offres (ou celle de leur identifiant pour les mettre à jour)."
        )
    return errors


# Reading the cells


class CellError(Exception):
    pass


class Nomenclature:
    """The codes of one of the schema's nomenclatures, found by code or French label."""

    def __init__(self, choices):
        self.choices = choices.choices
        self.by_word = {}
        for code, label in choices.choices:
            self.by_word[simplified(code)] = code
            self.by_word.setdefault(simplified(label), code)

    def find(self, text):
        return self.by_word.get(simplified(text))

    def one(self, text):
        code = self.find(text)
        if code is None:
            raise CellError(f"valeur inconnue « {text} » (un code du schéma ou son libellé est attendu)")
        return code

    def many(self, text):
        """The codes of a cell: parts between "|" or ";", each one a code or a label, else a list
        separated by commas (a label may hold a comma: the longest run of parts that is one wins)."""
        codes, unknown = [], []
        for part in (part.strip() for part in SEPARATORS.split(text)):
            if not part:
                continue
            found = self.find(part)
            if found:
                codes.append(found)
                continue
            found, missing = self._comma_list(part)
            codes += found
            unknown += missing
        if unknown:
            raise CellError(
                f"valeur{'s' if len(unknown) > 1 else ''} inconnue{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(f'« {word} »' for word in unknown)} (codes du schéma ou leurs libellés attendus)"
            )
        return list(dict.fromkeys(codes))

    def _comma_list(self, text):
        words = [word.strip() for word in text.split(",")]
        codes, unknown, start = [], [], 0
        while start < len(words):
            for end in range(len(words), start, -1):
                found = self.find(", ".join(words[start:end]))
                if found:
                    codes.append(found)
                    start = end
                    break
            else:
                if words[start]:
                    unknown.append(words[start])
                start += 1
        return codes, unknown


NOMENCLATURES = {key: Nomenclature(choices) for key, choices in CHOICES.items()}


def _number(text):
    try:
        return float(text.replace(",", ".").replace(" ", ""))
    except ValueError:
        raise CellError(f"« {text} » n'est pas un nombre") from None


def _integer(text, key):
    value = _number(text)
    if not value.is_integer() or value < 0:
        raise CellError(f"« {text} » n'est pas un nombre entier positif")
    if value > INTEGER_BOUNDS[key]:
        raise CellError(f"{INTEGER_BOUNDS[key]} au plus")
    return int(value)


def _text(text, key):
    limit = Offer._meta.get_field(key).max_length
    if limit and len(text) > limit:
        raise CellError(f"{limit} caractères au plus ({len(text)} dans la cellule)")
    if key == "contact_email":
        try:
            validate_email(text)
        except ValidationError:
            raise CellError(f"courriel « {text} » invalide") from None
    return text


def _flag(text):
    value = FLAG_VALUES.get(text.lower())
    if value is None:
        raise CellError(f"« {text} » : oui ou non attendu")
    return value


def _identifier(text):
    try:
        return uuid_module.UUID(text.strip())
    except ValueError:
        raise CellError(f"« {text} » n'est pas un identifiant d'offre Pacte") from None


class Communes:
    """Communes found by INSEE code (anywhere) or by name (in the organisation's département)."""

    def __init__(self, departement_code):
        self.departement_code = departement_code
        self.by_name = {}
        for commune in Commune.objects.filter(departement_id=departement_code).order_by("insee_code"):
            self.by_name.setdefault(simplified(commune.name), []).append(commune)
        self.by_code = {c.insee_code: c for communes in self.by_name.values() for c in communes}

    def find(self, text):
        code = text.strip().upper()
        if re.fullmatch(r"\d{5}|2[AB]\d{3}", code):
            commune = self.by_code.get(code) or Commune.objects.filter(insee_code=code).first()
            if commune is None:
                raise CellError(f"aucune commune n'a le code INSEE {code}")
            self.by_code[code] = commune
            return commune
        found = self.by_name.get(simplified(text), [])
        if len(found) != 1:
            raise CellError(
                f"commune « {text} » {'ambiguë' if found else 'inconnue'} dans le département "
                f"{self.departement_code} : donnez son code INSEE"
            )
        return found[0]


def cell_value(field, text, communes):
    """The value a field takes from the text of one cell; CellError with the French reason."""
    if field.kind in ("multi", "single"):
        nomenclature = NOMENCLATURES[field.key]
        return nomenclature.many(text) if field.kind == "multi" else nomenclature.one(text)
    if field.kind == "zone":
        return [code.strip() for code in re.split(r"[|;,\s]+", text) if code.strip()]
    if field.kind == "number":
        return _number(text)
    if field.kind == "integer":
        return _integer(text, field.key)
    if field.kind == "flag":
        return _flag(text)
    if field.kind == "commune":
        return communes.find(text)
    if field.kind == "identifier":
        return _identifier(text)
    return _text(text, field.key)


# Review and import


@dataclasses.dataclass
class Row:
    line: int
    action: str = CREATE
    name: str = ""
    offer_uuid: str = ""
    errors: list = dataclasses.field(default_factory=list)

    def as_json(self):
        return dataclasses.asdict(self)


@dataclasses.dataclass
class Result:
    rows: list
    written: bool = False

    @property
    def errors(self):
        return [error for row in self.rows for error in row.errors]

    @property
    def counts(self):
        return {
            CREATE: sum(1 for row in self.rows if row.action == CREATE and not row.errors),
            UPDATE: sum(1 for row in self.rows if row.action == UPDATE and not row.errors),
            "error": sum(1 for row in self.rows if row.errors),
        }


class _RolledBack(Exception):
    pass


class ImportRefused(DomainError):
    def __init__(self, result):
        count = result.counts["error"]
        super().__init__(
            f"{count} ligne{'s' if count > 1 else ''} en erreur : rien n'a été enregistré. Corrigez le "
            "fichier puis déposez-le de nouveau."
        )
        self.result = result


def read(source, *, file_name=""):
    """The `Sheet` of an uploaded file (SpreadsheetError with the French reason when unreadable)."""
    sheet = read_sheet(source, file_name=file_name)
    if len(sheet.rows) > MAX_ROWS:
        raise SpreadsheetError(
            f"Le fichier compte {number(len(sheet.rows))} lignes : un catalogue en compte au plus "
            f"{number(MAX_ROWS)}, découpez-le."
        )
    return sheet


def review(sheet, *, mapping, organization, actor):
    """What the import would do, row by row, with every error: the writes run and are rolled back."""
    return _run(sheet, mapping=mapping, organization=organization, actor=actor, commit=False)


def import_catalogue(sheet, *, mapping, organization, actor):
    """Create or update the offers of every row, or nothing (ImportRefused) when a row has an error."""
    result = _run(sheet, mapping=mapping, organization=organization, actor=actor, commit=True)
    if not result.written:
        raise ImportRefused(result)
    return result


def _run(sheet, *, mapping, organization, actor, commit):
    problems = check_mapping(mapping, sheet.headers)
    if problems:
        raise DomainError(" ".join(problems))
    context = _Context(sheet, mapping, organization, actor)
    result = Result(rows=[])
    try:
        with transaction.atomic():
            for line, cells in sheet.rows:
                result.rows.append(context.write(line, cells))
            if result.errors or not commit:
                raise _RolledBack
            result.written = True
    except _RolledBack:
        pass
    return result


class _Context:
    def __init__(self, sheet, mapping, organization, actor):
        self.mapping = {header: FIELDS_BY_KEY[key] for header, key in mapping.items()}
        self.headers = {key: header for header, key in mapping.items()}
        self.organization, self.actor = organization, actor
        self.communes = Communes(organization.departement_id)
        self.offers = self._offers(sheet)
        self.seen = {}

    def _offers(self, sheet):
        """The organisation's offers the rows name by identifier, that the actor may change."""
        header = self.headers.get(IDENTIFIER)
        wanted = set()
        for _, cells in sheet.rows:
            try:
                wanted.add(_identifier(cells.get(header, "")))
            except CellError:
                continue
        if not header or not wanted:
            return {}
        offers = Offer.objects.editable_by(self.actor).filter(organization=self.organization, uuid__in=wanted)
        return {offer.uuid: offer for offer in offers}

    def column(self, key):
        field = FIELDS_BY_KEY.get(key)
        return self.headers.get(key) or (field.label if field else key)

    def write(self, line, cells):
        row = Row(line=line)
        values = self._values(row, cells)
        offer = self._target(row, values.pop(IDENTIFIER, None))
        row.name = values.get("name") or (offer.name if offer else "")
        if row.errors:
            return row
        try:
            with transaction.atomic():
                if offer is None:
                    offer = services.create_offer(actor=self.actor, organization=self.organization, **values)
                else:
                    offer = services.update_offer(actor=self.actor, offer=offer, **values)
        except DomainError as error:
            self._error(row, error.field, error.message)
        except DatabaseError:
            self._error(row, "name", "la base de données a refusé cette ligne : vérifiez ses valeurs.")
        else:
            row.offer_uuid = str(offer.uuid)
        return row

    def _error(self, row, key, message):
        row.errors.append(f"ligne {row.line}, colonne {self.column(key or 'name')} : {message}")

    def _values(self, row, cells):
        """The row's values by field: empty cells left out (they never erase what an offer holds);
        each value checked alone by the services' rules, so that every cell's error is listed."""
        values = {}
        for header, field in self.mapping.items():
            text = (cells.get(header) or "").strip()
            if not text:
                continue
            try:
                value = cell_value(field, text, self.communes)
                if field.key != IDENTIFIER:
                    value = services.clean_fields({field.key: value})[field.key]
            except CellError as error:
                self._error(row, field.key, f"{error}.")
                continue
            except DomainError as error:
                self._error(row, field.key, error.message)
                continue
            values[field.key] = value
        return values

    def _target(self, row, identifier):
        """The offer a row updates (None: a new one); an identifier not of the organisation is refused."""
        if identifier is None:
            return None
        if identifier in self.seen:
            self._error(row, IDENTIFIER, f"cet identifiant figure déjà ligne {self.seen[identifier]}.")
            return None
        self.seen[identifier] = row.line
        offer = self.offers.get(identifier)
        if offer is None:
            self._error(
                row,
                IDENTIFIER,
                f"aucune offre de « {self.organization.name} » ne porte l'identifiant {identifier}.",
            )
            return None
        row.action = UPDATE
        return offer
