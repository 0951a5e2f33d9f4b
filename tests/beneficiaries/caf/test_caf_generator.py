import gzip
import io
from collections import Counter
from datetime import date, timedelta

import pytest

from pacte.beneficiaries.caf.generator import generate, generate_series, normalise_communes
from pacte.beneficiaries.caf.parser import parse_file
from pacte.beneficiaries.caf.schema import validate

COMMUNES = [
    {"insee": "87085", "name": "Limoges", "postcode": "87000", "population": 130000},
    {"insee": "87154", "name": "Saint-Junien", "postcode": "87200", "population": 11000},
    {"insee": "87050", "name": "Châteauponsac", "postcode": "87290", "population": 2000},
    {"insee": "87114", "name": "Nexon", "postcode": "87800", "population": 2400},
]
DTREF = date(2025, 1, 31)


def _bytes(**arguments) -> bytes:
    out = io.BytesIO()
    generate(
        out,
        **{"departement": "87", "households": 60, "seed": 3, "dtref": DTREF, "communes": COMMUNES}
        | arguments,
    )
    return out.getvalue()


@pytest.mark.parametrize("flux", ["vrsb0801", "vrsd0301"])
def test_same_arguments_give_the_same_bytes(flux):
    assert _bytes(flux=flux) == _bytes(flux=flux)
    assert _bytes(flux=flux) != _bytes(flux=flux, seed=4)


def test_gzip_output_is_reproducible(tmp_path):
    first, second = tmp_path / "a.xml.gz", tmp_path / "b.xml.gz"
    for path in (first, second):
        generate(path, departement="87", households=20, seed=1, dtref=DTREF, communes=COMMUNES)
    assert first.read_bytes() == second.read_bytes()
    assert gzip.decompress(first.read_bytes()) == _bytes(households=20, seed=1)


def test_file_is_windows_1252_with_accents():
    data = _bytes(households=200)
    assert data.startswith(b'<?xml version="1.0" encoding="windows-1252"?>\n<Racine>')
    text = data.decode("cp1252")
    assert any(letter in text for letter in "ÉÈÇËÏ")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


@pytest.mark.parametrize("flux", ["vrsb0801", "vrsd0301"])
@pytest.mark.parametrize("typeflux", ["M", "I"])
def test_generated_files_are_valid_against_the_schema(tmp_path, flux, typeflux):
    path = tmp_path / "RSABE.xml.gz"
    generate(
        path,
        departement="87",
        households=150,
        seed=5,
        dtref=DTREF,
        communes=COMMUNES,
        flux=flux,
        typeflux=typeflux,
    )
    assert validate(path) == []


def test_population_is_realistic():
    households = parse_file(io.BytesIO(_bytes(households=400))).households
    states = Counter(household.etatdosrsa for household in households)
    assert states["2"] > 0.6 * len(households)
    assert states["3"] + states["4"] > 0
    assert states["5"] + states["6"] > 0
    assert all(household.moticlorsa for household in households if household.etatdosrsa in ("5", "6"))
    roles = Counter(person.rsa_role for household in households for person in household.persons)
    assert roles["DEM"] == len(households)
    assert roles["CJT"] > 0 and roles["ENF"] > 0
    couples = [household for household in households if any(p.rsa_role == "CJT" for p in household.persons)]
    assert {household.sitfam for household in couples} & {"MAR", "PAC", "VIM"}
    lone_parents = [
        h for h in households if len(h.persons) > 1 and not any(p.rsa_role == "CJT" for p in h.persons)
    ]
    assert lone_parents
    adults = [
        person
        for household in households
        for person in household.persons
        if person.rsa_role in ("DEM", "CJT")
    ]
    assert any(person.sdd for person in adults) and any(person.entering_sdd for person in adults)
    assert any(person.idassedic for person in adults)
    assert {household.address.numcom for household in households} <= {
        commune["insee"] for commune in COMMUNES
    }


def test_nir_is_consistent_with_sex_birth_date_and_place():
    households = parse_file(io.BytesIO(_bytes(households=200))).households
    for person in (person for household in households for person in household.persons):
        assert len(person.nir) == 13
        assert person.nir[0] == person.sexe
        assert person.nir[1:3] == f"{person.dtnai.year % 100:02d}"
        assert person.nir[3:5] == f"{person.dtnai.month:02d}"
    born_here = [p for h in households for p in h.persons if p.nomcomnai == "LIMOGES"]
    assert born_here and all(person.nir[5:10] == "87085" for person in born_here)


def test_communes_accept_the_reference_csv_keys():
    communes = normalise_communes([{"code_insee": "87085", "nom": "Limoges", "codes_postaux": "87000 87100"}])
    assert communes[0]["insee"] == "87085" and communes[0]["postcodes"] == ("87000", "87100")


def test_series_follows_one_population(tmp_path):
    paths = generate_series(
        tmp_path,
        departement="87",
        households=120,
        seed=9,
        start=date(2024, 10, 31),
        months=3,
        communes=COMMUNES,
    )
    assert [path.name[:6] for path in paths] == [
        "RSABEM",
        "RSABEI",
        "RSABEI",
        "RSABEM",
        "RSABEI",
        "RSABEI",
        "RSABEM",
    ]
    monthly = [parse_file(path) for path in paths if path.name.startswith("RSABEM")]
    assert [parsed.header.dtref for parsed in monthly] == [
        date(2024, 10, 31),
        date(2024, 11, 30),
        date(2024, 12, 31),
    ]
    first, last = ({h.numdemrsa: h for h in parsed.households} for parsed in (monthly[0], monthly[-1]))
    kept = first.keys() & last.keys()
    assert len(kept) > 0.8 * len(first)
    assert last.keys() - first.keys(), "new demands arrive"
    assert first.keys() - last.keys() or any(first[n].etatdosrsa != last[n].etatdosrsa for n in kept)
    for number in kept:
        assert first[number].persons[0].nir == last[number].persons[0].nir
    daily = [parse_file(path) for path in paths if path.name.startswith("RSABEI")]
    assert all(parsed.header.typeflux == "I" for parsed in daily)
    events = Counter(
        event.fg for parsed in daily for household in parsed.households for event in household.events
    )
    assert events and set(events) <= {
        "DEMRSA",
        "DECDEMPCG",
        "ENTDED",
        "SUS",
        "CARRSA",
        "RAD",
        "ADR",
        "SITFAM",
        "SITENFAUT",
    }


def test_previous_population_evolves_in_a_daily_file():
    population = generate(
        io.BytesIO(), departement="87", households=300, seed=2, dtref=DTREF, communes=COMMUNES
    )
    out = io.BytesIO()
    generate(out, departement="87", households=300, seed=2, dtref=DTREF + timedelta(days=20), communes=COMMUNES,
             previous=population, typeflux="I")  # fmt: skip
    parsed = parse_file(io.BytesIO(out.getvalue()))
    assert 0 < len(parsed.households) < 300
    assert all(household.events for household in parsed.households)


def test_generator_refuses_bad_arguments():
    with pytest.raises(ValueError):
        _bytes(flux="vrsx")
    with pytest.raises(ValueError):
        _bytes(departement="100")
    with pytest.raises(ValueError):
        _bytes(communes=[])
