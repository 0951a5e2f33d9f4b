import io
from decimal import Decimal

import openpyxl
import pytest

from pacte.audit.models import AuditEntry
from pacte.beneficiaries.spreadsheet_files import SpreadsheetError
from pacte.core.errors import DomainError
from pacte.offers import catalogue_import
from pacte.offers.catalogue_import import ImportRefused, guess_mapping
from pacte.offers.models import Offer
from pacte.organizations.enums import Role
from tests.factories import CommuneFactory, DepartementFactory, OrganizationFactory, user_with_role
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db

MOBILITY = "mobilite--acceder-a-un-vehicule"
MOBILITY_LABEL = "Accéder à un véhicule"
DIGITAL = "numerique--maitriser-les-fondamentaux-du-numerique"


@pytest.fixture
def partner():
    organization = OrganizationFactory(
        name="Mission locale rurale", departement=DepartementFactory(code="87")
    )
    CommuneFactory(insee_code="87154", name="Saint-Junien", latitude=45.888, longitude=0.901)
    CommuneFactory(insee_code="87085", name="Limoges", latitude=45.835, longitude=1.262)
    return user_with_role(Role.PARTNER, organization), organization


def sheet_of(content, name="catalogue.csv"):
    return catalogue_import.read(io.BytesIO(content), file_name=name)


def run(content, user, organization, *, name="catalogue.csv", mapping=None, commit=True):
    sheet = sheet_of(content, name)
    mapping = mapping if mapping is not None else guess_mapping(sheet.headers)
    function = catalogue_import.import_catalogue if commit else catalogue_import.review
    try:
        return function(sheet, mapping=mapping, organization=organization, actor=user)
    except ImportRefused as refused:
        refused.add_note("\n".join(refused.result.errors))
        raise


def test_the_mapping_is_guessed_from_french_and_schema_names():
    headers = [
        "Nom",
        "Présentation",
        "thematiques",
        "Code INSEE",
        "Latitude",
        "lon",
        "Frais",
        "Colonne libre",
    ]
    assert guess_mapping(headers) == {
        "Nom": "name",
        "Présentation": "description",
        "thematiques": "thematiques",
        "Code INSEE": "commune",
        "Latitude": "latitude",
        "lon": "longitude",
        "Frais": "fees",
    }
    assert guess_mapping(["commune", "name", "Identifiant"]) == {
        "commune": "commune",
        "name": "name",
        "Identifiant": "identifier",
    }


def test_a_semicolon_csv_in_utf8_with_bom_creates_drafts_with_codes_and_labels(partner):
    user, organization = partner
    content = (
        "nom;description;thematiques;publics;code_insee;modes_accueil;volume_horaire_hebdomadaire;places\r\n"
        f"Garage solidaire;Réparer son véhicule à prix coûtant.;{MOBILITY_LABEL}|{DIGITAL};"
        "Bénéficiaires des minimas sociaux;87154;En présentiel;3,5;12\r\n"
        "Atelier numérique;Apprendre à utiliser un ordinateur.;numerique--maitriser-les-fondamentaux-du-numerique;"
        "tous-publics;Limoges;en-presentiel, a-distance;;\r\n"
    ).encode("utf-8-sig")
    result = run(content, user, organization)
    assert result.written and result.counts == {"create": 2, "update": 0, "error": 0}
    garage = Offer.objects.get(name="Garage solidaire")
    assert garage.status == "draft" and garage.organization == organization
    assert garage.thematiques == [MOBILITY, DIGITAL]
    assert garage.publics == ["beneficiaires-des-minimas-sociaux"]
    assert (garage.commune_id, garage.latitude, garage.longitude) == ("87154", 45.888, 0.901)
    assert (garage.weekly_hours, garage.capacity, garage.reception_modes) == (
        Decimal("3.5"),
        12,
        ["en-presentiel"],
    )
    atelier = Offer.objects.get(name="Atelier numérique")
    assert (atelier.commune_id, atelier.reception_modes) == ("87085", ["en-presentiel", "a-distance"])
    assert AuditEntry.objects.filter(action="offer.create", actor=user).count() == 2


