"""The DREES figures shipped with the package: read from it, with their attribution, values as
published (empty cells missing, not zero)."""

import csv
import pathlib

from pacte.evaluation import drees

DATA = pathlib.Path(drees.__file__).parent / "data"


def test_files_ship_inside_the_package_with_their_attribution():
    for name in (drees.OARSA_FILE, drees.HOUSEHOLDS_FILE):
        assert (DATA / name).is_file()
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert "DREES" in sources and drees.OARSA_FILE in sources and drees.HOUSEHOLDS_FILE in sources
    assert "orientation et l'accompagnement des bénéficiaires du RSA" in sources


def test_the_loader_reads_nothing_outside_the_package():
    source = pathlib.Path(drees.__file__).read_text(encoding="utf-8")
    assert "shared" not in source and "open(" not in source


def test_oarsa_haute_vienne_as_published():
    years = drees.oarsa("87")
    assert [y.year for y in years] == [2015, 2016, 2017, 2018]
    first, last = years[0].indicators, years[-1].indicators
    assert (first["B1"], first["B2"], first["B5"], first["B7"], first["B9"]) == (84.0, 14.0, 40.0, 55.0, 56.0)
    assert first["B10"] is None  # not asked in 2015
    assert last["B1"] == 80.0
    assert set(first) == {f"B{n}" for n in range(1, 21)}


def test_oarsa_deux_sevres_and_every_row_of_the_file():
    years = drees.oarsa("79")
    assert [y.year for y in years] == [2015, 2016, 2017, 2018]
    assert years[2].indicators["B13"] == 79.0 and years[3].indicators["B14"] == 75.0
    with (DATA / drees.OARSA_FILE).open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        code = {"Haute-Vienne": "87", "Deux-Sèvres": "79"}[row["Territoire"]]
        entry = next(y for y in drees.oarsa(code) if y.year == int(float(row["Annee"])))
        for key in drees.OARSA_KEYS:
            cell = row[f"OarsaTab{key}"]
            assert entry.indicators[key] == (float(cell) if cell else None)


def test_a_departement_not_shipped_has_no_figure():
    assert drees.oarsa("23") == [] and drees.households("23") == []


def test_households_series():
    haute_vienne = drees.households("87")
    assert [y.year for y in haute_vienne] == list(range(2009, 2020))
    assert (haute_vienne[0].households, haute_vienne[-1].households) == (7496, 10042)
    france = drees.households(drees.FRANCE)
    assert france[0].households is None  # a zero in the series: nothing published
    assert france[-1].households == 1916100
    assert drees.households("FR-MET")[0].households == 1313900
