import pytest

from pacte.core.errors import DomainError
from pacte.invitations import services
from pacte.invitations.enums import Channel, InvitationKind
from pacte.invitations.senders import sms_length
from pacte.invitations.wording import DEFAULTS, MAX_SMS_PARTS, SAMPLE, check_template, render, template_for
from tests.factories import DepartementFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_default_template_is_valid_and_its_sms_fits_one_or_two_parts():
    for (kind, channel), (subject, body) in DEFAULTS.items():
        check_template(channel, subject, body)
        if channel == Channel.SMS:
            assert sms_length(render(body, SAMPLE))[1] <= 2, kind


def test_rendering_fills_the_variables():
    text = render("Bonjour {prenom}, {structure} : {lien} avant le {date_limite} ({lieu})", SAMPLE)
    assert text == (
        "Bonjour Marie-Christine, Maison du département de Limoges Nord : "
        f"{SAMPLE['lien']} avant le 31/12/2026 (11 rue Jean Jaurès, 87000 Limoges)"
    )


@pytest.mark.parametrize(
    ("channel", "subject", "body", "message"),
    [
        (Channel.SMS, "", "Bonjour {nom}", "Variable inconnue : {nom}"),
        (Channel.SMS, "", "Bonjour {prenom", "Accolade mal fermée"),
        (Channel.EMAIL, "", "Bonjour {prenom}", "Indiquez l'objet du courriel"),
        (Channel.LETTER, "", "  ", "Le texte est vide"),
        (Channel.SMS, "", "Bonjour {prenom}. " + "Texte " * 80, "SMS trop long"),
    ],
)
def test_a_wrong_template_is_refused_in_french(channel, subject, body, message):
    with pytest.raises(DomainError, match=message):
        check_template(channel, subject, body)


def test_a_departement_template_replaces_the_default_for_that_departement_only():
    DepartementFactory(code="87"), DepartementFactory(code="79")
    director = UserFactory()
    services.save_template(
        actor=director,
        departement_code="87",
        kind=InvitationKind.ORIENTATION,
        channel=Channel.SMS,
        subject="ignoré",
        body="{prenom}, RDV RSA : {lien}",
    )
    assert template_for("87", InvitationKind.ORIENTATION, Channel.SMS) == ("", "{prenom}, RDV RSA : {lien}")
    assert (
        template_for("79", InvitationKind.ORIENTATION, Channel.SMS)
        == DEFAULTS[(InvitationKind.ORIENTATION, Channel.SMS)]
    )
    services.reset_template(
        actor=director, departement_code="87", kind=InvitationKind.ORIENTATION, channel=Channel.SMS
    )
    assert (
        template_for("87", InvitationKind.ORIENTATION, Channel.SMS)
        == DEFAULTS[(InvitationKind.ORIENTATION, Channel.SMS)]
    )


def test_an_sms_of_more_than_the_allowed_parts_is_refused():
    body = "{prenom} " + "a" * (153 * MAX_SMS_PARTS)
    with pytest.raises(DomainError, match=f"{MAX_SMS_PARTS} SMS au plus"):
        check_template(Channel.SMS, "", body)
