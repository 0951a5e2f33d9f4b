import dataclasses
import gzip
import io
import re
from datetime import date
from decimal import Decimal

import pytest

from pacte.beneficiaries.caf.generator import generate
from pacte.beneficiaries.caf.parser import CafParser, parse_file
from pacte.beneficiaries.caf.records import Person, build

COMMUNES = [
    {"insee": "87085", "name": "Limoges", "postcode": "87000", "population": 130000},
    {"insee": "87154", "name": "Saint-Junien", "postcode": "87200", "population": 11000},
    {"insee": "87050", "name": "Châteauponsac", "postcode": "87290", "population": 2000},
]
DTREF = date(2025, 3, 31)


def small_file(*, flux="vrsb0801", households=5, seed=1, typeflux="M", departement="87"):
    """(bytes of a generated file, its population)."""
    out = io.BytesIO()
    population = generate(
        out, departement=departement, households=households, seed=seed, dtref=DTREF, communes=COMMUNES,
        flux=flux, typeflux=typeflux,
    )  # fmt: skip
    return out.getvalue(), population


def parse_text(text: str):
    return parse_file(io.BytesIO(text.encode("cp1252")))


@pytest.mark.parametrize("flux", ["vrsb0801", "vrsd0301"])
def test_parse_gives_back_what_was_generated(flux):
    data, population = small_file(flux=flux, households=80)
    parsed = parse_file(io.BytesIO(data))
    assert parsed.header.flux == flux
    assert (
        parsed.header.dtref == DTREF and parsed.header.typeflux == "M" and parsed.header.departement == "87"
    )
    assert parsed.trailer.nbtotdosrsatransm == 80
    assert [h.numdemrsa for h in parsed.households] == [h.numdemrsa for h in population.households]
    for household, state in zip(parsed.households, population.households, strict=True):
        assert household.etatdosrsa == state.etat
        assert household.sitfam == state.sitfam
        assert household.address.numcom == state.address["commune"]["insee"]
        assert household.departement == "87"
        assert [p.nir for p in household.persons] == [p.nir for p in state.persons]
        roles = [p.role for p in state.persons]
        assert [p.pfa_role for p in household.persons] == roles
        if flux == "vrsd0301":  # the partner's RSA role is BEN in that flow
            roles = ["BEN" if role == "CJT" else role for role in roles]
        assert [p.rsa_role for p in household.persons] == roles
        assert [bool(p.sdd) for p in household.persons] == [p.sdd for p in state.persons]
        assert household.nb_children == sum(p.role == "ENF" for p in state.persons)
    assert parsed.unknown_codes == {}


def test_vrsd0301_specific_fields():
    data, _ = small_file(flux="vrsd0301", households=80)
    parsed = parse_file(io.BytesIO(data))
    assert parsed.header.versionflux == "VRSD0301" and parsed.trailer.nbcaratransm > 0
    opened = [h for h in parsed.households if h.etatdosrsa == "2"]
    assert opened and all(h.dtodrsa for h in opened)
    sdd = [p for h in opened for p in h.persons if p.sdd]
    assert sdd and all(p.ddsoudrodev for p in sdd)
    assert all(p.lisprenoms.startswith(p.prenom) for h in parsed.households for p in h.persons)
    persons = [p for h in parsed.households for p in h.persons]
    assert all(p.rsa_role == ("BEN" if p.pfa_role == "CJT" else p.pfa_role) for p in persons)
    assert any(p.rsa_role == "BEN" for p in persons)


def test_values_are_typed():
    data, _ = small_file(households=40)
    household = next(h for h in parse_file(io.BytesIO(data)).households if h.amounts)
    assert isinstance(household.dtdemrsa, date)
    assert isinstance(household.amounts.mttotdrorsa, Decimal)
    assert household.mttotdrorsa == household.amounts.mttotdrorsa
    assert household.natpf and household.natpf[0] in ("RSD", "RSI")
    person = household.persons[0]
    assert isinstance(person.dtnai, date) and person.toprespdos is True and person.rsa_role == "DEM"
    assert person.activities and isinstance(person.activities[0].ddact, date)


def test_gzip_is_told_by_its_magic_bytes(tmp_path):
    data, _ = small_file()
    path = tmp_path / "flux.bin"
    path.write_bytes(gzip.compress(data))
    assert parse_file(path).households == parse_file(io.BytesIO(data)).households
    with path.open("rb") as stream:
        assert len(parse_file(stream).households) == 5


