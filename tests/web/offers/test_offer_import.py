"""The catalogue import from the web: upload, columns and review, confirmation, abandon; the file
kept in the private storage for the uploader's session only, and deleted after."""

import html
import io
import os
import time

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pacte.offers.models import Offer
from pacte.web.offers.imports.views import SESSION_KEY, STORAGE_DIR
from tests.factories import CommuneFactory, OrganizationFactory
from tests.offers.factories import OfferFactory
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db

GOOD = (
    "nom;description;thematiques;code_insee\r\n"
    "Garage solidaire;Réparer son véhicule à prix coûtant.;Accéder à un véhicule;87085\r\n"
    "Atelier numérique;Les bases de l'ordinateur.;numerique--maitriser-les-fondamentaux-du-numerique;87085\r\n"
).encode("utf-8-sig")
BAD = (
    "nom;description;thematiques\r\n"
    "Garage solidaire;Réparer son véhicule.;Accéder à un véhicule\r\n"
    "Atelier;Un atelier.;pas-une-thematique\r\n"
).encode()


@pytest.fixture
def world():
    world = build_world()
    CommuneFactory(insee_code="87085", name="Limoges", departement=world.objects["departement_87"])
    return world


@pytest.fixture
def partner(world):
    return client_for(world, "partner")


def upload(client, world, content, *, name="catalogue.csv", organization="association_87"):
    payload = {"organization": world.objects[organization].pk, "file": SimpleUploadedFile(name, content)}
    return client.post(reverse("web:offer_import"), payload)


def pending_key(response):
    return response.url.rstrip("/").split("/")[-1]


def stored_files():
    if not default_storage.exists(STORAGE_DIR):
        return []
    return default_storage.listdir(STORAGE_DIR)[1]


def page_text(response):
    return html.unescape(response.content.decode())


def test_the_upload_page_offers_the_partners_own_organisation_and_the_template(world, partner):
    response = partner.get(reverse("web:offer_import"))
    page = page_text(response)
    assert response.status_code == 200
    assert "Association Tremplin" in page and "Association Relais 79" not in page
    assert reverse("web:offer_import_template") in page
    template = partner.get(reverse("web:offer_import_template"))
    assert template["Content-Type"] == "text/csv; charset=utf-8"
    assert template.content.decode("utf-8-sig").startswith("identifiant;nom;description;type;thematiques;")


def test_a_good_file_is_reviewed_then_imported_in_draft_and_the_file_deleted(world, partner):
    response = upload(partner, world, GOOD)
    assert response.status_code == 302
    assert len(stored_files()) == 1
    review = partner.get(response.url)
    page = page_text(review)
    assert "Garage solidaire" in page and "Atelier numérique" in page
    assert "Offres à créer (en brouillon)" in page and "Confirmer et enregistrer" in page
    assert "« code_insee » → Commune (code INSEE ou nom)" in page
    assert not Offer.objects.exists()
    confirmed = partner.post(reverse("web:offer_import_confirm", args=[pending_key(response)]), follow=True)
    assert confirmed.redirect_chain == [(reverse("web:partner_offers"), 302)]
    assert "2 offres créées en brouillon, 0 mise à jour" in page_text(confirmed)
    offers = Offer.objects.order_by("name")
    assert [(o.name, o.status, o.organization.name, o.commune_id) for o in offers] == [
        ("Atelier numérique", "draft", "Association Tremplin", "87085"),
        ("Garage solidaire", "draft", "Association Tremplin", "87085"),
    ]
    assert stored_files() == []
    assert partner.get(response.url).status_code == 404


def test_a_bad_row_shows_every_error_and_the_confirmation_writes_nothing(world, partner):
    response = upload(partner, world, BAD)
    page = page_text(partner.get(response.url))
    assert "Ligne 3, colonne thematiques : valeur inconnue « pas-une-thematique »" in page
    assert "Confirmer et enregistrer" not in page
    refused = partner.post(reverse("web:offer_import_confirm", args=[pending_key(response)]), follow=True)
    assert "1 ligne en erreur : rien n'a été enregistré" in page_text(refused)
    assert not Offer.objects.exists()
    assert len(stored_files()) == 1  # kept to change the columns, until abandoned


def test_the_columns_can_be_changed_and_a_wrong_choice_keeps_what_was_chosen(world, partner):
    content = b"Intitule de l'action;Texte;Autre\nGarage solidaire;Reparer son vehicule.;x\n"
    response = upload(partner, world, content)
    page = page_text(partner.get(response.url))
    assert "Choisissez la colonne du nom des offres" in page
    assert "Non importées : « Intitule de l'action », « Texte », « Autre »" in page
    wrong = partner.post(response.url, {"col_0": "name", "col_1": "name", "col_2": ""})
    assert wrong.status_code == 200
    assert "« Nom » est choisi pour deux colonnes" in page_text(wrong)
    assert '<option value="name" selected>' in wrong.content.decode()
    fixed = partner.post(response.url, {"col_0": "name", "col_1": "description", "col_2": ""})
    assert fixed.status_code == 302
    assert "Confirmer et enregistrer" in page_text(partner.get(response.url))
    partner.post(reverse("web:offer_import_confirm", args=[pending_key(response)]))
    offer = Offer.objects.get()
    assert (offer.name, offer.description) == ("Garage solidaire", "Reparer son vehicule.")


