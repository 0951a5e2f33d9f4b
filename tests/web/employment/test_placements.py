import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pacte.audit.models import AuditEntry
from pacte.employment.models import ClauseHours, Immersion, SocialClause, Tutoring
from pacte.employment.placement_enums import ImmersionStatus
from pacte.organizations.enums import Role
from tests.employment.factories import RomeAppellationFactory
from tests.employment.placement_factories import (
    ClauseHoursFactory,
    ImmersionFactory,
    SocialClauseFactory,
    TutoringFactory,
    employer_in,
)
from tests.factories import MembershipFactory, PersonFactory
from tests.permissions import matrix_employment, matrix_employment_placements
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

TODAY = datetime.date.today()


@pytest.fixture
def world(db):
    return build_world([matrix_employment.build, matrix_employment_placements.build])


def _immersion_form(world, **overrides):
    data = {
        "employer": str(world.objects["employer_87"].uuid),
        "tutor_name": "Paul Fournil",
        "tutor_job_title": "Chef d'équipe",
        "prescriber_organization": str(world.objects["mdd_north"].uuid),
        "appellation": str(RomeAppellationFactory().code_ogr),
        "objective": "recruit",
        "starts_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
        "ends_on": (TODAY + datetime.timedelta(days=16)).isoformat(),
        "weekly_hours": "35",
        "activities": "Gros œuvre, lecture de plans.",
    }
    data.update(overrides)
    return data


