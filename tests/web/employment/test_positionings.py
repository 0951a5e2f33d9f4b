import datetime
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.audit.models import AuditEntry
from pacte.employment.models import JobOffer, Positioning
from pacte.pathways.models import PathwayExit
from pacte.pathways.services.employment_project import record_employment_project
from pacte.pathways.timeline import events
from tests.employment.factories import JobOfferFactory, RomeCodeFactory
from tests.factories import CommuneFactory, DossierFactory, PersonFactory
from tests.pathways.factories import exit_reason
from tests.permissions import matrix_employment, matrix_employment_positionings
from tests.permissions.loader import DIRECTION_87_REFERENT_79
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

TODAY = timezone.localdate()
NIR = "2850687085123"


@pytest.fixture
def world(db):
    return build_world([matrix_employment.build, matrix_employment_positionings.build])


@pytest.fixture
def relations_client(world):
    return client_for(world, "employer_relations")


@pytest.fixture
def referent_client(world):
    return client_for(world, "referent")


def _create_url(offer, person=None):
    url = reverse("web:employment_positioning_create", args=[offer.uuid])
    return f"{url}?person={person.uuid}" if person else url


def _person(world, *, project=True, **names):
    """A person of the 87 with an employment project (what opens them to the officer's matching)."""
    commune = CommuneFactory(
        insee_code="87113", name="Saint-Junien", departement=world.objects["departement_87"]
    )
    person = PersonFactory(dossier=DossierFactory(commune=commune), **names)
    if project:
        record_employment_project(actor=None, person=person, romes=[RomeCodeFactory()], mobility_radius_km=20)
    return person


def test_the_form_shows_who_and_what_and_creates_the_positioning(world, relations_client):
    offer = world.objects["job_offer_87"]
    person = _person(world, first_name="Nadia", last_name="Benali")
    page = relations_client.get(_create_url(offer, person)).content.decode()
    assert "Nadia Benali" in page and "Saint-Junien" in page and offer.title in page
    assert NIR not in page and "Bâti Limousin" in page
    response = relations_client.post(
        _create_url(offer), {"person": person.uuid, "programme": "common_law", "note": "Motivée"}
    )
    positioning = Positioning.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == reverse("web:employment_positioning_detail", args=[positioning.uuid])
    assert (positioning.job_offer, positioning.status, positioning.note) == (offer, "proposed", "Motivée")


def test_without_a_person_the_form_says_where_to_choose_one(world, relations_client):
    page = relations_client.get(_create_url(world.objects["job_offer_87"])).content.decode()
    assert "Choisissez d'abord la personne" in page
    assert (
        not Positioning.objects.filter(job_offer=world.objects["job_offer_87"])
        .exclude(pk=world.objects["positioning_87"].pk)
        .exists()
    )


def test_a_person_out_of_reach_answers_404(world, relations_client, referent_client):
    offer = world.objects["job_offer_87"]
    assert relations_client.get(_create_url(offer, world.objects["person_79"])).status_code == 404
    assert relations_client.get(_create_url(offer) + "?person=pas-un-uuid").status_code == 404
    # The officer positions the persons of the matching: those with an employment project.
    assert relations_client.get(_create_url(offer, _person(world, project=False))).status_code == 404
    # A référent positions the persons they read, not the others of the département.
    assert referent_client.get(_create_url(offer, _person(world))).status_code == 404
    assert referent_client.get(_create_url(offer, world.objects["positioned_87"])).status_code == 200


