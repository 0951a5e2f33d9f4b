"""Parsing a CAF file in a second process while this one writes to the database.

Parsing and writing take comparable time; on a machine with two cores or more, running them side by
side makes an import last about as long as the longer half instead of their sum. The parser package
is plain Python (no Django), so the child process is a fresh interpreter (`spawn`) that never
touches the database; it also works out the values of the rows (`caf_prepare`), given the NIR key.
Prepared households travel in pickled batches through a bounded queue, so memory stays
flat whatever the file size. A `CafFileError` in the child is raised again here, where the import's
transaction rolls back: a file is still imported whole or not at all.
"""

import multiprocessing
import queue as queue_module

from pacte.beneficiaries.caf.errors import CafFileError
from pacte.beneficiaries.caf.parser import CafParser
from pacte.beneficiaries.caf_prepare import prepare

BATCH = 500
QUEUE_BATCHES = 8
WAIT_SECONDS = 5


def _produce(path, out, known_in, batch_size, nir_key):
    """The child: parse `path` and send ('header'|'batch'|'end'|'error'|'crash', payload); after
    the header, it waits for the hashes of the dossiers already imported."""
    try:
        with open(path, "rb") as raw, CafParser(raw) as parser:
            out.put(("header", parser.header))
            parser.known_hashes = known_in.get()
            batch = []
            for household in parser:
                batch.append(prepare(household, nir_key))
                if len(batch) == batch_size:
                    out.put(("batch", (batch, raw.tell())))
                    batch = []
            out.put(("batch", (batch, raw.tell())))
            out.put(("end", (parser.unknown_codes, parser.unknown_elements)))
    except CafFileError as error:
        out.put(("error", (error.message, error.line)))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which fails the import
        out.put(("crash", f"{error.__class__.__name__}: {error}"))


class PipedParser:
    """The interface `import_caf_file` uses of `CafParser`: `header`, iteration, `unknown_codes`,
    `unknown_elements`, plus `position`, the bytes of the file read so far (for the progress bar)."""

    def __init__(self, path, *, nir_key, batch_size=BATCH):
        context = multiprocessing.get_context("spawn")
        self._queue = context.Queue(maxsize=QUEUE_BATCHES)
        self._known = context.Queue(maxsize=1)
        self._process = context.Process(
            target=_produce, args=(str(path), self._queue, self._known, batch_size, nir_key), daemon=True
        )
        self._process.start()
        self.position = 0
        self.unknown_codes = {}
        self.unknown_elements = {}
        _, self.header = self._receive()

    def _receive(self):
        while True:
            try:
                kind, payload = self._queue.get(timeout=WAIT_SECONDS)
                break
            except queue_module.Empty:
                if not self._process.is_alive():
                    raise CafFileError("La lecture du fichier s'est arrêtée de façon inattendue.") from None
        if kind == "error":
            message, line = payload
            raise CafFileError(message, line=line)
        if kind == "crash":
            raise RuntimeError(f"CAF parser process failed: {payload}")
        return kind, payload

    def set_known(self, hashes):
        """The hashes of the dossiers already imported; to be given once the header is read."""
        self._known.put(frozenset(hashes))

    def batches(self):
        """Lists of prepared households, in file order."""
        while True:
            kind, payload = self._receive()
            if kind == "end":
                self.unknown_codes, self.unknown_elements = payload
                return
            households, self.position = payload
            if households:
                yield households

    def close(self):
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=WAIT_SECONDS)
        self._queue.close()
        self._known.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