def test_an_xlsx_updates_the_offer_named_by_its_identifiant(world, partner):
    offer = OfferFactory(organization=world.objects["association_87"], name="Ancien nom", status="published")
    workbook = openpyxl.Workbook()
    workbook.active.append(["identifiant", "nom", "places"])
    workbook.active.append([str(offer.uuid), "Nouveau nom", 9])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(partner, world, buffer.getvalue(), name="catalogue.xlsx")
    assert "Offres à mettre à jour" in page_text(partner.get(response.url))
    partner.post(reverse("web:offer_import_confirm", args=[pending_key(response)]))
    offer.refresh_from_db()
    assert (offer.name, offer.capacity, offer.status) == ("Nouveau nom", 9, "published")


def test_an_unreadable_file_is_refused_on_the_form_and_not_kept(world, partner):
    response = upload(partner, world, b"nom;description\n")
    assert response.status_code == 200
    assert "aucune ligne de données" in page_text(response)
    assert stored_files() == []
    assert upload(partner, world, b"%PDF", name="catalogue.pdf").status_code == 200
    assert stored_files() == []


def test_a_file_left_unconfirmed_for_a_day_is_swept_by_the_next_upload(world, partner):
    left = upload(partner, world, GOOD)
    (old,) = stored_files()
    path = default_storage.path(f"{STORAGE_DIR}/{old}")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(path, (two_days_ago, two_days_ago))
    upload(partner, world, GOOD)
    assert old not in stored_files() and len(stored_files()) == 1
    assert partner.get(left.url).status_code == 404


def test_abandon_deletes_the_file(world, partner):
    response = upload(partner, world, GOOD)
    abandoned = partner.post(reverse("web:offer_import_cancel", args=[pending_key(response)]), follow=True)
    assert "Import abandonné" in page_text(abandoned)
    assert stored_files() == [] and not Offer.objects.exists()


def test_a_partner_cannot_import_for_another_organisation(world, partner):
    response = upload(partner, world, GOOD, organization="referent_body_79")
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page_text(response)
    assert stored_files() == []


def test_an_import_belongs_to_the_session_that_uploaded_it(world, partner):
    response = upload(partner, world, GOOD)
    key = pending_key(response)
    other_partner = client_for(world, "partner")  # the same user, another session
    direction = client_for(world, "direction")
    for client in (other_partner, direction):
        assert client.get(response.url).status_code == 404
        assert client.post(reverse("web:offer_import_confirm", args=[key])).status_code == 404
    assert not Offer.objects.exists()
    assert partner.get(response.url).status_code == 200


def test_the_direction_imports_for_an_organisation_of_its_departement_only(world):
    direction = client_for(world, "direction")
    page = page_text(direction.get(reverse("web:offer_import")))
    assert "Association Tremplin" in page and "Association Relais 79" not in page
    response = upload(direction, world, GOOD)
    direction.post(reverse("web:offer_import_confirm", args=[pending_key(response)]))
    assert set(Offer.objects.values_list("organization__name", flat=True)) == {"Association Tremplin"}
    assert upload(direction, world, GOOD, organization="referent_body_79").status_code == 200


def test_an_organisation_the_user_no_longer_imports_for_closes_the_import(world, partner):
    response = upload(partner, world, GOOD)
    world.users["partner"].memberships.update(organization=world.objects["referent_body_79"])
    assert partner.get(response.url).status_code == 404
    assert partner.session[SESSION_KEY] == {}
    assert stored_files() == []


def test_the_roles_that_publish_no_offer_reach_no_import_page(world):
    for role in ("referent", "orientation_agent", "analyst", "beneficiary"):
        client = client_for(world, role)
        assert client.get(reverse("web:offer_import")).status_code == 403
        assert client.get(reverse("web:offer_import_template")).status_code == 403


def test_the_upload_page_makes_the_same_queries_for_5_and_50_organisations(world):
    direction = client_for(world, "direction")
    url = reverse("web:offer_import")
    OrganizationFactory.create_batch(2, departement=world.objects["departement_87"], name="Structure A")
    few = queries_for(direction, url, shows=["Structure A"])
    OrganizationFactory.create_batch(45, departement=world.objects["departement_87"], name="Structure B")
    many = queries_for(direction, url, shows=["Structure A", "Structure B"])
    assert few == many
