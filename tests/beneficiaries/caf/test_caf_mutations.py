"""Damaged files: the parser either reads them whole or raises CafFileError, never anything else."""

import copy
import gzip
import io
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pacte.beneficiaries.caf.codes import ETATDOSRSA, ROLEPERS
from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.generator import generate
from pacte.beneficiaries.caf.parser import parse_file

COMMUNES = [{"insee": "87085", "name": "Limoges", "postcode": "87000"}]
FUZZ = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _file(flux: str) -> bytes:
    out = io.BytesIO()
    generate(
        out, departement="87", households=2, seed=12, dtref=date(2025, 6, 30), communes=COMMUNES, flux=flux
    )
    return out.getvalue()


BASES = {flux: _file(flux) for flux in ("vrsb0801", "vrsd0301")}
TREES = {flux: etree.fromstring(data) for flux, data in BASES.items()}
LEAF_ALPHABET = "0123456789-.:, ABZaz&<>'éÉçŒ€\t"
INSERTS = [
    "<!DOCTYPE Racine>",
    "&amp;",
    "&bogus;",
    "<X>",
    "</Personne>",
    "]]>",
    "<?pi x?>",
    "\x00",
    "é",
    "<![CDATA[x]]>",
]


def assert_whole_or_refused(data: bytes) -> None:
    try:
        parsed = parse_file(io.BytesIO(data))
    except CafFileError as error:
        assert error.message and "\n" not in str(error)
        return
    assert parsed.header.dtref and parsed.header.typeflux in ("M", "I")
    assert parsed.trailer.nbtotdosrsatransm == len(parsed.households)
    for household in parsed.households:
        assert household.numdemrsa and household.etatdosrsa in ETATDOSRSA and household.persons
        assert all(
            person.rsa_role in ROLEPERS and isinstance(person.dtnai, date) for person in household.persons
        )
        assert len(household.raw_hash) == 64


def _serialise(root) -> bytes:
    return etree.tostring(root, encoding="windows-1252", xml_declaration=True)


flux_kinds = st.sampled_from(sorted(BASES))


@FUZZ
@given(flux=flux_kinds, data=st.data())
def test_dropped_duplicated_or_swapped_elements(flux, data):
    root = copy.deepcopy(TREES[flux])
    elements = list(root.iter())[1:]
    element = elements[data.draw(st.integers(0, len(elements) - 1), label="element")]
    operation = data.draw(st.sampled_from(["drop", "duplicate", "swap", "empty", "nest"]), label="operation")
    parent = element.getparent()
    if operation == "drop":
        parent.remove(element)
    elif operation == "duplicate":
        element.addnext(copy.deepcopy(element))
    elif operation == "swap" and element.getnext() is not None:
        element.getnext().addnext(element)
    elif operation == "empty":
        element.text = None
        for child in list(element):
            element.remove(child)
    elif operation == "nest":
        element.append(copy.deepcopy(element))
    assert_whole_or_refused(_serialise(root))


@FUZZ
@given(flux=flux_kinds, cut=st.floats(0, 1), compressed=st.booleans())
def test_truncated_bytes(flux, cut, compressed):
    data = gzip.compress(BASES[flux], mtime=0) if compressed else BASES[flux]
    assert_whole_or_refused(data[: int(len(data) * cut)])


@FUZZ
@given(flux=flux_kinds, position=st.floats(0, 1), value=st.integers(0, 255), compressed=st.booleans())
def test_flipped_bytes(flux, position, value, compressed):
    data = bytearray(gzip.compress(BASES[flux], mtime=0) if compressed else BASES[flux])
    data[min(int(len(data) * position), len(data) - 1)] = value
    assert_whole_or_refused(bytes(data))


@FUZZ
@given(flux=flux_kinds, position=st.floats(0, 1), insert=st.sampled_from(INSERTS) | st.text(max_size=5))
def test_inserted_text(flux, position, insert):
    data = BASES[flux]
    at = int(len(data) * position)
    assert_whole_or_refused(data[:at] + insert.encode("cp1252", "replace") + data[at:])


@FUZZ
@given(flux=flux_kinds, count=st.integers(0, 10**9) | st.text(alphabet="0123456789 -+xé", max_size=10))
def test_changed_counts(flux, count):
    root = copy.deepcopy(TREES[flux])
    root.find("TransmissionFlux/NBTOTDOSRSATRANSM").text = str(count)
    assert_whole_or_refused(_serialise(root))


@FUZZ
@given(flux=flux_kinds, data=st.data())
def test_changed_leaf_values(flux, data):
    root = copy.deepcopy(TREES[flux])
    leaves = [element for element in root.iter() if len(element) == 0]
    leaf = leaves[data.draw(st.integers(0, len(leaves) - 1), label="leaf")]
    leaf.text = data.draw(st.text(alphabet=LEAF_ALPHABET, max_size=40), label="text")
    assert_whole_or_refused(_serialise(root))
