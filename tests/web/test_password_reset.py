"""'Mot de passe oublié': the same answer for any address, a link that sets the password once."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from pacte.audit.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Un autre mot de passe 2026"


def request_reset(email):
    response = Client().post(reverse("web:password_reset"), {"email": email}, follow=True)
    return response.redirect_chain, response.content.decode()


def test_the_login_page_offers_the_reset():
    page = Client().get(reverse("web:login")).content.decode()
    assert f'href="{reverse("web:password_reset")}"' in page
    assert "Mot de passe oublié" in Client().get(reverse("web:password_reset")).content.decode()


def test_the_answer_is_the_same_whether_the_address_exists_or_not():
    UserFactory(email="connue@example.org")
    UserFactory(email="partie@example.org", is_active=False)
    known = request_reset("connue@example.org")
    assert request_reset("inconnue@example.org") == known
    assert request_reset("partie@example.org") == known
    assert [message.to for message in mail.outbox] == [["connue@example.org"]]
    assert "Vérifiez votre messagerie" in known[1]


def test_a_request_keeps_what_was_typed_when_the_address_is_malformed():
    response = Client().post(reverse("web:password_reset"), {"email": "pas-une-adresse"})
    assert 'value="pas-une-adresse"' in response.content.decode()
    assert mail.outbox == []


def test_the_reset_link_sets_the_password_once_and_it_is_audited():
    user = UserFactory(email="connue@example.org")
    request_reset("connue@example.org")
    [message] = mail.outbox
    assert message.subject == "Pacte : choisir un nouveau mot de passe"
    [link] = re.findall(r"https?://\S+", message.body)
    browser = Client()
    form_url = browser.get(link)["Location"]
    page = browser.get(form_url).content.decode()
    assert "Nouveau mot de passe" in page
    short = browser.post(form_url, {"new_password1": "court", "new_password2": "court"})
    assert "trop court" in short.content.decode()
    done = browser.post(form_url, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert done["Location"] == reverse("web:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("id")) == [
        "user.password_reset_request",
        "user.password_reset",
    ]
    assert "plus valable" in Client().get(link, follow=True).content.decode()


def test_repeated_requests_send_one_email_every_few_minutes():
    UserFactory(email="connue@example.org")
    first = request_reset("connue@example.org")
    assert request_reset("connue@example.org") == first
    assert len(mail.outbox) == 1
