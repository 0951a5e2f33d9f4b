import datetime

import pytest

from pacte.audit.models import AuditEntry
from pacte.core.errors import DomainError, TransitionError
from pacte.employment import job_offer_import
from pacte.employment.models import JobOffer
from tests.employment.factories import EmployerProfileFactory, JobOfferFactory, RomeAppellationFactory
from tests.factories import CommuneFactory, DepartementFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
HEADERS = [
    "SIRET",
    "Intitulé",
    "Appellation",
    "Commune",
    "Contrat",
    "Heures",
    "Postes",
    "Ouverture",
    "Référence",
]


@pytest.fixture
def employer():
    departement = DepartementFactory(code="87")
    CommuneFactory(insee_code="87085", name="Limoges", departement=departement)
    RomeAppellationFactory()
    organization = OrganizationFactory(
        name="Bâti Limousin", kind="employer", siret="73282932000074", departement=departement
    )
    return EmployerProfileFactory(organization=organization)


def _row(**values):
    base = dict(
        zip(
            HEADERS,
            ["73282932000074", "Maçon", "16250", "87085", "CDI", "35", "2", "01/03/2026", "FT-1"],
            strict=True,
        )
    )
    return {**base, **values}


def _start(rows):
    return job_offer_import.start(
        actor=None,
        departement_code="87",
        filename="offres.csv",
        headers=HEADERS,
        rows=list(enumerate(rows, start=2)),
    )


def test_a_clean_file_is_imported_whole_and_a_second_time_creates_nothing(employer):
    entry = _start([_row(), _row(**{"Référence": "FT-2", "Contrat": "Intérim (mission)", "Heures": "20,5"})])
    review = job_offer_import.review(entry)
    assert review.errors == [] and len(review.offers) == 2
    assert job_offer_import.apply(actor=None, entry=entry) == {"created": 2, "skipped": 0}
    offers = JobOffer.objects.order_by("external_reference")
    assert [(o.external_reference, o.contract_type, str(o.weekly_hours), o.source) for o in offers] == [
        ("FT-1", "cdi", "35.0", "imported"),
        ("FT-2", "interim", "20.5", "imported"),
    ]
    assert offers[0].opened_on == datetime.date(2026, 3, 1) and offers[0].rome_id == "F1703"
    assert AuditEntry.objects.filter(action="job_offer.create").count() == 2
    again = _start([_row(), _row(**{"Référence": "FT-2"})])
    assert job_offer_import.apply(actor=None, entry=again) == {"created": 0, "skipped": 2}
    assert JobOffer.objects.count() == 2
    with pytest.raises(TransitionError):
        job_offer_import.apply(actor=None, entry=entry)


def test_one_wrong_row_refuses_the_whole_file_and_says_why_per_line(employer):
    entry = _start(
        [
            _row(),
            _row(**{"SIRET": "55210055400013", "Référence": "A"}),
            _row(**{"Appellation": "Astronaute", "Référence": "B"}),
            _row(**{"Commune": "99999", "Référence": "C"}),
            _row(**{"Heures": "70", "Référence": "D"}),
            _row(**{"Ouverture": "mars", "Référence": "E"}),
            _row(),
        ]
    )
    errors = {line.line: line.error for line in job_offer_import.review(entry).errors}
    assert errors == {
        3: "Aucun employeur de SIRET « 55210055400013 » dans le département (créez-le d'abord).",
        4: "Appellation ROME inconnue : « Astronaute ».",
        5: "Commune « 99999 » inconnue (code INSEE attendu).",
        6: "Le nombre d'heures par semaine va de 1 à 48.",
        7: "Date d'ouverture « mars » invalide (JJ/MM/AAAA).",
        8: "Cette référence figure déjà plus haut dans le fichier pour cet employeur.",
    }
    with pytest.raises(DomainError, match="6 lignes refusées : rien n'est importé"):
        job_offer_import.apply(actor=None, entry=entry)
    assert not JobOffer.objects.exists()


def test_missing_columns_are_named(employer):
    with pytest.raises(DomainError, match="Colonne\\(s\\) manquante\\(s\\) : appellation, heures"):
        job_offer_import.start(
            actor=None,
            departement_code="87",
            filename="f.csv",
            headers=["siret", "intitule", "commune", "contrat"],
            rows=[],
        )


def test_another_departements_employer_is_not_found_and_the_review_reads_in_fixed_queries(
    employer, django_assert_max_num_queries
):
    other = DepartementFactory(code="79")
    EmployerProfileFactory(
        organization=OrganizationFactory(siret="55210055400013", kind="employer", departement=other)
    )
    entry = _start([_row(**{"SIRET": "55210055400013"})])
    assert "Aucun employeur" in job_offer_import.review(entry).errors[0].error
    JobOfferFactory(employer=employer, external_reference="FT-0")
    many = _start([_row(**{"Référence": f"R-{n}"}) for n in range(40)])
    with django_assert_max_num_queries(5):
        review = job_offer_import.review(many)
    assert len(review.offers) == 40
