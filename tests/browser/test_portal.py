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
from tests.portal.conftest import RecordingSender, code_in

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


def sign_in(page, live_server, email="elodie.martin@example.org"):
    page.goto(f"{live_server.url}/mon-espace/connexion/")
    page.get_by_label("Votre adresse e-mail ou votre numéro de portable").fill(email)
    page.get_by_role("button", name="Recevoir un code").click()
    page.get_by_label("Le code reçu").fill(code_in(RecordingSender.outbox[-1]))
    page.get_by_role("button", name="Entrer").click()


def test_a_person_signs_in_with_a_code_and_answers_an_appointment(phone, live_server, outbox, beneficiary):
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

    # The pages met before signing in: a link's page (a button; a link that no longer works says so)
    # and the page of an account not yet tied to a record.
    page.goto(f"{live_server.url}/mon-espace/connexion/lien/lien-perime/")
    page.get_by_role("button", name="Entrer dans mon espace").click()
    assert page.get_by_text("Ce lien ne marche plus").is_visible()
    page.goto(f"{live_server.url}/mon-espace/sans-dossier/")
    assert page.get_by_role("heading", name="Votre espace n'est pas encore prêt").is_visible()
    assert fits_the_screen(page)

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

    assert len(watcher.checked) >= 9, watcher.checked
    assert watcher.problems == []


def test_a_person_builds_their_plan_says_what_blocks_them_and_rates_an_action(
    phone, live_server, outbox, beneficiary
):
    from pacte.offers.models import ActionRating
    from pacte.pathways.models import PlanObjective
    from pacte.portal.models import Contribution
    from tests.offers.factories import PrescriptionFactory

    page, watcher = phone
    ReferentAssignmentFactory(person=beneficiary)
    ContractFactory(person=beneficiary)
    attended = PrescriptionFactory(person=beneficiary, status="completed")
    sign_in(page, live_server)

    page.get_by_role("link", name="Mon contrat et mon plan d'action").click()
    page.get_by_role("link", name="Proposer un objectif").click()
    page.get_by_label("Ce que je propose").fill("Passer le permis B")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    assert page.get_by_role("heading", name="Passer le permis B").is_visible()
    page.get_by_role("link", name="Proposer une action pour cet objectif").click()
    page.get_by_label("Ce que je propose").fill("M'inscrire à l'auto-école")
    page.get_by_role("button", name="Envoyer ma proposition").click()
    page.get_by_role("button", name="Oui, je suis d'accord avec mon plan").click()
    assert page.get_by_text("Vous avez dit oui le").is_visible()
    page.get_by_label("Mon commentaire sur le plan").fill("Je voudrais commencer en janvier")
    page.get_by_role("button", name="Envoyer mon commentaire").click()
    assert fits_the_screen(page)
    assert PlanObjective.objects.get(person=beneficiary).actions.count() == 1

    page.get_by_role("link", name="← Retour à l'accueil").click()
    page.get_by_role("link", name="Quelque chose me bloque").click()
    page.get_by_label("Ce qui me bloque").fill("Pas de garde le matin")
    page.get_by_role("button", name="Envoyer").click()
    assert page.get_by_text("Votre référent·e va vous contacter").is_visible()
    assert {c.kind for c in Contribution.objects.filter(person=beneficiary)} == {
        "agreement",
        "comment",
        "blocker",
    }

    page.get_by_role("link", name="Donner mon avis sur une action").click()
    page.get_by_role("link", name=f"Donner mon avis sur « {attended.offer.name} »").click()
    page.get_by_label("4 – Bien").check()
    page.get_by_label("Ce que vous voulez dire (si vous voulez)").fill("Utile")
    page.get_by_role("button", name="Envoyer mon avis").click()
    assert page.get_by_text("Merci pour votre avis").is_visible()
    assert ActionRating.objects.get(prescription=attended).score == 4

    for name in ("Des actions près de chez moi", "Des offres d'emploi pour moi"):
        page.goto(f"{live_server.url}/mon-espace/")
        page.get_by_role("link", name=name).click()
        assert page.get_by_role("heading", level=1).is_visible()
        assert fits_the_screen(page)
    page.wait_for_timeout(300)

    assert len(watcher.checked) >= 14, watcher.checked
    assert watcher.problems == []
