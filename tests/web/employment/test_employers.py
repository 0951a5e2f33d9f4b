import datetime

import pytest
from django.urls import reverse

from pacte.beneficiaries.models import Person
from pacte.employment.models import EmployerProfile, Interaction
from pacte.organizations.enums import OrganizationKind, Role
from tests.employment.factories import (
    EmployerContactFactory,
    EmployerProfileFactory,
    InteractionFactory,
    JobOfferFactory,
    RomeAppellationFactory,
    tension_job,
)
from tests.factories import CommuneFactory, MembershipFactory, OrganizationFactory
from tests.web.helpers import queries_for

TODAY = datetime.date.today()


def _employers(world, count, prefix):
    for index in range(count):
        organization = OrganizationFactory(
            name=f"{prefix} {index:02d}",
            kind=OrganizationKind.EMPLOYER,
            departement=world.objects["departement_87"],
        )
        profile = EmployerProfileFactory(organization=organization)
        JobOfferFactory(employer=profile)


def test_the_list_searches_filters_by_kind_and_hides_the_other_departement(world, relations_client):
    url = reverse("web:employment_employer_list")
    page = relations_client.get(url).content.decode()
    assert "Bâti Limousin" in page and "Chantier d&#x27;insertion du Val" in page
    assert "Menuiserie du Marais" not in page
    page = relations_client.get(url, {"kind": OrganizationKind.SIAE_ACI}).content.decode()
    assert "Chantier d&#x27;insertion du Val" in page and "Bâti Limousin" not in page
    page = relations_client.get(url, {"q": "bâti"}).content.decode()
    assert "Bâti Limousin" in page and "Chantier" not in page


def test_the_list_takes_the_same_queries_for_5_and_50_employers(world, relations_client):
    url = reverse("web:employment_employer_list")
    _employers(world, 3, "Petite entreprise")
    few = queries_for(relations_client, url, shows=["Petite entreprise 02"])
    _employers(world, 45, "Grande série")
    many = queries_for(relations_client, url, shows=["Grande série 44", "Petite entreprise 02"])
    assert few == many


def test_an_employer_is_created_and_a_wrong_siret_keeps_what_was_typed(world, relations_client):
    url = reverse("web:employment_employer_create")
    CommuneFactory(insee_code="87085", departement=world.objects["departement_87"])
    data = {
        "departement": "87", "name": "Garage des Portes", "kind": "employer", "siret": "12345678901234",
        "naf_code": "45.20A", "size_bracket": "03", "commune": "87085",
    }  # fmt: skip
    response = relations_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "clé de contrôle" in page and 'value="Garage des Portes"' in page
    response = relations_client.post(url, {**data, "siret": "73282932000074"})
    profile = EmployerProfile.objects.get(organization__name="Garage des Portes")
    assert response.status_code == 302 and response["Location"].endswith(f"/{profile.uuid}/")
    assert (profile.sector, profile.commune_id, profile.departement_code) == ("G", "87085", "87")


def test_the_detail_shows_contacts_interactions_with_follow_up_positions_and_offers(world, relations_client):
    employer, siae = world.objects["employer_87"], world.objects["siae_87"]
    EmployerContactFactory(employer=employer, last_name="Martin", phone="05 55 00 00 00")
    InteractionFactory(employer=employer, subject="Forum de l'emploi", follow_up_on=TODAY)
    tension_job(world.objects["job_offer_87"].rome, territory_code="75")
    world.objects["departement_87"].region_code = "75"
    world.objects["departement_87"].save()
    page = relations_client.get(
        reverse("web:employment_employer_detail", args=[employer.uuid])
    ).content.decode()
    assert "Martin" in page and "Forum de l&#x27;emploi" in page
    assert f"À relancer le {TODAY:%d/%m/%Y}" in page
    assert world.objects["job_offer_87"].title in page and "Métier en tension" in page
    assert "Postes d'insertion" not in page
    page = relations_client.get(reverse("web:employment_employer_detail", args=[siae.uuid])).content.decode()
    assert "Postes d'insertion" in page


def test_a_siae_member_sees_its_profile_but_not_the_relations_notes(world):
    from tests.permissions.world import client_for

    siae = world.objects["siae_87"]
    InteractionFactory(employer=siae, subject="Point confidentiel")
    member = MembershipFactory(role=Role.PARTNER, organization=siae.organization).user
    world.users["siae_member"] = member
    client = client_for(world, "partner")
    client.force_login(member)
    page = client.get(reverse("web:employment_employer_detail", args=[siae.uuid])).content.decode()
    assert "Chantier d&#x27;insertion du Val" in page and "Point confidentiel" not in page
    response = client.get(reverse("web:employment_employer_detail", args=[world.objects["employer_87"].uuid]))
    assert response.status_code == 404


