import datetime
import io

import pytest
from pypdf import PdfReader

from pacte.organizations.enums import Role
from pacte.pathways.exports import appointments_ics, france_travail_csv, oriented_to_france_travail
from pacte.pathways.pdf import contract_document, orientation_letter
from pacte.pathways.services import add_action, add_objective
from tests.factories import DossierFactory, PersonFactory, UserFactory, user_with_role
from tests.pathways.factories import (
    AppointmentFactory,
    ContractFactory,
    MaisonDepartementFactory,
    OrientationFactory,
)

pytestmark = pytest.mark.django_db


def pdf_text(data):
    assert data.startswith(b"%PDF")
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def normalised(text):
    return " ".join(text.split())


def test_orientation_letter_in_french():
    person = PersonFactory(
        first_name="Élodie",
        last_name="Lefèvre",
        dossier=DossierFactory(
            numdemrsa="08712345678", address_line="3 rue des Tanneries", postcode="87000", city_name="LIMOGES"
        ),
    )
    orientation = OrientationFactory(
        person=person,
        track="sociale",
        body=MaisonDepartementFactory(name="Maison du département de Bellac"),
        decision_date=datetime.date(2025, 1, 31),
    )
    text = normalised(pdf_text(orientation_letter(orientation)))
    assert "Objet : décision d'orientation" in text
    assert "Élodie Lefèvre" in text and "3 rue des Tanneries" in text
    assert "Par décision du 31/01/2025" in text
    assert "parcours social" in text and "Maison du département de Bellac" in text
    assert "au plus tard le 28/02/2025" in text
    assert "recours administratif" in text


def test_contract_pdf_with_hours_and_plan():
    person = PersonFactory(first_name="Karim", last_name="Benali")
    contract = ContractFactory(
        person=person,
        weekly_hours=8,
        hours_reason="Garde d'enfant en bas âge",
        signed_on=datetime.date(2025, 5, 2),
        end_date=datetime.date(2025, 11, 2),
    )
    objective = add_objective(
        actor=UserFactory(), person=person, title="Obtenir le permis B", contract=contract
    )
    add_action(
        actor=UserFactory(),
        objective=objective,
        title="Inscription au code de la route",
        due_date=datetime.date(2025, 7, 1),
    )
    text = normalised(pdf_text(contract_document(contract)))
    assert "Contrat d'engagement" in text
    assert "Karim Benali" in text
    assert "signé le 02/05/2025, jusqu'au 02/11/2025" in text
    assert "8 heures d'activité par semaine (adaptées : Garde d'enfant en bas âge)" in text
    assert (
        "Obtenir le permis B" in text and "Inscription au code de la route" in text and "01/07/2025" in text
    )


def test_france_travail_export_lists_current_orientations_to_france_travail():
    agent = user_with_role(Role.ORIENTATION_AGENT)
    to_ft = OrientationFactory(
        person=PersonFactory(last_name="Durand", france_travail_id="1234567X"),
        decision_date=datetime.date(2025, 3, 3),
        decided_by=agent,
    )
    OrientationFactory(decision_date=datetime.date(2025, 3, 3))  # oriented by another body: not theirs
    OrientationFactory(body=MaisonDepartementFactory())
    reoriented = OrientationFactory(decision_date=datetime.date(2025, 1, 1))
    OrientationFactory(
        person=reoriented.person, body=MaisonDepartementFactory(), decision_date=datetime.date(2025, 2, 1)
    )
    OrientationFactory(person=PersonFactory(dossier=DossierFactory(departement_code="79")))
    rows = list(oriented_to_france_travail(agent, departement_code="87"))
    assert rows == [to_ft]
    text = france_travail_csv(rows)
    assert text.startswith("\ufeffdepartement;numdemrsa;role;nir;")
    header, line = text.lstrip("\ufeff").strip().split("\r\n")
    values = dict(zip(header.split(";"), line.split(";"), strict=True))
    assert values["nom_usage"] == "Durand" and values["identifiant_france_travail"] == "1234567X"
    assert values["date_decision_orientation"] == "2025-03-03" and values["parcours"] == "professionnelle"
    assert values["nir"] == "2850687085123"
    assert list(oriented_to_france_travail(UserFactory(), departement_code="87")) == []


def test_appointments_ics():
    appointment = AppointmentFactory(
        person=PersonFactory(first_name="Inès", last_name="Moreau"),
        starts_at=datetime.datetime(2025, 6, 3, 9, 30, tzinfo=datetime.UTC),
        place="Maison du département, 24 avenue de la Libération; Saint-Junien, salle polyvalente du rez-de-chaussée",
        kind="convocation",
    )
    cancelled = AppointmentFactory(status="cancelled")
    text = appointments_ics([appointment, cancelled])
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "DTSTART:20250603T093000Z" in unfolded and "DTEND:20250603T101500Z" in unfolded
    assert "SUMMARY:Convocation – Inès M." in unfolded
    assert "LOCATION:Maison du département\\, 24 avenue de la Libération\\; Saint-Junien" in unfolded
    assert f"UID:{appointment.uuid}@pacte" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 2 and "STATUS:CANCELLED" in unfolded
    assert "Moreau" not in unfolded


def test_an_appointment_that_did_not_take_place_is_cancelled_in_the_ics():
    statuses = ["absent", "excused", "seen", "scheduled"]
    events = appointments_ics([AppointmentFactory(status=status) for status in statuses]).split(
        "BEGIN:VEVENT"
    )[1:]
    assert [line for event in events for line in event.split("\r\n") if line.startswith("STATUS:")] == [
        "STATUS:CANCELLED",
        "STATUS:CANCELLED",
        "STATUS:CONFIRMED",
        "STATUS:CONFIRMED",
    ]
