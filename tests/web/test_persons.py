"""Persons on the web: each user sees their own scope, and nothing of anyone else's."""

import pytest
from django.db.models import Q
from django.urls import reverse

from pacte.audit.models import AuditEntry
from pacte.beneficiaries import visibility
from pacte.organizations.enums import Role
from tests.factories import DossierFactory, MembershipFactory, OrganizationFactory, PersonFactory
from tests.permissions.world import build_world, client_for, verify_second_factor
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db

NIR = "2850687085123"  # the factories' NIR


@pytest.fixture
def world():
    return build_world()


def names_listed(client):
    page = client.get(reverse("web:person_list")).content.decode()
    return page


def detail(client, person):
    return client.get(reverse("web:person_detail", kwargs={"uuid": person.uuid}))


def direction_of_79(world, client):
    org = OrganizationFactory(departement=world.objects["departement_79"])
    user = MembershipFactory(role=Role.DIRECTION, organization=org).user
    client.force_login(user)
    verify_second_factor(client, user)
    return client


def test_the_direction_of_87_lists_its_people_and_none_of_79(world):
    page = names_listed(client_for(world, "direction"))
    assert world.objects["person_north"].last_name in page
    assert world.objects["person_south"].last_name in page
    assert world.objects["person_79"].last_name not in page


def test_the_direction_of_79_sees_none_of_87(world, client):
    client = direction_of_79(world, client)
    page = names_listed(client)
    assert world.objects["person_79"].last_name in page
    assert world.objects["person_north"].last_name not in page
    assert detail(client, world.objects["person_north"]).status_code == 404
    assert detail(client, world.objects["person_79"]).status_code == 200


def test_an_orientation_agent_sees_their_territory_only(world):
    client = client_for(world, "orientation_agent")
    page = names_listed(client)
    assert world.objects["person_north"].last_name in page
    assert world.objects["person_south"].last_name not in page
    assert detail(client, world.objects["person_south"]).status_code == 404
    assert detail(client, world.objects["person_79"]).status_code == 404


def test_an_orientation_agent_of_another_territory_sees_nothing_of_this_one(world, client):
    org = OrganizationFactory(
        departement=world.objects["departement_87"], territory=world.objects["territory_south"]
    )
    user = MembershipFactory(role=Role.ORIENTATION_AGENT, organization=org).user
    client.force_login(user)
    verify_second_factor(client, user)
    assert detail(client, world.objects["person_north"]).status_code == 404
    assert detail(client, world.objects["person_south"]).status_code == 200


@pytest.mark.parametrize("role", ["analyst", "employer_relations", "pact_contributor", "beneficiary"])
def test_roles_without_casework_have_no_person_pages(world, role):
    client = client_for(world, role)
    assert client.get(reverse("web:person_list")).status_code == 403
    assert detail(client, world.objects["person_north"]).status_code == 403


def test_a_partner_sees_only_the_people_its_rule_gives_and_never_the_nir(world, monkeypatch):
    # The offers domain registers the partner's rule (people prescribed to its offers); stand in for it.
    prescribed = world.objects["person_north"]
    monkeypatch.setitem(visibility._rules, Role.PARTNER, [lambda user, memberships: Q(pk=prescribed.pk)])
    client = client_for(world, "partner")
    page = names_listed(client)
    assert prescribed.last_name in page
    assert world.objects["person_south"].last_name not in page
    response = detail(client, prescribed)
    assert response.status_code == 200
    assert NIR not in response.content.decode()
    assert "NIR" not in response.content.decode()
    assert detail(client, world.objects["person_south"]).status_code == 404


def test_the_direction_reads_the_nir_and_the_read_is_audited(world):
    client = client_for(world, "direction")
    person = world.objects["person_north"]
    assert NIR in detail(client, person).content.decode()
    entry = AuditEntry.objects.for_object(person).get(action="person.read")
    assert entry.actor == world.users["direction"]


def test_the_list_searches_by_name(world):
    client = client_for(world, "direction")
    target = world.objects["person_north"]
    page = client.post(reverse("web:person_list"), {"q": target.last_name}).content.decode()
    assert target.last_name in page
    assert world.objects["person_south"].last_name not in page


def add_people(departement_code, count, territory):
    """Adds `count` persons; their last names."""
    return [
        PersonFactory(
            dossier=DossierFactory(departement_code=departement_code, territory=territory)
        ).last_name
        for _ in range(count)
    ]


@pytest.mark.parametrize("role", ["direction", "orientation_agent"])
def test_the_person_list_query_count_does_not_grow_with_rows(world, role):
    client = client_for(world, role)
    territory = world.objects["territory_north"]
    few = queries_for(client, reverse("web:person_list"), shows=add_people("87", 4, territory))
    shown = add_people("87", 44, territory)  # at most 50 with the world's own: one page
    assert queries_for(client, reverse("web:person_list"), shows=shown) == few


def search(client, query):
    return client.post(reverse("web:person_list"), {"q": query}).content.decode()


def test_names_are_searched_without_accents_nor_case_and_in_any_order(world):
    territory = world.objects["territory_north"]
    noel = PersonFactory(
        last_name="NOËL", birth_name="NOËL", first_name="Zoé", dossier=DossierFactory(territory=territory)
    )
    duprat = PersonFactory(
        last_name="DUPRAT",
        birth_name="DUPRAT",
        first_name="Pauline",
        dossier=DossierFactory(territory=territory),
    )
    client = client_for(world, "direction")
    for query, found, missed in [
        ("noel", noel, duprat),
        ("zoe noël", noel, duprat),
        ("Pauline Duprat", duprat, noel),
        ("duprat pau", duprat, noel),
    ]:
        page = search(client, query)
        assert found.last_name in page and missed.last_name not in page, query
    # A word matches the start of a name, not its middle.
    assert duprat.last_name not in search(client, "prat")


def test_a_dossier_number_finds_its_people(world):
    dossier = DossierFactory(territory=world.objects["territory_north"], numdemrsa="40000123456")
    member = PersonFactory(dossier=dossier, last_name="Dossierfound")
    page = search(client_for(world, "direction"), "400 0012 3456")
    assert member.last_name in page
    assert world.objects["person_north"].last_name not in page


def test_the_list_sorts_names_the_french_way(world):
    territory = world.objects["territory_north"]
    for last in ["Zola", "Étienne", "Ferry", "Escoffier", "eluard"]:
        PersonFactory(
            last_name=last, birth_name=last, first_name="Ana", dossier=DossierFactory(territory=territory)
        )
    page = names_listed(client_for(world, "direction"))
    # Case and accents aside: eluard < Escoffier < Étienne < Ferry < Zola.
    positions = [page.index(f">{name} Ana<") for name in ["eluard", "Escoffier", "Étienne", "Ferry", "Zola"]]
    assert positions == sorted(positions)
