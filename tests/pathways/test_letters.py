"""The letters and the contract read as sent: the addressee as the CAF file gives them, the
département and the sender's contact, the signatory set by the direction, room to sign."""

import datetime
import io

import pytest
from pypdf import PdfReader
from reportlab.lib.units import cm

from pacte.organizations.enums import OrganizationKind
from pacte.pathways.pdf import contract_document, orientation_letter
from pacte.territory.models import Departement
from tests.factories import (
    CommuneFactory,
    DepartementFactory,
    DossierFactory,
    OrganizationFactory,
    PersonFactory,
    TerritoryFactory,
    UserFactory,
)
from tests.pathways.factories import ContractFactory, MaisonDepartementFactory, OrientationFactory
from tests.pathways.test_documents import normalised, pdf_text

pytestmark = pytest.mark.django_db


def in_order(text, *parts):
    """Each of `parts` is in `text`, after the one before."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found != -1, f"{part!r} absent ou mal placé dans {text[at:]!r}"
        at = found + len(part)


@pytest.fixture
def territory():
    territory = TerritoryFactory(name="Secteur Basse-Marche")
    MaisonDepartementFactory(
        name="Maison du département de Bellac",
        territory=territory,
        address="2 rue Lamartine",
        commune=CommuneFactory(insee_code="87011", name="Bellac", postcodes=["87300"]),
        phone="05 55 60 00 00",
        email="mdd-bellac@haute-vienne.fr",
    )
    MaisonDepartementFactory(name="Maison du département de Saint-Junien", territory=TerritoryFactory())
    return territory


def letter_to(person, **orientation):
    orientation = OrientationFactory(person=person, decision_date=datetime.date(2025, 1, 31), **orientation)
    return pdf_text(orientation_letter(orientation))


def test_a_letter_to_madame_from_her_maison_signed_by_the_direction(territory):
    Departement.objects.filter(code="87").update(
        signatory_title="Pour le Président du Conseil départemental, la directrice de l'insertion",
        signatory_name="Camille Martin",
    )
    person = PersonFactory(
        civility="MME",
        sex="2",
        first_name="Élodie",
        last_name="Lefèvre",
        dossier=DossierFactory(
            territory=territory, address_line="3 rue des Tanneries", postcode="87300", city_name="BELLAC"
        ),
    )
    raw = letter_to(person)
    text = normalised(raw)
    in_order(
        text,
        "Conseil départemental Haute-Vienne",
        "Maison du département de Bellac 2 rue Lamartine 87300 Bellac",
        "Tél. : 05 55 60 00 00 Courriel : mdd-bellac@haute-vienne.fr",
        "Madame Élodie Lefèvre 3 rue des Tanneries 87300 BELLAC",
        "Objet : décision d'orientation",
        "Madame,",
        "êtes soumise aux droits et devoirs",
        "vous êtes orientée vers",
        "Veuillez agréer, Madame, l'expression de nos salutations distinguées.",
        "Pour le Président du Conseil départemental, la directrice de l'insertion",
        "Camille Martin",
    )
    assert "Saint-Junien" not in text and "Madame, Monsieur" not in text
    assert "·" not in raw


def test_a_letter_to_monsieur_by_his_sex_when_the_civility_is_missing(territory):
    person = PersonFactory(civility="", sex="1", first_name="Karim", last_name="Benali")
    raw = letter_to(person)
    text = normalised(raw)
    in_order(
        text,
        "Monsieur Karim Benali",
        "Monsieur,",
        "êtes soumis aux droits et devoirs",
        "vous êtes orienté vers",
        "Veuillez agréer, Monsieur,",
        "Pour le Président du Conseil départemental",
    )
    assert "soumise" not in text and "orientée" not in text and "Madame" not in text
    assert "·" not in raw


def test_a_letter_without_civility_nor_sex_names_both(territory):
    orientation = OrientationFactory(person=PersonFactory(first_name="Alex", last_name="Roux"))
    orientation.person.civility = orientation.person.sex = ""
    raw = pdf_text(orientation_letter(orientation))
    text = normalised(raw)
    in_order(
        text, "Alex Roux", "Madame, Monsieur,", "êtes soumis ou soumise aux droits", "orienté ou orientée"
    )
    assert "·" not in raw


def test_without_maison_the_letter_comes_from_the_departement_services():
    OrganizationFactory(
        name="Conseil départemental de la Haute-Vienne",
        kind=OrganizationKind.DEPARTEMENT,
        address="11 rue François Chénieux, 87000 Limoges",
        phone="05 55 45 10 10",
    )
    text = normalised(letter_to(PersonFactory(civility="MR", sex="1")))
    in_order(
        text,
        "Conseil départemental de la Haute-Vienne 11 rue François Chénieux, 87000 Limoges",
        "Tél. : 05 55 45 10 10",
        "Monsieur,",
    )


def test_the_contract_keeps_the_lines_of_its_commitments_and_leaves_room_to_sign():
    structure = OrganizationFactory(name="Association Trajets", address="5 place Jourdan, 87000 Limoges")
    contract = ContractFactory(
        person=PersonFactory(civility="MME", sex="2", first_name="Inès", last_name="Moreau"),
        organization=structure,
        referent=UserFactory(first_name="Paul", last_name="Garnier"),
        commitments="Se présenter aux rendez-vous\r\nChercher un logement <b>stable</b> & proche\n\n"
        "Suivre la formation de cariste",
    )
    raw = pdf_text(contract_document(contract))
    lines = [line.strip() for line in raw.splitlines()]
    commitments = ["Se présenter aux rendez-vous", "Chercher un logement <b>stable</b> & proche"]
    assert all(line in lines for line in [*commitments, "Suivre la formation de cariste"])
    text = normalised(raw)
    in_order(
        text,
        "Conseil départemental Haute-Vienne",
        "Association Trajets 5 place Jourdan, 87000 Limoges",
        "Entre Madame Inès Moreau, née le",
        "et la structure Association Trajets, représentée par Paul Garnier.",
        "Engagements",
        *commitments,
        "Suivre la formation de cariste",
        "Plan d'action",
        "La personne",
        "Madame Inès Moreau",
        "Date et signature :",
    )
    in_order(text, "Le ou la référente", "Paul Garnier")
    assert text.count("Date et signature :") == 2
    assert "·" not in raw


def test_a_contract_with_monsieur_and_no_referent_yet():
    contract = ContractFactory(person=PersonFactory(civility="MR", sex="1"), commitments="")
    text = normalised(pdf_text(contract_document(contract)))
    assert ", né le" in text and "née" not in text
    assert "et le département, représenté par son ou sa référente." in text
    assert "Engagements" not in text


def heights(data, *texts):
    """The height on the last page of the first line starting with each of `texts`, in points."""
    found = {}

    def visit(text, cm_matrix, tm_matrix, font, size):
        for wanted in texts:
            if text.strip().startswith(wanted) and wanted not in found:
                found[wanted] = cm_matrix[5]

    PdfReader(io.BytesIO(data)).pages[-1].extract_text(visitor_text=visit)
    return [found[text] for text in texts]


def test_the_letter_leaves_room_to_sign_above_the_signatory_name():
    DepartementFactory(code="87", signatory_title="La directrice", signatory_name="Camille Martin")
    orientation = OrientationFactory(person=PersonFactory(civility="MME"))
    title, name = heights(orientation_letter(orientation), "La directrice", "Camille Martin")
    assert title - name > 2 * cm
