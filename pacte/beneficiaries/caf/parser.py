"""Streaming parser of the CAF beneficiary files (VRSB0801 and VRSD0301, plain or gzip).

    with CafParser("RSABEM.xml.gz") as parser:
        header = parser.header                # before the first household
        for household in parser:              # one Household per InfosFoyerRSA
            ...
        parser.trailer, parser.unknown_codes  # once every household has been read

The file is read once with `lxml.etree.iterparse`, each dossier cleared once read, so memory
stays flat whatever the size. Its encoding is the one its prolog declares (windows-1252 in the
CAF's files; others are read as well). The parser checks what the importer relies on (mandatory
blocks and leaves, dates, amounts, lengths, strict code lists, one dossier per NUMDEMRSA, the
count); it does not validate the whole schema (`schema.validate` does, much more slowly). A file that cannot be imported whole raises `CafFileError` with one
French line; the households already yielded must then be discarded by the caller (the count check
of `TransmissionFlux` only happens after the last one).
"""

import os
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import BinaryIO

from lxml import etree

from pacte.beneficiaries.caf.collect import KNOWN_TAGS
from pacte.beneficiaries.caf.dossier import ROOT, raw_hash, read_household
from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.fields import code, date_of, departement_of, integer, leaves, required
from pacte.beneficiaries.caf.records import FileHeader, FileTrailer, Household, UnchangedHousehold
from pacte.beneficiaries.caf.source import XmlSource

ROOT_TAG = "Racine"
HEADER_TAG = "IdentificationFlux"
TRAILER_TAG = "TransmissionFlux"
_TOP_TAGS = (HEADER_TAG, ROOT, TRAILER_TAG)
# Elements the format does not define are counted and skipped; past this many, the file is rejected.
MAX_UNKNOWN_ELEMENTS = 10_000
# No block of a real file comes near this (a dossier holds about a hundred elements).
MAX_BLOCK_ELEMENTS = 50_000

# libxml2 error codes that mean the document stops before its end.
_PREMATURE_END = {4, 73, 74, 77}
_EXTRA_CONTENT = 5
_SYNTAX_REASONS = {
    _EXTRA_CONTENT: "contenu après la fin du document",
    9: "caractère interdit ou invalide pour l'encodage déclaré",
    23: "référence d'entité incomplète",
    26: "entité non déclarée",
    27: "entité non déclarée",
    32: "encodage non pris en charge",
    39: "attribut incorrect",
    41: "attribut incorrect",
    68: "nom d'élément attendu",
    76: "balises ouvrante et fermante différentes",
}


@dataclass(frozen=True)
class ParsedFile:
    header: FileHeader
    households: list[Household]
    trailer: FileTrailer
    unknown_codes: dict[str, list[str]]