def test_a_refused_positioning_keeps_the_form_and_writes_nothing(world, relations_client):
    offer = world.objects["job_offer_87"]
    person = world.objects["positioned_87"]  # already positioned on this offer
    record_employment_project(actor=None, person=person, romes=[RomeCodeFactory()], mobility_radius_km=20)
    before = Positioning.objects.count()
    response = relations_client.post(
        _create_url(offer), {"person": person.uuid, "programme": "pec", "note": "x"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "déjà positionnée sur cette offre" in page
    assert 'value="pec" selected' in page
    assert Positioning.objects.count() == before


def test_a_filled_offer_refuses_positionings(world, relations_client):
    offer = JobOfferFactory(employer=world.objects["employer_87"], status="filled", closed_on=TODAY)
    person = _person(world)
    response = relations_client.post(_create_url(offer), {"person": person.uuid, "programme": "common_law"})
    assert "on ne peut plus y positionner personne" in response.content.decode()
    assert not Positioning.objects.filter(person=person).exists()


def test_positioning_on_a_siae_position(world, relations_client):
    position = world.objects["position_87"]
    person = _person(world)
    url = reverse("web:employment_position_positioning_create", args=[position.uuid])
    assert "insertion du Val" in relations_client.get(f"{url}?person={person.uuid}").content.decode()
    relations_client.post(url, {"person": person.uuid, "programme": "iae"})
    assert Positioning.objects.get(person=person).insertion_position == position


def test_interview_then_hire_records_the_exit_and_fills_the_offer(world, relations_client):
    exit_reason("emploi-cdi")
    positioning = world.objects["positioning_87"]
    url = reverse("web:employment_positioning_interview", args=[positioning.uuid])
    response = relations_client.post(url, {"interview_on": "pas une date"})
    assert "Saisissez une date valide" in response.content.decode()
    relations_client.post(url, {"interview_on": TODAY.isoformat(), "note": "Entretien sur le chantier"})
    detail = relations_client.get(reverse("web:employment_positioning_detail", args=[positioning.uuid]))
    assert "Enregistrer le recrutement" in detail.content.decode()
    hire = reverse("web:employment_positioning_hire", args=[positioning.uuid])
    response = relations_client.post(
        hire, {"hired_on": TODAY.isoformat(), "contract_type": "cdi", "contract_months": "6"}
    )
    assert escape("Un CDI n'a pas de durée") in response.content.decode()
    assert 'value="6"' in response.content.decode()
    relations_client.post(hire, {"hired_on": TODAY.isoformat(), "contract_type": "cdi"})
    positioning.refresh_from_db()
    assert (positioning.status, positioning.contract_type) == ("hired", "cdi")
    assert PathwayExit.objects.get(person=positioning.person).employment_contract_type == "cdi"
    assert JobOffer.objects.get(pk=positioning.job_offer_id).status == "filled"
    page = relations_client.get(
        reverse("web:employment_positioning_detail", args=[positioning.uuid])
    ).content.decode()
    assert "Sortie vers l'emploi enregistrée" in page and "Enregistrer" not in page


def test_not_retained_with_its_reason(world, relations_client):
    positioning = world.objects["positioning_87"]
    url = reverse("web:employment_positioning_not_retained", args=[positioning.uuid])
    response = relations_client.post(url, {"on": TODAY.isoformat()})
    assert "Choisissez le motif" in response.content.decode()
    relations_client.post(url, {"on": TODAY.isoformat(), "reason": "no_show"})
    positioning.refresh_from_db()
    assert (positioning.status, positioning.not_retained_reason) == ("not_retained", "no_show")
    response = relations_client.post(
        reverse("web:employment_positioning_interview", args=[positioning.uuid]),
        {"interview_on": TODAY.isoformat()},
    )
    assert "Passage impossible de « Non retenu » à « Entretien »" in response.content.decode()


def test_the_officer_sees_the_people_positioned_never_health_nor_nir(world, relations_client):
    offer = world.objects["job_offer_87"]
    person = world.objects["positioned_87"]
    page = relations_client.get(
        reverse("web:employment_offer_positionings", args=[offer.uuid])
    ).content.decode()
    assert person.full_name in page and "Proposé" in page
    assert world.objects["person_79"].full_name not in page
    detail = relations_client.get(
        reverse("web:employment_positioning_detail", args=[world.objects["positioning_87"].uuid])
    ).content.decode()
    assert person.full_name in detail and NIR not in detail and "santé" not in detail.lower()
    # The officer reads no one's record: no link to the person's pathway.
    assert reverse("web:followup_pathway", args=[person.uuid]) not in detail
    entry = AuditEntry.objects.filter(action="positioning.list").latest("id")
    assert entry.data["persons"] == [str(person.uuid)]
    assert AuditEntry.objects.filter(action="positioning.read").count() == 1


def test_the_referent_sees_their_peoples_positionings_and_the_timeline(world, referent_client):
    exit_reason("emploi-cdi")
    positioning = world.objects["positioning_87"]
    other = Positioning.objects.create(
        departement_code="87",
        person=PersonFactory(),
        job_offer=JobOfferFactory(employer=world.objects["employer_87"]),
        programme="common_law",
        proposed_on=TODAY,
    )
    page = referent_client.get(reverse("web:employment_positioning_list")).content.decode()
    assert positioning.person.full_name in page and other.person.full_name not in page
    detail = referent_client.get(
        reverse("web:employment_positioning_detail", args=[positioning.uuid])
    ).content.decode()
    assert reverse("web:followup_pathway", args=[positioning.person.uuid]) in detail
    referent_client.post(
        reverse("web:employment_positioning_interview", args=[positioning.uuid]),
        {"interview_on": TODAY.isoformat()},
    )
    referent_client.post(
        reverse("web:employment_positioning_hire", args=[positioning.uuid]),
        {"hired_on": TODAY.isoformat(), "contract_type": "cdd", "contract_months": "3"},
    )
    labels = [event.label for event in events(positioning.person)]
    title = positioning.job_offer.title
    assert labels[0] == f"Recrutement (CDD, 3 mois) : « {title} » (Bâti Limousin)"
    assert f"Entretien d'embauche : « {title} » (Bâti Limousin)" in labels
    assert f"Positionnement sur « {title} » (Bâti Limousin)" in labels
    assert not PathwayExit.objects.filter(person=positioning.person).exists()  # a short CDD
    pathway = referent_client.get(
        reverse("web:followup_pathway", args=[positioning.person.uuid])
    ).content.decode()
    assert "Recrutement (CDD, 3 mois)" in pathway


def test_on_the_day_of_a_lasting_hire_the_exit_comes_last(world, referent_client):
    exit_reason("emploi-cdi")
    positioning = world.objects["positioning_87"]
    referent_client.post(
        reverse("web:employment_positioning_interview", args=[positioning.uuid]),
        {"interview_on": TODAY.isoformat()},
    )
    referent_client.post(
        reverse("web:employment_positioning_hire", args=[positioning.uuid]),
        {"hired_on": TODAY.isoformat(), "contract_type": "cdi"},
    )
    kinds = [event.kind for event in events(positioning.person) if event.day == TODAY]
    assert kinds.index("exit") < kinds.index("positioning_hired") < kinds.index("positioning_interview")


def test_the_list_filters_by_status(world, relations_client):
    url = reverse("web:employment_positioning_list")
    name = world.objects["positioned_87"].full_name
    assert name in relations_client.get(url, {"status": "proposed"}).content.decode()
    assert name not in relations_client.get(url, {"status": "hired"}).content.decode()


@pytest.mark.parametrize("name", ["web:employment_positioning_list", "web:employment_offer_positionings"])
def test_the_lists_take_the_same_queries_for_5_and_50_rows(world, relations_client, name):
    offer = JobOfferFactory(employer=world.objects["employer_87"], positions=60)
    url = reverse(name, args=[offer.uuid]) if name.endswith("offer_positionings") else reverse(name)

    def add(count, prefix):
        for index in range(count):
            commune = CommuneFactory(departement=world.objects["departement_87"])
            person = PersonFactory(dossier=DossierFactory(commune=commune), last_name=f"{prefix}{index}")
            Positioning.objects.create(
                departement_code="87",
                person=person,
                job_offer=offer,
                programme="common_law",
                proposed_on=TODAY,
            )

    add(4, "Court")
    few = queries_for(relations_client, url, shows=["Court3"])
    add(45, "Long")
    many = queries_for(relations_client, url, shows=["Long44"])
    assert few == many


def test_dates_of_another_day_are_kept(world, relations_client):
    positioning = world.objects["positioning_87"]
    day = TODAY + datetime.timedelta(days=5)
    relations_client.post(
        reverse("web:employment_positioning_interview", args=[positioning.uuid]),
        {"interview_on": day.isoformat()},
    )
    positioning.refresh_from_db()
    assert positioning.interview_on == day


def test_writes_across_the_departement_are_refused_and_write_nothing(world):
    exit_reason("emploi-cdi")
    positioning = world.objects["positioning_79"]
    Positioning.objects.filter(pk=positioning.pk).update(status="interview", interview_on=TODAY)
    hire = {"hired_on": TODAY.isoformat(), "contract_type": "cdi"}
    for role in ("employer_relations", "direction", DIRECTION_87_REFERENT_79):
        client = client_for(world, role)
        url = reverse("web:employment_positioning_hire", args=[positioning.uuid])
        assert client.post(url, hire).status_code == 404
        refuse = reverse("web:employment_positioning_not_retained", args=[positioning.uuid])
        assert client.post(refuse, {"on": TODAY.isoformat(), "reason": "other"}).status_code == 404
        create = _create_url(world.objects["job_offer_79"])
        data = {"person": world.objects["person_79"].uuid, "programme": "common_law"}
        assert client.post(create, data).status_code == 404
    positioning.refresh_from_db()
    assert positioning.status == "interview"
    assert Positioning.objects.filter(person=world.objects["person_79"]).count() == 1
    assert not PathwayExit.objects.exists()
