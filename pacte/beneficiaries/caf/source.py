"""Opening a CAF file: plain or gzip (told by its magic bytes), prolog checked before parsing.

The prolog (what comes before the root element) is read and scanned first: a DOCTYPE, and with it
any entity declaration, is refused there, before any XML parser sees the file.
"""

import gzip
import os
import re
import zlib
from typing import BinaryIO

from pacte.beneficiaries.caf.errors import CafFileError
from pacte.core.files import os_error_reason

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
_CHUNK = 64 * 1024
_PROLOG_LIMIT = 1024 * 1024
_BLANKS = b" \t\r\n"
_NAME = re.compile(rb"[^\s/>]+")

# Exceptions the gzip layer raises on a damaged or truncated stream.
STREAM_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


class _Prefixed:
    """A readable stream that first replays bytes already read from `stream`."""

    def __init__(self, prefix: bytes, stream):
        self._prefix = prefix
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._prefix:
            if size is None or size < 0:
                data, self._prefix = self._prefix + self._stream.read(), b""
                return data
            data, self._prefix = self._prefix[:size], self._prefix[size:]
            return data
        return self._stream.read(size)


class XmlSource:
    """The decompressed bytes of a CAF file, positioned at its start, prolog already checked.

    `source` is a path or a binary file object (left open: its owner closes it).
    """

    def __init__(self, source: str | os.PathLike | BinaryIO):
        self._owned = isinstance(source, str | os.PathLike)
        self.at_end = False  # the whole file has been read
        self.lines = 1  # lines read so far
        try:
            self._raw = open(source, "rb") if self._owned else source  # noqa: SIM115 - closed in close()
        except OSError as error:
            raise CafFileError(f"Impossible d'ouvrir le fichier : {os_error_reason(error)}.") from error
        try:
            self._stream = self._open()
        except BaseException:
            self.close()
            raise

    def _open(self):
        head = _read(self._raw, 2)
        stream = _Prefixed(head, self._raw)
        self.compressed = head == GZIP_MAGIC
        if self.compressed:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")
        prolog = read_prolog(stream)
        self.root_name = _root_name(prolog)
        return _Prefixed(prolog, stream)

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._stream.read(size)
        except STREAM_ERRORS as error:
            raise CafFileError("Fichier compressé (gzip) tronqué ou corrompu.") from error
        if data:
            self.lines += data.count(b"\n")
        else:
            self.at_end = True
        return data

    def close(self) -> None:
        if self._owned:
            self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def open_xml_stream(source: str | os.PathLike | BinaryIO) -> XmlSource:
    return XmlSource(source)


def _read(stream, size: int) -> bytes:
    try:
        return stream.read(size)
    except STREAM_ERRORS as error:
        raise CafFileError("Fichier compressé (gzip) tronqué ou corrompu.") from error
    except OSError as error:
        raise CafFileError(f"Lecture du fichier impossible : {os_error_reason(error)}.") from error


def read_prolog(stream) -> bytes:
    """Read from `stream` up to the start of the root element; refuse a DOCTYPE or a non-XML file.

    Returns every byte read, so that the caller can replay them to the XML parser.
    """
    data = b""
    while True:
        chunk = _read(stream, _CHUNK)
        data += chunk
        found = scan_prolog(data, complete=not chunk)
        if found is not None:
            return data
        if len(data) > _PROLOG_LIMIT:
            raise CafFileError("Prologue XML anormalement long : ce n'est pas un fichier CAF.")


def scan_prolog(data: bytes, *, complete: bool) -> int | None:
    """Offset of the root element's `<` in `data`, or None when more bytes are needed.

    Only the XML declaration, processing instructions, comments and blanks may precede the root.
    """
    if not data and complete:
        raise CafFileError("Le fichier est vide.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CafFileError("Encodage UTF-16 non pris en charge : un fichier CAF est en windows-1252.")
    position = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    while True:
        while position < len(data) and data[position] in _BLANKS:
            position += 1
        if position >= len(data):
            return _need_more(complete)
        if data[position] != ord("<"):
            raise CafFileError("Le fichier n'est pas un document XML.", line=_line(data, position))
        start = data[position : position + 4]
        if start.startswith(b"<?") or start == b"<!--":
            closing = b"?>" if start.startswith(b"<?") else b"-->"
            end = data.find(closing, position + 2)
            if end < 0:
                return _need_more(complete)
            position = end + len(closing)
        elif len(start) < 4 and b"<!--".startswith(start):
            return _need_more(complete)  # the bytes end where a comment may begin
        elif start.startswith(b"<!"):
            raise CafFileError(
                "Déclaration DOCTYPE ou d'entité interdite dans un fichier CAF.", line=_line(data, position)
            )
        else:
            return position


def _root_name(prolog: bytes) -> str | None:
    """The root element's name as written (`ns:Racine`), None when the prolog cuts it."""
    position = scan_prolog(prolog, complete=False)
    if position is None:  # the bytes end inside the prolog (a lone "<", a comment begun)
        return None
    start = position + 1
    match = _NAME.match(prolog, start)
    if match is None or match.end() >= len(prolog):
        return None
    return match.group(0).decode("latin-1")


def _need_more(complete: bool) -> None:
    if complete:
        raise CafFileError("Le fichier ne contient aucun élément XML : fichier tronqué ou vide.")
    return None


def _line(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1
