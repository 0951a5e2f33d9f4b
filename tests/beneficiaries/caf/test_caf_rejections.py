"""Every file the importer must refuse whole raises CafFileError with one French line."""

import gzip
import io
import re
from datetime import date

import pytest

from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.generator import generate
from pacte.beneficiaries.caf.parser import CafParser, parse_file

COMMUNES = [{"insee": "87085", "name": "Limoges", "postcode": "87000"}]


def _valid(flux="vrsb0801") -> str:
    out = io.BytesIO()
    generate(
        out, departement="87", households=4, seed=8, dtref=date(2025, 5, 31), communes=COMMUNES, flux=flux
    )
    return out.getvalue().decode("cp1252")


VALID = _valid()
PROLOG = '<?xml version="1.0" encoding="windows-1252"?>\n'


def rejection(data: bytes | str) -> CafFileError:
    if isinstance(data, str):
        data = data.encode("cp1252")
    with pytest.raises(CafFileError) as caught:
        parse_file(io.BytesIO(data))
    error = caught.value
    assert "\n" not in str(error)
    return error


def first_dossier(text: str) -> tuple[str, str, str]:
    """(before, the first InfosFoyerRSA, after)."""
    start = text.index("<InfosFoyerRSA>")
    end = text.index("</InfosFoyerRSA>") + len("</InfosFoyerRSA>")
    return text[:start], text[start:end], text[end:]


def in_first_dossier(pattern: str, replacement: str, text: str = VALID) -> str:
    """`text` with `pattern` replaced once in the first dossier where it is found."""
    for match in re.finditer(r"<InfosFoyerRSA>.*?</InfosFoyerRSA>", text, flags=re.DOTALL):
        dossier = match.group(0)
        changed = re.sub(pattern, replacement, dossier, count=1, flags=re.DOTALL)
        if changed != dossier:
            return text[: match.start()] + changed + text[match.end() :]
    raise AssertionError(f"{pattern} not found")


def test_the_valid_file_is_accepted():
    assert len(parse_file(io.BytesIO(VALID.encode("cp1252"))).households) == 4


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "vide"),
        (b"   \n", "aucun élément"),
        (b"%PDF-1.4\n%\xe2\xe3", "pas un document XML"),
        (b"NUMDEMRSA;NOM\n1;X\n", "pas un document XML"),
        ("\ufeff".encode("utf-16"), "UTF-16"),
    ],
)
def test_what_is_not_xml(data, words):
    assert words in str(rejection(data))


def test_not_well_formed():
    error = rejection(VALID.replace("</NOM>", "</NON>", 1))
    assert "XML mal formé" in error.message and error.line


def test_bytes_invalid_in_the_declared_encoding():
    data = VALID.encode("cp1252").replace(b"<NOM>", b"<NOM>\x81", 1)
    assert "XML mal formé" in str(rejection(data))


def test_wrong_root():
    error = rejection(VALID.replace("<Racine>", "<Flux>").replace("</Racine>", "</Flux>"))
    assert "racine inattendu" in error.message and "Flux" in error.message
    assert "racine inattendu" in str(rejection(PROLOG + "<html><body/></html>"))


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.95, 0.999])
def test_truncated(cut):
    data = VALID.encode("cp1252")
    error = rejection(data[: int(len(data) * cut)])
    assert "tronqué" in error.message


