import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pacte.audit.models import AuditEntry
from pacte.beneficiaries.models import Dossier, Person
from pacte.core.errors import DomainError
from pacte.pathways import queries
from pacte.territory.demo import build_demo_territories
from pacte.territory.loaders import load_communes, load_departements
from pacte.territory.models import Commune, Departement
from pacte.territory.services import move_communes, preview_change, update_territory
from tests.factories import (
    CommuneFactory,
    DepartementFactory,
    DossierFactory,
    PersonFactory,
    TerritoryFactory,
)
from tests.permissions.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sectors():
    departement = DepartementFactory(code="87")
    north = TerritoryFactory(departement=departement, name="Nord")
    south = TerritoryFactory(departement=departement, name="Sud")
    bellac = CommuneFactory(insee_code="87011", name="Bellac", departement=departement, territory=north)
    dorat = CommuneFactory(insee_code="87059", name="Le Dorat", departement=departement, territory=north)
    aixe = CommuneFactory(
        insee_code="87001", name="Aixe-sur-Vienne", departement=departement, territory=south
    )
    return north, south, bellac, dorat, aixe


def _dossiers(commune, count):
    return [DossierFactory(commune=commune, territory=commune.territory) for _ in range(count)]


def _territories(dossiers):
    return [Dossier.objects.get(pk=dossier.pk).territory for dossier in dossiers]


def test_the_dossiers_of_a_commune_ticked_in_another_sector_follow_it(sectors):
    north, south, bellac, dorat, aixe = sectors
    of_bellac, of_dorat, of_aixe = _dossiers(bellac, 2), _dossiers(dorat, 1), _dossiers(aixe, 1)
    update_territory(actor=None, territory=south, name="Sud", communes=[aixe, bellac])
    bellac.refresh_from_db()
    assert bellac.territory == south
    assert _territories(of_bellac) == [south, south]
    assert _territories(of_dorat) == [north]
    assert _territories(of_aixe) == [south]


def test_what_reads_the_dossiers_territory_follows_the_move():
    world = build_world()
    north, south = world.objects["territory_north"], world.objects["territory_south"]
    commune = CommuneFactory(departement=world.objects["departement_87"], territory=south)
    person = PersonFactory(dossier=DossierFactory(commune=commune, territory=south))
    agent = world.users["orientation_agent"]
    today = datetime.date(2026, 1, 15)
    assert person not in Person.objects.visible_to(agent)
    update_territory(actor=None, territory=north, name="Nord", communes=[commune])
    assert person in Person.objects.visible_to(agent)
    assert person in queries.orientation_queue(agent, today=today, territory=north)
    assert person not in queries.orientation_queue(world.users["direction"], today=today, territory=south)
    assert set(north.dossiers.all()) == {world.objects["person_north"].dossier, person.dossier}


def test_the_dossiers_are_moved_by_one_update_whatever_the_number_of_communes(sectors):
    north, south, bellac, dorat, aixe = sectors
    for commune in (bellac, dorat):
        _dossiers(commune, 3)
    with CaptureQueriesContext(connection) as captured:
        move_communes(actor=None, territory=south, communes=[bellac, dorat])
    updates = [
        q["sql"] for q in captured if q["sql"].startswith("UPDATE") and "beneficiaries_dossier" in q["sql"]
    ]
    assert len(updates) == 1
    assert Dossier.objects.filter(territory=south).count() == 6


def test_a_move_is_audited_with_ids_and_counts(sectors):
    north, south, bellac, dorat, aixe = sectors
    _dossiers(bellac, 2)
    orphan = CommuneFactory(insee_code="87002", departement=north.departement)
    DossierFactory(commune=orphan)
    move_communes(actor=None, territory=south, communes=[bellac, orphan, aixe])
    entry = AuditEntry.objects.get(action="territory.communes_move")
    assert entry.object_id == str(south.pk)
    assert entry.departement_code == "87"
    assert entry.data == {
        "communes": {"87011": north.pk, "87002": None},
        "rows": {"beneficiaries.dossier": 3},
    }


