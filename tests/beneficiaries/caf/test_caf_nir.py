from datetime import date

import pytest

from pacte.beneficiaries.caf.nir import build_nir, is_nir13, nir15, nir_key


def test_key_of_a_known_nir():
    assert nir_key("2550814168025") == 38


def test_key_counts_corsica_as_19_and_18():
    assert nir_key("180022A004123") == 97 - 1800219004123 % 97
    assert nir_key("180022B004123") == 97 - 1800218004123 % 97


def test_key_ignores_an_existing_key_and_case():
    assert nir_key("2550814168025 38"[:15]) == 38
    assert nir_key("180022a004123") == nir_key("180022A004123")


def test_nir15_appends_two_digits():
    assert nir15("2550814168025") == "255081416802538"
    assert nir15("1990199350001").endswith(f"{nir_key('1990199350001'):02d}")


@pytest.mark.parametrize("value", ["", "123", "9550814168025", "25508141680A5", "455081416802"])
def test_key_refuses_what_is_not_a_nir(value):
    with pytest.raises(ValueError) as refused:
        nir_key(value)
    # An error may end in a log: it does not quote the value, which may be a NIR with one typo.
    assert not value or value not in str(refused.value)


def test_build_nir_follows_sex_birth_and_place():
    nir = build_nir(sexe="2", birth_date=date(1987, 3, 14), birth_insee="87085", order=42)
    assert nir == "2870387085042"
    assert is_nir13(nir)


def test_build_nir_for_corsica_and_abroad():
    assert build_nir(sexe="1", birth_date=date(1980, 2, 1), birth_insee="2A004", order=7)[5:7] == "2A"
    assert build_nir(sexe="1", birth_date=date(1970, 2, 1), birth_insee="2B033", order=7)[5:7] == "20"
    assert build_nir(sexe="1", birth_date=date(1990, 1, 1), birth_insee="99350", order=1) == "1900199350001"
