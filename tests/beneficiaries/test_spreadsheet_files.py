"""Spreadsheets from outside: limits checked while streaming, hostile files refused fast and in
bounded memory, encodings told by their byte order mark."""

import codecs
import io
import json
import re
import struct
import subprocess
import sys
import zipfile

import pytest

from pacte.beneficiaries import spreadsheet_xlsx
from pacte.beneficiaries.spreadsheet_files import MAX_FILE_BYTES, SpreadsheetError, read_sheet
from tests.beneficiaries.test_spreadsheet import HEADERS, csv_bytes, row, xlsx_bytes

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKBOOK = (
    f'<workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
    ' Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
    ' Target="sharedStrings.xml"/></Relationships>'
)
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c></row>'


def workbook(path, *, sheet=(), strings=(), sst_attributes=""):
    """A minimal XLSX written chunk by chunk: `sheet` and `strings` are iterables of XML pieces."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for piece in sheet:
                part.write(piece.encode())
            part.write(b"</sheetData></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<sst xmlns="{MAIN}" {sst_attributes}>'.encode())
            for piece in strings:
                part.write(piece.encode())
            part.write(b"</sst>")
    return path


def many_strings(count):
    for start in range(0, count, 10_000):
        yield "".join(f"<si><t>{i % 977}</t></si>" for i in range(start, min(start + 10_000, count)))


def wide_row(cells, cell="<c><v>1</v></c>"):
    yield '<row r="2">'
    for start in range(0, cells, 10_000):
        yield cell * min(10_000, cells - start)
    yield "</row>"


def many_rows(count):
    for start in range(2, count + 2, 10_000):
        yield "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(start, start + 10_000))


PEAK = """
import json, sys, time
from pacte.beneficiaries.spreadsheet_files import SpreadsheetError, read_sheet
started = time.monotonic()
try:
    read_sheet(sys.argv[1])
    verdict = "accepted"
except SpreadsheetError as error:
    verdict = error.message