def test_a_comma_csv_in_windows_1252(partner):
    user, organization = partner
    content = (
        "Nom,Description,Thématiques,Finalités,Frais\r\n"
        'Garage solidaire,"Réparer, entretenir son véhicule.",mobilite--acceder-a-un-vehicule,'
        "Lever les freins sociaux,payant\r\n"
    ).encode("cp1252")
    result = run(content, user, organization)
    assert result.counts["create"] == 1
    offer = Offer.objects.get()
    assert (offer.description, offer.aims, offer.fees) == (
        "Réparer, entretenir son véhicule.",
        ["lever_freins"],
        "payant",
    )


def test_a_tab_separated_csv(partner):
    user, organization = partner
    run(b"nom\tdescription\tfrais\nGarage solidaire\tReparer son vehicule.\tGratuit\n", user, organization)
    assert Offer.objects.get().fees == "gratuit"


def test_a_file_beyond_the_catalogue_limit_is_refused(monkeypatch):
    monkeypatch.setattr(catalogue_import, "MAX_ROWS", 2)
    with pytest.raises(
        SpreadsheetError, match="Le fichier compte 3 lignes : un catalogue en compte au plus 2"
    ):
        sheet_of(b"nom\nA\nB\nC\n")


def test_an_xlsx_made_with_openpyxl(partner):
    user, organization = partner
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["nom", "description", "thematiques", "code_insee", "latitude", "longitude", "a_distance"])
    sheet.append(["Garage solidaire", "Réparer son véhicule.", MOBILITY_LABEL, 87154, 45.9, 0.95, "non"])
    sheet.append(
        ["Permanence en ligne", "Un conseiller par visioconférence.", DIGITAL, None, None, None, "oui"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(buffer.getvalue(), user, organization, name="catalogue.xlsx")
    assert result.counts == {"create": 2, "update": 0, "error": 0}
    garage = Offer.objects.get(name="Garage solidaire")
    assert (garage.commune_id, garage.latitude, garage.longitude, garage.is_remote_only) == (
        "87154",
        45.9,
        0.95,
        False,
    )
    assert Offer.objects.get(name="Permanence en ligne").is_remote_only is True


def test_one_bad_row_writes_nothing_and_every_error_is_listed(partner):
    user, organization = partner
    content = (
        "nom;description;thematiques;publics;code_insee;places;courriel\n"
        "Garage solidaire;Réparer son véhicule.;mobilite--acceder-a-un-vehicule;;87154;12;\n"
        "Atelier;Un atelier.;pas-une-thematique;tous-publics|femmes;Commune imaginaire;douze;pas-un-courriel\n"
        "Bon atelier;;mobilite--acceder-a-un-vehicule;;87154;;\n"
    ).encode()
    with pytest.raises(ImportRefused) as refused:
        run(content, user, organization)
    assert not Offer.objects.exists()
    assert not AuditEntry.objects.filter(action="offer.create").exists()
    result = refused.value.result
    assert result.counts == {"create": 1, "update": 0, "error": 2}
    assert result.errors == [
        "ligne 3, colonne thematiques : valeur inconnue « pas-une-thematique » (codes du schéma ou leurs "
        "libellés attendus).",
        "ligne 3, colonne publics : « Tous publics » ne se combine pas avec d'autres publics.",
        "ligne 3, colonne code_insee : commune « Commune imaginaire » inconnue dans le département 87 : "
        "donnez son code INSEE.",
        "ligne 3, colonne places : « douze » n'est pas un nombre.",
        "ligne 3, colonne courriel : courriel « pas-un-courriel » invalide.",
        "ligne 4, colonne description : Décrivez l'offre (au moins quelques mots).",
    ]
    assert "2 lignes en erreur : rien n'a été enregistré" in refused.value.message


def test_the_review_writes_nothing_and_says_what_each_row_would_do(partner):
    user, organization = partner
    existing = OfferFactory(organization=organization, name="Ancien nom")
    content = (
        f"identifiant;nom;description\n{existing.uuid};Nouveau nom;\n;Garage solidaire;Réparer son véhicule.\n"
    ).encode()
    result = run(content, user, organization, commit=False)
    assert not result.written
    assert [(row.line, row.action, row.name, row.errors) for row in result.rows] == [
        (2, "update", "Nouveau nom", []),
        (3, "create", "Garage solidaire", []),
    ]
    assert list(Offer.objects.values_list("name", flat=True)) == ["Ancien nom"]
    assert not AuditEntry.objects.filter(action__in=["offer.create", "offer.update"]).exists()


def test_a_row_with_the_identifiant_of_an_offer_of_the_organisation_updates_it(partner):
    user, organization = partner
    offer = OfferFactory(organization=organization, name="Ancien nom", capacity=5, status="published")
    content = f"identifiant;nom;places;description\n{offer.uuid};Nouveau nom;8;\n".encode()
    result = run(content, user, organization)
    assert result.counts == {"create": 0, "update": 1, "error": 0}
    offer.refresh_from_db()
    # An empty cell never erases what the offer holds; an update keeps the offer's status.
    assert (offer.name, offer.capacity, offer.status) == ("Nouveau nom", 8, "published")
    assert offer.description.startswith("Un atelier collectif")
    assert Offer.objects.count() == 1
    assert AuditEntry.objects.get(action="offer.update").object_id == str(offer.uuid)


def test_the_identifiant_of_another_organisations_offer_is_refused(partner):
    user, organization = partner
    other = OfferFactory(organization=OrganizationFactory(name="Autre structure"), name="Pas à moi")
    content = f"identifiant;nom;description\n{other.uuid};Piraté;Une description.\n".encode()
    with pytest.raises(ImportRefused) as refused:
        run(content, user, organization)
    assert refused.value.result.errors == [
        f"ligne 2, colonne identifiant : aucune offre de « Mission locale rurale » ne porte l'identifiant "
        f"{other.uuid}."
    ]
    other.refresh_from_db()
    assert other.name == "Pas à moi"


def test_the_same_identifiant_twice_and_a_malformed_one_are_errors(partner):
    user, organization = partner
    offer = OfferFactory(organization=organization)
    content = (
        f"identifiant;nom\n{offer.uuid};Atelier un\n{offer.uuid};Atelier deux\nabc;Atelier trois\n".encode()
    )
    result = run(content, user, organization, commit=False)
    assert result.errors == [
        "ligne 3, colonne identifiant : cet identifiant figure déjà ligne 2.",
        "ligne 4, colonne identifiant : « abc » n'est pas un identifiant d'offre Pacte.",
    ]


def test_the_direction_imports_for_an_organisation_of_its_departement(partner):
    _, organization = partner
    direction = user_with_role(Role.DIRECTION, departement=organization.departement)
    offer = OfferFactory(organization=organization, name="Ancien nom")
    content = f"identifiant;nom\n{offer.uuid};Nouveau nom\n".encode()
    run(content, direction, organization)
    offer.refresh_from_db()
    assert offer.name == "Nouveau nom"


def test_a_label_holding_a_comma_is_read_whole_in_a_comma_list(partner):
    user, organization = partner
    content = (
        "nom;description;thematiques\n"
        "Vélo;Des vélos partagés.;Utiliser des services de mobilité douce, partagée ou collective, "
        f"{MOBILITY}\n"
    ).encode()
    run(content, user, organization)
    assert Offer.objects.get().thematiques == ["mobilite--mobilite-douce-partagee-collective", MOBILITY]


def test_a_wrong_mapping_and_an_unreadable_file_are_refused(partner):
    user, organization = partner
    sheet = sheet_of(b"nom;description\nA;B\n")
    with pytest.raises(DomainError, match="choisi pour deux colonnes"):
        catalogue_import.review(
            sheet, mapping={"nom": "name", "description": "name"}, organization=organization, actor=user
        )
    with pytest.raises(DomainError, match="colonne du nom des offres"):
        catalogue_import.review(
            sheet, mapping={"description": "description"}, organization=organization, actor=user
        )
    with pytest.raises(SpreadsheetError, match="CSV ou XLSX"):
        sheet_of(b"\x00\x01", name="catalogue.pdf")


def test_too_long_text_and_out_of_range_values_are_cell_errors(partner):
    user, organization = partner
    content = (
        f"nom;description;nombre_semaines;latitude;longitude\n{'x' * 151};Assez long.;300;95;1\n".encode()
    )
    result = run(content, user, organization, commit=False)
    assert result.errors == [
        "ligne 2, colonne nom : 150 caractères au plus (151 dans la cellule).",
        "ligne 2, colonne nombre_semaines : 260 au plus.",
        "ligne 2, colonne latitude : La latitude doit être comprise entre -90 et 90.",
    ]


def test_the_template_headers_are_guessed_back_to_every_field():
    headers = catalogue_import.template_headers()
    assert set(guess_mapping(headers).values()) == set(catalogue_import.FIELDS_BY_KEY)
