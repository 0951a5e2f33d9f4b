import pytest

from pacte.referentials.loaders import load_nomenclatures, load_rome
from pacte.referentials.models import Barrier, RomeAppellation, RomeCode
from pacte.territory.demo import build_demo_territories
from pacte.territory.loaders import load_communes, load_departements
from pacte.territory.models import Commune, Departement, Epci, Territory

pytestmark = pytest.mark.django_db


def test_territory_loaders_are_idempotent_and_keyed_on_insee_codes():
    load_departements()
    assert load_communes(departements=["87", "79"]) == 447
    load_communes(departements=["87", "79"])
    assert Commune.objects.count() == 447
    assert Commune.objects.filter(departement="87").count() == 195
    limoges = Commune.objects.get(insee_code="87085")
    assert limoges.name == "Limoges"
    assert "87000" in limoges.postcodes
    assert limoges.epci.name.startswith("CU") or limoges.epci.kind in {"CU", "CA"}
    assert Epci.objects.filter(communes__departement="87").distinct().count() == 13
    assert Departement.objects.filter(code="2A").exists()


def test_demo_territories_cover_every_commune_and_are_flagged():
    load_departements()
    load_communes(departements=["87"])
    build_demo_territories(Departement.objects.get(code="87"))
    build_demo_territories(Departement.objects.get(code="87"))
    assert Territory.objects.filter(departement="87").count() == 13
    assert not Commune.objects.filter(departement="87", territory=None).exists()
    assert all(t.is_demo and t.sites.exists() for t in Territory.objects.all())


def test_referentials_load_rome_and_nomenclatures_idempotently():
    assert load_rome()["rome_codes"] == (1584, 0)
    assert load_rome()["appellations"] == (0, 0)
    assert RomeAppellation.objects.count() == 13120
    assert RomeCode.objects.get(code="A1101").label.startswith("Conducteur")
    load_nomenclatures()
    assert {b.theme for b in Barrier.objects.all()} >= {
        "health",
        "mobility",
        "housing",
        "childcare",
        "digital",
    }
