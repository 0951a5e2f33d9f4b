"""Reading the first sheet of an XLSX workbook, streamed with lxml, within fixed limits.

Not through openpyxl: even in read-only mode it loads the shared strings whole and builds each
row whole, so a small workbook can take gigabytes. Here every zip member read is checked against
its declared size, a total and a compression ratio (zip bombs); the shared strings are counted and
kept compactly; each row's cells are counted as they come; the XML parser resolves no entity and
reaches no network.
"""

import array
import datetime
import io
import re
import zipfile
from posixpath import join, normpath

from lxml import etree

from pacte.beneficiaries.spreadsheet_files import (
    MAX_CELL_CHARS,
    SpreadsheetError,
    check_column,
    check_row_width,
    number,
)

MAX_MEMBERS = 1_000
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # one part, decompressed
MAX_TOTAL_BYTES = 200 * 1024 * 1024  # the parts read, decompressed
MAX_SMALL_PART_BYTES = 10 * 1024 * 1024  # workbook, relationships, styles
MAX_RATIO = 100  # decompressed / compressed, for parts over RATIO_FROM bytes
RATIO_FROM = 1024 * 1024
MAX_SHARED_STRINGS = 1_000_000
MAX_SHARED_CHARS = 20_000_000

MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DAMAGED = "Fichier XLSX illisible : le classeur est endommagé ou n'est pas au format XLSX."
CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
# Built-in number formats that are dates (ECMA-376, 18.8.30).
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
QUOTED = re.compile(r'"[^"]*"|\\.|\[(?!h+\]|m+\]|s+\])[^\]]*\]')
DATE_CODES = re.compile(r"[dmyhsDMYHS]")


def tags(name, namespaces=MAIN_NS):
    return tuple(f"{{{ns}}}{name}" for ns in namespaces)


def xlsx_rows(stream, *, progress):
    """(line, [texts]) of the first sheet of the workbook in `stream`."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(DAMAGED) from error
    with archive:
        parts = _Parts(archive)
        sheet_path, strings_path, styles_path = _locate(parts)
        date1904 = parts.date1904
        date_styles = _date_styles(parts, styles_path) if styles_path else frozenset()
        strings = _shared_strings(parts, strings_path) if strings_path else SharedStrings()
        reader = _SheetReader(strings, date_styles, date1904)
        with parts.open(sheet_path, limit=MAX_MEMBER_BYTES, progress=progress) as member:
            yield from reader.rows(member)


class _Parts:
    """The zip's members, each checked before it is read and counted while it is read."""

    def __init__(self, archive):
        self.archive = archive
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise SpreadsheetError(f"Classeur refusé : plus de {number(MAX_MEMBERS)} parties.")
        self.infos = {info.filename: info for info in infos}
        self.total = 0
        self.date1904 = False

    def __contains__(self, path):
        return path in self.infos

    def open(self, path, *, limit, progress=None):
        info = self.infos.get(path)
        if info is None:
            raise SpreadsheetError(DAMAGED)
        if info.file_size > limit or self.total + info.file_size > MAX_TOTAL_BYTES:
            raise SpreadsheetError(
                f"Classeur refusé : une fois décompressé, il dépasserait {limit // (1024 * 1024)} Mo."
            )
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SpreadsheetError(
                "Classeur refusé : une partie se décompresse plus de "
                f"{MAX_RATIO} fois plus grosse que dans le fichier (bombe de décompression)."
            )
        self.total += info.file_size
        try:
            return _Counted(self.archive.open(info), info.file_size, progress)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as error:
            raise SpreadsheetError(DAMAGED) from error

    def parse(self, path):
        """A small part (workbook, relationships, styles) parsed whole."""
        with self.open(path, limit=MAX_SMALL_PART_BYTES) as member:
            try:
                return etree.parse(member, _parser()).getroot()
            except etree.XMLSyntaxError as error:
                raise SpreadsheetError(DAMAGED) from error


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class _Counted(io.RawIOBase):
    """A zip member that refuses to yield more than its declared size."""

    def __init__(self, member, declared, progress):
        self.member, self.declared, self.progress, self.read_bytes = member, declared, progress, 0
        if progress is not None:
            progress.start(declared, "Lecture du classeur", unit="o")

    def readable(self):
        return True

    def read(self, size=-1):
        try:
            data = self.member.read(size if size and size > 0 else io.DEFAULT_BUFFER_SIZE)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise SpreadsheetError(DAMAGED) from error
        self.read_bytes += len(data)
        if self.read_bytes > self.declared:
            raise SpreadsheetError("Classeur refusé : une partie est plus grosse que ce qu'il déclare.")
        if self.progress is not None and data:
            self.progress.advance(len(data))
        return data

    def close(self):
        self.member.close()
        super().close()


