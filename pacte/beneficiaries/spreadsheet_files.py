"""Reading an uploaded spreadsheet (CSV or XLSX) into text cells, streamed, within fixed limits.

A spreadsheet comes from outside: it may be huge once decompressed, or built to exhaust the
server (a workbook of millions of shared strings, a row of millions of cells, a CSV of one endless
line). Every limit is checked while the file is read, row by row, so that a hostile file is refused
after reading no more than the limit, with a French reason, and before anything is written.
CSV is decoded by its byte order mark (UTF-8, UTF-16 LE or BE), else as UTF-8, else Windows-1252.
The XLSX reader is in `spreadsheet_xlsx`.
"""

import codecs
import csv
import dataclasses
import io
from pathlib import Path

from pacte.core.errors import DomainError
from pacte.core.progress import NullProgress

# Limits of a sheet of beneficiaries (a département's caseload is a few tens of thousands).
MAX_ROWS = 50_000  # data rows, below the header row
MAX_ROWS_SEEN = 4 * MAX_ROWS  # rows read, empty ones included
MAX_COLUMNS = 100  # columns that hold a value
MAX_CELLS_PER_ROW = 16_384  # cells of one row, empty ones included (Excel's own maximum)
MAX_CELL_CHARS = 32_767  # Excel's own maximum
MAX_FILE_BYTES = 50 * 1024 * 1024  # the upload itself
MAX_LINE_CHARS = 1024 * 1024  # one CSV line

CSV_DELIMITERS = (";", ",", "\t", "|")
# The "utf-16" codec reads the byte order from the mark, and drops it.
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
XLSX_MAGIC = b"PK\x03\x04"
CHUNK = 64 * 1024


class SpreadsheetError(DomainError):
    """A spreadsheet that cannot be read at all (wrong format, no header, beyond a limit)."""


@dataclasses.dataclass
class Sheet:
    headers: list[str]
    # (line number in the file, {header: text}); line 1 is the header row.
    rows: list[tuple[int, dict[str, str]]]


def number(value):
    return f"{value:,}".replace(",", " ")


def read_sheet(source, *, file_name="", progress=None):
    """Read a CSV or XLSX file (a path or a seekable binary file object) into a `Sheet`."""
    from pacte.beneficiaries.spreadsheet_xlsx import xlsx_rows  # the XLSX reader uses this module

    progress = progress or NullProgress()
    name = (file_name or str(getattr(source, "name", source))).lower()
    with _opened(source) as stream:
        size = stream.seek(0, io.SEEK_END)
        stream.seek(0)
        if size > MAX_FILE_BYTES:
            raise SpreadsheetError(f"Le fichier dépasse {MAX_FILE_BYTES // (1024 * 1024)} Mo : découpez-le.")
        magic = stream.read(len(XLSX_MAGIC))
        stream.seek(0)
        if magic == XLSX_MAGIC or name.endswith(".xlsx"):
            rows = xlsx_rows(stream, progress=progress)
        elif name.endswith((".csv", ".txt")):
            rows = csv_rows(stream, size=size, progress=progress)
        else:
            raise SpreadsheetError("Format non pris en charge : déposez un fichier CSV ou XLSX.")
        try:
            sheet = build_sheet(rows)
        finally:
            rows.close()  # a sheet refused midway lets go of the stream before its owner closes it
    progress.finish()
    return sheet


class _opened:
    """A path opened for reading, or a file object given as is (not closed)."""

    def __init__(self, source):
        self.source = source
        self.owned = isinstance(source, str | Path)

    def __enter__(self):
        self.stream = open(self.source, "rb") if self.owned else self.source  # noqa: SIM115
        return self.stream

    def __exit__(self, *exc_info):
        if self.owned:
            self.stream.close()


def build_sheet(rows):
    """A `Sheet` from (line, [texts]) pairs, the first being the header row; limits checked as
    the rows come."""
    rows = iter(rows)
    headers = _headers(next(rows, None))
    data = []
    for seen, (line, cells) in enumerate(rows, start=1):
        if seen > MAX_ROWS_SEEN:
            raise SpreadsheetError(f"Le fichier dépasse {number(MAX_ROWS)} lignes : découpez-le.")
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if len(data) == MAX_ROWS:
            raise SpreadsheetError(f"Le fichier dépasse {number(MAX_ROWS)} lignes : découpez-le.")
        data.append((line, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers) if h}))
    if not data:
        raise SpreadsheetError("Le fichier ne contient aucune ligne de données sous les noms des colonnes.")
    return Sheet(headers=[h for h in headers if h], rows=data)


def _headers(first):
    line, cells = first or (1, [])
    headers = [cell.strip() for cell in cells] if line == 1 else []
    if not any(headers):
        raise SpreadsheetError("La première ligne doit porter les noms des colonnes : elle est vide.")
    seen = set()
    for header in headers:
        if header and header in seen:
            raise SpreadsheetError(f"La colonne « {header} » apparaît deux fois dans la première ligne.")
        seen.add(header)
    return headers


def check_row_width(line, count):
    if count > MAX_CELLS_PER_ROW:
        raise SpreadsheetError(
            f"La ligne {line} compte plus de {number(MAX_CELLS_PER_ROW)} cellules : import refusé."
        )


def check_column(column):
    if column > MAX_COLUMNS:
        raise SpreadsheetError(
            f"Le fichier a des valeurs au-delà de la {MAX_COLUMNS}e colonne : gardez seulement les "
            "colonnes utiles."
        )


# CSV


def csv_encoding(stream):
    """The encoding of a CSV file: by its byte order mark, else UTF-8 if it decodes, else
    Windows-1252 (checked chunk by chunk, never loading the file)."""
    start = stream.read(4)
    stream.seek(0)
    for bom, encoding in BOMS:
        if start.startswith(bom):
            return encoding
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        stream.seek(0)
    return "utf-8"


def csv_rows(stream, *, size, progress):
    """(line, [texts]) of a CSV file, one record at a time."""
    encoding = csv_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="strict", newline="")
    try:
        lines = _bounded_lines(text, stream, size, progress)
        first = next(lines, "")
        delimiter = max(CSV_DELIMITERS, key=first.count)
        reader = csv.reader(_chain(first, lines), delimiter=delimiter)
        yield from _records(reader)
    except UnicodeDecodeError as error:
        raise SpreadsheetError(
            f"Fichier CSV illisible : caractère invalide pour l'encodage {encoding}."
        ) from error
    finally:
        text.detach()


def _records(reader):
    try:
        for line, record in enumerate(reader, start=1):
            check_row_width(line, len(record))
            for cell in record:
                if len(cell) > MAX_CELL_CHARS:
                    raise SpreadsheetError(
                        f"Ligne {line} : une cellule dépasse {number(MAX_CELL_CHARS)} caractères."
                    )
            check_column(max((i + 1 for i, cell in enumerate(record) if cell.strip()), default=0))
            yield line, record
    except csv.Error as error:
        raise SpreadsheetError(f"Fichier CSV illisible : {error}.") from error


def _bounded_lines(text, stream, size, progress):
    progress.start(size, "Lecture du fichier", unit="o")
    position = 0
    while line := text.readline(MAX_LINE_CHARS + 1):
        if len(line) > MAX_LINE_CHARS:
            raise SpreadsheetError(
                f"Une ligne du fichier dépasse {number(MAX_LINE_CHARS)} caractères : ce n'est pas un "
                "tableur de bénéficiaires."
            )
        read = stream.tell()
        if read != position:
            progress.advance(read - position)
            position = read
        yield line


def _chain(first, lines):
    if first:
        yield first
    yield from lines
