"""The employment dashboard: recruitments by month, sector, territory and programme, the coverage of
the métiers en tension by the people's projects and the open offers, the clause hours done against
required, each figure checked against hand-built data; scoped to the reader's département, no
person's name on the page, the same number of queries for 5 and 50 rows."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from pacte.employment.models import ClauseHours, Positioning, SocialClause
from pacte.organizations.enums import OrganizationKind
from pacte.pathways.models import EmploymentProject
from tests.employment.factories import (
    EmployerProfileFactory,
    JobOfferFactory,
    RomeAppellationFactory,
    RomeCodeFactory,
    tension_job,
)
from tests.factories import (
    CommuneFactory,
    DossierFactory,
    OrganizationFactory,
    PersonFactory,
    TerritoryFactory,
)
from tests.permissions.world import build_world, client_for
from tests.web.helpers import queries_for

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1  # a whole year behind us, whatever today's date


@pytest.fixture
def world(db):
    """The permission world alone: no employer, offer or list of the employment matrix."""
    return build_world([])


def _url(code="87"):
    return reverse("web:employment_dashboard_departement", args=[code])


def _person(departement, territory, name):
    commune = CommuneFactory(departement=departement, territory=territory)
    dossier = DossierFactory(departement_code=departement.code, commune=commune, territory=territory)
    return PersonFactory(dossier=dossier, last_name=name)


def _employer(departement, name, naf, sector, kind=OrganizationKind.EMPLOYER):
    organization = OrganizationFactory(name=name, kind=kind, departement=departement)
    return EmployerProfileFactory(organization=organization, naf_code=naf, sector=sector)


def _hire(person, offer, hired_on, programme="common_law", status="hired"):
    fields = {"hired_on": hired_on, "contract_type": "cdi"} if status == "hired" else {}
    if status == "not_retained":
        fields = {"not_retained_on": hired_on, "not_retained_reason": "employer_choice"}
    return Positioning.objects.create(
        departement_code=person.departement_code, person=person, job_offer=offer, status=status,
        programme=programme, proposed_on=hired_on - datetime.timedelta(days=10), **fields,
    )  # fmt: skip


@pytest.fixture
def hires(world):
    """Five hires of the 87 in YEAR (3 in construction, 2 in health; 3 in the North, 2 in the
    South), one of the year before, one not retained, and one hire of the 79."""
    d87, d79 = world.objects["departement_87"], world.objects["departement_79"]
    north, south = (
        TerritoryFactory(departement=d87, name="Nord"),
        TerritoryFactory(departement=d87, name="Sud"),
    )
    builder = _employer(d87, "Bâti Limousin", "43.99C", "F")
    care = _employer(d87, "EHPAD Les Tilleuls", "87.10A", "Q")
    offers = [JobOfferFactory(employer=builder), JobOfferFactory(employer=care)]
    people = [_person(d87, north if i < 3 else south, f"Recrutée{i}") for i in range(5)]
    _hire(people[0], offers[0], datetime.date(YEAR, 1, 20))
    _hire(people[1], offers[0], datetime.date(YEAR, 3, 5), programme="social_clause")
    _hire(people[2], offers[0], datetime.date(YEAR, 3, 25))
    _hire(people[3], offers[1], datetime.date(YEAR, 3, 28), programme="pec")
    _hire(people[4], offers[1], datetime.date(YEAR, 11, 2))
    _hire(_person(d87, north, "AnnéeAvant"), offers[1], datetime.date(YEAR - 1, 6, 1))
    _hire(_person(d87, north, "NonRetenue"), offers[1], datetime.date(YEAR, 5, 1), status="not_retained")
    other = JobOfferFactory(employer=_employer(d79, "Menuiserie du Marais", "16.23Z", "C"))
    _hire(_person(d79, TerritoryFactory(departement=d79), "Ailleurs"), other, datetime.date(YEAR, 2, 2))
    return people


def test_recruitments_by_month_sector_territory_and_programme(world, hires):
    response = client_for(world, "employer_relations").get(_url(), {"annee": YEAR})
    assert response.status_code == 200
    figures = response.context["recruitments"]
    assert figures.total == 5
    assert [(g["label"], g["count"]) for g in figures.by_sector] == [
        ("Construction", 3),
        ("Santé humaine et action sociale", 2),
    ]
    assert [(g["label"], g["count"]) for g in figures.by_territory] == [("Nord", 3), ("Sud", 2)]
    assert [(g["key"], g["count"]) for g in figures.by_programme] == [
        ("common_law", 3),
        ("social_clause", 1),
        ("pec", 1),
    ]
    assert [value for value, _ in figures.programmes] == ["common_law", "pec", "social_clause"]
    months = {month.month: (total, counts) for month, _, total, counts in figures.by_month}
    assert len(months) == 12
    assert months[1] == (1, [1, 0, 0])
    assert months[3] == (3, [1, 1, 1])
    assert months[11] == (1, [1, 0, 0])
    assert sum(total for total, _ in months.values()) == 5
    chart = response.context["month_chart"]
    assert [bar.value for bar in chart.bars][:3] == [1, 0, 3]
    page = response.content.decode()
    assert "Recrutements par mois et par dispositif" in page and f"mars {YEAR}" in page
    # Aggregates only: no name of a person recruited.
    assert "Recrutée" not in page and "Ailleurs" not in page


def test_the_year_before_and_an_unreadable_year(world, hires):
    client = client_for(world, "direction")
    assert client.get(_url(), {"annee": YEAR - 1}).context["recruitments"].total == 1
    response = client.get(_url(), {"annee": "deux mille"})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
    assert "L&#x27;année « deux mille » n&#x27;est pas disponible" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def _project(person, *romes):
    project = EmploymentProject.objects.create(
        departement_code=person.departement_code, person=person, mobility_radius_km=20
    )
    project.romes.set(romes)
    return project


def test_coverage_of_the_metiers_en_tension_by_projects_and_open_offers(world):
    d87, d79 = world.objects["departement_87"], world.objects["departement_79"]
    mason, cook, driver, clerk = (
        RomeCodeFactory(code=code, label=label)
        for code, label in (
            ("F1703", "Maçon"),
            ("G1602", "Commis de cuisine"),
            ("N4101", "Poids lourd"),
            ("M1602", "Secrétaire"),
        )
    )
    listed = {"territory_kind": "departement", "territory_code": "87", "territory_name": "Haute-Vienne"}
    for rome in (mason, cook, driver):
        tension_job(rome, **listed)
    territory = TerritoryFactory(departement=d87)
    _project(_person(d87, territory, "Projet-Alpha"), mason, clerk)
    _project(_person(d87, territory, "Projet-Beta"), mason, cook)
    _project(_person(d87, territory, "Projet-Gamma"), clerk)
    _project(_person(d79, TerritoryFactory(departement=d79), "Projet-Delta"), driver)  # another département
    employer = EmployerProfileFactory(organization=OrganizationFactory(departement=d87))
    mason_sheet = RomeAppellationFactory(code_ogr=16250, rome=mason)
    JobOfferFactory(employer=employer, appellation=mason_sheet, positions=2)
    JobOfferFactory(employer=employer, appellation=mason_sheet, positions=1)
    JobOfferFactory(
        employer=employer, appellation=mason_sheet, status="filled", closed_on=timezone.localdate()
    )
    driver_sheet = RomeAppellationFactory(code_ogr=12345, label="Conducteur", rome=driver)
    JobOfferFactory(
        employer=EmployerProfileFactory(organization=OrganizationFactory(departement=d79)),
        appellation=driver_sheet,
    )

    response = client_for(world, "employer_relations").get(_url())
    coverage = response.context["coverage"]
    rows = [(row.rome, row.people, row.open_offers, row.open_positions) for row in coverage.rows]
    assert rows == [("F1703", 2, 2, 3), ("G1602", 1, 0, 0), ("N4101", 0, 0, 0)]
    assert (coverage.jobs, coverage.covered, coverage.with_offers, coverage.people_targeting) == (3, 2, 1, 2)
    assert coverage.covered_rate == 67
    page = response.content.decode()
    assert "2 métiers en tension sur 3 visés" in page
    assert "Projet-" not in page


def _clause(departement_code, reference, required, starts_on, ends_on, holder=None):
    return SocialClause.objects.create(
        departement_code=departement_code, buyer_name="Ville de Limoges", title=f"Marché {reference}",
        reference=reference, holder=holder, starts_on=starts_on, ends_on=ends_on, required_hours=required,
    )  # fmt: skip


def test_clause_hours_done_against_required_per_contract_and_by_month(world):
    d87 = world.objects["departement_87"]
    holder = _employer(d87, "Bâti Limousin", "43.99C", "F")
    territory = TerritoryFactory(departement=d87)
    first, second = _person(d87, territory, "Heures1"), _person(d87, territory, "Heures2")
    ended = _clause("87", "2025-VOIRIE", 200, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 6, 30), holder)
    running = _clause("87", "2025-ECOLE", 100, datetime.date(YEAR, 3, 1), datetime.date(YEAR + 2, 2, 28))
    other = _clause("79", "2025-NIORT", 500, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    for clause, person, month, hours in (
        (ended, first, 2, "70"), (ended, second, 2, "31"), (ended, first, 4, "50"),
        (running, second, 4, "20"), (running, first, 12, "5"),
    ):  # fmt: skip
        ClauseHours.objects.create(
            departement_code="87",
            clause=clause,
            person=person,
            month=datetime.date(YEAR, month, 1),
            hours=Decimal(hours),
        )
    ClauseHours.objects.create(
        departement_code="79", clause=other, person=_person(world.objects["departement_79"], None, "Niort"),
        month=datetime.date(YEAR, 4, 1), hours=Decimal("400"),
    )  # fmt: skip

    response = client_for(world, "direction").get(_url(), {"annee": YEAR})
    figures = response.context["clauses"]
    rows = {row.clause.reference: row.compliance for row in figures.rows}
    assert set(rows) == {"2025-VOIRIE", "2025-ECOLE"}
    assert (rows["2025-VOIRIE"].done, rows["2025-VOIRIE"].rate, rows["2025-VOIRIE"].people) == (
        Decimal("151"),
        75.5,
        2,
    )
    assert rows["2025-VOIRIE"].label == "Marché terminé, objectif non atteint"
    assert (rows["2025-ECOLE"].done, rows["2025-ECOLE"].rate) == (Decimal("25"), 25.0)
    assert (figures.required, figures.done, figures.rate) == (300, Decimal("176"), 58.7)
    by_month = {month.month: hours for month, _, hours in figures.by_month}
    assert (by_month[2], by_month[4], by_month[12], by_month[1]) == (
        Decimal("101"),
        Decimal("70"),
        Decimal("5"),
        0,
    )
    assert [bar.value for bar in response.context["clause_chart"].bars] == [25, 76]
    page = response.content.decode()
    assert "Bâti Limousin" in page and "2025-NIORT" not in page and "Heures1" not in page


def test_the_bare_url_sends_to_the_readers_departement_and_others_are_refused(world):
    response = client_for(world, "employer_relations").get(reverse("web:employment_dashboard"))
    assert response.status_code == 302 and response["Location"] == _url("87")
    assert client_for(world, "employer_relations").get(_url("79")).status_code == 404
    assert client_for(world, "referent").get(_url("87")).status_code == 403
    assert client_for(world, "analyst").get(_url("87")).status_code == 403


def test_the_same_queries_for_5_and_50_rows(world):
    d87 = world.objects["departement_87"]
    territory = TerritoryFactory(departement=d87, name="Nord")
    employer = _employer(d87, "Bâti Limousin", "43.99C", "F")
    offer = JobOfferFactory(employer=employer, positions=60)
    listed = {"territory_kind": "departement", "territory_code": "87", "territory_name": "Haute-Vienne"}

    def add(count, start):
        for index in range(start, start + count):
            person = _person(d87, territory, f"P{index}")
            _hire(
                person,
                offer,
                datetime.date(YEAR, 1 + index % 12, 10),
                programme=["pec", "iae", "common_law"][index % 3],
            )
            rome = RomeCodeFactory(code=f"K{index:04d}", label=f"Métier {index}")
            tension_job(rome, **listed)
            _project(person, rome)
            clause = _clause(
                "87", f"MARCHE-{index}", 100, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31), employer
            )
            ClauseHours.objects.create(
                departement_code="87", clause=clause, person=person, month=datetime.date(YEAR, 5, 1), hours=10
            )

    client = client_for(world, "employer_relations")
    add(5, 0)
    few = queries_for(client, _url(), shows=["MARCHE-4", "Métier 4"], annee=YEAR)
    add(45, 5)
    many = queries_for(client, _url(), shows=["MARCHE-49", "Métier 49"], annee=YEAR)
    assert few == many
