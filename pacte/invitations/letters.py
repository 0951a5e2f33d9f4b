"""The invitation letter, for a person reached by post (PDF, with the building blocks of the
pathway's letters: letterhead, addressee, signatory)."""

from django.utils import timezone
from reportlab.lib.units import cm
from reportlab.platypus import Spacer

from pacte.invitations.enums import Channel
from pacte.invitations.wording import render, template_for
from pacte.pathways.addressing import salutation, vocative
from pacte.pathways.pdf import _address_block, _build, _letterhead, _lines, _long_day, _p, _signature, _styles


def slot_label(moment):
    local = timezone.localtime(moment)
    return f"le {_long_day(local.date())} à {local:%H:%M}".replace(":", " h ", 1)


def invitation_letter(invitation, values, slots):
    """The letter (PDF bytes): `values` fill the template's variables, `slots` are the offered
    date-times."""
    styles = _styles()
    person = invitation.person
    _, body = template_for(invitation.departement_code, invitation.kind, Channel.LETTER)
    story = [
        *_letterhead(invitation.departement_code, invitation.organization, styles),
        Spacer(1, 0.6 * cm),
        *_address_block(person, styles),
        Spacer(1, 0.6 * cm),
        _p(f"Le {_long_day(timezone.localdate(invitation.sent_at))}", styles["right"]),
        _p(f"Dossier RSA n° {person.dossier.numdemrsa}", styles["body"]),
        _p(f"Objet : {invitation.get_kind_display().lower()}", styles["title"]),
        _p(salutation(person), styles["body"]),
        *_lines(render(body, values), styles["body"]),
        _p("Créneaux proposés :", styles["heading"]),
        *[_p(f"– {slot_label(slot)}", styles["body"]) for slot in slots],
        Spacer(1, 0.4 * cm),
        _p(
            f"Veuillez agréer, {vocative(person)}, l'expression de nos salutations distinguées.",
            styles["body"],
        ),
        Spacer(1, 0.8 * cm),
        *_signature(invitation.departement_code, styles),
    ]
    return _build(invitation.get_kind_display(), story)
