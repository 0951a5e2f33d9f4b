"""The pact's annual review page: the direction downloads the PDF and the ODT as attachments
(audited with who and from where), a bad year is a French error on the form that keeps the chosen
format, the other readers get 403 and another département's direction 404; the button that
computes the indicators (values stored and shown with their detail); query-count guard."""

import datetime
import io
import re
import zipfile

import pytest
from django.template import Context, Template
from django.urls import reverse
from pypdf import PdfReader

from pacte.audit.models import AuditEntry
from pacte.pact.models import ActionReport, IndicatorValue
from tests.factories import OrganizationFactory
from tests.offers.factories import OfferFactory, PrescriptionFactory
from tests.pact.factories import (
    ActionFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PactFactory,
    ThematicFactory,
)
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def pact(world):
    pact = PactFactory(
        departement=world.objects["departement_87"], slug="pacte-87", start_year=2022, end_year=2025
    )
    objective = ObjectiveFactory(thematic=ThematicFactory(pact=pact, title="Mieux orienter les personnes"))
    action = ActionFactory(objective=objective, title="Plateforme d'orientation")
    ActionReport.objects.create(
        action=action, year=2024, status="validated", progress_percent=80, difficulties="Locaux trop petits"
    )
    return pact


def _url(pact, **params):
    return reverse("web:pact_bilan", args=[pact.slug]), params


def test_the_direction_sees_the_form_with_the_pact_s_years(world, pact):
    page = client_for(world, "direction").get(reverse("web:pact_bilan", args=[pact.slug])).content.decode()
    assert "Bilan annuel du pacte" in page and "Télécharger le bilan" in page
    assert '<option value="2025">2025</option>' in page and '<option value="2021">' not in page
    assert "ODT, texte modifiable" in page and "1 sur 1 action" in page
    assert "Calculer les indicateurs" in page


def test_the_direction_downloads_the_pdf_as_an_attachment_and_it_is_audited(world, pact):
    url, params = _url(pact, annee="2024", format="pdf")
    response = client_for(world, "direction").get(url, params)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bilan-pacte-87-2024.pdf"'
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Bilan annuel 2024" in text and "Locaux trop petits" in text
    entry = AuditEntry.objects.get(action="pact.bilan")
    assert entry.actor == world.users["direction"] and entry.path == url
    assert entry.data["format"] == "pdf" and entry.object_id == str(pact.uuid)


def test_the_direction_downloads_the_editable_odt(world, pact):
    url, params = _url(pact, annee="2024", format="odt")
    response = client_for(world, "direction").get(url, params)
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"] == 'attachment; filename="bilan-pacte-87-2024.odt"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "Locaux trop petits" in archive.read("content.xml").decode()


def test_a_year_out_of_the_pact_is_a_french_error_and_the_format_is_kept(world, pact):
    url, params = _url(pact, annee="2019", format="odt")
    response = client_for(world, "direction").get(url, params)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Le formulaire contient 1 erreur" in page
    assert "Choisissez une année commencée de la période du pacte (2022–2025)." in page
    odt_input = re.search(r'<input[^>]*value="odt"[^>]*>', page).group(0)
    assert "checked" in odt_input, odt_input
    assert not AuditEntry.objects.filter(action="pact.bilan").exists()


@pytest.mark.parametrize("role", ["analyst", "pact_contributor", "referent"])
def test_the_other_readers_of_the_pact_may_not_produce_it(world, pact, role):
    url, params = _url(pact, annee="2024", format="pdf")
    assert client_for(world, role).get(url, params).status_code == 403


def test_another_departement_s_direction_does_not_see_the_pact(world, pact):
    other = PactFactory(departement=world.objects["departement_79"], slug="pacte-79")
    url, params = _url(other, annee="2024", format="pdf")
    assert client_for(world, "direction").get(url, params).status_code == 404
    assert not AuditEntry.objects.filter(action="pact.bilan").exists()


def test_the_compute_button_stores_the_values_and_the_indicator_page_can_show_their_detail(world, pact):
    offer = OfferFactory(
        organization=OrganizationFactory(departement=pact.departement), departement_code="87"
    )
    for status in ("accepted", "refused"):
        PrescriptionFactory(offer=offer, sent_on=datetime.date(2024, 4, 1), status=status)
    indicator = IndicatorFactory(pact=pact, code="acceptation", computation="prescriptions_acceptance_rate")
    client = client_for(world, "direction")
    response = client.post(
        reverse("web:pact_indicators_compute", args=[pact.slug]), {"annee": "2024"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("web:pact_indicator_list", args=[pact.slug])
    assert (
        "Indicateurs 2024 calculés au 31/12/2024 : 1 valeur(s) enregistrée(s)." in response.content.decode()
    )
    value = IndicatorValue.objects.get(indicator=indicator, year=2024)
    assert value.value == 50
    entry = AuditEntry.objects.get(action="pact.indicator.compute")
    assert entry.actor == world.users["direction"]
    html = Template('{% include "web/pact/bilan/_value_details.html" %}').render(Context({"values": [value]}))
    assert "Détail du calcul de la valeur 2024" in html
    assert "Taux d&#x27;acceptation des prescriptions" in html and "87, au 31/12/2024" in html
    assert "<dt>Numérateur</dt><dd>1</dd>" in html and "<dt>Dénominateur</dt><dd>2</dd>" in html
    assert "Acceptée : 1 ; Refusée : 1" in html


def test_computing_a_year_not_offered_writes_nothing_and_says_why(world, pact):
    IndicatorFactory(pact=pact, code="acceptation", computation="prescriptions_acceptance_rate")
    response = client_for(world, "direction").post(
        reverse("web:pact_indicators_compute", args=[pact.slug]), {"annee": "2030"}
    )
    assert response.status_code == 400 and "Année à calculer" in response.content.decode()
    assert "Choisissez une année commencée de la période du pacte (2022–2025)." in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_the_page_s_queries_do_not_grow_with_the_actions_and_reports(world, pact):
    client = client_for(world, "direction")
    url = reverse("web:pact_bilan", args=[pact.slug])

    def grow(count):
        objective = ObjectiveFactory(thematic=ThematicFactory(pact=pact))
        for index in range(count):
            action = ActionFactory(objective=objective)
            ActionReport.objects.create(action=action, year=2022 + index % 4, status="validated")

    grow(4)
    few = queries_for(client, url, shows=["sur 5 actions"])
    grow(45)
    many = queries_for(client, url, shows=["sur 50 actions"])
    assert few == many
