"""Hostile files: unknown elements are counted and skipped, past a bound the file is rejected, and
memory stays flat whatever the file holds."""

import gzip
import io
import json
import subprocess
import sys
from datetime import date

import pytest

from pacte.beneficiaries.caf.generator import generate
from pacte.beneficiaries.caf.parser import MAX_UNKNOWN_ELEMENTS, CafParser, parse_file
from tests.beneficiaries.caf.test_caf_rejections import rejection

COMMUNES = [{"insee": "87085", "name": "Limoges", "postcode": "87000"}]
STRAYS = 3_000_000  # about 12 MB of XML, a few kilobytes compressed


def _valid(flux="vrsb0801") -> str:
    out = io.BytesIO()
    generate(
        out, departement="87", households=3, seed=5, dtref=date(2025, 5, 31), communes=COMMUNES, flux=flux
    )
    return out.getvalue().decode("cp1252")


def _hostile_gz(path, where: str, *, strays=STRAYS, wrapper=None):
    """The valid file with `strays` empty unknown elements written right before `where`."""
    text = _valid()
    at = text.index(where)
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(text[:at].encode("cp1252"))
        if wrapper:
            out.write(f"<{wrapper}>".encode())
        chunk = b"<x/>" * 10_000
        for _ in range(strays // 10_000):
            out.write(chunk)
        if wrapper:
            out.write(f"</{wrapper}>".encode())
        out.write(text[at:].encode("cp1252"))


PEAK_RSS = """
import json, resource, sys
from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.parser import parse_file
try:
    parse_file(sys.argv[1])
    verdict = "accepted"
except CafFileError as error:
    verdict = str(error)
# VmHWM is this process's own peak; ru_maxrss would carry the peak of the parent that forked it.
try:
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"verdict": verdict, "rss_mb": peak / 1024}))
"""


@pytest.mark.parametrize(
    ("where", "wrapper"),
    [
        ("<TransmissionFlux>", None),  # between the last dossier and the trailer
        ("<InfosFoyerRSA>", "Inconnu"),  # inside an unknown element, before the first dossier
        ("</Personne>", None),  # inside a dossier
        ("</IdentificationFlux>", None),  # inside the header
    ],
)
def test_millions_of_stray_elements_are_rejected_in_bounded_memory(tmp_path, where, wrapper):
    path = tmp_path / "hostile.xml.gz"
    _hostile_gz(path, where, wrapper=wrapper)
    assert path.stat().st_size < 200_000
    run = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    result = json.loads(run.stdout)
    assert (
        "éléments inconnus du format" in result["verdict"] or "anormalement volumineux" in result["verdict"]
    )
    assert result["rss_mb"] < 120, result


def test_a_few_unknown_elements_are_counted_and_skipped():
    text = _valid()
    at = text.index("</Personne>")
    text = text[:at] + "<Nouveau>1</Nouveau><Nouveau/>" + text[at:]
    at = text.index("<TransmissionFlux>")
    text = text[:at] + "<Autre><Sous/></Autre>" + text[at:]
    with CafParser(io.BytesIO(text.encode("cp1252"))) as parser:
        households = list(parser)
        assert len(households) == 3
        assert parser.unknown_elements == {"Autre": 1, "Nouveau": 2, "Sous": 1}


def test_past_the_bound_the_file_is_rejected():
    text = _valid()
    at = text.index("<TransmissionFlux>")
    over = text[:at] + "<y/>" * (MAX_UNKNOWN_ELEMENTS + 1) + text[at:]
    assert "Plus de 10\u202f000 éléments inconnus du format (y…)" in rejection(over).message
    exactly = text[:at] + "<y/>" * MAX_UNKNOWN_ELEMENTS + text[at:]
    assert len(parse_file(io.BytesIO(exactly.encode("cp1252"))).households) == 3


def test_an_unexpected_root_is_refused_before_parsing():
    text = _valid().replace("<Racine>", "<Autre>", 1).replace("</Racine>", "</Autre>")
    assert "racine inattendu « Autre »" in rejection(text).message