def _locate(parts):
    """(first sheet, shared strings or None, styles or None): the paths the workbook names."""
    workbook = parts.parse("xl/workbook.xml")
    rels = parts.parse("xl/_rels/workbook.xml.rels")
    properties = _first(workbook, "workbookPr")
    parts.date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    sheet = _first(workbook, "sheet")
    if sheet is None:
        raise SpreadsheetError("Le classeur ne contient aucune feuille.")
    sheet_id = next((sheet.get(f"{{{ns}}}id") for ns in REL_NS if sheet.get(f"{{{ns}}}id")), None)
    targets, by_type = {}, {}
    for rel in rels.iter(f"{{{PACKAGE_REL_NS}}}Relationship"):
        path = _target(rel.get("Target", ""))
        targets[rel.get("Id")] = path
        by_type[rel.get("Type", "").rsplit("/", 1)[-1]] = path
    sheet_path = targets.get(sheet_id)
    if sheet_path not in parts:
        raise SpreadsheetError(DAMAGED)
    strings_path = by_type.get("sharedStrings")
    styles_path = by_type.get("styles")
    return (
        sheet_path,
        strings_path if strings_path in parts else None,
        styles_path if styles_path in parts else None,
    )


def _target(target):
    return normpath(target.lstrip("/")) if target.startswith("/") else normpath(join("xl", target))


def _first(root, name):
    return next((element for tag in tags(name) for element in root.iter(tag)), None)


def _date_styles(parts, path):
    """Indexes of the cell styles whose number format is a date."""
    styles = parts.parse(path)
    custom = {
        int(fmt.get("numFmtId", "0")): fmt.get("formatCode", "")
        for tag in tags("numFmt")
        for fmt in styles.iter(tag)
    }
    cell_xfs = _first(styles, "cellXfs")
    dates = set()
    for index, xf in enumerate(cell_xfs.iterchildren(*tags("xf")) if cell_xfs is not None else ()):
        format_id = int(xf.get("numFmtId", "0") or 0)
        if format_id in DATE_FORMAT_IDS or (format_id in custom and is_date_format(custom[format_id])):
            dates.add(index)
    return frozenset(dates)


def is_date_format(code):
    code = QUOTED.sub("", code.split(";")[0])
    return bool(DATE_CODES.search(code))


class SharedStrings:
    """The workbook's shared strings in one string and an offset table, not a million objects."""

    def __init__(self):
        self.buffer = io.StringIO()
        self.offsets = array.array("I", [0])
        self.text = ""

    def append(self, text):
        if len(self.offsets) > MAX_SHARED_STRINGS:
            raise SpreadsheetError(
                f"Classeur refusé : plus de {number(MAX_SHARED_STRINGS)} textes différents."
            )
        end = self.offsets[-1] + len(text)
        if end > MAX_SHARED_CHARS:
            raise SpreadsheetError(
                f"Classeur refusé : ses textes dépassent {number(MAX_SHARED_CHARS)} caractères."
            )
        self.buffer.write(text)
        self.offsets.append(end)

    def close(self):
        self.text, self.buffer = self.buffer.getvalue(), None

    def __getitem__(self, index):
        if not 0 <= index < len(self.offsets) - 1:
            raise SpreadsheetError(DAMAGED)
        return self.text[self.offsets[index] : self.offsets[index + 1]]


