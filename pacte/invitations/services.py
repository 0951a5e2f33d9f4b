"""Every write of the invitations app: invite, record the opening and the slot taken, expire,
remind. Web pages and commands call these functions only."""

import datetime
import secrets
import smtplib

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.core.transitions import jsonable, transition
from pacte.invitations import senders
from pacte.invitations.enums import (
    DEFAULT_EXPIRY_DAYS,
    INVITATION_TRANSITIONS,
    MAX_SLOTS,
    OPEN_STATUSES,
    Channel,
    InvitationStatus,
)
from pacte.invitations.models import Invitation, InvitationPolicy, InvitationTemplate
from pacte.invitations.wording import check_template, render, template_for
from pacte.pathways.enums import AppointmentKind
from pacte.pathways.models import Appointment
from pacte.pathways.services import schedule_appointment
from pacte.pathways.services.appointments import reminder_text
from pacte.pathways.services.common import check_same_departement

# The public page's path; pacte/web/invitations/urls.py serves it.
PUBLIC_PATH = "/invitation/{token}/"
TOKEN_BYTES = 18  # 144 bits, 24 characters: unguessable, and short enough for an SMS


def audit(actor, action, obj, **data):
    return log(actor=actor, action=action, obj=obj, data=jsonable(data))


def expiry_days(departement_code):
    policy = InvitationPolicy.objects.filter(departement_id=departement_code).first()
    return policy.expiry_days if policy else DEFAULT_EXPIRY_DAYS


def available_channels(person):
    """The channels that reach `person`: e-mail with an address, SMS with a mobile number (and a
    provider); the letter always."""
    channels = []
    if person.email:
        channels.append(Channel.EMAIL)
    if person.phone and senders.is_mobile(person.phone) and senders.sms_available():
        channels.append(Channel.SMS)
    channels.append(Channel.LETTER)
    return channels


def default_channels(person):
    """E-mail and SMS when the person has them; a letter for a person without either."""
    digital = [channel for channel in available_channels(person) if channel != Channel.LETTER]
    return digital or [Channel.LETTER]


def public_link(base_url, invitation):
    return base_url.rstrip("/") + PUBLIC_PATH.format(token=invitation.token)


def message_values(invitation, base_url):
    return {
        "prenom": invitation.person.first_name.title(),
        "lien": public_link(base_url, invitation),
        "structure": invitation.organization.name,
        "date_limite": f"{timezone.localtime(invitation.expires_at):%d/%m/%Y}",
        "lieu": invitation.place,
    }


def slot_times(invitation):
    return [datetime.datetime.fromisoformat(value) for value in invitation.slots]


def _check_slots(slots, now):
    slots = sorted(set(slots))
    if not slots:
        raise DomainError("Proposez au moins un créneau.", field="slots")
    if len(slots) > MAX_SLOTS:
        raise DomainError(f"Proposez au plus {MAX_SLOTS} créneaux.", field="slots")
    if slots[0] <= now:
        raise DomainError("Les créneaux proposés doivent être à venir.", field="slots")
    return slots


def _check_channels(person, channels):
    available = available_channels(person)
    for channel in channels:
        if channel not in available:
            reason = {
                Channel.EMAIL: "la personne n'a pas d'adresse électronique",
                Channel.SMS: "la personne n'a pas de numéro de portable, ou aucun prestataire SMS n'est configuré",
            }.get(channel, "canal inconnu")
            raise DomainError(
                f"Envoi par {Channel(channel).label.lower()} impossible : {reason}.", field="channels"
            )


def _send(invitation, channels, base_url, *, reminder=False):
    values = message_values(invitation, base_url)
    prefix = "Rappel : " if reminder else ""
    for channel in channels:
        subject, body = template_for(invitation.departement_code, invitation.kind, channel)
        try:
            if channel == Channel.EMAIL:
                senders.send_email(
                    invitation.person.email, prefix + render(subject, values), render(body, values)
                )
            elif channel == Channel.SMS:
                senders.send_sms(invitation.person.phone, prefix + render(body, values))
        except (OSError, smtplib.SMTPException) as error:
            raise senders.SendError(
                f"Envoi par {Channel(channel).label.lower()} impossible pour l'instant (serveur injoignable) : "
                "réessayez plus tard."
            ) from error


