import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pacte.employment import tension
from pacte.employment.models import TensionJob, TensionList
from tests.employment.factories import JobOfferFactory, RomeCodeFactory, TensionListFactory, tension_job
from tests.factories import DepartementFactory

pytestmark = pytest.mark.django_db
SAMPLE = (
    Path(__file__).resolve().parents[2]
    / "pacte"
    / "employment"
    / "data"
    / "metiers-en-tension-echantillon.csv"
)
HEADER = "niveau;code_territoire;territoire;source;annee;code_fap;code_rome;metier\n"


@pytest.fixture
def haute_vienne():
    return DepartementFactory(code="87", region_code="75")


def test_a_job_is_in_tension_by_its_region_or_departement_latest_year(haute_vienne):
    mason, cook, driver = (RomeCodeFactory(code=c, label=c) for c in ("F1703", "G1602", "N4101"))
    tension_job(mason, territory_code="75", year=2025)
    tension_job(cook, territory_code="75", year=2021)  # an older list: no longer in force
    tension_job(
        driver, territory_kind="departement", territory_code="87", territory_name="Haute-Vienne", year=2024
    )
    tension_job(cook, territory_code="76", territory_name="Occitanie", year=2025)
    assert tension.is_in_tension("F1703", "87")
    assert tension.is_in_tension(driver, haute_vienne)
    assert not tension.is_in_tension("G1602", "87")
    assert tension.tension_codes(["87"]) == {"87": {"F1703", "N4101"}}


def test_flags_of_a_list_of_rows_take_a_fixed_number_of_queries(haute_vienne, django_assert_num_queries):
    mason = RomeCodeFactory()
    tension_job(mason, territory_code="75")
    offers = [JobOfferFactory(), JobOfferFactory(rome=RomeCodeFactory(code="G1602", label="Cuisine"))]
    with django_assert_num_queries(3):
        flagged = tension.flag(offers)
    assert [o.in_tension for o in flagged] == [True, False]


def _load_sample_romes():
    for line in SAMPLE.read_text(encoding="utf-8").splitlines():
        if line.startswith("region;"):
            RomeCodeFactory(code=line.split(";")[6], label=line.split(";")[7])


def test_the_sample_loads_once_says_it_is_a_sample_and_twice_changes_nothing(haute_vienne, capsys):
    _load_sample_romes()
    assert "N'EST PAS LA LISTE" in SAMPLE.read_text(encoding="utf-8")
    call_command("load-tension-jobs", str(SAMPLE), "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary | {"file": ""} == {
        "file": "",
        "lists": 1,
        "jobs": 17,
        "created": 1,
        "replaced": 0,
        "dry_run": False,
    }
    (sample,) = TensionList.objects.all()
    assert (sample.territory_code, sample.year, sample.is_sample) == ("75", 2025, True)
    jobs = set(TensionJob.objects.values_list("pk", "rome_id"))
    call_command("load-tension-jobs", str(SAMPLE), "--json")
    assert json.loads(capsys.readouterr().out)["replaced"] == 1
    assert set(TensionJob.objects.values_list("rome_id", flat=True)) == {rome for _, rome in jobs}
    assert TensionList.objects.count() == 1
    assert tension.is_in_tension("K1302", "87")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "region;75;NA;Arrêté;2025;;F1703;Maçon\nregion;75;NA;Arrêté;2025;;Z9;Inconnu\n",
            "ligne 3 : code ROME « Z9 » invalide",
        ),
        ("regionale;75;NA;Arrêté;2025;;F1703;Maçon\n", "niveau « regionale » inconnu"),
        ("region;7;NA;Arrêté;2025;;F1703;Maçon\n", "code de territoire « 7 » invalide"),
        ("region;75;NA;Arrêté;25;;F1703;Maçon\n", "année « 25 » invalide"),
        (
            "region;75;NA;Arrêté;2025;;F1703;Maçon\nregion;75;NA;Arrêté;2025;;F1703;Maçon\n",
            "figure deux fois",
        ),
        ("region;75;NA;Arrêté;2025;;G9999;Inconnu\n", "absent(s) du référentiel : G9999"),
    ],
)
def test_a_wrong_file_is_refused_whole_with_one_french_line(haute_vienne, tmp_path, rows, message):
    RomeCodeFactory()
    TensionListFactory(territory_code="75", source="Arrêté", year=2025)
    path = tmp_path / "tension.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load-tension-jobs", str(path))
    assert error.value.returncode == 2
    assert message in str(error.value) and str(path) in str(error.value)
    assert not TensionJob.objects.exists()


def test_missing_columns_a_missing_file_and_the_dry_run(tmp_path, capsys):
    RomeCodeFactory()
    path = tmp_path / "tension.csv"
    path.write_text("niveau,code_rome\nregion,F1703\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Colonne\\(s\\) manquante\\(s\\) : code_territoire"):
        call_command("load-tension-jobs", str(path))
    with pytest.raises(CommandError) as error:
        call_command("load-tension-jobs", str(tmp_path / "absent.csv"))
    assert error.value.returncode == 2
    path.write_text(HEADER.replace(";", ",") + "region,75,NA,Arrêté,2025,,F1703,Maçon\n", encoding="cp1252")
    call_command("load-tension-jobs", str(path), "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out)["jobs"] == 1
    assert not TensionList.objects.exists()
