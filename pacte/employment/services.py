"""The writes of the employment app: every one checked (French messages naming the field),
atomic and audited; a job offer's status moves through `JOB_OFFER_TRANSITIONS` only."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.transitions import TransitionTable, transition
from pacte.employment.enums import (
    ContractType,
    InteractionKind,
    JobOfferSource,
    JobOfferStatus,
    SizeBracket,
    naf_section,
)
from pacte.employment.models import (
    EMPLOYER_KINDS,
    EmployerContact,
    EmployerProfile,
    InsertionPosition,
    Interaction,
    JobOffer,
)
from pacte.organizations.enums import SIAE_KINDS
from pacte.organizations.models import Organization
from pacte.organizations.validators import validate_siret
from pacte.referentials.models import RomeAppellation

JOB_OFFER_TRANSITIONS = TransitionTable(
    "job_offer",
    {
        JobOfferStatus.OPEN: {JobOfferStatus.FILLED, JobOfferStatus.CLOSED},
        # A closed offer may open again (closed by mistake, or the need comes back); a filled one is final.
        JobOfferStatus.CLOSED: {JobOfferStatus.OPEN},
    },
    labels=JobOfferStatus,
    actions={
        JobOfferStatus.FILLED: "job_offer.filled",
        JobOfferStatus.CLOSED: "job_offer.closed",
        JobOfferStatus.OPEN: "job_offer.open",
    },
)

NAF_CODE = re.compile(r"^[0-9]{2}\.[0-9]{2}[A-Z]$")
MAX_WEEKLY_HOURS = 48


def _text(value):
    return (value or "").strip()


def clean_naf(value):
    """A NAF code « NN.NNX » (spaces, lower case and a missing dot forgiven) and its section."""
    value = _text(value).upper().replace(" ", "")
    if not value:
        return "", ""
    if re.fullmatch(r"[0-9]{4}[A-Z]", value):
        value = f"{value[:2]}.{value[2:]}"
    if not NAF_CODE.match(value):
        raise DomainError(
            "Le code NAF s'écrit NN.NNX (deux chiffres, un point, deux chiffres, une lettre), par exemple 43.21A.",
            field="naf_code",
        )
    section = naf_section(value)
    if section is None:
        raise DomainError(
            f"Le code NAF {value} ne correspond à aucune division de la NAF rév. 2.", field="naf_code"
        )
    return value, section


def clean_siret(value):
    value = _text(value).replace(" ", "")
    if not value:
        return ""
    try:
        validate_siret(value)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="siret") from None
    return value


def _choice(value, choices, field, label):
    if value and value not in choices.values:
        raise DomainError(f"{label} inconnu : {value}.", field=field)
    return value or ""


def _hours(value, field="weekly_hours"):
    try:
        hours = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, TypeError):
        raise DomainError("Le nombre d'heures par semaine doit être un nombre.", field=field) from None
    if not 1 <= hours <= MAX_WEEKLY_HOURS:
        raise DomainError(f"Le nombre d'heures par semaine va de 1 à {MAX_WEEKLY_HOURS}.", field=field)
    if hours != hours.quantize(Decimal("0.1")):
        raise DomainError("Le nombre d'heures par semaine s'écrit avec au plus une décimale.", field=field)
    return hours


def _positions(value, field="positions"):
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise DomainError("Le nombre de postes doit être un nombre entier.", field=field) from None
    if not 1 <= count <= 999:
        raise DomainError("Le nombre de postes va de 1 à 999.", field=field)
    return count


def resolve_appellation(value, field="appellation"):
    """An appellation of the ROME 4.0 by its code OGR, or by its exact label."""
    if isinstance(value, RomeAppellation):
        return value
    text = _text(str(value) if value is not None else "")
    if not text:
        raise DomainError("Indiquez l'appellation ROME (code OGR ou libellé exact).", field=field)
    if text.isdigit():
        appellation = RomeAppellation.objects.select_related("rome").filter(code_ogr=int(text)).first()
    else:
        matches = list(RomeAppellation.objects.select_related("rome").filter(label__iexact=text)[:2])
        appellation = matches[0] if len(matches) == 1 else None
    if appellation is None:
        raise DomainError(f"Appellation ROME inconnue : « {text} ».", field=field)
    return appellation


def _place(row):
    """The coordinates of the commune, the département of the employer."""
    commune = row.commune
    row.latitude, row.longitude = (commune.latitude, commune.longitude) if commune else (None, None)


# Employers -----------------------------------------------------------------------------------


def _profile_fields(fields):
    clean = {}
    for name, value in fields.items():
        if name == "naf_code":
            clean["naf_code"], clean["sector"] = clean_naf(value)
        elif name == "size_bracket":
            clean[name] = _choice(value, SizeBracket, name, "Tranche d'effectif")
        elif name == "website":
            clean[name] = _url(value)
        elif name in ("address", "description"):
            clean[name] = _text(value)
        elif name == "commune":
            clean[name] = value
        else:
            raise DomainError(f"Champ inconnu : {name}.", field=name)
    return clean


def _url(value):
    value = _text(value)
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise DomainError(
                "L'adresse du site doit commencer par https:// ou http://.", field="website"
            ) from None
    return value


def _organization_fields(name, kind, siret):
    name = _text(name)
    if len(name) < 2:
        raise DomainError("Indiquez le nom de l'employeur.", field="name")
    if kind not in EMPLOYER_KINDS:
        raise DomainError("Un employeur est une entreprise, une SIAE ou un GEIQ.", field="kind")
    return {"name": name, "kind": kind, "siret": clean_siret(siret)}


def _check_siret_unique(siret, departement_code, exclude=None):
    if not siret:
        return
    others = Organization.objects.filter(siret=siret, departement_id=departement_code)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise DomainError("Une structure de ce SIRET existe déjà dans le département.", field="siret")


def _check_commune(commune, departement_code, field="commune"):
    if commune is not None and commune.departement_id != departement_code:
        raise DomainError("La commune doit être dans le département de l'employeur.", field=field)


def create_employer(*, actor, departement, name, kind, siret="", **fields):
    """An employer, SIAE or GEIQ: its organisation and its employment profile."""
    organization_fields = _organization_fields(name, kind, siret)
    profile_fields = _profile_fields(fields)
    _check_siret_unique(organization_fields["siret"], departement.code)
    _check_commune(profile_fields.get("commune"), departement.code)
    with transaction.atomic():
        organization = Organization.objects.create(
            departement=departement,
            commune=profile_fields.get("commune"),
            address=profile_fields.get("address", ""),
            **organization_fields,
        )
        log(actor=actor, action="organization.create", obj=organization, departement_code=departement.code)
        profile = EmployerProfile(
            organization=organization, departement_code=departement.code, created_by=actor, **profile_fields
        )
        _place(profile)
        profile.save()
        log(actor=actor, action="employer.create", obj=profile, data={"name": organization.name})
    return profile


def create_profile(*, actor, organization, **fields):
    """The employment profile of an organisation already in Pacte (an employer, a SIAE, a GEIQ)."""
    if organization.kind not in EMPLOYER_KINDS:
        raise DomainError("Seuls les employeurs, SIAE et GEIQ ont un profil employeur.", field="organization")
    if EmployerProfile.objects.filter(organization=organization).exists():
        raise DomainError("Cette structure a déjà un profil employeur.", field="organization")
    profile_fields = _profile_fields(fields)
    _check_commune(profile_fields.get("commune"), organization.departement_id)
    profile = EmployerProfile(
        organization=organization,
        departement_code=organization.departement_id,
        created_by=actor,
        **profile_fields,
    )
    profile.commune = profile.commune or organization.commune
    profile.address = profile.address or organization.address
    _place(profile)
    with transaction.atomic():
        profile.save()
        log(actor=actor, action="employer.create", obj=profile, data={"name": organization.name})
    return profile


def update_employer(*, actor, employer, name, kind, siret="", **fields):
    organization = employer.organization
    organization_fields = _organization_fields(name, kind, siret)
    profile_fields = _profile_fields(fields)
    _check_siret_unique(organization_fields["siret"], employer.departement_code, exclude=organization)
    _check_commune(profile_fields.get("commune"), employer.departement_code)
    for field, value in organization_fields.items():
        setattr(organization, field, value)
    for field, value in profile_fields.items():
        setattr(employer, field, value)
    _place(employer)
    with transaction.atomic():
        organization.save(update_fields=list(organization_fields))
        employer.save()
        changed = sorted({*organization_fields, *profile_fields})
        log(actor=actor, action="employer.update", obj=employer, data={"fields": changed})
    return employer


def add_contact(*, actor, employer, last_name, first_name="", job_title="", email="", phone=""):
    last_name, email = _text(last_name), _text(email).lower()
    if not last_name:
        raise DomainError("Indiquez le nom du contact.", field="last_name")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError("Cette adresse électronique n'est pas valide.", field="email") from None
    phone = _text(phone)
    if phone and not re.fullmatch(r"\+?[0-9 .\-()]{6,20}", phone):
        raise DomainError("Ce numéro de téléphone n'est pas valide.", field="phone")
    contact = EmployerContact(
        employer=employer,
        departement_code=employer.departement_code,
        last_name=last_name,
        first_name=_text(first_name),
        job_title=_text(job_title),
        email=email,
        phone=phone,
    )
    with transaction.atomic():
        contact.save()
        log(actor=actor, action="employer.contact.create", obj=employer, data={"contact": str(contact.uuid)})
    return contact


def contact_left(*, actor, contact):
    """The contact no longer works there: kept in the history, erased past the retention period."""
    if not contact.is_active:
        raise DomainError("Ce contact est déjà noté comme n'étant plus en poste.", field="is_active")
    contact.is_active = False
    with transaction.atomic():
        contact.save(update_fields=["is_active", "updated_at"])
        log(
            actor=actor,
            action="employer.contact.left",
            obj=contact.employer,
            data={"contact": str(contact.uuid)},
        )
    return contact


def add_interaction(*, actor, employer, kind, day, subject, notes="", contact=None, follow_up_on=None):
    _choice(kind, InteractionKind, "kind", "Type d'échange")
    if not kind:
        raise DomainError("Indiquez le type d'échange.", field="kind")
    subject = _text(subject)
    if len(subject) < 3:
        raise DomainError("Indiquez l'objet de l'échange.", field="subject")
    if day > timezone.localdate():
        raise DomainError(
            "Un échange se saisit une fois qu'il a eu lieu : sa date ne peut être à venir.", field="day"
        )
    if follow_up_on is not None and follow_up_on < day:
        raise DomainError("La date de relance suit la date de l'échange.", field="follow_up_on")
    if contact is not None and contact.employer_id != employer.pk:
        raise DomainError("Ce contact n'est pas de cet employeur.", field="contact")
    interaction = Interaction(
        employer=employer,
        departement_code=employer.departement_code,
        kind=kind,
        day=day,
        subject=subject,
        notes=_text(notes),
        contact=contact,
        follow_up_on=follow_up_on,
        author=actor,
    )
    with transaction.atomic():
        interaction.save()
        log(
            actor=actor,
            action="employer.interaction.create",
            obj=employer,
            data={"interaction": str(interaction.uuid), "kind": kind},
        )
    return interaction


def mark_follow_up_done(*, actor, interaction, day=None):
    if interaction.follow_up_on is None:
        raise DomainError("Cet échange n'a pas de relance prévue.", field="follow_up_on")
    if interaction.follow_up_done_on is not None:
        raise DomainError("Cette relance est déjà faite.", field="follow_up_on")
    interaction.follow_up_done_on = day or timezone.localdate()
    with transaction.atomic():
        interaction.save(update_fields=["follow_up_done_on"])
        log(
            actor=actor,
            action="employer.interaction.follow_up_done",
            obj=interaction.employer,
            data={"interaction": str(interaction.uuid)},
        )
    return interaction


# Insertion positions and job offers ----------------------------------------------------------


def add_insertion_position(
    *,
    actor,
    employer,
    appellation,
    positions,
    weekly_hours,
    contract_type=ContractType.CDDI,
    label="",
    commune=None,
):
    if employer.organization.kind not in SIAE_KINDS:
        raise DomainError("Seules les SIAE et les GEIQ ont des postes d'insertion.", field="employer")
    appellation = resolve_appellation(appellation)
    _check_commune(commune, employer.departement_code)
    position = InsertionPosition(
        employer=employer,
        departement_code=employer.departement_code,
        rome=appellation.rome,
        appellation=appellation,
        label=_text(label),
        positions=_positions(positions),
        weekly_hours=_hours(weekly_hours),
        contract_type=_choice(contract_type, ContractType, "contract_type", "Type de contrat")
        or ContractType.CDDI,
        commune=commune or employer.commune,
    )
    _place(position)
    with transaction.atomic():
        position.save()
        log(actor=actor, action="insertion_position.create", obj=position, data={"rome": position.rome_id})
    return position


def _clean_commune(value, departement_code):
    if value is None:
        raise DomainError("Indiquez la commune du poste.", field="commune")
    _check_commune(value, departement_code)
    return value


def _clean_contract(value):
    value = _choice(value, ContractType, "contract_type", "Type de contrat")
    if not value:
        raise DomainError("Indiquez le type de contrat.", field="contract_type")
    return value


def _clean_opened_on(value):
    if value is None or value > timezone.localdate():
        raise DomainError("La date d'ouverture est aujourd'hui ou passée.", field="opened_on")
    return value


def _clean_reference(value):
    value = _text(value)
    if len(value) > 50:
        raise DomainError("La référence externe compte au plus 50 caractères.", field="external_reference")
    return value


def _clean_title(value):
    value = _text(value)
    if len(value) < 3:
        raise DomainError("L'intitulé de l'offre doit compter au moins 3 caractères.", field="title")
    return value


JOB_OFFER_CLEANERS = {
    "title": _clean_title,
    "contract_type": _clean_contract,
    "weekly_hours": _hours,
    "positions": _positions,
    "opened_on": _clean_opened_on,
    "external_reference": _clean_reference,
    "description": _text,
}


def clean_job_offer(fields, *, departement_code):
    """The fields of a job offer, checked: one DomainError (its `field` set) for the first problem."""
    clean = {}
    for name, value in fields.items():
        if name == "appellation":
            clean[name] = resolve_appellation(value)
            clean["rome"] = clean[name].rome
        elif name == "commune":
            clean[name] = _clean_commune(value, departement_code)
        elif name in JOB_OFFER_CLEANERS:
            clean[name] = JOB_OFFER_CLEANERS[name](value)
        else:
            raise DomainError(f"Champ inconnu : {name}.", field=name)
    return clean


def _check_reference(employer, reference, exclude=None):
    if not reference:
        return
    others = JobOffer.objects.filter(employer=employer, external_reference=reference)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise DomainError("Cet employeur a déjà une offre de cette référence.", field="external_reference")


def build_job_offer(*, actor, employer, source=JobOfferSource.ENTERED, **fields):
    """A checked, unsaved job offer (the import checks every row before it saves any)."""
    fields.setdefault("opened_on", timezone.localdate())
    fields.setdefault("positions", 1)
    missing = [
        name
        for name in ("title", "appellation", "commune", "contract_type", "weekly_hours")
        if name not in fields
    ]
    if missing:
        raise DomainError(f"Champ obligatoire manquant : {missing[0]}.", field=missing[0])
    clean = clean_job_offer(fields, departement_code=employer.departement_code)
    offer = JobOffer(
        employer=employer,
        departement_code=employer.departement_code,
        created_by=actor,
        source=source,
        **clean,
    )
    _place(offer)
    return offer


def create_job_offer(*, actor, employer, **fields):
    offer = build_job_offer(actor=actor, employer=employer, **fields)
    _check_reference(employer, offer.external_reference)
    with transaction.atomic():
        offer.save()
        log(
            actor=actor,
            action="job_offer.create",
            obj=offer,
            data={"rome": offer.rome_id, "title": offer.title},
        )
    return offer


def update_job_offer(*, actor, job_offer, **fields):
    clean = clean_job_offer(fields, departement_code=job_offer.departement_code)
    if "opened_on" in clean and job_offer.closed_on and clean["opened_on"] > job_offer.closed_on:
        raise DomainError("La date d'ouverture précède la date de clôture.", field="opened_on")
    _check_reference(job_offer.employer, clean.get("external_reference", ""), exclude=job_offer)
    for name, value in clean.items():
        setattr(job_offer, name, value)
    _place(job_offer)
    with transaction.atomic():
        job_offer.save()
        log(actor=actor, action="job_offer.update", obj=job_offer, data={"fields": sorted(clean)})
    return job_offer


def set_job_offer_status(*, actor, job_offer, status, day=None):
    """Filled or closed on `day` (today by default); reopened, its closing date goes."""
    day = day or timezone.localdate()
    if status != JobOfferStatus.OPEN and day < job_offer.opened_on:
        raise DomainError("La date de clôture suit la date d'ouverture de l'offre.", field="day")
    closed_on = None if status == JobOfferStatus.OPEN else day
    return transition(
        job_offer, status, actor=actor, table=JOB_OFFER_TRANSITIONS, changes={"closed_on": closed_on}
    )
