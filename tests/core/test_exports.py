"""Spreadsheet writers: a cell a spreadsheet would run as a formula is neutralised in every CSV, XLSX
and ODS that Pacte writes (OWASP, CSV injection)."""

import csv
import datetime
import decimal
import io
import pathlib
import re

import openpyxl
import pytest
from django.urls import reverse
from odf import teletype
from odf.namespaces import TABLENS
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow

from pacte.core.exports import safe_cell, write_csv, write_ods, write_xlsx
from pacte.organizations.enums import OrganizationKind
from pacte.pathways.exports import france_travail_csv, oriented_to_france_travail
from tests.factories import DossierFactory, OrganizationFactory, PersonFactory
from tests.pathways.factories import OrientationFactory
from tests.permissions.world import build_world, client_for

HYPERLINK = '=HYPERLINK("http://x","y")'
DDE = "+cmd|' /C calc'!A0"
DANGEROUS = [
    HYPERLINK,
    DDE,
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-1+1",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "\uff1d1+1",  # full-width equals sign, read as "=" by some spreadsheets
]
HARMLESS = ["Dupont", "Jean-Pierre", "O'Neil", "", "3 rue des Lilas", "2025-01-31", "-12", "+33612345678"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_a_text_that_starts_like_a_formula_gets_a_leading_quote(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [*HARMLESS, -3, 2.5, decimal.Decimal("-1.25"), True, None, datetime.date(2025, 1, 31)],
)
def test_harmless_values_and_numbers_are_unchanged(value):
    assert safe_cell(value) == value
    assert type(safe_cell(value)) is type(value)


ROWS = [
    ["nom", "prénom", "montant", "date"],
    [HYPERLINK, DDE, -3, datetime.date(2025, 1, 31)],
    ["Dupont", "Jean-Pierre", decimal.Decimal("12.50"), None],
]


def test_csv_cells_are_neutralised():
    text = write_csv(ROWS)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ["'" + HYPERLINK, "'" + DDE, "-3", "2025-01-31"]
    assert rows[2] == ["Dupont", "Jean-Pierre", "12.50", ""]


def test_xlsx_cells_are_text_never_formulas():
    workbook = openpyxl.load_workbook(io.BytesIO(write_xlsx([("Personnes", ROWS)])))
    sheet = workbook["Personnes"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1] == ["'" + HYPERLINK, "'" + DDE, -3, datetime.datetime(2025, 1, 31)]
    assert values[2][:3] == ["Dupont", "Jean-Pierre", 12.5]


def ods_rows(data, sheet_name):
    document = load(io.BytesIO(data))
    (table,) = [
        t for t in document.spreadsheet.getElementsByType(Table) if t.getAttribute("name") == sheet_name
    ]
    rows = []
    for row in table.getElementsByType(TableRow):
        cells = row.getElementsByType(TableCell)
        assert all((TABLENS, "formula") not in cell.attributes for cell in cells)
        rows.append([(cell.getAttribute("valuetype"), teletype.extractText(cell)) for cell in cells])
    return rows


def test_ods_cells_are_neutralised():
    rows = ods_rows(write_ods([("Personnes", ROWS)]), "Personnes")
    assert rows[1] == [
        ("string", "'" + HYPERLINK),
        ("string", "'" + DDE),
        ("float", "-3"),
        ("date", "31/01/2025"),
    ]
    assert rows[2][:3] == [("string", "Dupont"), ("string", "Jean-Pierre"), ("float", "12.50")]


def test_a_control_character_from_a_caf_file_does_not_break_a_workbook():
    rows = [["Du\x00pont\x0b"]]
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx([("A", rows)]))).active
    assert sheet["A1"].value == "Dupont"
    assert ods_rows(write_ods([("A", rows)]), "A") == [[("string", "Dupont")]]


@pytest.mark.django_db
def test_the_france_travail_export_neutralises_names_and_keeps_harmless_values():
    world = build_world()
    france_travail = OrganizationFactory(
        kind=OrganizationKind.FRANCE_TRAVAIL, departement=world.objects["departement_87"]
    )
    person = PersonFactory(
        last_name=HYPERLINK,
        first_name=DDE,
        birth_name="Dupont",
        phone="+33612345678",
        dossier=DossierFactory(address_line="@SUM(1+1)"),
    )
    OrientationFactory(person=person, body=france_travail)
    direction = client_for(world, "direction")
    response = direction.get(reverse("web:orientation_export"), {"departement": "87"})
    assert response.status_code == 200
    direct = france_travail_csv(oriented_to_france_travail(world.users["direction"], departement_code="87"))
    assert response.content.decode("utf-8") == direct
    header, row = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    values = dict(zip(header, row, strict=True))
    assert values["nom_usage"] == "'" + HYPERLINK and values["prenom"] == "'" + DDE
    assert values["adresse"] == "'@SUM(1+1)"
    assert values["nom_naissance"] == "Dupont" and values["telephone"] == "+33612345678"
    assert values["date_decision_orientation"] == "2025-04-10"


# A spreadsheet written outside pacte/core/exports.py escapes the neutralisation.
DIRECT_WRITERS = re.compile(
    r"csv\.(writer|DictWriter)\(|\bWorkbook\(|WriteOnlyCell|OpenDocumentSpreadsheet\(|xlsxwriter|\.to_(csv|excel)\("
)


def test_no_spreadsheet_is_written_outside_the_core_writers():
    root = pathlib.Path(__file__).resolve().parents[2] / "pacte"
    writers = root / "core" / "exports.py"
    offenders = [
        f"{path.relative_to(root.parent)}:{number}"
        for path in sorted(root.rglob("*.py"))
        if path != writers
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if DIRECT_WRITERS.search(line)
    ]
    assert offenders == []