def test_header_comes_before_the_first_household():
    data, population = small_file()
    with CafParser(io.BytesIO(data)) as parser:
        assert parser.header.departement == "87"
        assert parser.trailer is None
        households = list(parser)
        assert parser.trailer.nbtotdosrsatransm == len(households) == 5
        with pytest.raises(RuntimeError):
            list(parser)
    assert households[0].numdemrsa == population.households[0].numdemrsa


def test_file_without_household():
    data, _ = small_file(households=0)
    parsed = parse_file(io.BytesIO(data))
    assert parsed.households == [] and parsed.header.departement is None


@pytest.mark.parametrize(("given", "expected"), [("087", "87"), ("02A", "2A"), ("2B", "2B"), ("971", "971")])
def test_departement_is_normalised(given, expected):
    text = (
        small_file()[0].decode("cp1252").replace("<IDEPARTE>087</IDEPARTE>", f"<IDEPARTE>{given}</IDEPARTE>")
    )
    parsed = parse_text(text)
    assert {h.departement for h in parsed.households} == {expected} and parsed.header.departement == expected


def test_unknown_descriptive_codes_are_kept_and_reported():
    text = small_file(households=40)[0].decode("cp1252")
    text = re.sub(r"<SITFAM>\w+</SITFAM>", "<SITFAM>ZZZ</SITFAM>", text, count=1)
    text = re.sub(r"<ACT>\w+</ACT>", "<ACT>NEW</ACT>", text, count=2)
    text = re.sub(r"<NATPF>\w+</NATPF>", "<NATPF>RXX</NATPF>", text, count=1)
    text = re.sub(r"<MOTICLORSA>\w+</MOTICLORSA>", "<MOTICLORSA>QQQ</MOTICLORSA>", text, count=1)
    text = re.sub(r"<MOTISUSVERSRSA>\w+</MOTISUSVERSRSA>", "<MOTISUSVERSRSA>Z9</MOTISUSVERSRSA>", text)
    parsed = parse_text(text)
    codes = parsed.unknown_codes
    assert codes == {
        "ACT": ["NEW"],
        "MOTICLORSA": ["QQQ"],
        "MOTISUSVERSRSA": ["Z9"],
        "NATPF": ["RXX"],
        "SITFAM": ["ZZZ"],
    }
    assert parsed.households[0].sitfam == "ZZZ"


def test_raw_hash_is_stable_and_follows_content():
    data, _ = small_file()
    text = data.decode("cp1252")
    first = [h.raw_hash for h in parse_text(text).households]
    assert first == [h.raw_hash for h in parse_text(text).households]
    assert len(set(first)) == 5 and all(len(value) == 64 for value in first)
    reformatted = text.replace("\n<", "\n    <").replace("<COMPLIDEADR/>", "<COMPLIDEADR></COMPLIDEADR>")
    reformatted = reformatted.replace("<Racine>", "<Racine><!-- un commentaire -->")
    assert [h.raw_hash for h in parse_text(reformatted).households] == first
    utf8 = text.replace('encoding="windows-1252"', 'encoding="UTF-8"').encode("utf-8")
    assert [h.raw_hash for h in parse_file(io.BytesIO(utf8)).households] == first
    changed = re.sub(r"<NOM>(\w+)</NOM>", r"<NOM>\1X</NOM>", text, count=1)
    hashes = [h.raw_hash for h in parse_text(changed).households]
    assert hashes[0] != first[0] and hashes[1:] == first[1:]


def test_foreign_address():
    text = small_file()[0].decode("cp1252")
    foreign = "".join(
        f"<LIBLIG{n}ADR>{'RUE DE LA LOI 16' if n == 3 else ''}</LIBLIG{n}ADR>" for n in range(2, 8)
    )
    text = re.sub(
        r"<AdresseDetailleeFrance>.*?</AdresseDetailleeFrance>",
        f"<AdresseHorsFrance>{foreign}</AdresseHorsFrance>",
        text,
        count=1,
        flags=re.DOTALL,
    )
    address = parse_text(text).households[0].address
    assert address.is_foreign and address.foreign_lines == ("RUE DE LA LOI 16",) and address.numcom == ""


def test_record_builder_matches_the_constructor():
    values = {field.name: index for index, field in enumerate(dataclasses.fields(Person))}
    built = build(Person, dict(values))
    assert built == Person(**values)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.nom = "X"