@transaction.atomic
def invite(
    *, actor, person, organization, kind, slots, place, base_url, channels=None, duration_minutes=45, now=None
):
    """Invite `person` to pick one of `slots` (aware datetimes) at `place`; sent at once by e-mail
    and SMS, the letter printed from the pathway page. Without `channels`, those the person's
    contacts allow (a letter when there are none)."""
    now = now or timezone.now()
    check_same_departement(person, organization, "La structure")
    if not (place or "").strip():
        raise DomainError("Indiquez le lieu du rendez-vous.", field="place")
    if duration_minutes < 5:
        raise DomainError("Un rendez-vous dure au moins 5 minutes.", field="duration_minutes")
    slots = _check_slots(slots, now)
    channels = list(dict.fromkeys(channels or default_channels(person)))
    _check_channels(person, channels)
    if Invitation.objects.filter(person=person, kind=kind, status__in=OPEN_STATUSES).exists():
        raise DomainError("Une invitation de ce type attend déjà la réponse de la personne.")
    days = expiry_days(person.departement_code)
    invitation = Invitation.objects.create(
        departement_code=person.departement_code,
        person=person,
        kind=kind,
        organization=organization,
        invited_by=actor if getattr(actor, "is_authenticated", False) else None,
        by_email=Channel.EMAIL in channels,
        by_sms=Channel.SMS in channels,
        by_letter=Channel.LETTER in channels,
        token=secrets.token_urlsafe(TOKEN_BYTES),
        place=place.strip(),
        duration_minutes=duration_minutes,
        slots=[slot.isoformat() for slot in slots],
        sent_at=now,
        remind_at=now + datetime.timedelta(days=days) / 2,
        expires_at=now + datetime.timedelta(days=days),
    )
    _send(invitation, channels, base_url)
    audit(actor, "invitation.send", invitation, kind=kind, channels=channels, slots=len(slots))
    return invitation


def record_opened(invitation, *, now=None):
    """The person opened the public link: counted once."""
    if invitation.status != InvitationStatus.SENT:
        return invitation
    return transition(
        invitation,
        InvitationStatus.OPENED,
        actor=None,
        table=INVITATION_TRANSITIONS,
        changes={"opened_at": now or timezone.now()},
    )


def is_expired(invitation, now=None):
    return invitation.status == InvitationStatus.EXPIRED or (
        invitation.status in OPEN_STATUSES and invitation.expires_at <= (now or timezone.now())
    )


def _expire(invitation):
    return transition(invitation, InvitationStatus.EXPIRED, actor=None, table=INVITATION_TRANSITIONS)


def take_slot(*, invitation, slot, now=None):
    """The person picks `slot` (one of the offered date-times): the appointment is scheduled with the
    inviting structure, and the invitation counts as "appointment taken". Past the delay, the
    invitation is counted "no answer" and the slot refused."""
    now = now or timezone.now()
    if invitation.status in OPEN_STATUSES and invitation.expires_at <= now:
        with transaction.atomic():
            _expire(invitation)
    if invitation.status == InvitationStatus.EXPIRED:
        raise DomainError("Le délai pour répondre à cette invitation est dépassé.")
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("person", "organization")
            .get(pk=invitation.pk)
        )
        if invitation.status not in OPEN_STATUSES:
            raise DomainError("Un rendez-vous a déjà été pris avec cette invitation.")
        if slot not in slot_times(invitation):
            raise DomainError("Choisissez l'un des créneaux proposés.", field="slot")
        if slot <= now:
            raise DomainError("Ce créneau est passé : choisissez-en un autre.", field="slot")
        appointment = schedule_appointment(
            actor=None,
            person=invitation.person,
            organization=invitation.organization,
            starts_at=slot,
            place=invitation.place,
            kind=AppointmentKind.CONVOCATION,
            duration_minutes=invitation.duration_minutes,
            purpose=invitation.get_kind_display(),
        )
        return transition(
            invitation,
            InvitationStatus.APPOINTMENT_TAKEN,
            actor=None,
            table=INVITATION_TRANSITIONS,
            changes={
                "appointment": appointment,
                "answered_at": now,
                "opened_at": invitation.opened_at or now,
            },
            data={"appointment": appointment},
        )


