"""`pacte indicators`: the JSON contract, and the same figures as CSV, XLSX and ODS tables."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from openpyxl import load_workbook

from pacte.evaluation import engine
from tests.evaluation.cohort import CE, DEP, FT, D, contract, orient, person
from tests.factories import DepartementFactory

pytestmark = pytest.mark.django_db

EXPECTED_ROWS = len(engine.INDICATORS) + 1


@pytest.fixture
def cohort():
    DepartementFactory(code="87")
    oriented = person(dtdemrsa=D(2025, 3, 20))
    orient(oriented, D(2025, 4, 10), DEP)  # 40 days from 1 March, 21 from the demand
    contract(oriented, D(2025, 4, 30), CE)
    orient(person(), D(2025, 5, 10), FT)
    person()


def run(*args):
    out = io.StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_json_to_stdout_is_the_contract(cohort):
    result = json.loads(run("--departement", "87", "--year", "2025", "--format", "json"))
    assert result == engine.compute("87", 2025)
    assert result["at"] == "2025-12-31"
    assert result["indicators"]["B1"] == {"numerator": 2, "denominator": 3, "value": 66.7}
    assert result["indicators"]["B13"] == {"n": 2, "value": 55.0}
    assert result["indicators"]["B14"] == {"n": 1, "value": 20.0}


def test_at_overrides_the_reference_date(cohort):
    result = json.loads(run("--departement", "087", "--year", "2025", "--at", "2025-04-30"))
    assert result["departement"] == "87"
    assert result["at"] == "2025-04-30"
    assert result["indicators"]["B1"] == {"numerator": 1, "denominator": 3, "value": 33.3}


def test_csv_to_stdout_one_row_per_indicator(cohort):
    text = run("--departement", "87", "--year", "2025", "--format", "csv")
    assert not text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0] == ["indicateur", "libellé", "numérateur", "dénominateur ou effectif", "valeur"]
    assert len(table) == EXPECTED_ROWS
    assert table[1] == ["B1", engine.LABELS["B1"], "2", "3", "66.7"]
    b13 = next(row for row in table if row[0] == "B13")
    assert b13 == ["B13", engine.LABELS["B13"], "", "2", "55.0"]
    b10 = next(row for row in table if row[0] == "B10")
    assert b10[2:] == ["0", "0", ""]  # empty population: no value


def test_csv_file_is_utf8_with_a_byte_order_mark(cohort, tmp_path):
    path = tmp_path / "indicateurs.csv"
    run("--departement", "87", "--year", "2025", "--format", "csv", "-o", str(path))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    assert "Délai moyen entre la demande de RSA et la première orientation (jours)" in text


def test_xlsx_file_holds_the_same_figures(cohort, tmp_path):
    path = tmp_path / "indicateurs.xlsx"
    run("--departement", "87", "--year", "2025", "--format", "xlsx", "-o", str(path))
    sheet = load_workbook(path).active
    assert sheet.title == "Indicateurs 87 2025"
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(table) == EXPECTED_ROWS
    assert table[1] == ["B1", engine.LABELS["B1"], 2, 3, 66.7]
    assert next(row for row in table if row[0] == "B14") == ["B14", engine.LABELS["B14"], None, 1, 20]


def _ods_rows(path):
    table = load(str(path)).spreadsheet.getElementsByType(Table)[0]
    return table.getAttribute("name"), [
        [teletype.extractText(cell) for cell in row.getElementsByType(TableCell)]
        for row in table.getElementsByType(TableRow)
    ]


def test_ods_file_holds_the_same_figures(cohort, tmp_path):
    path = tmp_path / "indicateurs.ods"
    run("--departement", "87", "--year", "2025", "--format", "ods", "-o", str(path))
    name, table = _ods_rows(path)
    assert name == "Indicateurs 87 2025"
    assert len(table) == EXPECTED_ROWS
    assert table[1] == ["B1", engine.LABELS["B1"], "2", "3", "66.7"]


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_spreadsheets_need_a_file(cohort, fmt):
    with pytest.raises(CommandError, match=f"Le format {fmt.upper()} s'écrit dans un fichier"):
        run("--departement", "87", "--year", "2025", "--format", fmt)


def test_unknown_departement(cohort):
    with pytest.raises(CommandError, match="Département inconnu : 99."):
        run("--departement", "99", "--year", "2025")


def test_invalid_date(cohort):
    with pytest.raises(CommandError, match="Date invalide : « 31/12/2025 »"):
        run("--departement", "87", "--year", "2025", "--at", "31/12/2025")


def test_date_out_of_range(cohort):
    with pytest.raises(CommandError, match="entre 1900 et 2100"):
        run("--departement", "87", "--year", "2025", "--at", "0001-01-01")