def test_moving_communes_already_in_the_sector_writes_nothing(sectors):
    north, south, bellac, dorat, aixe = sectors
    _dossiers(aixe, 2)
    change = move_communes(actor=None, territory=south, communes=[aixe])
    assert change.moves == ()
    assert not AuditEntry.objects.filter(action="territory.communes_move").exists()


def test_a_stale_dossier_of_a_commune_of_the_sector_is_repaired(sectors):
    north, south, bellac, dorat, aixe = sectors
    stale = DossierFactory(commune=aixe, territory=north)
    change = preview_change(territory=south, communes=[aixe])
    assert [(move.commune, move.source, move.count(Dossier)) for move in change.moves] == [(aixe, south, 1)]
    update_territory(actor=None, territory=south, name="Sud", communes=[aixe])
    assert _territories([stale]) == [south]


def test_unticking_a_commune_that_would_belong_to_no_sector_is_refused(sectors):
    north, south, bellac, dorat, aixe = sectors
    of_dorat = _dossiers(dorat, 1)
    with pytest.raises(DomainError) as raised:
        update_territory(actor=None, territory=north, name="Nord renommé", communes=[bellac])
    assert raised.value.field == "communes"
    assert "Le Dorat (87059)" in raised.value.message
    assert "cochez-la dans le territoire qui doit l'accueillir" in raised.value.message
    north.refresh_from_db()
    dorat.refresh_from_db()
    assert north.name == "Nord"
    assert dorat.territory == north
    assert _territories(of_dorat) == [north]
    assert not AuditEntry.objects.filter(action__startswith="territory.").exists()


def test_the_preview_counts_the_dossiers_per_commune_moved_and_in_total(sectors):
    north, south, bellac, dorat, aixe = sectors
    _dossiers(bellac, 2)
    _dossiers(dorat, 1)
    _dossiers(aixe, 4)
    DossierFactory(commune=bellac, territory=south)
    change = preview_change(territory=south, communes=[aixe, bellac, dorat])
    assert [(move.commune, move.source, move.count(Dossier)) for move in change.moves] == [
        (bellac, north, 2),
        (dorat, north, 1),
    ]
    assert change.count(Dossier) == 3
    assert change.orphans == ()
    assert change.key == "87011,87059"
    assert [rows.label for rows in change.totals] == ["3 dossiers RSA"]
    assert [rows.label for rows in change.moves[1].rows] == ["1 dossier RSA"]
    assert Dossier.objects.filter(territory=south).count() == 5


def test_the_preview_names_the_communes_left_without_a_sector(sectors):
    north, south, bellac, dorat, aixe = sectors
    assert preview_change(territory=north, communes=[]).orphans == (bellac, dorat)


def test_the_preview_query_count_does_not_grow_with_communes_or_dossiers(sectors):
    north, south, bellac, dorat, aixe = sectors
    _dossiers(bellac, 1)
    with CaptureQueriesContext(connection) as few:
        preview_change(territory=south, communes=[aixe, bellac])
    communes = [aixe, bellac, dorat]
    for n in range(30):
        commune = CommuneFactory(insee_code=f"87{200 + n}", departement=north.departement, territory=north)
        _dossiers(commune, 3)
        communes.append(commune)
    with CaptureQueriesContext(connection) as many:
        change = preview_change(territory=south, communes=communes)
    assert len(change.moves) == 32
    assert change.count(Dossier) == 91
    assert len(many) == len(few)


def test_the_demo_sectors_take_the_communes_without_a_territory_with_their_dossiers():
    load_departements()
    load_communes(departements=["87"])
    bellac = Commune.objects.get(insee_code="87011")
    dossier = DossierFactory(commune=bellac)
    build_demo_territories(Departement.objects.get(code="87"))
    bellac.refresh_from_db()
    assert bellac.territory is not None
    assert _territories([dossier]) == [bellac.territory]
