import io
import re
from datetime import date

import pytest
from lxml import etree

from pacte.beneficiaries.caf.generator import generate
from pacte.beneficiaries.caf.schema import build_xsd, load_schema, schema_path, validate
from pacte.beneficiaries.caf.tree import load_tree, max_lengths, parse_tree

COMMUNES = [{"insee": "87085", "name": "Limoges", "postcode": "87000"}]


@pytest.mark.parametrize("flux", ["vrsb0801", "vrsd0301"])
def test_shipped_xsd_is_the_one_built_from_the_tree(flux):
    assert schema_path(flux).read_text(encoding="utf-8") == build_xsd(flux)
    assert isinstance(load_schema(flux), etree.XMLSchema)


def test_tree_reads_the_reference_format():
    root = load_tree("vrsb0801")
    assert root.name == "Racine"
    assert [node.name for node in root.children] == [
        "IdentificationFlux",
        "InfosFoyerRSA",
        "TransmissionFlux",
    ]
    dossier = root.child("InfosFoyerRSA")
    assert (dossier.min_occurs, dossier.max_occurs) == (0, None)
    benefits = dossier.child("Personne").child("Prestations")
    assert (benefits.min_occurs, benefits.max_occurs) == (2, 2)
    assert dossier.child("IdentificationRSA").child("Organisme").child("MATRICULE").digits == 15
    assert sum(1 for _ in root.walk()) == 270
    with pytest.raises(ValueError):
        parse_tree("Racine [1..1]\n  Bad line\n")


def test_vrsd0301_tree_applies_the_renamings():
    person = load_tree("vrsd0301").child("InfosFoyerRSA").child("Personne")
    names = [node.name for node in person.children]
    assert names[:4] == ["Identification", "DossierCafMsa", "FonctionPersonnePFA", "FonctionPersonneRSA"]
    assert "Prestations" not in names and "MontantCalculDroitRSAPersonne" not in names
    right = [node.name for node in person.child("CalculDroitRSAPersonne").children]
    assert right[:4] == ["TOPPERSDRODEVORSA", "TOPPERSENTDRODEVORSA", "DDSOUDRODEV", "DFSOUDRODEV"]
    identity = [node.name for node in person.child("Identification").children]
    assert {"LISPRENOMS", "LIEUNAI", "PAYSNAI", "DTDC"} <= set(identity)
    flux = [node.name for node in load_tree("vrsd0301").child("IdentificationFlux").children]
    assert flux[-3:] == ["VERSIONFLUX", "TYPEPARTE", "IDEPARTE"]
    assert "NBCARATRANSM" in [node.name for node in load_tree("vrsd0301").child("TransmissionFlux").children]
    assert "DossierCAF" in [
        node.name for node in load_tree("vrsb0801").child("InfosFoyerRSA").child("Personne").children
    ]


def test_lengths_by_name():
    lengths = max_lengths()
    assert lengths["NOM"] == 28 and lengths["NUMDEMRSA"] == 11 and lengths["MATRICULE"] == 15
    assert lengths["LISPRENOMS"] == 50


def _file(flux="vrsb0801") -> str:
    out = io.BytesIO()
    generate(
        out, departement="87", households=3, seed=4, dtref=date(2025, 2, 28), communes=COMMUNES, flux=flux
    )
    return out.getvalue().decode("cp1252")


def _validate_text(tmp_path, text: str, flux=None) -> list[str]:
    path = tmp_path / "flux.xml"
    path.write_bytes(text.encode("cp1252"))
    return validate(path, flux)


@pytest.mark.parametrize("flux", ["vrsb0801", "vrsd0301"])
def test_generated_file_is_valid_and_flux_is_detected(tmp_path, flux):
    assert _validate_text(tmp_path, _file(flux)) == []


@pytest.mark.parametrize(
    ("pattern", "replacement", "words"),
    [
        (r"(<NOM>[^<]+</NOM>)\n(<NOMNAI>[^<]+</NOMNAI>)", r"\2\n\1", "NOMNAI"),  # order
        (r"<DTNAI>[-\d]+</DTNAI>", "<DTNAI>1987-13-01</DTNAI>", "DTNAI"),  # date
        (r"<MATRICULE>\d+</MATRICULE>", "<MATRICULE>123</MATRICULE>", "MATRICULE"),  # zero-padded digits
        (r"<TOPVALIEC>1</TOPVALIEC>", "<TOPVALIEC>true</TOPVALIEC>", "TOPVALIEC"),  # 0/1
        (r"<HEUCREAFLUX>[^<]+</HEUCREAFLUX>", "<HEUCREAFLUX>1h18</HEUCREAFLUX>", "HEUCREAFLUX"),  # time
        (r"<Prestations>.*?</Prestations>", "", "Prestations"),  # cardinality
        (r"<PRENOM>[^<]+</PRENOM>", "<PRENOM>" + "X" * 33 + "</PRENOM>", "PRENOM"),  # length
    ],
)
def test_schema_catches_what_the_tree_forbids(tmp_path, pattern, replacement, words):
    text = re.sub(pattern, replacement, _file(), count=1, flags=re.DOTALL)
    assert text != _file()
    errors = _validate_text(tmp_path, text)
    assert errors and words in errors[0]


def test_amounts_are_decimals_with_two_digits(tmp_path):
    text = re.sub(r"<MTPERSRESSMENRSA>[\d.]+<", "<MTPERSRESSMENRSA>12.345<", _file(), count=1)
    assert _validate_text(tmp_path, text)
    text = re.sub(r"<MTPERSRESSMENRSA>[\d.]+<", "<MTPERSRESSMENRSA>0001675.00<", _file(), count=1)
    assert _validate_text(tmp_path, text) == []


def test_validate_reports_unreadable_files(tmp_path):
    path = tmp_path / "flux.xml"
    path.write_text("<Racine><IdentificationFlux>", encoding="utf-8")
    assert validate(path)
    path.write_text('<!DOCTYPE x [<!ENTITY e "e">]><Racine/>', encoding="utf-8")
    assert "DOCTYPE" in validate(path)[0]


def test_validate_reports_malformed_xml_in_the_middle_of_a_file(tmp_path):
    text = _file()
    at = text.index("<DTDEMRSA>", len(text) // 2) + 5
    errors = _validate_text(tmp_path, text[:at] + "'" + text[at + 1 :])
    assert errors and "DTDE" in errors[0]
