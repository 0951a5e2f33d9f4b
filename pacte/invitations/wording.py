"""The words of invitations: each département's templates (kind × channel), else the defaults
below, and their variables."""

import string

from pacte.core.errors import DomainError
from pacte.invitations.enums import Channel, InvitationKind
from pacte.invitations.models import InvitationTemplate
from pacte.invitations.senders import sms_length, sms_limit_text

VARIABLES = {
    "prenom": "le prénom de la personne",
    "lien": "le lien pour choisir son rendez-vous",
    "structure": "la structure qui invite",
    "date_limite": "la date avant laquelle répondre",
    "lieu": "le lieu du rendez-vous",
}
# What a template is checked against: a long first name, a structure's name, the link's length.
SAMPLE = {
    "prenom": "Marie-Christine",
    "lien": "https://pacte.example.fr/invitation/" + "x" * 24 + "/",
    "structure": "Maison du département de Limoges Nord",
    "date_limite": "31/12/2026",
    "lieu": "11 rue Jean Jaurès, 87000 Limoges",
}
# An SMS of more parts than this costs too much and reads badly.
MAX_SMS_PARTS = 3

_WHAT = {
    InvitationKind.ORIENTATION: "un rendez-vous d'orientation",
    InvitationKind.ACCOMPANIMENT: "un rendez-vous d'accompagnement",
}
_WHY = {
    InvitationKind.ORIENTATION: (
        "Vous percevez le revenu de solidarité active (RSA). Ce rendez-vous permet de faire le point "
        "sur votre situation et de choisir avec vous l'accompagnement qui vous convient."
    ),
    InvitationKind.ACCOMPANIMENT: (
        "Vous percevez le revenu de solidarité active (RSA). Ce rendez-vous permet de construire avec "
        "votre référent ou votre référente la suite de votre parcours."
    ),
}


def _defaults(kind):
    what = _WHAT[kind]
    return {
        Channel.EMAIL: (
            f"Invitation à {what}",
            f"Bonjour {{prenom}},\n\n{{structure}} vous invite à {what}.\n\n{_WHY[kind]}\n\n"
            "Choisissez le jour et l'heure qui vous conviennent, avant le {date_limite}, en suivant ce "
            "lien :\n{lien}\n\nLieu : {lieu}.\n\nÀ bientôt,\n{structure}\n",
        ),
        Channel.SMS: (
            "",
            f"Bonjour {{prenom}}, {{structure}} vous invite à {what} (RSA). "
            "Choisissez votre date avant le {date_limite} : {lien}",
        ),
        Channel.LETTER: (
            "",
            f"{{structure}} vous invite à {what}.\n\n{_WHY[kind]}\n\n"
            "Choisissez le jour et l'heure qui vous conviennent, avant le {date_limite}, à l'adresse "
            "ci-dessous, ou appelez-nous pour convenir d'un rendez-vous.\n\n{lien}\n\nLieu : {lieu}.",
        ),
    }


DEFAULTS = {(kind, channel): text for kind in InvitationKind for channel, text in _defaults(kind).items()}


def template_for(departement_code, kind, channel):
    """(subject, body) of the département's template, else the default."""
    row = InvitationTemplate.objects.filter(
        departement_id=departement_code, kind=kind, channel=channel
    ).first()
    if row is not None:
        return row.subject, row.body
    return DEFAULTS[(kind, channel)]


def templates_of(departement_code):
    """Every (kind, channel) of the département with its wording and whether it is its own."""
    own = {
        (row.kind, row.channel): row
        for row in InvitationTemplate.objects.filter(departement_id=departement_code)
    }
    rows = []
    for kind in InvitationKind:
        for channel in Channel:
            row = own.get((kind, channel))
            subject, body = (row.subject, row.body) if row else DEFAULTS[(kind, channel)]
            rows.append(
                {
                    "kind": kind,
                    "channel": channel,
                    "subject": subject,
                    "body": body,
                    "customised": row is not None,
                }
            )
    return rows


def variables_in(text):
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def check_template(channel, subject, body):
    """Unknown variables, a malformed brace, an e-mail without subject, an SMS too long: refused."""
    for field, text in (("subject", subject), ("body", body)):
        try:
            names = variables_in(text)
        except ValueError as error:
            raise DomainError(
                "Accolade mal fermée : écrivez les variables ainsi : {prenom}.", field=field
            ) from error
        unknown = sorted(set(names) - set(VARIABLES))
        if unknown:
            known = ", ".join(f"{{{name}}}" for name in VARIABLES)
            raise DomainError(
                f"Variable inconnue : {', '.join('{' + name + '}' for name in unknown)} (variables possibles : {known}).",
                field=field,
            )
    if not body.strip():
        raise DomainError("Le texte est vide.", field="body")
    if channel == Channel.EMAIL and not subject.strip():
        raise DomainError("Indiquez l'objet du courriel.", field="subject")
    if channel == Channel.SMS:
        _, parts = sms_length(render(body, SAMPLE))
        if parts > MAX_SMS_PARTS:
            raise DomainError(
                f"SMS trop long : {sms_limit_text(render(body, SAMPLE))} une fois les variables remplacées ; "
                f"{MAX_SMS_PARTS} SMS au plus.",
                field="body",
            )


def render(text, values):
    return text.format_map({name: values.get(name, "") for name in VARIABLES})


def sms_preview(body):
    """The length of the SMS once its variables are filled with long sample values."""
    return sms_limit_text(render(body, SAMPLE))