def test_a_referent_prescribes_an_immersion_from_the_person_and_the_parties_sign(world, referent_client):
    person = world.objects["pl_immersion_87"].person
    url = reverse("web:employment_immersion_create") + f"?person={person.uuid}"
    page = referent_client.get(url).content.decode()
    assert person.full_name in page and "Bâti Limousin" in page
    response = referent_client.post(url, {**_immersion_form(world), "person_uuid": str(person.uuid)})
    assert response.status_code == 302
    immersion = Immersion.objects.get(employer=world.objects["employer_87"])
    assert response["Location"] == reverse("web:employment_immersion_detail", args=[immersion.uuid])
    assert immersion.prescriber == world.users["referent"] and immersion.person == person
    for party in ("person", "employer", "prescriber"):
        referent_client.post(
            reverse("web:employment_immersion_sign", args=[immersion.uuid]), {"party": party}
        )
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.SIGNED
    detail = referent_client.get(
        reverse("web:employment_immersion_detail", args=[immersion.uuid])
    ).content.decode()
    assert "Convention signée" in detail and f"Signée le {TODAY:%d/%m/%Y}" in detail
    assert "Noter l'immersion comme réalisée" in detail
    response = referent_client.get(reverse("web:employment_immersion_pdf", args=[immersion.uuid]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Bâti Limousin" in text and "Convention signée par les trois parties" in text
    assert AuditEntry.objects.filter(action="immersion.convention_pdf").count() == 1


def test_a_person_out_of_reach_cannot_be_named_in_the_url(world, referent_client):
    person_79 = world.objects["pl_immersion_79"].person
    url = reverse("web:employment_immersion_create") + f"?person={person_79.uuid}"
    assert referent_client.get(url).status_code == 404


def test_an_officer_names_the_person_by_identity_and_a_failed_form_keeps_what_was_typed(
    world, relations_client
):
    person = PersonFactory(last_name="Moreau", first_name="Hugo", birth_date=datetime.date(1992, 4, 2))
    url = reverse("web:employment_immersion_create")
    identity = {"last_name": "Moreau", "first_name": "Hugo", "birth_date": "1992-04-03"}
    data = {
        **_immersion_form(world, prescriber_organization=str(world.objects["council_87"].uuid)),
        **identity,
    }
    response = relations_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "Aucune personne de ce nom" in page
    assert 'value="Paul Fournil"' in page and "Gros œuvre" in page
    assert Immersion.objects.count() == 2
    response = relations_client.post(
        url,
        {**data, "birth_date": "1992-04-02", "ends_on": (TODAY + datetime.timedelta(days=60)).isoformat()},
    )
    assert "au plus un mois" in response.content.decode() and Immersion.objects.count() == 2
    response = relations_client.post(url, {**data, "birth_date": "1992-04-02"})
    assert response.status_code == 302
    assert Immersion.objects.filter(person=person).exists()


def test_evaluation_and_cancellation_forms(world, relations_client):
    immersion = ImmersionFactory(
        person=world.objects["pl_immersion_87"].person,
        status=ImmersionStatus.CARRIED_OUT,
        carried_out_on=TODAY,
    )
    url = reverse("web:employment_immersion_evaluate", args=[immersion.uuid])
    response = relations_client.post(
        url, {"skills_observed": "", "attendance": "full", "next_step": "training", "day": TODAY.isoformat()}
    )
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    response = relations_client.post(
        url,
        {
            "skills_observed": "Rigueur, sécurité",
            "attendance": "full",
            "next_step": "training",
            "day": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.EVALUATED and immersion.next_step == "training"
    response = relations_client.post(
        reverse("web:employment_immersion_cancel", args=[immersion.uuid]), {"reason": "Erreur"}
    )
    assert response.status_code == 200 and "Passage impossible" in response.content.decode()
    immersion.refresh_from_db()
    assert immersion.status == ImmersionStatus.EVALUATED


def test_an_employers_member_reads_its_own_conventions_only_and_never_health_details(world):
    own = world.objects["pl_immersion_87"]
    member = MembershipFactory(role=Role.PARTNER, organization=own.employer.organization).user
    client = client_for(world, "partner")
    client.force_login(member)
    page = client.get(reverse("web:employment_immersion_list")).content.decode()
    assert own.person.full_name in page and world.objects["pl_immersion_79"].person.full_name not in page
    detail = client.get(reverse("web:employment_immersion_detail", args=[own.uuid])).content.decode()
    assert (
        own.tutor_name in detail
        and "Modifier la convention" not in detail
        and "Enregistrer la signature" not in detail
    )
    assert "2850687085123" not in detail
    assert client.get(reverse("web:employment_immersion_edit", args=[own.uuid])).status_code == 403
    other = ImmersionFactory()
    assert client.get(reverse("web:employment_immersion_detail", args=[other.uuid])).status_code == 404
    assert client.get(reverse("web:employment_clause_list")).status_code == 403


def test_the_immersion_list_takes_the_same_queries_for_5_and_50_rows(world, relations_client):
    url = reverse("web:employment_immersion_list")
    for index in range(4):
        ImmersionFactory(tutor_name="x", person=PersonFactory(last_name=f"Court{index}"))
    few = queries_for(relations_client, url, shows=["Court3"])
    for index in range(45):
        ImmersionFactory(person=PersonFactory(last_name=f"Long{index}"))
    many = queries_for(relations_client, url, shows=["Long44"])
    assert few == many


def test_a_tutoring_is_started_followed_and_ended(world, referent_client):
    person = world.objects["pl_tutoring_87"].person
    url = reverse("web:employment_tutoring_create") + f"?person={person.uuid}"
    data = {
        "person_uuid": str(person.uuid),
        "employer": str(world.objects["employer_87"].uuid),
        "job_title": "Maçon",
        "tutor_name": "Luc Chef",
        "tutor_organization": "",
        "started_on": TODAY.isoformat(),
        "planned_end_on": (TODAY - datetime.timedelta(days=2)).isoformat(),
    }
    response = referent_client.post(url, data)
    assert "La fin prévue du tutorat suit son début" in response.content.decode()
    response = referent_client.post(
        url, {**data, "planned_end_on": (TODAY + datetime.timedelta(days=90)).isoformat()}
    )
    assert response.status_code == 302
    tutoring = Tutoring.objects.get(employer=world.objects["employer_87"])
    assert tutoring.tutor_organization == world.objects["employer_87"].organization
    referent_client.post(
        reverse("web:employment_tutoring_meeting_add", args=[tutoring.uuid]),
        {"held_on": TODAY.isoformat(), "notes": "Premier mois sans difficulté."},
    )
    referent_client.post(
        reverse("web:employment_tutoring_end", args=[tutoring.uuid]),
        {"ended_on": TODAY.isoformat(), "outcome": "job_kept", "notes": ""},
    )
    detail = referent_client.get(
        reverse("web:employment_tutoring_detail", args=[tutoring.uuid])
    ).content.decode()
    assert "Premier mois sans difficulté." in detail and "emploi maintenu" in detail
    assert "Ajouter un point" not in detail


def test_the_tutoring_list_takes_the_same_queries_for_5_and_50_rows(world, relations_client):
    url = reverse("web:employment_tutoring_list")
    for index in range(4):
        TutoringFactory(person=PersonFactory(last_name=f"Court{index}"))
    few = queries_for(relations_client, url, shows=["Court3"])
    for index in range(45):
        TutoringFactory(person=PersonFactory(last_name=f"Long{index}"))
    many = queries_for(relations_client, url, shows=["Long44"])
    assert few == many


def test_a_clause_is_created_its_hours_entered_charted_and_exported(world, relations_client):
    response = relations_client.post(
        reverse("web:employment_clause_create"),
        {
            "buyer_name": "Limoges Habitat",
            "title": "Réhabilitation de 120 logements",
            "reference": "LH-2026-07",
            "holder": str(world.objects["employer_87"].uuid),
            "starts_on": (TODAY.replace(day=1) - datetime.timedelta(days=70)).isoformat(),
            "ends_on": (TODAY + datetime.timedelta(days=300)).isoformat(),
            "required_hours": "900",
            "facilitator": "",
        },
    )
    assert response.status_code == 302
    clause = SocialClause.objects.get(reference="LH-2026-07")
    person = PersonFactory(last_name="Girard", first_name="Noé", birth_date=datetime.date(1999, 9, 9))
    url = reverse("web:employment_clause_hours_add", args=[clause.uuid])
    data = {
        "last_name": "Girard",
        "first_name": "Noé",
        "birth_date": "1999-09-09",
        "month": f"{TODAY:%Y-%m}",
        "hours": "300",
        "employer": "",
    }
    response = relations_client.post(url, data)
    assert (
        "Au plus 208" in response.content.decode() or "inférieure ou égale à 208" in response.content.decode()
    )
    assert not ClauseHours.objects.filter(clause=clause).exists()
    assert relations_client.post(url, {**data, "hours": "120"}).status_code == 302
    entry = ClauseHours.objects.get(clause=clause)
    assert entry.person == person and entry.month == TODAY.replace(day=1) and entry.employer is None
    detail = relations_client.get(
        reverse("web:employment_clause_detail", args=[clause.uuid])
    ).content.decode()
    assert "<svg" in detail and "rythme requis" in detail and "Girard" in detail
    assert "120,0 heures réalisées sur 900" in detail or "120.0 heures réalisées sur 900" in detail
    response = relations_client.get(reverse("web:employment_clause_export"), {"clause": str(clause.uuid)})
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["Heures par personne"].iter_rows(values_only=True))
    assert rows[1][2:4] == ("Girard", "Noé") and rows[1][6] == 120
    assert [row[2] for row in workbook["Synthèse par marché"].iter_rows(values_only=True)] == [
        "Référence",
        "LH-2026-07",
    ]
    audit = AuditEntry.objects.filter(action="social_clause.export").get()
    assert audit.data["persons"] == [str(person.uuid)]


def test_the_export_and_the_list_hold_only_the_readers_departement(world, relations_client):
    response = relations_client.get(reverse("web:employment_clause_export"))
    references = [
        row[2]
        for row in load_workbook(io.BytesIO(response.content))["Synthèse par marché"].iter_rows(
            values_only=True
        )
    ]
    assert references == ["Référence", world.objects["pl_clause_87"].reference]
    page = relations_client.get(reverse("web:employment_clause_list")).content.decode()
    assert world.objects["pl_clause_79"].reference not in page
    # The totals are those of the 87's one clause: 1 200 hours required, 70 done.
    footer = page[page.index("<tfoot>") : page.index("</tfoot>")]
    assert "Ensemble des marchés" in footer and "200</td>" in footer and "70,0" in footer
    assert (
        relations_client.get(reverse("web:employment_clause_export"), {"clause": "pas-un-uuid"}).status_code
        == 404
    )
    response = relations_client.get(
        reverse("web:employment_clause_export"), {"clause": str(world.objects["pl_clause_79"].uuid)}
    )
    assert response.status_code == 404


def test_removing_hours_needs_the_confirmation(world, relations_client):
    entry = world.objects["pl_hours_87"]
    url = reverse("web:employment_clause_hours_remove", args=[entry.uuid])
    relations_client.post(url)
    assert ClauseHours.objects.filter(pk=entry.pk).exists()
    relations_client.post(url, {"confirm": "1"})
    assert not ClauseHours.objects.filter(pk=entry.pk).exists()


def test_the_clause_list_takes_the_same_queries_for_5_and_50_rows(world, relations_client):
    url = reverse("web:employment_clause_list")
    holder = employer_in("87", "Titulaire")
    for index in range(4):
        ClauseHoursFactory(clause=SocialClauseFactory(reference=f"COURT-{index}", holder=holder))
    few = queries_for(relations_client, url, shows=["COURT-3"])
    for index in range(45):
        ClauseHoursFactory(clause=SocialClauseFactory(reference=f"LONG-{index}", holder=holder))
    many = queries_for(relations_client, url, shows=["LONG-44"])
    assert few == many