def test_truncated_gzip():
    data = gzip.compress(VALID.encode("cp1252"))
    assert "gzip" in str(rejection(data[: len(data) // 2]))
    assert "gzip" in str(rejection(data[:-6]))


def test_count_mismatch():
    text = VALID.replace("<NBTOTDOSRSATRANSM>00000004<", "<NBTOTDOSRSATRANSM>00000005<")
    error = rejection(text)
    assert "Nombre de dossiers incohérent" in error.message and "5" in error.message and "4" in error.message
    before, _, after = first_dossier(VALID)
    assert "incohérent" in str(rejection(before + after))


def test_missing_transmission_block():
    text = re.sub(r"<TransmissionFlux>.*</TransmissionFlux>\n", "", VALID, flags=re.DOTALL)
    assert "TransmissionFlux" in str(rejection(text))


def test_missing_or_misplaced_header():
    header = re.search(r"<IdentificationFlux>.*?</IdentificationFlux>\n", VALID, flags=re.DOTALL).group(0)
    without = VALID.replace(header, "")
    assert "IdentificationFlux" in str(rejection(without))
    moved = without.replace("<TransmissionFlux>", header + "<TransmissionFlux>")
    assert "IdentificationFlux" in str(rejection(moved))


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE Racine [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n',
        '<!DOCTYPE Racine [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
        '<!DOCTYPE Racine SYSTEM "http://example.org/caf.dtd">\n',
        "<!-- commentaire -->\n<!DOCTYPE Racine>\n",
    ],
)
def test_doctype_and_entities_are_refused_before_parsing(doctype):
    text = VALID.replace(PROLOG, PROLOG + doctype)
    assert "DOCTYPE" in str(rejection(text))


def test_doctype_is_refused_even_with_no_parser_call(monkeypatch):
    from lxml import etree

    def forbidden(*args, **kwargs):
        raise AssertionError("the XML parser must not run")

    monkeypatch.setattr(etree, "iterparse", forbidden)
    with pytest.raises(CafFileError):
        CafParser(io.BytesIO((PROLOG + '<!DOCTYPE x [<!ENTITY e "e">]><Racine/>').encode()))


@pytest.mark.parametrize(
    ("pattern", "replacement", "path"),
    [
        (r"<NUMDEMRSA>\w+</NUMDEMRSA>", "", "DemandeRSA/NUMDEMRSA"),
        (r"<NUMDEMRSA>\w+</NUMDEMRSA>", "<NUMDEMRSA>  </NUMDEMRSA>", "DemandeRSA/NUMDEMRSA"),
        (r"<DTDEMRSA>[-\d]+</DTDEMRSA>", "", "DemandeRSA/DTDEMRSA"),
        (r"<Organisme>.*?</Organisme>", "", "IdentificationRSA/Organisme"),
        (r"<IDEPARTE>\w+</IDEPARTE>", "", "Partenaire/IDEPARTE"),
        (r"<Personne>.*</Personne>", "", "InfosFoyerRSA/Personne"),
        (r"<Identification>.*?</Identification>", "", "Personne/Identification"),
        (r"<NOM>[^<]+</NOM>", "", "Identification/NOM"),
        (r"<DTNAI>[-\d]+</DTNAI>", "", "Identification/DTNAI"),
        (r"<Prestations><NATPREST>RSA.*?</Prestations>", "", "NATPREST=RSA"),
        (r"<SituationFamille>.*?</SituationFamille>", "", "SituationFamille"),
        (r"<Adresse>.*</Adresse>", "", "DonneesAdministratives/Adresse"),
        (r"<PrestationRSA>.*</PrestationRSA>", "", "InfosFoyerRSA/PrestationRSA/"),
        (r"<EtatDossierRSA>.*?</EtatDossierRSA>", "", "SituationDossierRSA/EtatDossierRSA"),
        (r"<TOPPERSDRODEVORSA>\d</TOPPERSDRODEVORSA>", "", "TOPPERSDRODEVORSA"),
    ],
)
def test_mandatory_block_or_element_missing(pattern, replacement, path):
    error = rejection(in_first_dossier(pattern, replacement))
    assert "obligatoire" in error.message and path in error.message and error.line


@pytest.mark.parametrize(
    ("pattern", "replacement", "words"),
    [
        (r"<DTNAI>[-\d]+</DTNAI>", "<DTNAI>1987-02-30</DTNAI>", "Date invalide « 1987-02-30 »"),
        (r"<DTDEMRSA>[-\d]+</DTDEMRSA>", "<DTDEMRSA>20240101</DTDEMRSA>", "Date invalide"),
        (
            r"<ETATDOSRSA>\w</ETATDOSRSA>",
            "<ETATDOSRSA>9</ETATDOSRSA>",
            "hors liste pour InfosFoyerRSA/PrestationRSA",
        ),
        (r"<ROLEPERS>\w+</ROLEPERS>", "<ROLEPERS>XYZ</ROLEPERS>", "« XYZ » hors liste"),
        (r"<SEXE>\d</SEXE>", "<SEXE>3</SEXE>", "hors liste"),
        (
            r"<NOM>[^<]+</NOM>",
            "<NOM>" + "A" * 29 + "</NOM>",
            "trop longue pour InfosFoyerRSA/Personne/Identification/NOM",
        ),
        (r"<NUMDEMRSA>\w+</NUMDEMRSA>", "<NUMDEMRSA>123456789012</NUMDEMRSA>", "trop longue"),
        (r"<TOPSANSDOMFIXE>\d</TOPSANSDOMFIXE>", "<TOPSANSDOMFIXE>oui</TOPSANSDOMFIXE>", "0 ou 1 attendu"),
        (r"<MTTOTDRORSA>[\d.]+</MTTOTDRORSA>", "<MTTOTDRORSA>12,50</MTTOTDRORSA>", "Montant invalide"),
        (r"<IDEPARTE>\w+</IDEPARTE>", "<IDEPARTE>ABC</IDEPARTE>", "Code département invalide"),
    ],
)
def test_invalid_values(pattern, replacement, words):
    error = rejection(in_first_dossier(pattern, replacement))
    assert words in error.message and error.line


def test_invalid_header_values():
    assert "TYPEFLUX" in str(rejection(VALID.replace("<TYPEFLUX>M<", "<TYPEFLUX>X<")))
    assert "DTREF" in str(rejection(VALID.replace("<DTREF>2025-05-31<", "<DTREF>31/05/2025<")))


def test_same_numdemrsa_twice():
    before, dossier, after = first_dossier(VALID)
    text = (
        before
        + dossier
        + dossier
        + after.replace("<NBTOTDOSRSATRANSM>00000004<", "<NBTOTDOSRSATRANSM>00000005<")
    )
    error = rejection(text)
    assert "présent deux fois" in error.message and error.line > 1


def test_misplaced_dossier():
    before, dossier, after = first_dossier(VALID)
    assert "mal placé" in str(rejection(before + "<Lot>" + dossier + "</Lot>" + after))


def test_vrsd0301_rejections_use_its_block_names():
    text = _valid("vrsd0301")
    error = rejection(in_first_dossier(r"<FonctionPersonneRSA>.*?</FonctionPersonneRSA>", "", text))
    assert "rôle RSA" in error.message
    error = rejection(in_first_dossier(r"<TOPPERSDRODEVORSA>\d<", "<TOPPERSDRODEVORSA>2<", text))
    assert "CalculDroitRSAPersonne/TOPPERSDRODEVORSA" in error.message


def test_a_file_that_cannot_be_opened(tmp_path):
    with pytest.raises(CafFileError) as caught:
        parse_file(tmp_path / "absent.xml")
    assert "Impossible d'ouvrir" in str(caught.value)


@pytest.mark.parametrize("flux", ["vrsb0801", "vrsd0301"])
def test_a_file_mixing_departements_is_rejected_whole(flux):
    text = _valid(flux)
    dossiers = list(re.finditer(r"<InfosFoyerRSA>.*?</InfosFoyerRSA>", text, flags=re.DOTALL))
    last = dossiers[-1]
    other = re.sub(
        r"(<Partenaire>.*?<IDEPARTE>)[^<]*<", r"\g<1>079<", last.group(0), count=1, flags=re.DOTALL
    )
    assert other != last.group(0)
    error = rejection(text[: last.start()] + other + text[last.end() :])
    assert "département 79" in error.message and "87" in error.message
