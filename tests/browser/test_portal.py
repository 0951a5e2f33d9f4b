"""The beneficiary's space on a phone (360 × 740): sign in with a code, see their référent and
appointments, answer one, open their documents and their data. axe-core checks every page."""

import datetime

import pytest
from django.utils import timezone

from pacte.portal.models import AppointmentReply
from tests.browser.accessibility import watch
from tests.pathways.factories import (
    AppointmentFactory,
    ContractFactory,
    OrientationFactory,
    ReferentAssignmentFactory,
)
from tests.portal.conftest import RecordingSender, beneficiary, code_in, outbox  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, is_mobile=True, has_touch=True)
    watcher = watch(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page, watcher
    context.close()


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_person_signs_in_with_a_code_and_answers_an_appointment(phone, live_server, outbox, beneficiary):  # noqa: F811
    page, watcher = phone
    assignment = ReferentAssignmentFactory(person=beneficiary)
    assignment.referent.first_name, assignment.referent.last_name = "Sacha", "Durand"
    assignment.referent.save()
    AppointmentFactory(
        person=beneficiary,
        referent=assignment.referent,
        starts_at=timezone.now() + datetime.timedelta(days=4),
        place="Maison du département de Bellac",
    )
    orientation = OrientationFactory(person=beneficiary)
    ContractFactory(person=beneficiary, orientation=orientation, commitments="Passer le permis")

    page.goto(f"{live_server.url}/mon-espace/")
    assert page.get_by_role("heading", name="Entrer dans mon espace").is_visible()
    page.get_by_label("Votre adresse e-mail ou votre numéro de portable").fill("elodie.martin@example.org")
    page.get_by_role("button", name="Recevoir un code").click()
    page.get_by_label("Le code reçu").fill(code_in(RecordingSender.outbox[0]))
    page.get_by_role("button", name="Entrer").click()

    assert page.get_by_role("heading", name="Bonjour Élodie").is_visible()
    assert page.get_by_text("Sacha Durand").is_visible()
    assert fits_the_screen(page)

    page.get_by_role("link", name="Mes rendez-vous").first.click()
    page.get_by_role("button", name="Je viendrai").click()
    assert page.get_by_text("votre référent·e sait que vous viendrez").is_visible()
    page.get_by_role("link", name="Je ne peux pas : changer la date").click()
    page.get_by_role("button", name="Envoyer ma demande").click()
    assert page.get_by_text("Dites-nous quels jours").first.is_visible()
    page.get_by_label("Quels jours et quelles heures vous arrangent ?").fill("Le jeudi matin")
    page.get_by_role("button", name="Envoyer ma demande").click()
    assert page.get_by_text("va vous proposer une autre date").is_visible()
    assert AppointmentReply.objects.filter(person=beneficiary).count() == 2
    assert fits_the_screen(page)

    page.goto(f"{live_server.url}/mon-espace/documents/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Contrat signé le").click()
    assert download.value.suggested_filename.startswith("contrat-")
    page.goto(f"{live_server.url}/mon-espace/mes-donnees/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger mes données (PDF, à lire)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.wait_for_timeout(300)  # the last page's check reports

    assert len(watcher.checked) >= 6, watcher.checked
    assert watcher.problems == []
