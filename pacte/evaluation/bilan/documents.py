"""Producing the annual review of a pact for a year, in a format; audited."""

import pathlib

from pacte.audit.services import log
from pacte.core.errors import DomainError
from pacte.evaluation.bilan import content, odt, pdf

FORMATS = {
    "pdf": ("application/pdf", pdf.render),
    "odt": ("application/vnd.oasis.opendocument.text", odt.render),
}
FORMAT_LABELS = {"pdf": "PDF", "odt": "ODT (texte modifiable, LibreOffice)"}


def format_of(path):
    """The format named by the extension of `path`, else a French domain error."""
    extension = pathlib.Path(str(path)).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise DomainError(
            f"Extension « .{extension} » inconnue pour le bilan : choisissez un fichier .pdf ou .odt."
            if extension
            else "Donnez au fichier du bilan l'extension .pdf ou .odt.",
            field="format",
        )
    return extension


def filename(pact, year, fmt):
    return f"bilan-{pact.slug}-{year}.{fmt}"


def produce(*, actor, pact, year, fmt, request=None, progress=None, today=None):
    """The bytes of the annual review of `pact` for `year` in `fmt` ("pdf" or "odt")."""
    if fmt not in FORMATS:
        raise DomainError("Format inconnu : choisissez PDF ou ODT.", field="format")
    document = content.build(pact, year, today=today, progress_bar=progress)
    data = FORMATS[fmt][1](document)
    log(
        actor=actor,
        action="pact.bilan",
        obj=pact,
        request=request,
        data={"year": int(year), "format": fmt, "bytes": len(data)},
        departement_code=pact.departement_id,
    )
    return data
