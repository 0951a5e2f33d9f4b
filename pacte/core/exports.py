"""The writers of every spreadsheet Pacte hands out (CSV, XLSX, ODS).

Names, addresses and notes come from outside (CAF files, forms); a cell such as
`=HYPERLINK("http://x","y")` or `+cmd|' /C calc'!A0` would run as a formula once the file is opened
in a spreadsheet. Following OWASP's guidance on CSV injection, every text cell whose first
character (after leading spaces) is `=`, `+`, `-`, `@` (or their full-width forms), a tab or a
carriage return is written with a leading single quote. Numbers, dates and booleans stay what they
are; so does a text that is only a signed number (`-12`, `+33612345678`): it cannot call anything.

No exporter writes a spreadsheet by itself: each goes through `write_csv`, `write_xlsx` or
`write_ods` (a test checks the code for direct writers).
"""

import csv
import datetime
import decimal
import io
import re

from django.utils import timezone

FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
CONTROL_STARTS = frozenset("\t\r")
_SIGNED_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
# Characters XML 1.0 cannot carry (the XLSX and ODS files are XML); CSV keeps them.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_ILLEGAL = re.compile(r"[\[\]:*?/\\]")


def safe_cell(value):
    """`value` as a spreadsheet may read it without running it (see the module's docstring)."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in CONTROL_STARTS:
        return "'" + value
    stripped = value.lstrip()
    if stripped[:1] in FORMULA_STARTS and not _SIGNED_NUMBER.fullmatch(stripped):
        return "'" + value
    return value


def safe_row(row):
    return [safe_cell(value) for value in row]


def write_csv(rows, *, delimiter=";", bom=True, lineterminator="\r\n"):
    """The rows (the header first) as CSV text; with `bom`, a byte-order mark so that a spreadsheet
    reads it as UTF-8."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator)
    for row in rows:
        writer.writerow(["" if value is None else value for value in safe_row(row)])
    return buffer.getvalue()


def _sheet_title(title, index):
    title = _SHEET_TITLE_ILLEGAL.sub(" ", str(title or "")).strip()[:31]
    return title or f"Feuille {index}"


def _naive(value):
    """Spreadsheets have no time zones: an aware datetime is written in Pacte's local time."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def write_xlsx(sheets):
    """An Office Open XML workbook (bytes) of `sheets`, an iterable of `(title, rows)`."""
    from openpyxl import Workbook  # heavy: only loaded when a workbook is written
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    for index, (title, rows) in enumerate(sheets, start=1):
        sheet = workbook.create_sheet(_sheet_title(title, index))
        for row in rows:
            cells = []
            for value in safe_row(row):
                cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    return _naive(value)


def write_ods(sheets):
    """An OpenDocument spreadsheet (bytes) of `sheets`, an iterable of `(title, rows)`."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow

    document = OpenDocumentSpreadsheet()
    for index, (title, rows) in enumerate(sheets, start=1):
        table = Table(name=_sheet_title(title, index))
        for row in rows:
            table_row = TableRow()
            for value in safe_row(row):
                table_row.addElement(_ods_cell(value))
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _ods_cell(value):
    from odf import teletype
    from odf.table import TableCell
    from odf.text import P

    value = _naive(value)
    if value is None or value == "":
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
        text = "VRAI" if value else "FAUX"
    elif isinstance(value, int | float | decimal.Decimal):
        cell, text = TableCell(valuetype="float", value=str(value)), str(value)
    elif isinstance(value, datetime.datetime):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(timespec="seconds"))
        text = value.strftime("%d/%m/%Y %H:%M")
    elif isinstance(value, datetime.date):
        cell, text = TableCell(valuetype="date", datevalue=value.isoformat()), value.strftime("%d/%m/%Y")
    else:
        text = _XML_ILLEGAL.sub("", str(value))
        cell = TableCell(valuetype="string")
    paragraph = P()
    teletype.addTextToElement(paragraph, text)
    cell.addElement(paragraph)
    return cell