seconds = time.monotonic() - started
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"verdict": verdict, "rss_mb": peak / 1024, "seconds": seconds}))
"""


def read_in_subprocess(path):
    run = subprocess.run(
        [sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(run.stdout)


@pytest.mark.parametrize(
    ("name", "build", "expected"),
    [
        (
            "two million shared strings",
            lambda path: workbook(path, sheet=[HEADER_ROW], strings=many_strings(2_000_000)),
            "Classeur refusé",
        ),
        (
            "two million shared strings, declared",
            lambda path: workbook(
                path,
                sheet=[HEADER_ROW],
                strings=many_strings(2_000_000),
                sst_attributes='uniqueCount="2000000"',
            ),
            "annonce plus de 1 000 000 textes différents|Classeur refusé",
        ),
        (
            "one row of two million cells",
            lambda path: workbook(path, sheet=[HEADER_ROW, *wide_row(2_000_000)]),
            "Classeur refusé",
        ),
        (
            "a million rows",
            lambda path: workbook(path, sheet=[HEADER_ROW, *many_rows(1_000_000)]),
            "Le fichier dépasse 50 000 lignes : découpez-le.",
        ),
    ],
)
def test_hostile_workbooks_are_refused_fast_in_bounded_memory(tmp_path, name, build, expected):
    path = build(tmp_path / "hostile.xlsx")
    assert path.stat().st_size < 8 * 1024 * 1024, name
    result = read_in_subprocess(path)
    assert re.search(expected, result["verdict"]), result
    assert result["rss_mb"] < 120 and result["seconds"] < 10, result


def test_a_csv_past_the_row_limit_is_refused_while_reading(tmp_path):
    path = tmp_path / "long.csv"
    with open(path, "w", encoding="utf-8") as out:
        out.write("Nom;Prénom\n")
        for start in range(0, 1_000_000, 10_000):
            out.write("".join(f"N{i};P\n" for i in range(start, start + 10_000)))
    result = read_in_subprocess(path)
    assert result["verdict"] == "Le fichier dépasse 50 000 lignes : découpez-le.", result
    assert result["rss_mb"] < 120 and result["seconds"] < 10, result


def test_a_csv_of_one_endless_line_is_refused(tmp_path):
    path = tmp_path / "line.csv"
    path.write_bytes(b"Nom;" + b"x" * (5 * 1024 * 1024))
    result = read_in_subprocess(path)
    assert "Une ligne du fichier dépasse 1 048 576 caractères" in result["verdict"], result
    assert result["rss_mb"] < 120, result


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "wb") as out:
        out.truncate(108 * 1024 * 1024)  # sparse: nothing on disk
    with pytest.raises(SpreadsheetError, match="dépasse 50 Mo"):
        read_sheet(path)
    assert MAX_FILE_BYTES == 50 * 1024 * 1024


def test_the_shared_strings_are_counted_even_when_the_workbook_says_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(spreadsheet_xlsx, "MAX_SHARED_STRINGS", 100)
    path = workbook(tmp_path / "a.xlsx", sheet=[HEADER_ROW], strings=many_strings(101))
    with pytest.raises(SpreadsheetError, match="plus de 100 textes différents"):
        read_sheet(path)
    fine = workbook(tmp_path / "b.xlsx", sheet=[HEADER_ROW, '<row r="2"><c t="s"><v>5</v></c></row>'],
                    strings=many_strings(100))  # fmt: skip
    assert read_sheet(fine).rows == [(2, {"Nom": "5"})]


def test_a_declared_count_of_shared_strings_past_the_limit_is_refused_before_reading_them(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(spreadsheet_xlsx, "MAX_SHARED_STRINGS", 100)
    path = workbook(
        tmp_path / "a.xlsx",
        sheet=[HEADER_ROW],
        strings=["<si><t>x</t></si>"],
        sst_attributes='count="5" uniqueCount="101"',
    )
    with pytest.raises(SpreadsheetError, match="il annonce plus de 100 textes différents"):
        read_sheet(path)


def test_a_row_past_the_cell_limit_is_refused(tmp_path):
    path = workbook(tmp_path / "wide.xlsx", sheet=[HEADER_ROW, *wide_row(16_385, cell="<c/>")])
    assert read_sheet(
        workbook(
            tmp_path / "ok.xlsx",
            sheet=[HEADER_ROW, *wide_row(16_384, cell="<c/>"), '<row r="3"><c><v>1</v></c></row>'],
        )
    ).rows == [(3, {"Nom": "1"})]
    with pytest.raises(SpreadsheetError, match="La ligne 2 compte plus de 16 384 cellules"):
        read_sheet(path)


def test_values_past_the_hundredth_column_are_refused(tmp_path):
    path = workbook(tmp_path / "far.xlsx", sheet=[HEADER_ROW, '<row r="2"><c r="CW2"><v>1</v></c></row>'])
    with pytest.raises(SpreadsheetError, match="au-delà de la 100e colonne"):
        read_sheet(path)


def test_a_part_bigger_than_declared_is_refused(tmp_path):
    path = workbook(tmp_path / "liar.xlsx", sheet=[HEADER_ROW, *many_rows(10_000)])
    data = bytearray(path.read_bytes())
    entry = data.index(b"PK\x01\x02")  # the central directory, where zipfile reads the sizes
    while not data[entry + 46 :].startswith(b"xl/worksheets/sheet1.xml"):
        entry = data.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 1000)  # declared uncompressed size
    with pytest.raises(SpreadsheetError, match="endommagé|plus grosse que ce qu'il déclare"):
        read_sheet(io.BytesIO(bytes(data)), file_name="liar.xlsx")


def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path):
    path = workbook(
        tmp_path / "bomb.xlsx", sheet=[HEADER_ROW, '<row r="2"><c><v>1</v></c></row>', " " * 50_000_000]
    )
    assert path.stat().st_size < 200_000
    with pytest.raises(SpreadsheetError, match="bombe de décompression"):
        read_sheet(path)


def test_entities_are_not_expanded(tmp_path):
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    path = tmp_path / "laughs.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels", RELS.split('<Relationship Id="rId2"')[0] + "</Relationships>"
        )
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'{laughs}<worksheet xmlns="{MAIN}"><sheetData>{HEADER_ROW}'
            '<row r="2"><c t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>',
        )
    try:
        sheet = read_sheet(path)
    except SpreadsheetError:
        return
    assert "aaaaaaaaaa" not in sheet.rows[0][1]["Nom"]


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("utf-8"),
        lambda text: text.encode("cp1252"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-8-bom", "utf-8", "windows-1252"],
)
def test_csv_encodings_are_told_by_their_byte_order_mark(encode):
    text = csv_bytes([row(Prénom="Élodie", Nom="Lefèvre")]).decode("utf-8")
    sheet = read_sheet(io.BytesIO(encode(text)), file_name="liste.csv")
    assert sheet.headers == HEADERS
    assert (sheet.rows[0][1]["Prénom"], sheet.rows[0][1]["Nom"]) == ("Élodie", "Lefèvre")


def test_an_openpyxl_workbook_reads_as_before():
    import datetime

    data = xlsx_bytes([row(**{"Né le": datetime.date(1985, 6, 15), "N° dossier": 12345, "SDD": True})])
    cells = read_sheet(io.BytesIO(data), file_name="liste.xlsx").rows[0][1]
    assert (cells["Né le"], cells["N° dossier"], cells["SDD"], cells["Prénom"]) == (
        "1985-06-15", "12345", "True", "ÉLODIE",
    )  # fmt: skip
