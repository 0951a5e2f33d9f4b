"""The writes of the offre d'insertion: every one checked (French messages naming the field),
atomic and audited; states move through `OFFER_TRANSITIONS` only."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.transitions import TransitionTable, transition
from pacte.offers import enums
from pacte.offers.enums import OfferStatus
from pacte.offers.models import Offer, OfferSession

OFFER_TRANSITIONS = TransitionTable(
    "offer",
    {
        OfferStatus.DRAFT: {OfferStatus.PUBLISHED, OfferStatus.ARCHIVED},
        OfferStatus.PUBLISHED: {OfferStatus.DRAFT, OfferStatus.ARCHIVED},
        OfferStatus.ARCHIVED: {OfferStatus.DRAFT},
    },
    labels=OfferStatus,
    actions={
        OfferStatus.PUBLISHED: "offer.publish",
        OfferStatus.ARCHIVED: "offer.archive",
        OfferStatus.DRAFT: "offer.unpublish",
    },
)

# A published offer untouched for this long: its organisation is reminded to check it.
STALE_AFTER_DAYS = 183

MULTI_CHOICES = {
    "thematiques": (enums.Thematique, "thématique"),
    "publics": (enums.Public, "public"),
    "reception_modes": (enums.ReceptionMode, "mode d'accueil"),
    "mobilisation_modes": (enums.MobilisationMode, "mode de mobilisation"),
    "aims": (enums.OfferAim, "finalité"),
}
SINGLE_CHOICES = {
    "service_type": enums.ServiceType,
    "fees": enums.Fees,
    "funding_kind": enums.FundingKind,
}
TEXT_FIELDS = (
    "name", "description", "publics_details", "access_conditions", "fees_details", "address",
    "contact_name", "contact_email", "contact_phone", "funding_reference",
)  # fmt: skip
FIELDS = (
    *TEXT_FIELDS, *MULTI_CHOICES, *SINGLE_CHOICES, "eligibility_zone", "weekly_hours", "weeks",
    "commune", "latitude", "longitude", "is_remote_only", "capacity", "waiting_list", "funding_action",
)  # fmt: skip
# INSEE codes of the schema's eligibility zone: commune, EPCI (SIREN), département, or all France.
ZONE_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3}|\d{9}|\d{2}|2[AB]|97\d|france)$")


def _choices(values, choices, label, field):
    values = list(dict.fromkeys(values or []))
    unknown = [value for value in values if value not in choices.values]
    if unknown:
        raise DomainError(f"Valeur inconnue pour « {label} » : {', '.join(unknown)}.", field=field)
    return values


def _zone(value, name):
    value = [str(code).strip() for code in value or [] if str(code).strip()]
    wrong = [code for code in value if not ZONE_CODE.match(code)]
    if wrong:
        raise DomainError(
            f"Code de zone d'éligibilité invalide : {', '.join(wrong)} (code INSEE de commune, "
            "SIREN d'EPCI, numéro de département ou « france »).",
            field=name,
        )
    return value


def _hours(value, name):
    if value in (None, ""):
        return None
    try:
        value = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise DomainError("Le volume horaire hebdomadaire doit être un nombre.", field=name) from None
    if not 0 <= value <= 60:
        raise DomainError("Le volume horaire hebdomadaire va de 0 à 60 heures.", field=name)
    return value


def _single(value, name):
    if value and value not in SINGLE_CHOICES[name].values:
        raise DomainError(f"Valeur inconnue : {value}.", field=name)
    return value or ""


def _clean(name, value):
    if name not in FIELDS:
        raise DomainError(f"Champ inconnu : {name}.", field=name)
    if name in MULTI_CHOICES:
        choices, label = MULTI_CHOICES[name]
        return _choices(value, choices, label, name)
    if name in SINGLE_CHOICES:
        return _single(value, name)
    if name in TEXT_FIELDS:
        return (value or "").strip()
    if name == "eligibility_zone":
        return _zone(value, name)
    if name == "weekly_hours":
        return _hours(value, name)
    if name in ("weeks", "capacity", "latitude", "longitude") and value == "":
        return None
    return value


def clean_fields(fields):
    """The fields of an offer, checked: one DomainError (its `field` set) for the first problem."""
    clean = {name: _clean(name, value) for name, value in fields.items()}
    publics = clean.get("publics") or []
    if enums.ALL_PUBLICS in publics and len(publics) > 1:
        raise DomainError("« Tous publics » ne se combine pas avec d'autres publics.", field="publics")
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        if clean.get(name) is not None and not low <= clean[name] <= high:
            raise DomainError(f"La {name} doit être comprise entre {low} et {high}.", field=name)
    return clean


def _place(offer):
    """The commune's coordinates when the offer has none of its own; its département's code."""
    if offer.commune_id and (offer.latitude is None or offer.longitude is None):
        offer.latitude, offer.longitude = offer.commune.latitude, offer.commune.longitude
    if not offer.is_remote_only and offer.latitude is None and offer.status == OfferStatus.PUBLISHED:
        raise DomainError(
            "Indiquez la commune de l'offre (ou cochez « entièrement à distance ») avant de la publier.",
            field="commune",
        )


def _funding(offer):
    """The funding action belongs to a pact of the offer's département."""
    action = offer.funding_action
    if action is not None and action.objective.thematic.pact.departement_id != offer.departement_code:
        raise DomainError("Cette action appartient au pacte d'un autre département.", field="funding_action")