def expire_invitations(*, now=None):
    """Open invitations past their answer date become "no answer"; returns how many."""
    now = now or timezone.now()
    count = 0
    for invitation in Invitation.objects.overdue(now).order_by("expires_at", "id"):
        with transaction.atomic():
            _expire(invitation)
        count += 1
    return count


def send_invitation_reminders(*, base_url, now=None):
    """One reminder, by e-mail and SMS, of the invitations unanswered at half their delay (a letter
    is not sent twice). Each is marked once sent; returns the reminded invitations."""
    now = now or timezone.now()
    due = (
        Invitation.objects.due_for_reminder(now)
        .filter(Q(by_email=True) | Q(by_sms=True))
        .select_related("person", "organization")
        .order_by("remind_at", "id")
    )
    reminded = []
    for invitation in due:
        channels = [channel for channel in invitation.channels if channel != Channel.LETTER]
        _send(invitation, channels, base_url, reminder=True)
        Invitation.objects.filter(pk=invitation.pk).update(reminder_sent_at=now)
        invitation.reminder_sent_at = now
        audit(None, "invitation.reminder", invitation, channels=channels)
        reminded.append(invitation)
    return reminded


def appointment_reminder_channel(person):
    """How the appointment reminders reach `person`: the e-mail, else an SMS to a mobile number
    when a provider is configured (`send_appointment_sms_reminders`), else nothing ("")."""
    if person.email:
        return Channel.EMAIL
    if person.phone and senders.is_mobile(person.phone) and senders.sms_available():
        return Channel.SMS
    return ""


def send_appointment_sms_reminders(*, now=None, within=datetime.timedelta(days=2)):
    """The appointment reminder by SMS to the persons the e-mail reminder does not reach (no
    address, a mobile number); marked sent as the e-mail ones are."""
    now = now or timezone.now()
    if not senders.sms_available():
        return []
    due = (
        Appointment.objects.due_for_reminder(now, within)
        .filter(person__email="")
        .exclude(person__phone="")
        .select_related("person", "organization")
        .order_by("starts_at", "id")
    )
    sent = []
    for appointment in due:
        if not senders.is_mobile(appointment.person.phone):
            continue
        text = " ".join(reminder_text(appointment).replace("Bonjour,", "").split())
        senders.send_sms(appointment.person.phone, text)
        Appointment.objects.filter(pk=appointment.pk).update(reminder_sent_at=now)
        appointment.reminder_sent_at = now
        audit(None, "appointment.reminder", appointment, channel=Channel.SMS)
        sent.append(appointment)
    return sent


@transaction.atomic
def save_template(*, actor, departement_code, kind, channel, subject, body):
    """The département's own wording of one message (checked: variables, SMS length)."""
    subject = subject.strip() if channel == Channel.EMAIL else ""
    check_template(channel, subject, body)
    row, created = InvitationTemplate.objects.update_or_create(
        departement_id=departement_code,
        kind=kind,
        channel=channel,
        defaults={"subject": subject, "body": body.strip(), "updated_by": actor},
    )
    log(
        actor=actor,
        action="invitation.template.update",
        obj=row,
        data={"kind": kind, "channel": channel, "created": created},
        departement_code=departement_code,
    )
    return row


@transaction.atomic
def reset_template(*, actor, departement_code, kind, channel):
    """Back to the default wording."""
    deleted, _ = InvitationTemplate.objects.filter(
        departement_id=departement_code, kind=kind, channel=channel
    ).delete()
    if deleted:
        log(
            actor=actor,
            action="invitation.template.reset",
            data={"kind": kind, "channel": channel},
            departement_code=departement_code,
        )


@transaction.atomic
def set_expiry_days(*, actor, departement_code, days):
    if not 2 <= days <= 60:
        raise DomainError("Le délai de réponse est compris entre 2 et 60 jours.", field="expiry_days")
    policy, _ = InvitationPolicy.objects.update_or_create(
        departement_id=departement_code, defaults={"expiry_days": days}
    )
    log(
        actor=actor,
        action="invitation.policy.update",
        data={"expiry_days": days},
        departement_code=departement_code,
    )
    return policy