def test_an_interaction_with_a_follow_up_appears_in_the_follow_ups_until_done(world, relations_client):
    employer = world.objects["employer_87"]
    contact = EmployerContactFactory(employer=employer, last_name="Martin")
    url = reverse("web:employment_interaction_add", args=[employer.uuid])
    data = {
        "kind": "commitment",
        "day": TODAY.isoformat(),
        "subject": "Deux recrutements en juin",
        "contact": str(contact.uuid),
        "follow_up_on": TODAY.isoformat(),
    }
    response = relations_client.post(
        url, {**data, "follow_up_on": (TODAY - datetime.timedelta(days=1)).isoformat()}
    )
    assert response.status_code == 200 and "La date de relance suit" in response.content.decode()
    assert relations_client.post(url, data).status_code == 302
    interaction = Interaction.objects.get(subject="Deux recrutements en juin")
    assert interaction.contact == contact and interaction.author == world.users["employer_relations"]
    page = relations_client.get(reverse("web:employment_follow_ups")).content.decode()
    assert "Deux recrutements en juin" in page and "Bâti Limousin" in page
    done = relations_client.post(
        reverse("web:employment_follow_up_done", args=[interaction.uuid]), {"next": "relances"}
    )
    assert done["Location"] == reverse("web:employment_follow_ups")
    assert (
        "Deux recrutements en juin"
        not in relations_client.get(reverse("web:employment_follow_ups")).content.decode()
    )


def test_the_follow_ups_take_the_same_queries_for_5_and_50_rows(world, relations_client):
    url = reverse("web:employment_follow_ups")
    employer = world.objects["employer_87"]
    for index in range(5):
        InteractionFactory(
            employer=employer,
            subject=f"Relance courte {index}",
            follow_up_on=TODAY,
            contact=EmployerContactFactory(employer=employer),
        )
    few = queries_for(relations_client, url, shows=["Relance courte 4"])
    for index in range(45):
        InteractionFactory(
            employer=employer,
            subject=f"Relance longue {index}",
            follow_up_on=TODAY - datetime.timedelta(days=1),
        )
    many = queries_for(relations_client, url, shows=["Relance longue 44"])
    assert few == many
    InteractionFactory(employer=world.objects["employer_79"], subject="Relance du 79", follow_up_on=TODAY)
    assert "Relance du 79" not in relations_client.get(url, {"page": 2}).content.decode()


def test_contacts_and_insertion_positions_are_added(world, relations_client):
    siae = world.objects["siae_87"]
    RomeAppellationFactory()
    response = relations_client.post(
        reverse("web:employment_contact_add", args=[siae.uuid]), {"last_name": "Bernard", "email": "faux"}
    )
    assert "adresse électronique n&#x27;est pas valide" in response.content.decode()
    relations_client.post(reverse("web:employment_contact_add", args=[siae.uuid]), {"last_name": "Bernard"})
    assert siae.contacts.get().last_name == "Bernard"
    response = relations_client.post(
        reverse("web:employment_position_add", args=[siae.uuid]),
        {"appellation": "16250", "positions": 6, "weekly_hours": "26", "contract_type": "cddi"},
    )
    assert response.status_code == 302
    assert siae.insertion_positions.get().positions == 6


def test_an_employer_relations_officer_sees_no_person(world):
    officer = world.users["employer_relations"]
    assert not Person.objects.visible_to(officer).exists()
    from tests.permissions.world import client_for

    client = client_for(world, "employer_relations")
    response = client.get(reverse("web:person_detail", args=[world.objects["person_north"].uuid]))
    assert response.status_code in (403, 404)


@pytest.mark.parametrize("name", ["web:employment_employer_edit", "web:employment_employer_detail"])
def test_the_other_departements_employer_is_not_found(world, relations_client, name):
    assert relations_client.get(reverse(name, args=[world.objects["employer_79"].uuid])).status_code == 404


def test_a_contact_who_left_is_kept_marked_and_can_no_longer_be_chosen(world, relations_client):
    employer = world.objects["employer_87"]
    contact = EmployerContactFactory(employer=employer, last_name="Lefèvre")
    relations_client.post(reverse("web:employment_contact_left", args=[contact.uuid]))
    contact.refresh_from_db()
    assert contact.is_active is False
    page = relations_client.get(
        reverse("web:employment_employer_detail", args=[employer.uuid])
    ).content.decode()
    assert "(plus en poste)" in page
    form = relations_client.get(
        reverse("web:employment_interaction_add", args=[employer.uuid])
    ).content.decode()
    assert "Lefèvre" not in form
    response = relations_client.post(reverse("web:employment_contact_left", args=[contact.uuid]), follow=True)
    assert "déjà noté comme n&#x27;étant plus en poste" in response.content.decode()
