"""XML Schemas of the CAF beneficiary files, written from the element trees (see `tree.py`).

`build_xsd(flux)` writes the schema text; the project ships its output as
`schemas/vrsb0801.xsd` and `schemas/vrsd0301.xsd` (a test keeps them in step). The schemas encode
what the trees say: element order (`xs:sequence` everywhere), cardinalities, and these types:

- `date`: `xs:date`;
- `time`: `HH:MM:SS` with an optional fraction of up to 4 digits (`01:18:36.0000`);
- `boolean`: `0` or `1`;
- `integer digits=N`: exactly N digits, zero-padded (`00000001`);
- `decimal digits=D frac=F`: a decimal of at most D digits, F after the point (`0001675.00`);
- `string max=N`: at most N characters; an empty string is allowed, as in the real files.

`validate(path)` checks a whole file (plain or gzip) against the schema of its kind, streaming.
"""

import os
from functools import cache

from lxml import etree

from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.source import open_xml_stream
from pacte.beneficiaries.caf.tree import SCHEMA_DIR, Node, load_tree

XS = "http://www.w3.org/2001/XMLSchema"
_INDENT = "  "


def _type_name(node: Node) -> str:
    if node.kind == "date":
        return "xs:date"
    if node.kind == "time":
        return "caf_time"
    if node.kind == "boolean":
        return "caf_boolean"
    if node.kind == "integer":
        return f"caf_int{node.digits}"
    if node.kind == "decimal":
        return f"caf_dec{node.digits}_{node.frac}"
    return f"caf_str{node.max_length}"


def _simple_type(name: str) -> list[str]:
    if name == "caf_time":
        facets = ['<xs:pattern value="([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,4})?"/>']
        base = "xs:string"
    elif name == "caf_boolean":
        facets = ['<xs:enumeration value="0"/>', '<xs:enumeration value="1"/>']
        base = "xs:string"
    elif name.startswith("caf_int"):
        facets = [f'<xs:pattern value="[0-9]{{{name[7:]}}}"/>']
        base = "xs:string"
    elif name.startswith("caf_dec"):
        digits, frac = (int(part) for part in name[7:].split("_"))
        facets = [
            f'<xs:pattern value="-?[0-9]{{1,{digits - frac}}}(\\.[0-9]{{1,{frac}}})?"/>',
            f'<xs:totalDigits value="{digits}"/>',
            f'<xs:fractionDigits value="{frac}"/>',
        ]
        base = "xs:decimal"
    else:
        facets = [f'<xs:maxLength value="{name[7:]}"/>']
        base = "xs:string"
    lines = [f'<xs:simpleType name="{name}">', f'{_INDENT}<xs:restriction base="{base}">']
    lines += [f"{_INDENT * 2}{facet}" for facet in facets]
    lines += [f"{_INDENT}</xs:restriction>", "</xs:simpleType>"]
    return lines


def _occurs(node: Node, top: bool) -> str:
    if top:
        return ""
    text = ""
    if node.min_occurs != 1:
        text += f' minOccurs="{node.min_occurs}"'
    if node.max_occurs is None:
        text += ' maxOccurs="unbounded"'
    elif node.max_occurs != 1:
        text += f' maxOccurs="{node.max_occurs}"'
    return text


def _element(node: Node, depth: int, top: bool = False) -> list[str]:
    pad = _INDENT * depth
    occurs = _occurs(node, top)
    if node.kind is not None:
        return [f'{pad}<xs:element name="{node.name}" type="{_type_name(node)}"{occurs}/>']
    lines = [
        f'{pad}<xs:element name="{node.name}"{occurs}>',
        f"{pad}{_INDENT}<xs:complexType>",
        f"{pad}{_INDENT * 2}<xs:sequence>",
    ]
    for child in node.children:
        lines += _element(child, depth + 3)
    lines += [f"{pad}{_INDENT * 2}</xs:sequence>", f"{pad}{_INDENT}</xs:complexType>", f"{pad}</xs:element>"]
    return lines


def build_xsd(flux: str) -> str:
    """The XSD text of `flux` ('vrsb0801' or 'vrsd0301'), from its element tree."""
    root = load_tree(flux)
    types = sorted({_type_name(node) for _, node in root.walk() if node.kind and node.kind != "date"})
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<!-- Schéma {flux.upper()} écrit par pacte.beneficiaries.caf.schema.build_xsd : ne pas modifier. -->",
        f'<xs:schema xmlns:xs="{XS}" elementFormDefault="unqualified">',
    ]
    for name in types:
        lines += [_INDENT + line for line in _simple_type(name)]
    lines += _element(root, 1, top=True)
    lines.append("</xs:schema>")
    return "\n".join(lines) + "\n"


def schema_path(flux: str):
    return SCHEMA_DIR / f"{flux}.xsd"


@cache
def _schema_document(flux: str):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(schema_path(flux)), parser)


@cache
def load_schema(flux: str) -> etree.XMLSchema:
    return etree.XMLSchema(_schema_document(flux))


def validate(path: str | os.PathLike, flux: str | None = None) -> list[str]:
    """Validate a whole CAF file against its schema; return the errors (empty when valid).

    The flux kind is taken from `IdentificationFlux/VERSIONFLUX` (present: VRSD0301) unless
    given. Validation streams, so it suits files of any size; libxml2 does not know the lines of
    the schema errors it finds while streaming, so the messages name the element instead.
    """
    etree.clear_error_log()  # streaming validation reports through lxml's global error log
    try:
        schema = load_schema(flux or detect_flux(path))
        with open_xml_stream(path) as stream:
            # No resolve_entities=False here: with a schema, lxml then stops silently at a syntax
            # error. The source has refused any DOCTYPE, so no entity can be declared anyway.
            context = etree.iterparse(
                stream,
                events=("end",),
                schema=schema,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            for _, element in context:
                parent = element.getparent()
                if parent is not None and parent.getparent() is None:
                    element.clear()
                    while element.getprevious() is not None:
                        del parent[0]
    except CafFileError as error:
        return [str(error)]
    except etree.XMLSyntaxError as error:
        messages = [_describe(entry) for entry in error.error_log] or [str(error)]
        return list(dict.fromkeys(messages))
    return []


def _describe(entry) -> str:
    """One error; streaming validation does not know lines, so they only appear when known."""
    return f"ligne {entry.line} : {entry.message}" if entry.line else entry.message


def detect_flux(path: str | os.PathLike) -> str:
    """'vrsd0301' when the file's `IdentificationFlux` holds `VERSIONFLUX`, 'vrsb0801' otherwise."""
    with open_xml_stream(path) as stream:
        for _, element in etree.iterparse(
            stream, events=("end",), resolve_entities=False, no_network=True, load_dtd=False
        ):
            if element.tag == "VERSIONFLUX":
                return "vrsd0301"
            if element.tag == "IdentificationFlux" or element.tag == "InfosFoyerRSA":
                return "vrsb0801"
    return "vrsb0801"
