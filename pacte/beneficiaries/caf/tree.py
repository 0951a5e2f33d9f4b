"""The element trees of the CAF beneficiary files, read from `schemas/vrsb0801_tree.txt`.

The text file is the VRSB0801 element tree (order, cardinality, type, length) as published; the
VRSD0301 tree is derived from it in `vrsd0301_tree()`. Its differences with VRSB0801 are the ones
listed for VRSD0301 in the format notes; where the notes leave a choice open, it is made here:

- `IdentificationFlux` ends with `VERSIONFLUX` (string, 8), `TYPEPARTE` (string, 4) and `IDEPARTE`
  (string, 3), all mandatory, in that order, after `DTREF`. The parser recognises a VRSD0301 file
  by the presence of `VERSIONFLUX`.
- `Identification` gains `LISPRENOMS` (string, 50) after `PRENOM3`; `LIEUNAI` (string, 3, the
  département or "99" for abroad) and `PAYSNAI` (string, 40) after `NOMCOMNAI`; `DTDC` (date of
  death) last. All optional.
- `DossierCAF` is renamed `DossierCafMsa`, unchanged inside.
- `Prestations` [2..2] becomes `FonctionPersonnePFA` [1..1] (`ROLEPERS`) followed by
  `FonctionPersonneRSA` [1..1] (`ROLEPERS`, `TOPCHAPERS`).
- `MontantCalculDroitRSAPersonne` is renamed `CalculDroitRSAPersonne`; `DDSOUDRODEV` and
  `DFSOUDRODEV` (optional dates) follow `TOPPERSENTDRODEVORSA`.
- `SituationDossierRSA` gains `DroitOuvert` [0..1] (`DTODRSA`, date) right after `EtatDossierRSA`.
- `TransmissionFlux` ends with `NBCARATRANSM` [1..1], 12 zero-padded digits: the number of
  characters of the file before the `TransmissionFlux` element.
- Everything else (blocks the real VRSD0301 moved or dropped) is kept as in VRSB0801, since an
  importer maps the paths it reads and ignores the others.
"""

import copy
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
FLUX_KINDS = ("vrsb0801", "vrsd0301")

_LINE = re.compile(
    r"^(?P<indent> *)(?P<name>[A-Za-z][A-Za-z0-9]*) \[(?P<min>\d+)\.\.(?P<max>\d+|n)\]"
    r"(?: (?P<kind>string|date|time|boolean|integer|decimal))?"
    r"(?: max=(?P<maxlen>\d+))?(?: digits=(?P<digits>\d+))?(?: frac=(?P<frac>\d+))?\s*$"
)


@dataclass
class Node:
    """One element of the tree: a block when `kind` is None, a leaf otherwise."""

    name: str
    min_occurs: int
    max_occurs: int | None  # None: unbounded
    kind: str | None = None
    max_length: int | None = None
    digits: int | None = None
    frac: int | None = None
    children: list["Node"] = field(default_factory=list)

    def child(self, name: str) -> "Node":
        for node in self.children:
            if node.name == name:
                return node
        raise KeyError(name)

    def index(self, name: str) -> int:
        return [node.name for node in self.children].index(name)

    def walk(self, prefix: str = ""):
        """Yield (path, node) for this node and every descendant, depth first, in order."""
        path = f"{prefix}/{self.name}" if prefix else self.name
        yield path, self
        for node in self.children:
            yield from node.walk(path)


def parse_tree(text: str) -> Node:
    """Read the indented tree format (`NAME [min..max] type max=N digits=N frac=N`)."""
    stack: list[tuple[int, Node]] = []
    root = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = _LINE.match(raw)
        if match is None:
            raise ValueError(f"line {number}: cannot read {raw!r}")
        depth = len(match["indent"]) // 2
        node = _node(match)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            stack[-1][1].children.append(node)
        elif root is None:
            root = node
        else:
            raise ValueError(f"line {number}: second root element")
        stack.append((depth, node))
    if root is None:
        raise ValueError("empty tree")
    return root