def _required(offer):
    if len(offer.name) < 3:
        raise DomainError("Le nom de l'offre doit compter au moins 3 caractères.", field="name")
    if len(offer.description) < 5:
        raise DomainError("Décrivez l'offre (au moins quelques mots).", field="description")


def create_offer(*, actor, organization, **fields):
    offer = Offer(
        organization=organization,
        departement_code=organization.departement_id,
        created_by=actor,
        **clean_fields(fields),
    )
    _required(offer)
    _place(offer)
    _funding(offer)
    with transaction.atomic():
        offer.save()
        log(actor=actor, action="offer.create", obj=offer, data={"name": offer.name})
    return offer


def update_offer(*, actor, offer, **fields):
    clean = clean_fields(fields)
    if "commune" in clean and "latitude" not in clean:
        offer.latitude = offer.longitude = None  # the new commune places it
    for name, value in clean.items():
        setattr(offer, name, value)
    _required(offer)
    _place(offer)
    _funding(offer)
    with transaction.atomic():
        offer.reminded_at = None
        offer.save()
        log(actor=actor, action="offer.update", obj=offer, data={"fields": sorted(clean)})
    return offer


def set_status(*, actor, offer, status):
    if status == OfferStatus.PUBLISHED:
        _required(offer)
        offer.status, before = OfferStatus.PUBLISHED, offer.status
        try:
            _place(offer)
        finally:
            offer.status = before
    changes = {"latitude": offer.latitude, "longitude": offer.longitude}
    return transition(offer, status, actor=actor, table=OFFER_TRANSITIONS, changes=changes)


def add_session(*, actor, offer, start_date, end_date=None, place="", commune=None, capacity=None):
    if end_date is not None and end_date < start_date:
        raise DomainError("La fin de la session précède son début.", field="end_date")
    today = timezone.localdate()
    if abs((start_date - today).days) > 3 * 366:
        raise DomainError(
            "La date de début doit être à moins de trois ans d'aujourd'hui.", field="start_date"
        )
    session = OfferSession(
        offer=offer,
        departement_code=offer.departement_code,
        start_date=start_date,
        end_date=end_date,
        place=place.strip(),
        commune=commune,
        capacity=capacity,
    )
    with transaction.atomic():
        session.save()
        log(actor=actor, action="offer.session.create", obj=offer, data={"start": start_date.isoformat()})
    return session


def stale_offers(now=None):
    """Published offers not updated for `STALE_AFTER_DAYS` and not reminded since their last update."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=STALE_AFTER_DAYS)
    return Offer.objects.stale(before).filter(reminded_at=None).select_related("organization")


def remind_stale_offers(*, now=None, send_mail=None):
    """One e-mail per organisation listing its published offers left untouched for six months;
    each offer reminded once until it is updated. Returns the number of offers reminded."""
    from django.core.mail import send_mail as django_send_mail

    send_mail = send_mail or django_send_mail
    now = now or timezone.now()
    by_organization = {}
    for offer in stale_offers(now).order_by("organization_id", "name", "id"):
        by_organization.setdefault(offer.organization, []).append(offer)
    reminded = 0
    for organization, offers in by_organization.items():
        recipients = sorted(
            {o.contact_email for o in offers if o.contact_email} | {organization.email} - {""}
        )
        if not recipients:
            continue
        names = "\n".join(f"- {offer.name} (mise à jour le {offer.updated_at:%d/%m/%Y})" for offer in offers)
        send_mail(
            subject="Vos offres d'insertion sont-elles toujours à jour ?",
            message=(
                f"Bonjour,\n\nCes offres de {organization.name} n'ont pas été mises à jour depuis six mois :\n"
                f"{names}\n\nMerci de vérifier leurs informations (dates, places, contact) dans Pacte, "
                "ou de les archiver si elles ne sont plus proposées.\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )
        with transaction.atomic():
            Offer.objects.filter(pk__in=[o.pk for o in offers]).update(reminded_at=now)
            for offer in offers:
                log(actor=None, action="offer.reminder", obj=offer, data={"to": len(recipients)})
        reminded += len(offers)
    return reminded


def _session_dates(start_date, end_date):
    """The checks of `add_session`, for a session being changed."""
    if end_date is not None and end_date < start_date:
        raise DomainError("La fin de la session précède son début.", field="end_date")
    if abs((start_date - timezone.localdate()).days) > 3 * 366:
        raise DomainError(
            "La date de début doit être à moins de trois ans d'aujourd'hui.", field="start_date"
        )


def update_session(*, actor, session, start_date, end_date=None, place="", commune=None, capacity=None):
    """Change a session's dates, place or seats, checked as `add_session` checks a new one."""
    _session_dates(start_date, end_date)
    session.start_date, session.end_date = start_date, end_date
    session.place, session.commune, session.capacity = place.strip(), commune, capacity
    with transaction.atomic():
        session.save()
        log(
            actor=actor,
            action="offer.session.update",
            obj=session.offer,
            data={"session": str(session.uuid), "start": start_date.isoformat()},
        )
    return session


def delete_session(*, actor, session):
    """Remove a session nobody was prescribed to; one with prescriptions stays (their history)."""
    if session.prescriptions.exists():
        raise DomainError(
            "Des personnes ont été prescrites sur cette session : modifiez-la plutôt que de la supprimer."
        )
    offer = session.offer
    with transaction.atomic():
        log(
            actor=actor,
            action="offer.session.delete",
            obj=offer,
            data={"session": str(session.uuid), "start": session.start_date.isoformat()},
        )
        session.delete()