def _shared_strings(parts, path):
    strings, sst_tags = SharedStrings(), tags("sst")
    with parts.open(path, limit=MAX_MEMBER_BYTES) as member:
        events = etree.iterparse(
            member, events=("start", "end"), tag=(*tags("sst"), *tags("si")), **_iterparse_options()
        )
        try:
            for event, element in events:
                if element.tag in sst_tags:
                    if event == "start":
                        _check_declared_count(element)
                elif event == "end":
                    strings.append("".join(_texts(element)))
                    _forget(element)
        except etree.XMLSyntaxError as error:
            raise SpreadsheetError(DAMAGED) from error
    strings.close()
    return strings


def _check_declared_count(sst):
    declared = sst.get("uniqueCount") or ""
    if declared.isdigit() and int(declared) > MAX_SHARED_STRINGS:
        raise SpreadsheetError(
            f"Classeur refusé : il annonce plus de {number(MAX_SHARED_STRINGS)} textes différents."
        )


def _iterparse_options():
    return {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def _texts(element):
    """The text runs of a string item (`<t>`, and `<r><t>` runs), not its phonetic hints."""
    for child in element:
        name = etree.QName(child).localname
        if name == "t":
            yield child.text or ""
        elif name == "r":
            yield from (t.text or "" for t in child if etree.QName(t).localname == "t")


def _forget(element):
    """Free what the parser built so far: the element and its earlier siblings."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


class _SheetReader:
    def __init__(self, strings, date_styles, date1904):
        self.strings, self.date_styles, self.date1904 = strings, date_styles, date1904

    def rows(self, member):
        row_tags, cell_tags = tags("row"), tags("c")
        events = etree.iterparse(member, events=("end",), tag=(*row_tags, *cell_tags), **_iterparse_options())
        line, cells, count = 0, {}, 0
        try:
            for _, element in events:
                if element.tag in cell_tags:
                    count += 1
                    check_row_width(line + 1, count)
                    self._cell(element, count, cells)
                    _forget(element)
                    continue
                given = element.get("r") or ""
                line = int(given) if given.isdigit() else line + 1
                yield line, [cells.get(column, "") for column in range(1, max(cells, default=0) + 1)]
                cells, count = {}, 0
                _forget(element)
        except etree.XMLSyntaxError as error:
            raise SpreadsheetError(DAMAGED) from error

    def _cell(self, element, position, cells):
        text = self._value(element)
        if not text:
            return
        match = CELL_REF.match(element.get("r") or "")
        column = _column_number(match.group(1)) if match else position
        check_column(column)
        if len(text) > MAX_CELL_CHARS:
            raise SpreadsheetError(f"Une cellule dépasse {number(MAX_CELL_CHARS)} caractères.")
        cells[column] = text

    def _value(self, element):
        kind = element.get("t", "n")
        if kind == "inlineStr":
            inline = next((child for child in element if etree.QName(child).localname == "is"), None)
            return "".join(_texts(inline)) if inline is not None else ""
        value = next((child.text or "" for child in element if etree.QName(child).localname == "v"), "")
        if not value:
            return ""
        if kind == "s":
            return self.strings[int(value)] if value.isdigit() else ""
        if kind == "b":
            return "True" if value == "1" else "False"
        if kind == "d":
            return value[:10]
        if kind in ("str", "e"):
            return value
        return self._number(value, int(element.get("s") or 0))

    def _number(self, value, style):
        try:
            figure = float(value)
        except ValueError:
            return value
        if style in self.date_styles:
            return excel_date(figure, self.date1904)
        return str(int(figure)) if figure.is_integer() else repr(figure)


def _column_number(letters):
    result = 0
    for letter in letters:
        result = result * 26 + ord(letter) - ord("A") + 1
    return result


def excel_date(serial, date1904=False):
    """The ISO date of an Excel serial day number ("" when out of range)."""
    days = int(serial)
    if date1904:
        start = datetime.date(1904, 1, 1)
    else:
        start = datetime.date(1899, 12, 30)
        if days < 60:  # Excel's 29 February 1900, which never was
            days += 1
    try:
        return (start + datetime.timedelta(days=days)).isoformat()
    except OverflowError:
        return ""