def _node(match: re.Match) -> Node:
    def number(key):
        return int(match[key]) if match[key] else None

    return Node(
        name=match["name"],
        min_occurs=int(match["min"]),
        max_occurs=None if match["max"] == "n" else int(match["max"]),
        kind=match["kind"],
        max_length=number("maxlen"),
        digits=number("digits"),
        frac=number("frac"),
    )


def leaf(name, kind, *, required=True, max_length=None, digits=None):
    return Node(name, int(required), 1, kind, max_length=max_length, digits=digits)


@cache
def _vrsb0801() -> Node:
    return parse_tree((SCHEMA_DIR / "vrsb0801_tree.txt").read_text(encoding="utf-8"))


@cache
def _vrsd0301() -> Node:
    root = copy.deepcopy(_vrsb0801())
    flux = root.child("IdentificationFlux")
    flux.children += [
        leaf("VERSIONFLUX", "string", max_length=8),
        leaf("TYPEPARTE", "string", max_length=4),
        leaf("IDEPARTE", "string", max_length=3),
    ]
    person = root.child("InfosFoyerRSA").child("Personne")
    _derive_identification(person.child("Identification"))
    person.child("DossierCAF").name = "DossierCafMsa"
    at = person.index("Prestations")
    person.children[at : at + 1] = [
        Node("FonctionPersonnePFA", 1, 1, children=[leaf("ROLEPERS", "string", max_length=3)]),
        Node(
            "FonctionPersonneRSA",
            1,
            1,
            children=[leaf("ROLEPERS", "string", max_length=3), leaf("TOPCHAPERS", "boolean")],
        ),
    ]
    amounts = person.child("MontantCalculDroitRSAPersonne")
    amounts.name = "CalculDroitRSAPersonne"
    at = amounts.index("TOPPERSENTDRODEVORSA") + 1
    amounts.children[at:at] = [
        leaf("DDSOUDRODEV", "date", required=False),
        leaf("DFSOUDRODEV", "date", required=False),
    ]
    situation = root.child("InfosFoyerRSA").child("PrestationRSA").child("SituationDossierRSA")
    at = situation.index("EtatDossierRSA") + 1
    situation.children.insert(at, Node("DroitOuvert", 0, 1, children=[leaf("DTODRSA", "date")]))
    root.child("TransmissionFlux").children.append(leaf("NBCARATRANSM", "integer", digits=12))
    return root


def _derive_identification(identification: Node) -> None:
    at = identification.index("PRENOM3") + 1
    identification.children.insert(at, leaf("LISPRENOMS", "string", required=False, max_length=50))
    at = identification.index("NOMCOMNAI") + 1
    identification.children[at:at] = [
        leaf("LIEUNAI", "string", required=False, max_length=3),
        leaf("PAYSNAI", "string", required=False, max_length=40),
    ]
    identification.children.append(leaf("DTDC", "date", required=False))


def load_tree(flux: str) -> Node:
    """The element tree of `flux` ('vrsb0801' or 'vrsd0301'). Treat it as read-only."""
    if flux == "vrsb0801":
        return _vrsb0801()
    if flux == "vrsd0301":
        return _vrsd0301()
    raise ValueError(f"unknown flux {flux!r}")


@cache
def max_lengths() -> dict[str, int]:
    """Maximum length of every string leaf, by element name, over both flux kinds.

    The same name has the same length wherever it appears in the trees, which lets the parser
    check lengths by name in its hot path.
    """
    lengths: dict[str, int] = {}
    for flux in FLUX_KINDS:
        for _, node in load_tree(flux).walk():
            size = node.max_length or node.digits
            if node.kind in ("string", "integer") and size:
                lengths[node.name] = max(size, lengths.get(node.name, 0))
    return lengths