class CafParser:
    """Iterate over the households of a CAF file; see the module docstring."""

    def __init__(self, source: str | os.PathLike | BinaryIO, *, max_unknown_elements=MAX_UNKNOWN_ELEMENTS):
        self._source = XmlSource(source)
        self._max_unknown = max_unknown_elements
        self._strays: dict[str, int] = {}
        self._root = None  # the Racine element, from its start event
        self._header: FileHeader | None = None  # published once its département is known
        self._raw_header: FileHeader | None = None
        self._pending: list[Household] = []
        self._unknown: dict[str, set[str]] = defaultdict(set)
        self._numbers: set[str] = set()
        self._households = self._run()
        self._iterated = False
        self.trailer: FileTrailer | None = None
        self.count = 0
        # Hashes of dossiers already imported: set after the header is read (see UnchangedHousehold).
        self.known_hashes: frozenset[str] | set[str] = frozenset()

    @property
    def header(self) -> FileHeader:
        """The file header; for VRSB0801 the first household is read ahead for its département."""
        while self._header is None:
            household = next(self._households, None)
            if household is None:
                break
            self._pending.append(household)
        if self._header is None:
            raise CafFileError(f"Bloc obligatoire absent : {ROOT_TAG}/{HEADER_TAG}.")
        return self._header

    @property
    def unknown_codes(self) -> dict[str, list[str]]:
        """Codes of descriptive fields outside their known list: {field: sorted distinct codes}."""
        return {field: sorted(codes) for field, codes in sorted(self._unknown.items()) if codes}

    @property
    def unknown_elements(self) -> dict[str, int]:
        """Elements the format does not define, skipped: {name: count}."""
        return dict(sorted(self._strays.items()))

    def __iter__(self):
        if self._iterated:
            raise RuntimeError("a CafParser can be iterated only once")
        self._iterated = True
        while self._pending:
            yield self._pending.pop(0)
        yield from self._households

    def read_all(self) -> ParsedFile:
        """Every household in a list: for small files and tests."""
        households = list(self)
        return ParsedFile(self.header, households, self.trailer, self.unknown_codes)

    def close(self) -> None:
        self._households.close()
        self._source.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def _run(self):
        try:
            yield from self._parse()
        except etree.XMLSyntaxError as error:
            raise syntax_error(
                error, truncated=self._source.at_end and error.lineno >= self._source.lines
            ) from error
        finally:
            self._source.close()

    def _parse(self):
        if self._source.root_name not in (None, ROOT_TAG):
            raise CafFileError(
                f"Élément racine inattendu « {self._source.root_name} » : « {ROOT_TAG} » attendu."
            )
        context = etree.iterparse(
            _PruningSource(self._source, self._prune),
            events=("start", "end"),
            tag=(*_TOP_TAGS, f"{{*}}{ROOT_TAG}"),
            remove_blank_text=True,
            remove_comments=True,
            remove_pis=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        root = None
        for event, element in context:
            if event == "start":
                if self._root is None and element.getparent() is None:
                    self._root = element
                continue
            if element is self._root:
                continue
            root = self._check_place(element, root)
            if element.tag == ROOT:
                household = self._household(element)
                if self._header is None:
                    self._header = replace(self._raw_header, departement=household.departement)
                yield household
            elif element.tag == HEADER_TAG:
                self._read_header(element)
            else:
                self._read_trailer(element)
            element.clear()
            self._drop_before(element)
        self._finish(context, root)

    def _drop_before(self, element) -> None:
        """Remove the siblings before `element`: blocks already handled, or unknown elements."""
        while (previous := element.getprevious()) is not None:
            if previous.tag not in _TOP_TAGS:
                self._count_strays(previous)
            self._root.remove(previous)

    def _count_strays(self, element) -> None:
        """Count `element` and what it holds as unknown elements (it is outside any block)."""
        for node in element.iter():
            name = node.tag if isinstance(node.tag, str) else "?"
            self._strays[name] = self._strays.get(name, 0) + 1
        self._check_strays()

    def _check_strays(self, pending: int = 0) -> None:
        total = sum(self._strays.values()) + pending
        if total > self._max_unknown:
            names = ", ".join(sorted(self._strays, key=self._strays.get, reverse=True)[:3]) or "?"
            raise CafFileError(
                f"Plus de {_number(self._max_unknown)} éléments inconnus du format ({names}…) : ce "
                "n'est pas un fichier CAF valide."
            )

    def _prune(self) -> None:
        """Between two reads of the file: drop the elements already complete under the root, and
        refuse an open block that grows without bound, so that memory stays flat for any file
        (stray elements outside the blocks are never handed to the loop of `_parse`)."""
        root = self._root
        if root is None or not len(root):
            return
        last = root[-1]  # possibly still open
        self._drop_before(last)
        size = sum(1 for _ in last.iter())
        if last.tag not in _TOP_TAGS:
            self._check_strays(pending=size)
        elif size > MAX_BLOCK_ELEMENTS:
            raise CafFileError(
                f"Bloc {last.tag} anormalement volumineux (plus de {_number(MAX_BLOCK_ELEMENTS)} "
                "éléments) : fichier rejeté.",
                line=last.sourceline,
            )

    def _check_place(self, element, root):
        parent = element.getparent()
        if root is None:
            if parent is None or parent.getparent() is not None or parent.tag != ROOT_TAG:
                name = element.getroottree().getroot().tag
                raise CafFileError(f"Élément racine inattendu « {name} » : « {ROOT_TAG} » attendu.")
            root = parent
        elif parent is not root:
            raise CafFileError(f"Bloc {element.tag} mal placé dans le fichier.", line=element.sourceline)
        if self.trailer is not None:
            raise CafFileError(f"Bloc {element.tag} après {TRAILER_TAG}.", line=element.sourceline)
        if element.tag != HEADER_TAG and self._raw_header is None:
            raise CafFileError(
                f"Bloc {HEADER_TAG} absent ou mal placé : il doit ouvrir le fichier.", line=element.sourceline
            )
        return root

    def _household(self, element) -> Household | UnchangedHousehold:
        household = None
        if self.known_hashes:
            digest = raw_hash(element)
            if digest in self.known_hashes:
                household = UnchangedHousehold(
                    numdemrsa=element.findtext("IdentificationRSA/DemandeRSA/NUMDEMRSA", "").strip(),
                    raw_hash=digest,
                    person_count=len(element.findall("Personne")),
                    line=element.sourceline,
                )
        if household is None:
            household = read_household(element, self._unknown, self._strays)
            self._check_strays()
            self._check_departement(household)
        if household.numdemrsa in self._numbers:
            raise CafFileError(
                f"Dossier NUMDEMRSA « {household.numdemrsa} » présent deux fois dans le fichier.",
                line=household.line,
            )
        self._numbers.add(household.numdemrsa)
        self.count += 1
        return household

    def _check_departement(self, household: Household) -> None:
        """A CAF file is sent per département: a dossier of another one rejects the file whole
        (`docs/imports-caf.md`)."""
        expected = self._header.departement if self._header is not None else household.departement
        if household.departement != expected:
            raise CafFileError(
                f"Le dossier NUMDEMRSA « {household.numdemrsa} » relève du département "
                f"{household.departement}, le fichier du {expected} : un fichier CAF ne concerne qu'un "
                "département.",
                line=household.line,
            )

    def _read_header(self, element) -> None:
        if self._raw_header is not None:
            raise CafFileError(f"Bloc {HEADER_TAG} présent deux fois.", line=element.sourceline)
        self._count_unknown_children(element)
        values = leaves(element, f"{ROOT_TAG}/{HEADER_TAG}")
        versionflux = values.get("VERSIONFLUX")
        departement = departement_of(values, "IDEPARTE") if values.get("IDEPARTE") else None
        self._raw_header = FileHeader(
            flux="vrsd0301" if versionflux is not None else "vrsb0801",
            applieme=required(values, "APPLIEME"),
            numversionapplieme=values.get("NUMVERSIONAPPLIEME") or "",
            typeflux=code(values, "TYPEFLUX", self._unknown, mandatory=True),
            natflux=values.get("NATFLUX") or "",
            dtcreaflux=date_of(values, "DTCREAFLUX", mandatory=True),
            heucreaflux=values.get("HEUCREAFLUX") or "",
            dtref=date_of(values, "DTREF", mandatory=True),
            versionflux=versionflux,
            typeparte=values.get("TYPEPARTE"),
            departement=departement,
        )
        if departement is not None:
            self._header = self._raw_header

    def _read_trailer(self, element) -> None:
        self._count_unknown_children(element)
        values = leaves(element, f"{ROOT_TAG}/{TRAILER_TAG}")
        self.trailer = FileTrailer(
            nbtotdosrsatransm=integer(values, "NBTOTDOSRSATRANSM", mandatory=True),
            nbtotdosrsatransmano=integer(values, "NBTOTDOSRSATRANSMANO") or 0,
            nbcaratransm=integer(values, "NBCARATRANSM"),
        )
        if self.trailer.nbtotdosrsatransm != self.count:
            raise CafFileError(
                f"Nombre de dossiers incohérent : {TRAILER_TAG}/NBTOTDOSRSATRANSM annonce "
                f"{self.trailer.nbtotdosrsatransm} dossiers, le fichier en contient {self.count} "
                "(fichier tronqué ou altéré).",
                line=element.sourceline,
            )

    def _count_unknown_children(self, element) -> None:
        for child in element:
            if child.tag not in KNOWN_TAGS:
                self._count_strays(child)

    def _finish(self, context, root) -> None:
        if root is None:
            name = context.root.tag if context.root is not None else None
            if name != ROOT_TAG:
                raise CafFileError(f"Élément racine inattendu « {name} » : « {ROOT_TAG} » attendu.")
        if self._raw_header is None:
            raise CafFileError(f"Bloc obligatoire absent : {ROOT_TAG}/{HEADER_TAG}.")
        if self._header is None:
            self._header = self._raw_header
        if self.trailer is None:
            raise CafFileError(f"Bloc obligatoire absent : {ROOT_TAG}/{TRAILER_TAG} (fichier tronqué ?).")


def _number(value: int) -> str:
    return f"{value:,}".replace(",", "\u202f")


class _PruningSource:
    """The file as lxml reads it, calling `prune` before each read (lxml reads only once every
    event of the bytes read so far has been handled)."""

    def __init__(self, source, prune):
        self._source = source
        self._prune = prune

    def read(self, size: int = -1) -> bytes:
        self._prune()
        return self._source.read(size)


def syntax_error(error: etree.XMLSyntaxError, *, truncated: bool = False) -> CafFileError:
    """The French error for a libxml2 one; `truncated`: it happened on the last line of the file."""
    line = error.position[0] if error.position else None
    if error.code in _PREMATURE_END or (truncated and error.code != _EXTRA_CONTENT):
        return CafFileError("Fichier tronqué : le document XML s'arrête avant sa fin.", line=line)
    reason = _SYNTAX_REASONS.get(error.code, f"erreur libxml2 n° {error.code}")
    return CafFileError(f"XML mal formé : {reason}.", line=line)


def parse_file(source: str | os.PathLike | BinaryIO) -> ParsedFile:
    """Read a whole CAF file into memory; raise CafFileError if it cannot be imported whole."""
    with CafParser(source) as parser:
        return parser.read_all()
